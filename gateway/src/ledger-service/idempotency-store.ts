/**
 * Idempotency-Key for writes (api.md): a repeat with the same key and the same request gets
 * the first answer back and writes nothing; the same key with a different request is a 409.
 * Keys are scoped to the caller, so two callers' keys never collide or see each other's
 * answers. Answers are persisted (an append-only JSON-lines file under the data directory,
 * fsynced before the answer leaves) so a client retrying after a gateway restart is safe too.
 *
 * Only successful writes are recorded: a refused request wrote nothing, so repeating it
 * simply asks again.
 *
 * Memory: the answers of the last 24 hours, at most 10,000 of them (`maxEntries`), the oldest
 * forgotten first. An entry holds the whole reply body (a record can be several kB), so the bound
 * is what keeps memory to tens of MB: at 100,000 it could reach hundreds. A repeat of a forgotten
 * answer is not written twice: its proposal nonces derive from scope, key and request (`nonce`),
 * so it proposes the same txIds, meets its own transaction on the ledger (a duplicate txId) and
 * is answered from there (`Idempotent-Replayed: false`). What is lost is the 409 for the same
 * key with a different request, which then writes as a new one. The file keeps every line until
 * the next start, which keeps only what memory would.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConflictError } from '../http/errors';
import { writePrivateFile } from '../storage/private-file';

export interface StoredReply {
  readonly status: number;
  readonly body: unknown;
}

export interface IdempotentResult {
  readonly reply: StoredReply;
  /** True when this is the first request's answer given again. */
  readonly replayed: boolean;
}

export interface IdempotencyStore {
  /**
   * Runs `action` at most once per (scope, key). `fingerprint` identifies the request
   * (`fingerprint`); a different one under the same key throws ConflictError.
   */
  run(scope: string, key: string, fingerprint: string, action: () => Promise<StoredReply>): Promise<IdempotentResult>;
  /**
   * A proposal nonce that is a function of the request and the attempt, keyed by a secret of
   * this gateway: after a crash between commit and recording the answer, the repeat of the
   * request proposes the same txId and finds its transaction instead of writing again.
   */
  nonce(scope: string, key: string, fingerprint: string, attempt: number): Uint8Array;
  /**
   * A salt for a confidential value (32 bytes) that is a function of the request, keyed by the
   * same secret: a repeat of the request commits, or finds committed, the same commitment, and
   * its reply hands back the salt that opens it. Unguessable without the secret.
   */
  salt(scope: string, key: string, fingerprint: string): Uint8Array;
  /**
   * What identifies a request under its key, stored with the answer: keyed by the secret, so
   * the stored fingerprint of a body with a confidential amount (a price in fen, sent without a
   * salt) cannot be opened by hashing every amount.
   */
  fingerprint(method: string, path: string, body: unknown): string;
  close(): Promise<void>;
}

export interface IdempotencyStoreOptions {
  readonly file: string;
  /** How long an answer is kept (default 24 hours, as common practice for Idempotency-Key). */
  readonly ttlMs?: number;
  /** How many answers are kept at most, the oldest forgotten first (default 10,000: each holds a whole reply body). */
  readonly maxEntries?: number;
}

interface Entry {
  readonly scope: string;
  readonly key: string;
  readonly fingerprint: string;
  readonly status: number;
  readonly body: unknown;
  /** Epoch ms when recorded. */
  readonly at: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_ENTRIES = 10_000;

/** Identifies a request by method, path and canonical (sorted-key) JSON body. */
function requestText(method: string, path: string, body: unknown): string {
  return `${method.toUpperCase()} ${path}\n${canonicalJson(body ?? null)}`;
}

/** The gateway's nonce secret: 32 random bytes, created once (0600) and kept with the store. */
async function nonceSecret(file: string): Promise<Buffer> {
  try {
    const existing = Buffer.from((await readFile(file, 'utf8')).trim(), 'hex');
    if (existing.length === 32) return existing;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const secret = randomBytes(32);
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writePrivateFile(file, `${secret.toString('hex')}\n`);
  return secret;
}

/** Opens the store, dropping expired entries and a torn last line left by a crash. */
export async function openIdempotencyStore(options: Readonly<IdempotencyStoreOptions>): Promise<IdempotencyStore> {
  const ttlMs = options.ttlMs ?? DAY_MS;
  const maxEntries = options.maxEntries ?? MAX_ENTRIES;
  const entries = new Map<string, Entry>();
  let lines = 0;
  let content = '';
  try {
    content = await readFile(options.file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const now = Date.now();
  for (const line of content.split('\n')) {
    if (line === '') continue;
    lines++;
    const entry = parseEntry(line);
    if (entry && entry.at + ttlMs >= now) remember(entries, entryKey(entry.scope, entry.key), entry, { maxEntries, ttlMs });
  }
  if (lines > entries.size) {
    await writePrivateFile(options.file, [...entries.values()].map((e) => `${JSON.stringify(e)}\n`).join(''));
  }
  await mkdir(dirname(options.file), { recursive: true, mode: 0o700 });
  const secret = await nonceSecret(`${options.file}.secret`);
  const handle = await open(options.file, 'a', 0o600);
  return new FileIdempotencyStore(entries, handle, { ttlMs, maxEntries }, secret);
}

class FileIdempotencyStore implements IdempotencyStore {
  private readonly inFlight = new Map<string, { readonly fingerprint: string; readonly done: Promise<StoredReply> }>();
  private pending: { readonly line: string; resolve(): void; reject(err: unknown): void }[] = [];
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly entries: Map<string, Entry>,
    private readonly handle: FileHandle,
    private readonly bound: Bound,
    private readonly secret: Buffer,
  ) {}

  fingerprint(method: string, path: string, body: unknown): string {
    return createHmac('sha256', this.secret).update(requestText(method, path, body)).digest('hex');
  }

  salt(scope: string, key: string, fingerprint: string): Uint8Array {
    return createHmac('sha256', this.secret).update(`${scope}\n${key}\n${fingerprint}\nsalt`).digest();
  }

  nonce(scope: string, key: string, fingerprint: string, attempt: number): Uint8Array {
    return createHmac('sha256', this.secret).update(`${scope}\n${key}\n${fingerprint}\n${attempt}`).digest().subarray(0, 24);
  }

  async run(scope: string, key: string, fingerprint: string, action: () => Promise<StoredReply>): Promise<IdempotentResult> {
    const id = entryKey(scope, key);
    const recorded = this.entries.get(id);
    if (recorded && recorded.at + this.bound.ttlMs >= Date.now()) {
      checkSame(key, recorded.fingerprint, fingerprint);
      return { reply: { status: recorded.status, body: recorded.body }, replayed: true };
    }
    // A concurrent repeat (a client retrying before the first answer arrived) waits for
    // the first one instead of submitting a second transaction.
    const running = this.inFlight.get(id);
    if (running) {
      checkSame(key, running.fingerprint, fingerprint);
      return { reply: await running.done, replayed: true };
    }
    const done = (async (): Promise<StoredReply> => {
      const reply = await action();
      const entry: Entry = { scope, key, fingerprint, status: reply.status, body: reply.body, at: Date.now() };
      await this.append(`${JSON.stringify(entry)}\n`);
      remember(this.entries, id, entry, this.bound);
      return reply;
    })();
    this.inFlight.set(id, { fingerprint, done });
    try {
      return { reply: await done, replayed: false };
    } finally {
      this.inFlight.delete(id);
    }
  }

  async close(): Promise<void> {
    await this.flushing;
    await this.handle.close();
  }

  /** Group commit: lines queued while a write is in progress share the next write and fsync. */
  private append(line: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ line, resolve, reject });
      this.flushing ??= this.flush().finally(() => {
        this.flushing = undefined;
      });
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      try {
        await this.handle.appendFile(batch.map((p) => p.line).join(''), 'utf8');
        await this.handle.datasync();
        for (const p of batch) p.resolve();
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
  }
}

interface Bound {
  readonly ttlMs: number;
  readonly maxEntries: number;
}

/**
 * Records `entry` as the newest answer and forgets, oldest first (a Map iterates in insertion
 * order, which is recording order), those beyond `maxEntries` and those expired.
 */
function remember(entries: Map<string, Entry>, id: string, entry: Entry, bound: Bound): void {
  entries.delete(id);
  entries.set(id, entry);
  const expired = entry.at - bound.ttlMs;
  for (const [oldestId, oldest] of entries) {
    if (entries.size <= bound.maxEntries && oldest.at >= expired) break;
    entries.delete(oldestId);
  }
}

function checkSame(key: string, recorded: string, presented: string): void {
  if (recorded !== presented) {
    throw new ConflictError(`Idempotency-Key "${key}" was already used for a different request; use a new key for a new request`);
  }
}

function entryKey(scope: string, key: string): string {
  return `${scope}\n${key}`;
}

function parseEntry(line: string): Entry | undefined {
  try {
    const e = JSON.parse(line) as Partial<Entry>;
    const ok = typeof e.scope === 'string' && typeof e.key === 'string' && typeof e.fingerprint === 'string'
      && typeof e.status === 'number' && typeof e.at === 'number';
    return ok ? (e as Entry) : undefined;
  } catch {
    return undefined;
  }
}

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` are the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
