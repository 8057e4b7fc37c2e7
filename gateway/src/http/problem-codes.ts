/**
 * Every problem+json `code` the gateway answers (api.md's, and its own extensions), declared
 * once with its status, title and documentation: the error classes (errors.ts), the OpenAPI
 * problem responses (openapi/document.ts) and the `Problem` schema's enum all read this table.
 */
export interface ProblemCodeEntry {
  readonly status: number;
  readonly title: string;
  /** What the OpenAPI document says the status means. */
  readonly description: string;
  /** An example `detail` for the OpenAPI document. */
  readonly exampleDetail: string;
}

export const PROBLEM_CODES = {
  invalid_request: { status: 400, title: 'Invalid request', description: 'Malformed JSON, or input failing the schema; `detail` names the field.', exampleDetail: '/fingerprint must match pattern "^[0-9a-f]{64}$"' },
  unauthenticated: { status: 401, title: 'Authentication required', description: 'No API key, or an unknown one.', exampleDetail: 'the API key is not valid' },
  forbidden: { status: 403, title: 'Forbidden', description: "The caller's organisation or role may not do this.", exampleDetail: 'only a registrar of TaizhouRegistryMSP may review this application' },
  not_found: { status: 404, title: 'Not found', description: 'No such resource.', exampleDetail: 'certificate 321200-2026-000001 does not exist' },
  method_not_allowed: { status: 405, title: 'Method not allowed', description: 'The path exists with other methods (see `Allow`).', exampleDetail: 'DELETE is not allowed on /api/v1/me' },
  conflict: { status: 409, title: 'Conflict', description: 'Wrong lifecycle state, duplicate, double pledge, concurrent change, or an Idempotency-Key reused for a different request.', exampleDetail: 'fingerprint already registered as 321200-2026-000001' },
  payload_too_large: { status: 413, title: 'Payload too large', description: 'The body exceeds the configured limit.', exampleDetail: 'the request body is larger than the gateway accepts: at most 262144 bytes (BODY_LIMIT) (this one is 300000 bytes)' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type', description: 'The body is not `application/json` (UTF-8).', exampleDetail: 'the request body must be application/json' },
  policy_violation: {
    status: 422,
    title: 'Policy violation',
    description: 'Well-formed, but a policy forbids it (negative list, core data, missing filing, grant scope, dishonest party).',
    exampleDetail: 'the category is on the negative list (prohibited)',
  },
  internal: { status: 500, title: 'Internal error', description: 'A fault in the gateway; the detail carries a reference to its log line.', exampleDetail: 'the gateway failed to handle the request; reference 0d8b…' },
  unavailable: { status: 503, title: 'Service unavailable', description: 'The ledger cannot be reached right now.', exampleDetail: 'the ledger is not available right now; retry later' },
  proposal_time_out_of_window: {
    status: 503,
    title: 'Clocks out of step',
    description:
      "The ledger's endorsers refused the time the gateway stamped on the proposal: the gateway's and the peers' clocks are further apart than the endorsers' window (DAL_TIME_WINDOW_SECONDS); nothing was written, and the same request succeeds once the clocks agree.",
    exampleDetail: "the ledger's endorsers refused the time this gateway stamped on the proposal, so nothing was written",
  },
  storage_unavailable: {
    status: 503,
    title: 'Storage unavailable',
    description:
      "The gateway's data directory is full (below DAL_MIN_FREE_MB free) or read-only. Refused before proposing: nothing was written, reads keep working and writes resume once space returns, without a restart. If the disk failed during a commit, the detail says the outcome is in doubt: free space, restart the gateway, and retry with the same Idempotency-Key.",
    exampleDetail: "the gateway's data directory (DAL_DATA_DIR) has 12.0 MB free, below the 64 MB it keeps in reserve (DAL_MIN_FREE_MB), so nothing was written",
  },
  timeout: { status: 504, title: 'Ledger timeout', description: 'The ledger did not confirm in time; the outcome of a write is unknown.', exampleDetail: 'the ledger did not confirm the transaction in time' },
  ledger_behind: {
    status: 504,
    title: 'Ledger behind',
    description:
      "A read sent with `X-Min-Block` waited the gateway's limit (DAL_MIN_BLOCK_TIMEOUT_MS) and this gateway's peer still had not committed that block; nothing was read, and the same read may succeed once it has.",
    exampleDetail: "this gateway's ledger has 41 blocks; block 57 was not committed within 10000 ms",
  },
  request_timeout: {
    status: 408,
    title: 'Request timeout',
    description: 'The request body did not arrive within the gateway\'s limit (DAL_REQUEST_TIMEOUT_MS); nothing was read or written, and the connection is closed.',
    exampleDetail: 'the request body did not arrive within 30000 ms (DAL_REQUEST_TIMEOUT_MS); nothing was done',
  },
  headers_too_large: {
    status: 431,
    title: 'Request header fields too large',
    description: "The request's headers (URL included) are larger than Node's HTTP parser reads (16 KiB by default); nothing was read or written, and the connection is closed.",
    exampleDetail: "the request's headers are larger than the 16384 bytes the gateway reads; nothing was done",
  },
  rate_limited: {
    status: 429,
    title: 'Too many requests',
    description: 'This API key sent more requests than the gateway allows (DAL_RATE_LIMIT a minute, bursts of DAL_RATE_LIMIT_BURST); nothing was done. `Retry-After` says when to try again.',
    exampleDetail: 'this API key may send 3000 requests a minute (bursts of 100); retry after 1 s',
  },
} as const satisfies Readonly<Record<string, ProblemCodeEntry>>;

/** The stable `code` values of problem+json responses; api.md lists them as a contract. */
export type ProblemCode = keyof typeof PROBLEM_CODES;
