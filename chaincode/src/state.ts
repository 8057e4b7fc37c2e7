/**
 * Reading and writing world state with Fabric's semantics kept in view: a missing key is an
 * empty buffer, there is no read-your-writes inside a transaction, and every value written is
 * canonical JSON.
 */
import { Context } from 'fabric-contract-api';
import { Iterators, KeyEndorsementPolicy } from 'fabric-shim';
import { canonicalBytes } from './canonical-json';
import { INDEX_VALUE } from './keys';

/**
 * The bytes stored under `key`. fabric-shim declares getState as always resolving to bytes (empty
 * for an absent key); the wider type keeps the callers' checks for no answer at all, which the
 * declared type would make the strict lint rules call unnecessary.
 */
export async function stateBytes(ctx: Context, key: string): Promise<Uint8Array | undefined> {
  return ctx.stub.getState(key);
}

export async function readJson<T>(ctx: Context, key: string): Promise<T | undefined> {
  const bytes = await stateBytes(ctx, key);
  if (!bytes || bytes.length === 0) return undefined;
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
}

export async function putJson(ctx: Context, key: string, value: unknown): Promise<void> {
  await ctx.stub.putState(key, canonicalBytes(value));
}

export async function putIndex(ctx: Context, key: string): Promise<void> {
  await ctx.stub.putState(key, INDEX_VALUE);
}

export async function exists(ctx: Context, key: string): Promise<boolean> {
  const bytes = await stateBytes(ctx, key);
  return !!bytes && bytes.length > 0;
}

/**
 * Key-level endorsement (state-based endorsement): from the next transaction on, a write to
 * `key` is valid only if the peers of every listed organisation endorsed it. Orgs are sorted
 * because KeyEndorsementPolicy serializes them in insertion order and the bytes must agree.
 */
export async function setKeyEndorsers(ctx: Context, key: string, mspIds: readonly string[]): Promise<void> {
  const policy = new KeyEndorsementPolicy();
  policy.addOrgs('PEER', ...[...new Set(mspIds)].sort());
  await ctx.stub.setStateValidationParameter(key, policy.getPolicy());
}

/** Drains an iterator of composite-key entries, closing it whatever happens. */
export async function collect<T>(iterator: Iterators.StateQueryIterator, map: (kv: { key: string; value: Uint8Array }) => T | undefined): Promise<T[]> {
  const out: T[] = [];
  try {
    for (;;) {
      const res = await iterator.next();
      // fabric-shim types `value` as always present, but the final result (done) carries none.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
      if (res.value) {
        const item = map({ key: res.value.key, value: res.value.value });
        if (item !== undefined) out.push(item);
      }
      if (res.done) break;
    }
  } finally {
    await iterator.close();
  }
  return out;
}

// T names the stored document type at the call site, like JSON.parse's `as T`.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export function parseValue<T>(value: Uint8Array): T {
  return JSON.parse(Buffer.from(value).toString('utf8')) as T;
}
