/**
 * Typed HTTP errors with stable machine codes (api.md). Services and routes throw these;
 * the one problem+json middleware (problem.ts) turns them into responses. Nothing else
 * decides a status code for an error.
 */

/** The stable `code` values of problem+json responses; api.md lists them as a contract. */
export type ProblemCode =
  | 'invalid_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'policy_violation'
  | 'internal'
  | 'unavailable'
  | 'proposal_time_out_of_window'
  | 'timeout';

export abstract class HttpError extends Error {
  abstract readonly status: number;
  abstract readonly code: ProblemCode;
  abstract readonly title: string;
  /** Extra response headers (e.g. WWW-Authenticate, Allow). */
  readonly headers: Readonly<Record<string, string>> = {};
}

/** 400: the request is malformed or fails the schema; the detail names the failing field. */
export class InputError extends HttpError {
  override readonly name = 'InputError';
  readonly status = 400;
  readonly code = 'invalid_request';
  readonly title = 'Invalid request';
}

/** 401: no API key, or one that maps to no identity. */
export class AuthenticationError extends HttpError {
  override readonly name = 'AuthenticationError';
  readonly status = 401;
  readonly code = 'unauthenticated';
  readonly title = 'Authentication required';
  override readonly headers = { 'WWW-Authenticate': 'Bearer realm="data-asset-ledger"' };
}

/** 403: the caller's organisation or role may not do this. */
export class NotAllowedError extends HttpError {
  override readonly name = 'NotAllowedError';
  readonly status = 403;
  readonly code = 'forbidden';
  readonly title = 'Forbidden';
}

/** 404: no such resource (or route). */
export class NotFoundError extends HttpError {
  override readonly name = 'NotFoundError';
  readonly status = 404;
  readonly code = 'not_found';
  readonly title = 'Not found';
}

/** 405: the path exists but not with this method. */
export class MethodNotAllowedError extends HttpError {
  override readonly name = 'MethodNotAllowedError';
  readonly status = 405;
  readonly code = 'method_not_allowed';
  readonly title = 'Method not allowed';
  override readonly headers: Readonly<Record<string, string>>;
  constructor(message: string, allowed: readonly string[]) {
    super(message);
    this.headers = { Allow: allowed.join(', ') };
  }
}

/** 409: wrong lifecycle state, duplicate, or a concurrent change that kept conflicting. */
export class ConflictError extends HttpError {
  override readonly name = 'ConflictError';
  readonly status = 409;
  readonly code = 'conflict';
  readonly title = 'Conflict';
}

/** 413: the body is larger than BODY_LIMIT. */
export class PayloadTooLargeError extends HttpError {
  override readonly name = 'PayloadTooLargeError';
  readonly status = 413;
  readonly code = 'payload_too_large';
  readonly title = 'Payload too large';
}

/** 415: a body that is not JSON. */
export class UnsupportedMediaTypeError extends HttpError {
  override readonly name = 'UnsupportedMediaTypeError';
  readonly status = 415;
  readonly code = 'unsupported_media_type';
  readonly title = 'Unsupported media type';
}

/** 422: well-formed, but a business policy forbids it (negative list, grant scope, …). */
export class PolicyViolationError extends HttpError {
  override readonly name = 'PolicyViolationError';
  readonly status = 422;
  readonly code = 'policy_violation';
  readonly title = 'Policy violation';
}

/** 500: a fault on our side. The message is logged, never sent. */
export class InternalError extends HttpError {
  override readonly name = 'InternalError';
  readonly status = 500;
  readonly code = 'internal';
  readonly title = 'Internal error';
}

/** 503: the ledger cannot be reached right now; retrying later may succeed. */
export class UnavailableError extends HttpError {
  override readonly name = 'UnavailableError';
  readonly status = 503;
  readonly code = 'unavailable';
  readonly title = 'Service unavailable';
}

/**
 * 503: the ledger's endorsers refused the time this gateway stamped on the proposal — the
 * gateway's clock and the peers' clocks are further apart than the endorsers' window
 * (chaincode/src/time-window.ts, docs/time.md). Callers cannot set a proposal's time, so this
 * is never their fault; nothing was written, and retrying helps once the clocks agree again.
 */
export class ProposalTimeError extends HttpError {
  override readonly name = 'ProposalTimeError';
  readonly status = 503;
  readonly code = 'proposal_time_out_of_window';
  readonly title = 'Clocks out of step';

  constructor(detail: string) {
    super(`the ledger's endorsers refused the time this gateway stamped on the proposal, so nothing was written; the gateway's and the peers' clocks must agree within the endorsers' window (synchronise them with NTP): ${detail}`);
  }
}

/** 504: the ledger did not confirm in time; the outcome of a write is unknown. */
export class TimeoutError extends HttpError {
  override readonly name = 'TimeoutError';
  readonly status = 504;
  readonly code = 'timeout';
  readonly title = 'Ledger timeout';
}
