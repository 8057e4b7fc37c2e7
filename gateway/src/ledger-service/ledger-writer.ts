/**
 * Every write route ends here: submit (with bounded retry on commit conflicts, naming the
 * endorsing organisations where the backend does not plan key-level endorsement, one at a time
 * for writes that would only conflict with each other — write-lanes.ts), wait for the
 * commit, and answer the chaincode's record with `txId` and `blockNumber` added (api.md),
 * once per Idempotency-Key.
 */
import type { CallerIdentity } from '../auth/identity';
import type { Ledger } from '../ledger/ledger';
import type { Reply } from '../routes/route';
import type { EndorsementPlanner } from './endorsement-plan';
import type { IdempotencyStore } from './idempotency-store';
import type { StorageGuard } from '../storage/storage-guard';
import { submitWithRetry, type RetryOptions } from './submit-with-retry';
import { confidentialSubmission, type ConfidentialValue } from './confidential';
import type { SubmitTransaction } from './transaction';
import { createWriteLanes, laneOf } from './write-lanes';

export interface WriteRequest {
  /** The declared transaction: its name, endorser planning and lane. */
  readonly transaction: SubmitTransaction;
  readonly args: readonly string[];
  /**
   * A confidential value for the endorsers (ledger-service/confidential.ts): sent as transient
   * data with a salt — the caller's, else one the writer draws — never ordered, and answered
   * with `salt` in the reply (kept with the reply for an idempotent repeat).
   */
  readonly confidential?: ConfidentialValue;
  /** 201 for a create, 200 otherwise. */
  readonly status: 200 | 201;
  /** From the route context; absent when the client sent none. */
  readonly idempotencyKey?: string;
  /** The HTTP request being answered, to tell a repeat from a different request under the same key. */
  readonly request: { readonly method: string; readonly path: string; readonly body: unknown };
}

export interface LedgerWriter {
  /** Submits as `caller` and answers `{...record, txId, blockNumber}` after the commit is final. */
  write(caller: CallerIdentity, request: WriteRequest): Promise<Reply>;
}

export interface LedgerWriterOptions {
  readonly ledger: Ledger;
  readonly idempotency: IdempotencyStore;
  /** Names the endorsing organisations when the ledger does not plan key-level endorsement itself. */
  readonly planner: EndorsementPlanner;
  readonly retry?: RetryOptions;
  /** Refuses a write (503) before anything is proposed when the data directory could not store it. */
  readonly storage?: StorageGuard;
}

/** For a request with an Idempotency-Key: its proposal nonces and confidential salt are functions of the request. */
interface Repeatable {
  readonly nonce: (attempt: number) => Uint8Array;
  readonly salt: () => Uint8Array;
}

export function createLedgerWriter(options: Readonly<LedgerWriterOptions>): LedgerWriter {
  const { ledger, idempotency, planner, retry, storage } = options;

  const lanes = createWriteLanes();

  const submit = async (caller: CallerIdentity, request: WriteRequest, repeatable?: Repeatable): Promise<Reply> => {
    await storage?.ensureWritable();
    return lanes.run(laneOf(caller.mspId, request.transaction), () => submitNow(caller, request, repeatable));
  };

  const submitNow = async (caller: CallerIdentity, request: WriteRequest, repeatable?: Repeatable): Promise<Reply> => {
    const identity = { mspId: caller.mspId, enrollmentId: caller.enrollmentId };
    const secret = request.confidential ? confidentialSubmission(request.confidential, repeatable?.salt) : undefined;
    const transient = secret?.transient;
    // fabric-network 2.2 plans for the chaincode-level policy only: name whom the record's own policy needs
    const endorsingOrganizations = ledger.plansKeyLevelEndorsement ? undefined : () => planner.plan(identity, request.transaction, request.args, transient);
    const options = transient ? { options: { transient } } : {};
    const committed = await submitWithRetry(ledger, identity, { fn: request.transaction.name, args: request.args, ...options }, {
      ...retry,
      ...(repeatable ? { nonce: repeatable.nonce } : {}),
      ...(endorsingOrganizations ? { endorsingOrganizations } : {}),
    });
    const salt = secret ? { salt: secret.salt } : {};
    return { status: request.status, body: { ...recordOf(committed.payload), ...salt, txId: committed.txId, blockNumber: committed.blockNumber } };
  };

  return {
    async write(caller, request) {
      if (request.idempotencyKey === undefined) return submit(caller, request);
      const { method, path, body } = request.request;
      const scope = `${caller.mspId}/${caller.enrollmentId}`;
      const key = request.idempotencyKey;
      const fingerprint = idempotency.fingerprint(method, path, body);
      const { reply, replayed } = await idempotency.run(
        scope,
        key,
        fingerprint,
        async () => {
          // deterministic txIds: a repeat after a crash between commit and record finds its transaction
          const r = await submit(caller, request, {
            nonce: (attempt) => idempotency.nonce(scope, key, fingerprint, attempt),
            salt: () => idempotency.salt(scope, key, fingerprint),
          });
          return { status: r.status ?? 200, body: r.body };
        },
      );
      return { ...reply, headers: { 'Idempotent-Replayed': String(replayed) } };
    },
  };
}

/**
 * The chaincode returns the record as JSON. Anything else (a bare value, a plain string as
 * fabric-contract-api sends a `string` return) is wrapped as `result` so txId can sit beside
 * it: the transaction is committed, and answering it with a 500 would invite a repeat.
 */
function recordOf(payload: Uint8Array): Record<string, unknown> {
  const text = Buffer.from(payload).toString('utf8');
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { result: text };
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { result: value };
}
