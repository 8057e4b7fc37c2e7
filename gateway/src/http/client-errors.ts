/**
 * Requests Node's HTTP parser refuses before express sees them — headers (a long URL included)
 * over its limit, a malformed request line, a body that never finished within the server's own
 * timeouts — are answered as problem+json like every other refusal, instead of Node's bare status
 * line (found by the OpenAPI fuzzer: a 16 KiB query string got a 431 without a body).
 */
import { maxHeaderSize, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { PROBLEM_CODES } from './problem-codes';
import { PROBLEM_CONTENT_TYPE, problemType, type Problem } from './problem';

function problemFor(err: NodeJS.ErrnoException): Problem {
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    const { status, title } = PROBLEM_CODES.headers_too_large;
    const detail = `the request's headers are larger than the ${String(maxHeaderSize)} bytes the gateway reads; nothing was done`;
    return { type: problemType('headers_too_large'), title, status, detail, code: 'headers_too_large' };
  }
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    const { status, title } = PROBLEM_CODES.request_timeout;
    return { type: problemType('request_timeout'), title, status, detail: 'the request did not arrive in time; nothing was done', code: 'request_timeout' };
  }
  const { status, title } = PROBLEM_CODES.invalid_request;
  return { type: problemType('invalid_request'), title, status, detail: 'the request is not well-formed HTTP/1.1; nothing was done', code: 'invalid_request' };
}

/** Answers the HTTP parser's refusals on `server` as problem+json and closes the connection. */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const problem = problemFor(err);
    const body = JSON.stringify(problem);
    socket.end(
      `HTTP/1.1 ${String(problem.status)} ${problem.title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${String(Buffer.byteLength(body))}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
