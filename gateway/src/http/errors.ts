/**
 * Typed HTTP errors with stable machine codes (api.md). Services and routes throw these;
 * the one problem+json middleware (problem.ts) turns them into responses. Nothing else
 * decides a status code for an error. A class names its code; the status and title come from
 * the one table of problem codes (problem-codes.ts).
 */
import { PROBLEM_CODES, type ProblemCode } from './problem-codes';

export type { ProblemCode } from './problem-codes';

export abstract class HttpError extends Error {
  abstract readonly code: ProblemCode;
  get status(): number {
    return PROBLEM_CODES[this.code].status;
  }
  get title(): string {
    return PROBLEM_CODES[this.code].title;
  }
  /** Extra response headers (e.g. WWW-Authenticate, Allow). */
  readonly headers: Readonly<Record<string, string>> = {};
}

/** One problem of a request that has several: where (`pointer` into the body, or the query or path `parameter`) and what. */
export interface InputProblem {
  readonly detail: string;
  readonly pointer?: string;
  readonly parameter?: string;
}

/**
 * 400: the request is malformed or fails the schema; the detail names the (first) failing field,
 * and `errors`, when given, lists every problem found (the first is the detail).
 */
export class InputError extends HttpError {
  override readonly name = 'InputError';
  readonly code = 'invalid_request';
  constructor(
    message: string,
    readonly errors?: readonly InputProblem[],
  ) {
    super(message);
  }
}

/** 401: no API key, or one that maps to no identity. */
export class AuthenticationError extends HttpError {
  override readonly name = 'AuthenticationError';
  readonly code = 'unauthenticated';
  override readonly headers = { 'WWW-Authenticate': 'Bearer realm="data-asset-ledger"' };
}

/** 403: the caller's organisation or role may not do this. */
export class NotAllowedError extends HttpError {
  override readonly name = 'NotAllowedError';
  readonly code = 'forbidden';
}

/** 404: no such resource (or route). */
export class NotFoundError extends HttpError {
  override readonly name = 'NotFoundError';
  readonly code = 'not_found';
}

/** 405: the path exists but not with this method. */
export class MethodNotAllowedError extends HttpError {
  override readonly name = 'MethodNotAllowedError';
  readonly code = 'method_not_allowed';
  override readonly headers: Readonly<Record<string, string>>;
  constructor(message: string, allowed: readonly string[]) {
    super(message);
    this.headers = { Allow: allowed.join(', ') };
  }
}

/** 409: wrong lifecycle state, duplicate, or a concurrent change that kept conflicting. */
export class ConflictError extends HttpError {
  override readonly name = 'ConflictError';
  readonly code = 'conflict';
}

/** 413: the body is larger than BODY_LIMIT. */
export class PayloadTooLargeError extends HttpError {
  override readonly name = 'PayloadTooLargeError';
  readonly code = 'payload_too_large';
}

/** 415: a body that is not JSON. */
export class UnsupportedMediaTypeError extends HttpError {
  override readonly name = 'UnsupportedMediaTypeError';
  readonly code = 'unsupported_media_type';
}

/** 422: well-formed, but a business policy forbids it (negative list, grant scope, …). */
export class PolicyViolationError extends HttpError {
  override readonly name = 'PolicyViolationError';
  readonly code = 'policy_violation';
}

/** 500: a fault on our side. The message is logged, never sent. */
export class InternalError extends HttpError {
  override readonly name = 'InternalError';
  readonly code = 'internal';
}

/** 503: the ledger cannot be reached right now; retrying later may succeed. */
export class UnavailableError extends HttpError {
  override readonly name = 'UnavailableError';
  readonly code = 'unavailable';
}

/**
 * 503: the gateway's data directory cannot store a write (full, or read-only). The detail says
 * whether nothing was written (refused before proposing) or the outcome is in doubt (the disk
 * failed during the write: retry with the same Idempotency-Key).
 */
export class StorageUnavailableError extends HttpError {
  override readonly name = 'StorageUnavailableError';
  readonly code = 'storage_unavailable';
  override readonly headers = { 'Retry-After': '30' };
}

/**
 * 503: the ledger's endorsers refused the time this gateway stamped on the proposal — the
 * gateway's clock and the peers' clocks are further apart than the endorsers' window
 * (chaincode/src/time-window.ts, docs/time.md). Callers cannot set a proposal's time, so this
 * is never their fault; nothing was written, and retrying helps once the clocks agree again.
 */
export class ProposalTimeError extends HttpError {
  override readonly name = 'ProposalTimeError';
  readonly code = 'proposal_time_out_of_window';

  constructor(detail: string) {
    super(`the ledger's endorsers refused the time this gateway stamped on the proposal, so nothing was written; the gateway's and the peers' clocks must agree within the endorsers' window (synchronise them with NTP): ${detail}`);
  }
}

/** 504: the ledger did not confirm in time; the outcome of a write is unknown. */
export class TimeoutError extends HttpError {
  override readonly name = 'TimeoutError';
  readonly code = 'timeout';
}

/**
 * 504: a read asked for a block (`X-Min-Block`) this gateway's peer did not commit within the
 * configured wait; nothing was read.
 */
export class LedgerBehindError extends HttpError {
  override readonly name = 'LedgerBehindError';
  readonly code = 'ledger_behind';
}

/** 408: the request body did not arrive within DAL_REQUEST_TIMEOUT_MS; nothing was done. */
export class RequestTimeoutError extends HttpError {
  override readonly name = 'RequestTimeoutError';
  readonly code = 'request_timeout';
  override readonly headers = { Connection: 'close' };
}

/** 429: the API key's rate limit is spent; `Retry-After` says in how many seconds one request may be sent again. */
export class RateLimitedError extends HttpError {
  override readonly name = 'RateLimitedError';
  readonly code = 'rate_limited';
  override readonly headers: Readonly<Record<string, string>>;
  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.headers = { 'Retry-After': String(retryAfterSeconds) };
  }
}
