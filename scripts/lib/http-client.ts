/**
 * The benchmarks' HTTP client: plain node:http on one keep-alive agent (no fetch, so the
 * connection pool is sized to the load and measured latency is the gateway's, not a pool
 * queue's). `call` answers any status; `ok` throws on one of 300 or above with the body.
 */
import { Agent, request } from 'node:http';

export interface Answer {
  readonly status: number;
  readonly body: string;
}

export interface HttpClient {
  /** `headers`: more request headers (an Idempotency-Key). */
  call(url: string, method: string, path: string, apiKey?: string, body?: unknown, headers?: Readonly<Record<string, string>>): Promise<Answer>;
  ok(url: string, method: string, path: string, apiKey?: string, body?: unknown): Promise<Record<string, unknown>>;
  /** Closes the kept-alive sockets so the process can exit. */
  close(): void;
}

export function createHttpClient(maxSockets: number): HttpClient {
  // An idle socket is dropped after 4 s, before the gateway's keep-alive timeout (Node's 5 s)
  // closes it: reusing one just as the server closes it fails a request with "socket hang up".
  const agent = new Agent({ keepAlive: true, maxSockets, timeout: 4_000 });
  const call: HttpClient['call'] = (url, method, path, apiKey, body, extra = {}) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(`${url}${path}`, {
        method,
        agent,
        headers: {
          ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...extra,
        },
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  };
  return {
    call,
    async ok(url, method, path, apiKey, body) {
      const a = await call(url, method, path, apiKey, body);
      if (a.status >= 300) throw new Error(`${method} ${path} answered ${a.status}: ${a.body}`);
      return JSON.parse(a.body) as Record<string, unknown>;
    },
    close: () => agent.destroy(),
  };
}
