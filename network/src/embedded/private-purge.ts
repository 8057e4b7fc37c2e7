/**
 * Removal of private data from state at commit, the two ways Fabric 2.5 does it:
 *
 * - blockToLive expiry (core/ledger/pvtdatapolicy/btlpolicy.go ComputeExpiringBlock and
 *   core/ledger/kvledger/txmgmt/pvtstatepurgemgmt/purge_mgr.go): a private value and its hash
 *   written in block b of a collection with blockToLive N > 0 expire at block b + N + 1; they
 *   are readable while blocks b … b+N are the last committed, and the commit of block b+N+1
 *   deletes them in its own update batch (AddExpiredEntriesToUpdateBatch) unless that block
 *   writes the key again, and only if the committed version is still the one scheduled (a later
 *   write has its own schedule; the values go with their hash). The schedule is kept in the ledger database (px/…) and written
 *   in the same atomic batch as the block, so it survives a restart or crash.
 * - PurgePrivateData (Fabric 2.5): a hashed write with is_purge deletes the hash at every peer
 *   and the value at each member organisation's peer, found by its key hash as the purge
 *   carries no plaintext key on the ledger.
 */
import { sha256 } from '../protocol/crypto';
import type { BlockUpdates, PrivateHashUpdate } from './block-updates';
import { KEY, decodeVersionedValue, encodeVersionedValue, sameVersion, type BatchOp, type Db } from './ledger-db';

/** btlpolicy.go ComputeExpiringBlock: committingBlock + blockToLive + 1. */
export function expiringBlock(committingBlock: number, blockToLive: number): number {
  return committingBlock + blockToLive + 1;
}

/** Schedules the expiry of a hash written at `hash.version` (purge_mgr.go UpdateExpiryInfo). */
export function expiryOp(block: number, hash: PrivateHashUpdate): BatchOp {
  return {
    type: 'put',
    key: KEY.privateExpiry(block, hash.namespace, hash.collection, hash.keyHashHex),
    value: encodeVersionedValue({ value: Buffer.alloc(0), version: hash.version, metadata: Buffer.alloc(0) }),
  };
}

/**
 * The deletions of the private data that expires when block `number` commits, and of its
 * schedule entries. The member peers' values go with the hash they match, found by key hash
 * (a metadata-only update moves the hash's version on without rewriting the value).
 */
export async function expiredPrivateDataOps(db: Db, number: number, updates: BlockUpdates, members: (collection: string) => readonly string[]): Promise<BatchOp[]> {
  const ops: BatchOp[] = [];
  const prefix = KEY.privateExpiryAt(number);
  for await (const [k, v] of db.iterator({ gte: prefix, lt: prefixEnd(prefix) })) {
    ops.push({ type: 'del', key: k });
    const [namespace, collection, keyHashHex] = k.slice(prefix.length).split('\u0000') as [string, string, string];
    // a key written again by this block keeps its new value (hashUpdated / pvtKeyUpdated)
    if (updates.getPrivateHash(namespace, collection, keyHashHex)) continue;
    const hashKey = KEY.privateHash(namespace, collection, keyHashHex);
    const hash = db.getSync(hashKey);
    if (!hash || !sameVersion(decodeVersionedValue(hash).version, decodeVersionedValue(v).version)) continue;
    ops.push({ type: 'del', key: hashKey });
    ops.push(...(await memberValueDeletes(db, { namespace, collection, keyHashHex }, members)));
  }
  return ops;
}

/** The member peers' values that this block's purges remove, found by key hash. */
export async function purgedPrivateValueOps(db: Db, updates: BlockUpdates, members: (collection: string) => readonly string[]): Promise<BatchOp[]> {
  const ops: BatchOp[] = [];
  for (const purge of updates.privateHashes.values()) {
    if (purge.isPurge) ops.push(...(await memberValueDeletes(db, purge, members)));
  }
  return ops;
}

/** Deletes of a private key's value at each member peer, found by its key hash (a scan of the collection). */
async function memberValueDeletes(
  db: Db,
  key: { readonly namespace: string; readonly collection: string; readonly keyHashHex: string },
  members: (collection: string) => readonly string[],
): Promise<BatchOp[]> {
  const ops: BatchOp[] = [];
  for (const mspId of members(key.collection)) {
    const prefix = KEY.privateValuesOf(mspId, key.namespace, key.collection);
    for await (const k of db.keys({ gte: prefix, lt: prefixEnd(prefix) })) {
      if (sha256(Buffer.from(k.slice(prefix.length), 'utf8')).toString('hex') === key.keyHashHex) ops.push({ type: 'del', key: k });
    }
  }
  return ops;
}

/** The first key after every key that starts with `prefix` (its last character, one higher). */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
