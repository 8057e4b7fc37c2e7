/**
 * The console's only way to the ledger: the published REST API (/api/v1/…) with the signed-in
 * API key as `Authorization: Bearer <key>`. Errors are the API's problem+json, kept whole so a
 * page can show `detail` and branch on `code`.
 */
const KEY_STORAGE = 'dal.apiKey';

let apiKey: string | undefined = sessionStorage.getItem(KEY_STORAGE) ?? undefined;

export function currentKey(): string | undefined {
  return apiKey;
}

export function rememberKey(key: string | undefined): void {
  apiKey = key;
  if (key === undefined) sessionStorage.removeItem(KEY_STORAGE);
  else sessionStorage.setItem(KEY_STORAGE, key);
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

type Query = Readonly<Record<string, string | number | boolean | undefined>>;

export interface RequestOptions {
  readonly method?: 'GET' | 'POST';
  readonly body?: unknown;
  readonly query?: Query;
  /** Sent as Idempotency-Key: the write is safe to repeat. */
  readonly idempotencyKey?: string;
  /** Public routes: no key sent. */
  readonly anonymous?: boolean;
  readonly signal?: AbortSignal;
}

export function pathWithQuery(path: string, query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

export function authHeaders(): Record<string, string> {
  return apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` };
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...(options.anonymous ? {} : authHeaders()) };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
  const res = await fetch(pathWithQuery(`/api/v1${path}`, options.query), {
    method: options.method ?? (options.body !== undefined ? 'POST' : 'GET'),
    // the ledger changes under the page: always ask, never answer from the HTTP cache (nor send If-None-Match)
    cache: 'no-store',
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const text = await res.text();
  const body = text === '' ? undefined : (JSON.parse(text) as unknown);
  if (!res.ok) {
    const problem = (body ?? {}) as { code?: string; detail?: string; title?: string };
    throw new ApiError(res.status, problem.code ?? 'error', problem.detail ?? problem.title ?? `HTTP ${String(res.status)}`);
  }
  return body as T;
}

/** Every item of a paged list (`items` + `bookmark`), up to `max`. */
export async function allPages<T>(path: string, query: Query = {}, max = 500): Promise<T[]> {
  const out: T[] = [];
  let bookmark = '';
  do {
    const page = await api<{ items: T[]; bookmark: string }>(path, { query: { ...query, limit: 100, bookmark } });
    out.push(...page.items);
    bookmark = page.bookmark;
  } while (bookmark !== '' && out.length < max);
  return out;
}

/**
 * An Idempotency-Key for one intent (a step, its record, what was typed): the same intent sent
 * twice is one write. Typed text may hold spaces and any script; the header takes printable ASCII
 * only, so the body is folded into a hash (FNV-1a, 32 bits: it tells intents on one record apart).
 */
export function intentKey(step: string, id: string, body: unknown): string {
  let hash = 0x811c9dc5;
  for (const ch of JSON.stringify(body)) {
    hash ^= ch.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${step}-${id}-${hash.toString(16)}`;
}
