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
 * Reads one LevelDB snapshot, so a running network can keep committing meanwhile. Memory does not
 * grow with the ledger's values: the blocks are replayed one at a time and each write's history
 * entry is read back at once; the state is then checked key by key against each key's latest
 * history entry; counts show entries or keys that nothing wrote. Kept in memory: the metadata
 * (key-level policies) of keys that have any, and the problems found. Private data (hashes and
 * values) is not covered.
 */
import { common, ledger } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { sha256 } from '../protocol/crypto';
import { METADATA } from '../protocol/block-metadata';
import { Code, decodeTransaction } from '../protocol/transaction';
import { HISTORY_SUFFIX_LENGTH, KEY, decodeVersionedValue, hex, type Db, type Version } from './ledger-db';
import { mergeMetadata } from './validator';

export interface StoreAudit {
  readonly ok: boolean;
  readonly checkedStateKeys: number;
  readonly checkedHistoryEntries: number;
  /** The lowest block whose writes the store does not hold as written. */
  readonly firstBadBlock?: number;
  readonly problem?: string;
}

/** What the replay knows of a key with metadata: the merged metadata and the version of its last write (value or metadata). */
interface KeyMetadata {
  metadata: Buffer;
  version: Version;
  deleted: boolean;
}

type Snapshot = ReturnType<Db['snapshot']>;

interface Problem {
  readonly block: number;
  readonly problem: string;
}

/** The audit's two long stages: replaying the blocks' writes (done/total blocks), then comparing history and state (done/total history entries). */
export type AuditProgress = (stage: 'writes' | 'history', done: number, total: number) => void;

export interface AuditOptions {
  readonly snapshot?: Snapshot;
  /** Yields to the event loop now and then (a running network keeps serving). */
  readonly pause?: () => Promise<void>;
  readonly onProgress?: AuditProgress;
}

/** Audits state and history of blocks below `height` (default: the recorded height) in `snapshot` (default: a new one). */
export async function auditStore(db: Db, options: AuditOptions = {}): Promise<StoreAudit> {
  const snapshot = options.snapshot ?? db.snapshot();
  try {
    return await audit(db, snapshot, options.pause, options.onProgress);
  } finally {
    if (!options.snapshot) await snapshot.close();
  }
}

/** At most this many problems are kept (the first block among them is reported, with the count). */
const MAX_PROBLEMS = 1000;

async function audit(db: Db, snapshot: Snapshot, pause: (() => Promise<void>) | undefined, onProgress: AuditProgress | undefined): Promise<StoreAudit> {
  const rawHeight = await db.get(KEY.height, { snapshot });
  const height = rawHeight ? Number(rawHeight.readBigUInt64BE(0)) : 0;
  const problems: Problem[] = [];
  let problemCount = 0;
  const report = (p: Problem): void => {
    problemCount++;
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  const get = (key: string): Promise<Buffer | undefined> => db.get(key, { snapshot });

  // 1. Replay: every VALID write's history entry must be stored as the committer writes it.
  const metadata = new Map<string, KeyMetadata>();
  let expectedHistoryEntries = 0;
  for (let n = 1; n < height; n++) {
    const raw = await get(KEY.block(n));
    if (!raw) return bad(0, 0, n, `block ${n} is missing`);
    for (const write of replayBlock(n, common.Block.deserializeBinary(raw))) {
      if (write.kind === 'value') {
        expectedHistoryEntries++;
        const stored = await get(write.historyKey);
        const where = `history entry of key ${printable(write.id)} at block ${n}`;
        if (!stored) report({ block: n, problem: `${where} is missing` });
        else if (!sha256(stored).equals(write.historyDigest)) report({ block: n, problem: `${where} differs from what that block's transaction wrote` });
      }
      await trackMetadata(metadata, write, (id, version) => latestHistory(db, snapshot, id, version));
    }
    if (n % 100 === 0) {
      onProgress?.('writes', n, height - 1);
      if (pause) await pause();
    }
  }
  onProgress?.('writes', height - 1, height - 1);

  // 2. History: as many entries as valid writes (each of those was found above), and each key's
  //    latest entry is what the state holds for it.
  let checkedHistoryEntries = 0;
  let expectedStateKeys = 0;
  let previous: { readonly id: string; readonly entryKey: string; readonly value: Buffer } | undefined;
  const closeKey = async (last: { readonly id: string; readonly entryKey: string; readonly value: Buffer }, nextId: string | undefined): Promise<void> => {
    // only a key whose name extends this one's (`<id>\0…`) can sort between two of its entries:
    // then make sure this entry is its latest (a later run of entries will close it otherwise)
    if (nextId?.startsWith(`${last.id}\u0000`) && (await latestHistory(db, snapshot, last.id))?.entryKey !== last.entryKey) return;
    const km = ledger.queryresult.KeyModification.deserializeBinary(last.value);
    const version = versionOf(last.entryKey);
    const meta = metadata.get(last.id);
    const expectedVersion = meta && later(meta.version, version) ? meta.version : version;
    const stored = await get(`st/${last.id}`);
    if (km.getIsDelete()) {
      if (stored) report({ block: version.blockNum, problem: `state key ${printable(last.id)} holds a value though block ${version.blockNum}, transaction ${version.txNum} deleted it` });
      return;
    }
    expectedStateKeys++;
    if (!stored) {
      report({ block: version.blockNum, problem: `state key ${printable(last.id)} written by block ${version.blockNum}, transaction ${version.txNum} is missing` });
      return;
    }
    const vv = decodeVersionedValue(stored);
    const expectedMetadata = meta && !meta.deleted ? meta.metadata : Buffer.alloc(0);
    if (
      !vv.value.equals(km.getValue_asU8()) ||
      !vv.metadata.equals(expectedMetadata) ||
      vv.version.blockNum !== expectedVersion.blockNum ||
      vv.version.txNum !== expectedVersion.txNum
    ) {
      report({ block: expectedVersion.blockNum, problem: `state key ${printable(last.id)} differs from what block ${expectedVersion.blockNum}, transaction ${expectedVersion.txNum} wrote` });
    }
  };
  for await (const [key, value] of db.iterator({ gte: 'hi/', lt: 'hi0', snapshot })) {
    checkedHistoryEntries++;
    const id = key.slice(3, -HISTORY_SUFFIX_LENGTH - 1);
    if (previous && previous.id !== id) await closeKey(previous, id);
    previous = { id, entryKey: key, value };
    if (checkedHistoryEntries % 10_000 === 0) {
      onProgress?.('history', checkedHistoryEntries, expectedHistoryEntries);
      if (pause) await pause();
    }
  }
  if (previous) await closeKey(previous, undefined);
  onProgress?.('history', checkedHistoryEntries, expectedHistoryEntries);
  if (checkedHistoryEntries !== expectedHistoryEntries) await findUnwrittenHistory(db, snapshot, report);

  // 3. State: as many keys as the history leaves live (each of those was compared above).
  let checkedStateKeys = 0;
  for await (const _ of db.keys({ gte: 'st/', lt: 'st0', snapshot })) checkedStateKeys++;
  if (checkedStateKeys !== expectedStateKeys) await findUnwrittenState(db, snapshot, report);

  if (problemCount === 0) return { ok: true, checkedStateKeys, checkedHistoryEntries };
  const first = problems.reduce((a, b) => (b.block < a.block ? b : a));
  const more = problemCount > 1 ? ` (and ${problemCount - 1} more problem${problemCount > 2 ? 's' : ''})` : '';
  return bad(checkedStateKeys, checkedHistoryEntries, first.block, `${first.problem}${more}`);
}

/** A stored history entry with no VALID write behind it (looked for only when the counts disagree). */
async function findUnwrittenHistory(db: Db, snapshot: Snapshot, report: (p: Problem) => void): Promise<void> {
  const blocks = new Map<number, Set<string>>();
  const writtenBy = async (n: number): Promise<Set<string>> => {
    let written = blocks.get(n);
    if (!written) {
      const raw = await db.get(KEY.block(n), { snapshot });
      written = new Set(raw ? replayBlock(n, common.Block.deserializeBinary(raw)).flatMap((w) => (w.kind === 'value' ? [w.historyKey] : [])) : []);
      if (blocks.size >= 64) blocks.delete(blocks.keys().next().value!);
      blocks.set(n, written);
    }
    return written;
  };
  for await (const key of db.keys({ gte: 'hi/', lt: 'hi0', snapshot })) {
    const version = versionOf(key);
    if (!(await writtenBy(version.blockNum)).has(key)) {
      report({ block: version.blockNum, problem: `history entry of key ${printable(key.slice(3, -HISTORY_SUFFIX_LENGTH - 1))} at block ${version.blockNum} was written by no valid transaction` });
    }
  }
}

/** A stored state key whose history says it does not exist (looked for only when the counts disagree). */
async function findUnwrittenState(db: Db, snapshot: Snapshot, report: (p: Problem) => void): Promise<void> {
  for await (const [key, value] of db.iterator({ gte: 'st/', lt: 'st0', snapshot })) {
    const id = key.slice(3);
    const latest = await latestHistory(db, snapshot, id);
    const deleted = latest ? ledger.queryresult.KeyModification.deserializeBinary(latest.value).getIsDelete() : true;
    if (deleted) {
      const vv = decodeVersionedValue(value);
      report({ block: vv.version.blockNum, problem: `state key ${printable(id)} holds a value no valid transaction left there (it claims block ${vv.version.blockNum}, transaction ${vv.version.txNum})` });
    }
  }
}

/** The latest stored history entry of key `id` (below `before`, when given). */
async function latestHistory(db: Db, snapshot: Snapshot, id: string, before?: Version): Promise<{ readonly entryKey: string; readonly value: Buffer } | undefined> {
  const prefix = `hi/${id}\u0000`;
  const upper = before ? `${prefix}${hex(before.blockNum, 16)}${hex(before.txNum, 8)}` : `${prefix}${'f'.repeat(HISTORY_SUFFIX_LENGTH)}`;
  const range = before ? { lt: upper } : { lte: upper };
  for await (const [key, value] of db.iterator({ gte: `${prefix}${'0'.repeat(HISTORY_SUFFIX_LENGTH)}`, ...range, reverse: true, snapshot })) {
    // a longer key is another key's entry whose name extends this one's
    if (key.length === prefix.length + HISTORY_SUFFIX_LENGTH) return { entryKey: key, value };
  }
  return undefined;
}

function versionOf(historyKey: string): Version {
  const suffix = historyKey.slice(-HISTORY_SUFFIX_LENGTH);
  return { blockNum: Number.parseInt(suffix.slice(0, 16), 16), txNum: Number.parseInt(suffix.slice(16), 16) };
}

function later(a: Version, b: Version): boolean {
  return a.blockNum > b.blockNum || (a.blockNum === b.blockNum && a.txNum > b.txNum);
}

type ReplayedWrite =
  | {
      readonly kind: 'value';
      readonly id: string;
      readonly version: Version;
      readonly deleted: boolean;
      readonly historyKey: string;
      readonly historyDigest: Buffer;
      readonly metadataEntries?: readonly unknown[];
    }
  | { readonly kind: 'metadata'; readonly id: string; readonly version: Version; readonly metadataEntries: readonly unknown[] };

/** The public writes of block `n`'s VALID transactions, in the order the validator applies them. */
function replayBlock(n: number, block: common.Block): ReplayedWrite[] {
  const writes: ReplayedWrite[] = [];
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
        metaWrites.delete(key);
        writes.push({
          kind: 'value',
          id,
          version,
          deleted: isDelete,
          historyKey: KEY.history(ns.namespace, key, version),
          historyDigest: sha256(keyModification(tx.txId, value, isDelete, tx.timestamp)),
          ...(entries && !isDelete ? { metadataEntries: entries } : {}),
        });
      }
      // metadata-only writes keep the value; on an absent key they are ignored (validator.ts)
      for (const [key, entries] of metaWrites) writes.push({ kind: 'metadata', id: `${ns.namespace}\u0000${key}`, version, metadataEntries: entries });
    }
  });
  return writes;
}

/**
 * Follows the metadata of keys that have any, as the validator merges it: a value write keeps it
 * (merging its own entries), a delete clears it, a metadata-only write merges into a key that
 * exists (`exists` asks the stored history for a key met here for the first time).
 */
async function trackMetadata(
  metadata: Map<string, KeyMetadata>,
  write: ReplayedWrite,
  latestBefore: (id: string, version: Version) => Promise<{ readonly value: Buffer } | undefined>,
): Promise<void> {
  const known = metadata.get(write.id);
  if (write.kind === 'value') {
    if (write.deleted) {
      if (known) Object.assign(known, { metadata: Buffer.alloc(0), version: write.version, deleted: true });
      return;
    }
    if (!known && !write.metadataEntries) return;
    const current = known && !known.deleted ? known.metadata : Buffer.alloc(0);
    const merged = write.metadataEntries ? mergeMetadata(current, write.metadataEntries as Parameters<typeof mergeMetadata>[1]) : current;
    metadata.set(write.id, { metadata: merged, version: write.version, deleted: false });
    return;
  }
  let exists: boolean;
  if (known) exists = !known.deleted;
  else {
    const before = await latestBefore(write.id, write.version);
    exists = before !== undefined && !ledger.queryresult.KeyModification.deserializeBinary(before.value).getIsDelete();
  }
  if (!exists) return;
  const current = known ? known.metadata : Buffer.alloc(0);
  metadata.set(write.id, { metadata: mergeMetadata(current, write.metadataEntries as Parameters<typeof mergeMetadata>[1]), version: write.version, deleted: false });
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
