/**
 * Removal of private data from state at commit:
 *
 * - PurgePrivateData (Fabric 2.5): a hashed write with is_purge deletes the hash at every peer
 *   and the value at each member organisation's peer, found by its key hash as the purge
 *   carries no plaintext key on the ledger.
 */
import { sha256 } from '../protocol/crypto';
import type { BlockUpdates } from './block-updates';
import { KEY, type BatchOp, type Db } from './ledger-db';

/** The member peers' values that this block's purges remove, found by key hash. */
export async function purgedPrivateValueOps(db: Db, updates: BlockUpdates, members: (collection: string) => readonly string[]): Promise<BatchOp[]> {
  const ops: BatchOp[] = [];
  const purges = [...updates.privateHashes.values()].filter((h) => h.isPurge);
  for (const purge of purges) {
    for (const mspId of members(purge.collection)) {
      const prefix = KEY.privateValuesOf(mspId, purge.namespace, purge.collection);
      for await (const k of db.keys({ gte: prefix, lt: prefixEnd(prefix) })) {
        if (sha256(Buffer.from(k.slice(prefix.length), 'utf8')).toString('hex') === purge.keyHashHex) ops.push({ type: 'del', key: k });
      }
    }
  }
  return ops;
}

/** The first key after every key that starts with `prefix` (its last character, one higher). */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
