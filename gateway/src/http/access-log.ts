/**
 * One line per answered request: method, path, status, time, and who asked — the caller's
 * enrolment id and MSP id and the id of the API key used. Never the key: the id is the
 * public half of `dal_<keyId>_<secret>` (auth/api-key-store.ts), and the secret is not logged.
 */
import type { Request, RequestHandler, Response } from 'express';
import { apiKeyId } from '../auth/api-key-store';
import type { CallerIdentity } from '../auth/identity';
import type { Logger } from '../logger';

const callers = new WeakMap<Response, CallerIdentity>();

/** Remembers who an authenticated request was resolved to, for its access-log line. */
export function recordCaller(res: Response, caller: CallerIdentity): void {
  callers.set(res, caller);
}

/** Express middleware logging each request once its answer is sent (or the connection closed). */
export function accessLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('close', () => {
      const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
      const caller = callers.get(res);
      const bearer = bearerOf(req);
      const keyId = bearer === undefined ? undefined : apiKeyId(bearer);
      const user = caller ? `${caller.enrollmentId}@${caller.mspId}` : '-';
      log.info(`access ${req.method} ${req.path} ${res.statusCode} ${ms}ms user=${user} key=${keyId ?? (bearer === undefined ? '-' : 'malformed')}`);
    });
    next();
  };
}

function bearerOf(req: Request): string | undefined {
  return /^Bearer +(\S+) *$/i.exec(req.get('authorization') ?? '')?.[1];
}

/** The id of the API key a request carries (never the key), or undefined when it carries none or a malformed one. */
export function apiKeyIdOf(req: Request): string | undefined {
  const bearer = bearerOf(req);
  return bearer === undefined ? undefined : apiKeyId(bearer);
}
