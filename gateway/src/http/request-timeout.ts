/**
 * Bounds how long a request may take to send its body: a client that opens a request and then
 * trickles (or withholds) the body would otherwise hold a connection and a parser for as long
 * as it likes. When the limit passes with the body still arriving, the request is answered
 * 408 through the one problem middleware, and its connection is closed once the answer is out.
 * Nothing was read, so nothing was written.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { RequestTimeoutError } from './errors';

/** `answer` is the app's problem middleware (problem.ts), so the 408 is problem+json like every refusal. */
export function requestTimeout(timeoutMs: number, answer: ErrorRequestHandler): RequestHandler {
  return (req, res, next) => {
    // A request without a body (or whose body has already arrived) has nothing left to wait for.
    if (req.complete) {
      next();
      return;
    }
    const timer = setTimeout(() => {
      if (req.complete || res.headersSent) return;
      res.once('finish', () => req.socket.destroy());
      answer(new RequestTimeoutError(`the request body did not arrive within ${timeoutMs} ms (DAL_REQUEST_TIMEOUT_MS); nothing was done`), req, res, () => undefined);
    }, timeoutMs);
    timer.unref();
    const done = (): void => clearTimeout(timer);
    req.once('end', done);
    res.once('close', done);
    next();
  };
}
