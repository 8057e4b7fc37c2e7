/** Errors the embedded network reports to its clients. */

/** The chaincode answered the proposal with an error status (>= 400). */
export class ChaincodeResponseError extends Error {
  override readonly name = 'ChaincodeResponseError';
  constructor(message: string, readonly status: number, readonly mspId: string) {
    super(message);
  }
}

/** Endorsers produced different results (non-deterministic chaincode). */
export class EndorsementsMismatchError extends Error {
  override readonly name = 'EndorsementsMismatchError';
}

/** The transaction was committed in a block but marked invalid. */
export class TransactionInvalidError extends Error {
  override readonly name = 'TransactionInvalidError';
  constructor(readonly txId: string, readonly validationCode: string, readonly blockNumber: number) {
    super(`transaction ${txId} failed to commit with status code ${validationCode} in block ${blockNumber}`);
  }
}

/** No endorsement plan can satisfy the policies with the organisations available. */
export class NoEndorsementPlanError extends Error {
  override readonly name = 'NoEndorsementPlanError';
}

export class NetworkClosedError extends Error {
  override readonly name = 'NetworkClosedError';
}
