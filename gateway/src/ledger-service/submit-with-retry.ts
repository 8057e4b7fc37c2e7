/**
 * Submits a transaction and, when it is invalidated at commit because a concurrent
 * transaction changed what it read (MVCC_READ_CONFLICT, PHANTOM_READ_CONFLICT), endorses
 * and submits it again, a bounded number of times. A re-endorsement reads the new state,
 * so the chaincode re-checks its rules against it: retrying is safe, unlike replaying the
 * old envelope.
 *
 * Endorsements that disagree are retried too: under concurrent writes one endorsing peer may
 * have committed a block the other has not yet (on Fabric as in the embedded network), and
 * a moment later they agree. Real non-determinism disagrees every time and, after the last
 * attempt, surfaces as the EndorsementMismatchError it is.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { CommittedTransaction, Ledger, LedgerIdentity, SubmitOptions } from '../ledger/ledger';
import { CommitError, DuplicateTransactionError, EndorsementMismatchError } from '../ledger/errors';
import { ConflictError } from '../http/errors';
import { isCommitConflict } from './commit-conflict';

export interface RetryOptions {
  /** Total attempts including the first (default 5). */
  readonly attempts?: number;
  /** Base of the exponential backoff between attempts, in ms (default 10). */
  readonly backoffMs?: number;
  /**
   * The proposal nonce of each attempt (1-based), where the backend honours nonces. A repeat
   * of the whole request then proposes the same txIds: an attempt already on the ledger is
   * answered from the ledger (if it committed VALID) instead of being written again.
   */
  readonly nonce?: (attempt: number) => Uint8Array;
  /**
   * The organisations that must endorse, asked before every attempt (endorsement-plan.ts), for
   * a backend that does not plan key-level endorsement itself. Asked again on a retry: a write
   * invalidated ENDORSEMENT_POLICY_FAILURE because a concurrent transaction re-targeted the
   * record's policy is then planned against the new one. Undefined: no plan, the backend's own.
   */
  readonly endorsingOrganizations?: () => Promise<readonly string[] | undefined>;
}

export interface TransactionRequest {
  /** `Contract:Function`. */
  readonly fn: string;
  readonly args: readonly string[];
  readonly options?: SubmitOptions;
}

/** Submits `tx` as `identity`; after the last conflicting attempt throws ConflictError (409). */
export async function submitWithRetry(
  ledger: Ledger,
  identity: LedgerIdentity,
  tx: TransactionRequest,
  retry: RetryOptions = {},
): Promise<CommittedTransaction> {
  const attempts = Math.max(1, retry.attempts ?? 5);
  const backoffMs = retry.backoffMs ?? 10;
  let lastCode = '';
  const nonces = retry.nonce;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const planned = await retry.endorsingOrganizations?.();
      const options = {
        ...tx.options,
        ...(nonces ? { nonce: nonces(attempt) } : {}),
        ...(planned ? { endorsingOrganizations: [...new Set([...(tx.options?.endorsingOrganizations ?? []), ...planned])] } : {}),
      };
      const committed = await ledger.submit(identity, tx.fn, tx.args, options);
      if (!nonces) return committed;
      // With a repeatable txId, a copy endorsed while the first was being ordered resolves on the
      // first copy's commit event, yet carries its own endorsement's payload (its own proposal
      // time): answer what the ledger committed under this txId.
      const onLedger = await ledger.getTransactionResult(committed.txId);
      return { txId: onLedger.txId, blockNumber: onLedger.blockNumber, payload: onLedger.payload };
    } catch (err) {
      const duplicateOf = duplicateTxId(err);
      if (duplicateOf !== undefined) {
        // This attempt's txId is on the ledger already: the gateway died before answering
        // (refused at endorsement), or the first copy was still being ordered when this one was
        // endorsed (the copy is invalidated DUPLICATE_TXID). Either way the first copy's outcome counts.
        const earlier = await ledger.getTransactionResult(duplicateOf);
        if (earlier.validationCode === 'VALID') return { txId: earlier.txId, blockNumber: earlier.blockNumber, payload: earlier.payload };
        lastCode = earlier.validationCode;
        continue;
      }
      if (err instanceof EndorsementMismatchError && attempt < attempts) continue;
      if (!isCommitConflict(err)) throw err;
      lastCode = err.validationCode;
    }
    if (attempt < attempts) {
      // Full jitter: competing writers that collided once should not collide again in lockstep.
      await sleep(Math.random() * backoffMs * 2 ** (attempt - 1));
    }
  }
  throw new ConflictError(
    `the transaction kept conflicting with concurrent changes (${lastCode}, ${attempts} attempts); retry the request`,
  );
}

/** The txId a repeated proposal collided with, from either the endorser's or the committer's refusal. */
function duplicateTxId(err: unknown): string | undefined {
  if (err instanceof DuplicateTransactionError) return err.txId;
  if (err instanceof CommitError && err.validationCode === 'DUPLICATE_TXID') return err.txId;
  return undefined;
}
