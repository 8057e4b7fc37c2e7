/**
 * Errors that cross the chaincode boundary.
 *
 * Fabric carries only a message string from a failed transaction back to the client
 * (`shim.error(message)`), so the machine-readable code travels as the message prefix
 * `CODE: detail`. The gateway parses that prefix in exactly one place and maps it to HTTP.
 */
export const ERROR_CODES = ['INVALID_REQUEST', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'POLICY_VIOLATION', 'PROPOSAL_TIME_OUT_OF_WINDOW'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** HTTP status each code maps to; kept here so the gateway and the README agree with the chaincode. */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = Object.freeze({
  INVALID_REQUEST: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  POLICY_VIOLATION: 422,
  // The endorser refused the proposal's timestamp (time-window.ts). The gateway stamps proposals
  // with its own clock, so for its callers this is the servers' clocks disagreeing, not their fault.
  PROPOSAL_TIME_OUT_OF_WINDOW: 503,
});

export class ChaincodeError extends Error {
  readonly code: ErrorCode;
  readonly detail: string;

  constructor(code: ErrorCode, detail: string) {
    super(`${code}: ${detail}`);
    this.name = 'ChaincodeError';
    this.code = code;
    this.detail = detail;
  }
}

export function invalid(detail: string): ChaincodeError {
  return new ChaincodeError('INVALID_REQUEST', detail);
}

export function notFound(detail: string): ChaincodeError {
  return new ChaincodeError('NOT_FOUND', detail);
}

export function conflict(detail: string): ChaincodeError {
  return new ChaincodeError('CONFLICT', detail);
}
