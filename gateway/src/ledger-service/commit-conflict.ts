/**
 * Which commit failures mean "a concurrent transaction changed what this one relied on".
 * Those are worth re-endorsing (submit-with-retry.ts) and, when retries run out, are the
 * caller's 409; every other validation code is a fault on our side.
 *
 * ENDORSEMENT_POLICY_FAILURE belongs here because of state-based endorsement: when an earlier
 * transaction of the same block (or one committed after our endorsement) set the validation
 * parameter of a key we write — two approvals allocating the same certificate serial, say —
 * Fabric invalidates ours with that code. A fresh endorsement plans against the key's new
 * policy and re-runs the chaincode on the new state; a policy that no peer set can satisfy
 * fails at planning, before ordering, so retrying cannot loop on a real authorization gap.
 */
import { CommitError } from '../ledger/errors';

const CONFLICT_VALIDATION_CODES: ReadonlySet<string> = new Set(['MVCC_READ_CONFLICT', 'PHANTOM_READ_CONFLICT', 'ENDORSEMENT_POLICY_FAILURE']);

/** True for a CommitError with MVCC_READ_CONFLICT, PHANTOM_READ_CONFLICT or ENDORSEMENT_POLICY_FAILURE. */
export function isCommitConflict(err: unknown): err is CommitError {
  return err instanceof CommitError && CONFLICT_VALIDATION_CODES.has(err.validationCode);
}
