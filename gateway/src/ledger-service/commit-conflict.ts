/**
 * Which commit failures mean "a concurrent transaction changed what this one read". Those
 * are worth re-endorsing (submit-with-retry.ts) and, when retries run out, are the caller's
 * 409; every other validation code is a fault on our side.
 */
import { CommitError } from '../ledger/errors';

const CONFLICT_VALIDATION_CODES: ReadonlySet<string> = new Set(['MVCC_READ_CONFLICT', 'PHANTOM_READ_CONFLICT']);

/** True for a CommitError with MVCC_READ_CONFLICT or PHANTOM_READ_CONFLICT. */
export function isCommitConflict(err: unknown): err is CommitError {
  return err instanceof CommitError && CONFLICT_VALIDATION_CODES.has(err.validationCode);
}
