/**
 * fabric-network 2.2 errors → the Ledger error classes, in one place. fabric-network marks
 * what happened with properties, not classes, for endorsement: submit() throws a plain
 * Error carrying the peers' `responses` (and `errors` for peers it could not reach);
 * evaluate() throws an Error with the peer's `status` and `isEndorsed: false`.
 */
import { TimeoutError } from 'fabric-network';
// fabric-network 2.2 declares TransactionError in its typings but does not export it at run time.
import { TransactionError } from 'fabric-network/lib/errors/transactionerror';
import { CommitError, DuplicateTransactionError, EndorsementError, EndorsementMismatchError, LedgerTimeoutError, LedgerUnavailableError, UnknownIdentityError } from '../errors';

interface PeerResponse {
  readonly endorsement?: unknown;
  readonly response?: { readonly status?: number; readonly message?: string };
}

/**
 * A peer that failed the gRPC call itself (`code`, `details` from grpc-js). With discovery,
 * fabric-common's DiscoveryHandler gathers them as `endorsements` of one
 * `Error('Endorsement has failed')` in the failure's `errors`; with explicit targets they are
 * the `errors` themselves.
 */
interface GrpcFailure extends Error {
  readonly details?: string;
  readonly endorsements?: readonly unknown[];
}

interface FabricNetworkFailure extends Error {
  readonly responses?: readonly PeerResponse[];
  readonly errors?: readonly GrpcFailure[];
  readonly status?: number;
  readonly isEndorsed?: boolean;
  readonly transactionId?: string;
}

const LEDGER_ERRORS = [CommitError, DuplicateTransactionError, EndorsementError, EndorsementMismatchError, LedgerTimeoutError, LedgerUnavailableError, UnknownIdentityError];

/**
 * fabric-common's DiscoveryHandler, when the peers of a layout answered differently (one has
 * committed a block the other has not yet, or one refused what the other endorsed): one
 * `Error('Peer endorsements do not match')` in the failure's `errors`.
 */
const ENDORSEMENTS_DIFFER = 'Peer endorsements do not match';

/**
 * The peer's answer to a proposal whose transaction id is already on the ledger (core/endorser,
 * preProcess): `duplicate transaction found [<txid>]. Creator [<hex>]`. Fabric 2.5 returns it as
 * a gRPC error (status UNKNOWN, the text as its details), older peers as a status-500 response.
 * Matched whole and only for the proposal's own txId: a chaincode refusal can quote caller input
 * (a purpose, a reason), and must never pass for a duplicate of a transaction the caller names.
 */
const DUPLICATE_TX = /^duplicate transaction found \[([0-9a-f]{64})\]\. Creator \[[0-9a-f]*\]$/;

function isDuplicateOf(message: string | undefined, txId: string | undefined): boolean {
  const duplicate = DUPLICATE_TX.exec(message ?? '');
  return txId !== undefined && duplicate?.[1] === txId;
}

/** The gRPC failures of the peers, wherever fabric-network 2.2 put them. */
function grpcFailures(failure: FabricNetworkFailure): GrpcFailure[] {
  const out: GrpcFailure[] = [];
  for (const err of failure.errors ?? []) {
    out.push(err);
    for (const inner of err?.endorsements ?? []) if (inner instanceof Error) out.push(inner as GrpcFailure);
  }
  return out;
}

export function translateFabricError(err: unknown, txId?: string, blockNumber?: number): Error {
  if (LEDGER_ERRORS.some((cls) => err instanceof cls)) return err as Error;
  if (err instanceof TransactionError) {
    return new CommitError(err.transactionId ?? txId ?? '', err.transactionCode ?? 'UNKNOWN', blockNumber);
  }
  if (err instanceof TimeoutError) {
    return new LedgerTimeoutError(`transaction ${err.transactionId ?? txId ?? ''} was not committed in time; its outcome is unknown: ${err.message}`);
  }
  if (!(err instanceof Error)) return new LedgerUnavailableError(String(err));
  const failure = err as FabricNetworkFailure;
  // A Fabric 2.5 peer refuses a txId already on its ledger at the gRPC level, before any chaincode runs.
  if (txId !== undefined && grpcFailures(failure).some((g) => isDuplicateOf(g.details, txId))) return new DuplicateTransactionError(txId);
  // A peer answered with the chaincode's error (status >= 400): the chaincode refused the proposal.
  const refused = failure.responses?.find((r) => !r.endorsement && (r.response?.status ?? 0) >= 400);
  if (refused?.response) {
    if (isDuplicateOf(refused.response.message, txId)) return new DuplicateTransactionError(txId!);
    return new EndorsementError(refused.response.message ?? '', refused.response.status);
  }
  if (failure.isEndorsed === false && typeof failure.status === 'number' && failure.status >= 400) {
    return new EndorsementError(failure.message, failure.status);
  }
  // the writer retries it (submit-with-retry.ts): a lagging peer agrees a moment later
  if ((failure.errors ?? []).some((e) => e.message === ENDORSEMENTS_DIFFER)) return new EndorsementMismatchError(failure.message);
  return new LedgerUnavailableError(failure.message);
}
