/**
 * Errors every Ledger backend throws, so that the gateway maps them to HTTP in one place
 * whichever backend is behind it.
 */

/** The chaincode refused the proposal; `message` is the chaincode's message (starts with a stable code such as `CONFLICT:`). */
export class EndorsementError extends Error {
  override readonly name = 'EndorsementError';
  constructor(message: string, readonly status = 500) {
    super(message);
  }
}

/** The transaction was ordered but invalidated at commit (e.g. MVCC_READ_CONFLICT). */
export class CommitError extends Error {
  override readonly name = 'CommitError';
  constructor(readonly txId: string, readonly validationCode: string, readonly blockNumber?: number) {
    super(`transaction ${txId} was invalidated at commit: ${validationCode}`);
  }
}

/** Endorsers disagreed: non-deterministic chaincode, or peers with diverging state. */
export class EndorsementMismatchError extends Error {
  override readonly name = 'EndorsementMismatchError';
}

/** No identity with that MSP id and enrolment id in the backend's wallet. */
export class UnknownIdentityError extends Error {
  override readonly name = 'UnknownIdentityError';
}

/** The ledger cannot be reached or is not ready yet (Fabric: no Raft leader, discovery not converged). */
export class LedgerUnavailableError extends Error {
  override readonly name = 'LedgerUnavailableError';
}

/** The ledger's disk refused a write (full, read-only) and the ledger stopped taking writes; the outcome of the write in flight is unknown. */
export class LedgerStorageError extends Error {
  override readonly name = 'LedgerStorageError';
}

/** The transaction was not committed within the wait. Its outcome is unknown. */
export class LedgerTimeoutError extends Error {
  override readonly name = 'LedgerTimeoutError';
}

/** A block or transaction asked for does not exist. */
export class LedgerNotFoundError extends Error {
  override readonly name = 'LedgerNotFoundError';
}

/** The ledger already has a transaction with this id: a repeated proposal (deterministic nonce). */
export class DuplicateTransactionError extends Error {
  override readonly name = 'DuplicateTransactionError';
  constructor(readonly txId: string) {
    super(`transaction ${txId} is already on the ledger`);
  }
}
