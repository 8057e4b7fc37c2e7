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
import { requestFingerprint, type IdempotencyStore } from './idempotency-store';
import { submitWithRetry, type RetryOptions } from './submit-with-retry';
import type { SubmitTransaction, Transient } from './transaction';
import { createWriteLanes, laneOf } from './write-lanes';

export interface WriteRequest {
  /** The declared transaction: its name, endorser planning and lane. */
  readonly transaction: SubmitTransaction;
  readonly args: readonly string[];
  /** Transient data for the endorsers (a confidential value and its salt); never ordered, never stored by the gateway. */
  readonly transient?: Transient;
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
}

export function createLedgerWriter(options: Readonly<LedgerWriterOptions>): LedgerWriter {
  const { ledger, idempotency, planner, retry } = options;

  const lanes = createWriteLanes();

  const submit = (caller: CallerIdentity, request: WriteRequest, nonce?: (attempt: number) => Uint8Array): Promise<Reply> =>
    lanes.run(laneOf(caller.mspId, request.transaction), () => submitNow(caller, request, nonce));

  const submitNow = async (caller: CallerIdentity, request: WriteRequest, nonce?: (attempt: number) => Uint8Array): Promise<Reply> => {
    const identity = { mspId: caller.mspId, enrollmentId: caller.enrollmentId };
    // fabric-network 2.2 plans for the chaincode-level policy only: name whom the record's own policy needs
    const endorsingOrganizations = ledger.plansKeyLevelEndorsement ? undefined : () => planner.plan(identity, request.transaction, request.args, request.transient);
    const options = request.transient ? { options: { transient: request.transient } } : {};
    const committed = await submitWithRetry(ledger, identity, { fn: request.transaction.name, args: request.args, ...options }, {
      ...retry,
      ...(nonce ? { nonce } : {}),
      ...(endorsingOrganizations ? { endorsingOrganizations } : {}),
    });
    return { status: request.status, body: { ...recordOf(committed.payload), txId: committed.txId, blockNumber: committed.blockNumber } };
  };

  return {
    async write(caller, request) {
      if (request.idempotencyKey === undefined) return submit(caller, request);
      const { method, path, body } = request.request;
      const scope = `${caller.mspId}/${caller.enrollmentId}`;
      const key = request.idempotencyKey;
      const fingerprint = requestFingerprint(method, path, body);
      const { reply, replayed } = await idempotency.run(
        scope,
        key,
        fingerprint,
        async () => {
          // deterministic txIds: a repeat after a crash between commit and record finds its transaction
          const r = await submit(caller, request, (attempt) => idempotency.nonce(scope, key, fingerprint, attempt));
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
