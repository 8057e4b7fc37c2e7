/**
 * The one error middleware: every error thrown anywhere in the app ends here and leaves as
 * `application/problem+json` (RFC 9457) `{type, title, status, detail, code}`. This file
 * is the only place that turns a non-HTTP error (ledger, body parser, router) into a status.
 */
import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import {
  EndorsementError,
  EndorsementMismatchError,
  LedgerNotFoundError,
  LedgerStorageError,
  LedgerTimeoutError,
  LedgerUnavailableError,
  UnknownIdentityError,
} from '../ledger/errors';
import { isCommitConflict } from '../ledger-service/commit-conflict';
import { fromChaincodeMessage } from './chaincode-error';
import {
  AuthenticationError,
  ConflictError,
  HttpError,
  InputError,
  InternalError,
  NotFoundError,
  PayloadTooLargeError,
  TimeoutError,
  StorageUnavailableError,
  UnavailableError,
  UnsupportedMediaTypeError,
  type InputProblem,
} from './errors';
import { isStorageFault } from '../storage/storage-fault';
import type { Logger } from '../logger';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The body of every error response. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  /** Every problem of a request that has several (400 only); the first is `detail`. */
  readonly errors?: readonly InputProblem[];
}

/** Problem types are URNs: stable identifiers that need not resolve (RFC 9457 §3.1.1). */
export function problemType(code: string): string {
  return `urn:dal:problem:${code}`;
}

/** Translates any thrown value into the HttpError it is answered with. */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof EndorsementError) {
    return fromChaincodeMessage(err.message) ?? new InternalError(`chaincode error without a known code: ${err.message}`);
  }
  if (isCommitConflict(err)) {
    return new ConflictError(`the transaction conflicted with a concurrent change (${err.validationCode}); retry the request`);
  }
  if (err instanceof LedgerNotFoundError) return new NotFoundError(err.message);
  if (err instanceof LedgerStorageError || isStorageFault(err)) {
    return new StorageUnavailableError(
      `the gateway's disk refused a write during this request (${storageCause(err)}); it may or may not have been committed: once space is freed (or the filesystem is writable), restart the gateway and retry with the same Idempotency-Key`,
    );
  }
  if (err instanceof LedgerUnavailableError) return new UnavailableError('the ledger is not available right now; retry later');
  if (err instanceof LedgerTimeoutError) {
    return new TimeoutError('the ledger did not confirm the transaction in time; its outcome is unknown, check before retrying');
  }
  if (err instanceof UnknownIdentityError) {
    return new AuthenticationError('the identity this API key maps to is not enrolled on the ledger');
  }
  if (err instanceof EndorsementMismatchError) return new InternalError(`endorsement mismatch: ${err.message}`);
  return fromBodyParserOrRouter(err) ?? new InternalError(err instanceof Error ? err.stack ?? err.message : String(err));
}

/** The filesystem's words for a storage fault, without paths. */
function storageCause(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return /read-only file system|EROFS/i.test(text) ? 'read-only file system' : /quota/i.test(text) ? 'disk quota exceeded' : 'no space left on device';
}

/**
 * body-parser and the router signal client faults with `status` and a `type` (body-parser's
 * documented error types); anything else 4xx they raise is still the client's fault.
 */
function fromBodyParserOrRouter(err: unknown): HttpError | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { status, type } = err as { status?: unknown; type?: unknown };
  switch (type) {
    case 'entity.parse.failed':
      // strict parsing also refuses valid JSON whose top level is not an object or array (`null`, `"x"`, `3`)
      return new InputError('the request body must be a JSON object (it is not valid JSON, or its top level is not an object)');
    case 'entity.too.large':
      return new PayloadTooLargeError(tooLarge(err));
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new UnsupportedMediaTypeError('the request body must be UTF-8 JSON');
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 413) return new PayloadTooLargeError(tooLarge(err));
    if (status === 415) return new UnsupportedMediaTypeError('the request body must be UTF-8 JSON');
    return new InputError('the request could not be read');
  }
  return undefined;
}

/** A 413 says the limit (body-parser's `limit`, from BODY_LIMIT) and, when known, the body's size. */
function tooLarge(err: object): string {
  const { limit, length } = err as { limit?: unknown; length?: unknown };
  if (typeof limit !== 'number') return 'the request body is larger than the gateway accepts (BODY_LIMIT)';
  const size = typeof length === 'number' && length > limit ? ` (this one is ${String(length)} bytes)` : '';
  return `the request body is larger than the gateway accepts: at most ${String(limit)} bytes (BODY_LIMIT)${size}`;
}

/** Writes a problem+json response; used by the middleware and nowhere else. */
function sendProblem(res: Response, error: HttpError, detail: string): void {
  const errors = error instanceof InputError && error.errors !== undefined && error.errors.length > 0 ? { errors: error.errors } : {};
  const problem: Problem = { type: problemType(error.code), title: error.title, status: error.status, detail, code: error.code, ...errors };
  res.status(error.status).set(error.headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

/** The error middleware. Internal details are logged with a reference, never sent. */
export function problemHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const error = toHttpError(err);
    if (error instanceof InternalError) {
      const reference = randomUUID();
      log.error(`${req.method} ${req.path} -> 500 [${reference}] ${error.message}`);
      sendProblem(res, error, `the gateway failed to handle the request; reference ${reference}`);
      return;
    }
    if (error.status >= 500) log.warn(`${req.method} ${req.path} -> ${error.status} ${error.message}`);
    else log.debug(`${req.method} ${req.path} -> ${error.status} ${error.code}: ${error.message}`);
    sendProblem(res, error, error.message);
  };
}

/** The last handler: any route nobody answered is a problem+json 404. */
export const notFoundHandler: RequestHandler = (req) => {
  throw new NotFoundError(`no route ${req.method} ${req.path}`);
};
