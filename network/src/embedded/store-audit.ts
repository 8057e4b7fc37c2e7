/**
 * Checks the peer's state and history against its blocks: replays the public writes of every
 * VALID transaction, block by block, as the validator applies them (validator.ts
 * applyWrites), and compares the result with what LevelDB holds — each state key's value,
 * metadata and version, and each history entry (transaction, value, delete flag, timestamp).
 * A stored value that no block wrote, a value a block wrote that is missing or different,
 * and a transaction whose validation code was flipped after commit all show up here, which
 * the chain's hashes and signatures alone cannot see (state and history are not hashed into
 * blocks, and Fabric leaves the validation codes outside the orderer's signature).
 *
 * Reads one LevelDB snapshot, so a running network can keep committing meanwhile. Memory: one
 * 32-byte digest per state key and per history entry. Private data (hashes and values) is not
 * covered.
 */
import { common, ledger } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { sha256 } from '../protocol/crypto';
import { METADATA } from '../protocol/block-metadata';
import { Code, decodeTransaction } from '../protocol/transaction';
import { HISTORY_SUFFIX_LENGTH, KEY, decodeVersionedValue, type Db, type Version } from './ledger-db';
import { mergeMetadata } from './validator';

export interface StoreAudit {
  readonly ok: boolean;
  readonly checkedStateKeys: number;
  readonly checkedHistoryEntries: number;
  /** The lowest block whose writes the store does not hold as written. */
  readonly firstBadBlock?: number;
  readonly problem?: string;
}

interface ExpectedState {
  /** SHA-256 of the value. */
  readonly digest: Buffer;
  readonly metadata: Buffer;
  readonly version: Version;
  readonly deleted: boolean;
}

type Snapshot = ReturnType<Db['snapshot']>;

/** Audits state and history of blocks below `height` (default: the recorded height) in `snapshot` (default: a new one). */
export async function auditStore(db: Db, options: { readonly snapshot?: Snapshot; readonly pause?: () => Promise<void> } = {}): Promise<StoreAudit> {
  const snapshot = options.snapshot ?? db.snapshot();
  try {
    return await audit(db, snapshot, options.pause);
  } finally {
    if (!options.snapshot) await snapshot.close();
  }
}

async function audit(db: Db, snapshot: Snapshot, pause: (() => Promise<void>) | undefined): Promise<StoreAudit> {
  const rawHeight = await db.get(KEY.height, { snapshot });
  const height = rawHeight ? Number(rawHeight.readBigUInt64BE(0)) : 0;
  const state = new Map<string, ExpectedState>();
  const history = new Map<string, Buffer>();
  for (let n = 1; n < height; n++) {
    const raw = await db.get(KEY.block(n), { snapshot });
    if (!raw) return bad(0, 0, n, `block ${n} is missing`);
    replayBlock(n, common.Block.deserializeBinary(raw), state, history);
    if (pause && n % 100 === 0) await pause();
  }

  const problems: { block: number; problem: string }[] = [];
  let checkedStateKeys = 0;
  for await (const [key, value] of db.iterator({ gte: 'st/', lt: 'st0', snapshot })) {
    checkedStateKeys++;
    const id = key.slice(3);
    const expected = state.get(id);
    const vv = decodeVersionedValue(value);
    if (!expected || expected.deleted) {
      problems.push({ block: vv.version.blockNum, problem: `state key ${printable(id)} holds a value no valid transaction left there (it claims block ${vv.version.blockNum}, transaction ${vv.version.txNum})` });
    } else if (!sha256(vv.value).equals(expected.digest) || !vv.metadata.equals(expected.metadata) || vv.version.blockNum !== expected.version.blockNum || vv.version.txNum !== expected.version.txNum) {
      problems.push({ block: expected.version.blockNum, problem: `state key ${printable(id)} differs from what block ${expected.version.blockNum}, transaction ${expected.version.txNum} wrote` });
    }
    state.delete(id);
  }
  for (const [id, expected] of state) {
    if (!expected.deleted) problems.push({ block: expected.version.blockNum, problem: `state key ${printable(id)} written by block ${expected.version.blockNum}, transaction ${expected.version.txNum} is missing` });
  }

  let checkedHistoryEntries = 0;
  for await (const [key, value] of db.iterator({ gte: 'hi/', lt: 'hi0', snapshot })) {
    checkedHistoryEntries++;
    const id = key.slice(3);
    const expected = history.get(id);
    const block = Number.parseInt(id.slice(-HISTORY_SUFFIX_LENGTH, -8), 16);
    const where = `history entry of key ${printable(id.slice(0, -HISTORY_SUFFIX_LENGTH - 1))} at block ${block}`;
    if (!expected) problems.push({ block: Number.isFinite(block) ? block : 0, problem: `${where} was written by no valid transaction` });
    else if (!sha256(value).equals(expected)) problems.push({ block, problem: `${where} differs from what that block's transaction wrote` });
    history.delete(id);
  }
  for (const id of history.keys()) {
    const block = Number.parseInt(id.slice(-HISTORY_SUFFIX_LENGTH, -8), 16);
    problems.push({ block, problem: `history entry of key ${printable(id.slice(0, -HISTORY_SUFFIX_LENGTH - 1))} at block ${block} is missing` });
  }

  if (problems.length === 0) return { ok: true, checkedStateKeys, checkedHistoryEntries };
  const first = problems.reduce((a, b) => (b.block < a.block ? b : a));
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  return bad(checkedStateKeys, checkedHistoryEntries, first.block, `${first.problem}${more}`);
}

/** The writes of block `n`'s VALID transactions, applied as the validator applies them. */
function replayBlock(n: number, block: common.Block, state: Map<string, ExpectedState>, history: Map<string, Buffer>): void {
  const codes = block.getMetadata()?.getMetadataList_asU8()[METADATA.TRANSACTIONS_FILTER] ?? new Uint8Array();
  block.getData()!.getDataList_asU8().forEach((envelope, txNum) => {
    if (codes[txNum] !== Code.VALID) return;
    const tx = decodeTransaction(envelope);
    const version = { blockNum: n, txNum };
    for (const ns of tx.rwsets) {
      const metaWrites = new Map(ns.kv.getMetadataWritesList().map((m) => [m.getKey(), m.getEntriesList()]));
      for (const w of ns.kv.getWritesList()) {
        const key = w.getKey();
        const id = `${ns.namespace}\u0000${key}`;
        const isDelete = w.getIsDelete() || w.getValue_asU8().length === 0;
        const value = isDelete ? Buffer.alloc(0) : Buffer.from(w.getValue_asU8());
        const entries = metaWrites.get(key);
        let metadata = isDelete ? Buffer.alloc(0) : (state.get(id)?.metadata ?? Buffer.alloc(0));
        if (entries && !isDelete) {
          metadata = mergeMetadata(metadata, entries);
          metaWrites.delete(key);
        }
        state.set(id, { digest: sha256(value), metadata, version, deleted: isDelete });
        history.set(`${id}\u0000${KEY.history(ns.namespace, key, version).slice(-HISTORY_SUFFIX_LENGTH)}`, sha256(keyModification(tx.txId, value, isDelete, tx.timestamp)));
      }
      // metadata-only writes keep the value; on an absent key they are ignored (validator.ts)
      for (const [key, entries] of metaWrites) {
        const id = `${ns.namespace}\u0000${key}`;
        const current = state.get(id);
        if (!current || current.deleted) continue;
        state.set(id, { ...current, metadata: mergeMetadata(current.metadata, entries), version });
      }
    }
  });
}

/** The history value the committer stores for a write (committer.ts commitOps). */
function keyModification(txId: string, value: Buffer, isDelete: boolean, timestamp: { readonly seconds: number; readonly nanos: number }): Buffer {
  const km = new ledger.queryresult.KeyModification();
  km.setTxId(txId);
  km.setValue(value);
  const ts = new Timestamp();
  ts.setSeconds(timestamp.seconds);
  ts.setNanos(timestamp.nanos);
  km.setTimestamp(ts);
  km.setIsDelete(isDelete);
  return Buffer.from(km.serializeBinary());
}

/** A state key for a message: namespace and key, with the separator and control characters shown. */
function printable(id: string): string {
  return JSON.stringify(id.replace('\u0000', '/'));
}

function bad(checkedStateKeys: number, checkedHistoryEntries: number, firstBadBlock: number, problem: string): StoreAudit {
  return { ok: false, checkedStateKeys, checkedHistoryEntries, firstBadBlock, problem };
}
