/**
 * Multi-version concurrency control at commit (core/ledger/kvledger/txmgmt/validation):
 * a read is invalid when an earlier valid transaction of the block wrote the key or the
 * committed version differs from the one read; a range query is re-run over committed state
 * plus in-block updates and must yield the same keys and versions (phantom reads).
 */
import { ledger } from '@hyperledger/fabric-protos';
import { KEY, decodeVersionedValue, sameVersion, type Db, type Version } from './ledger-db';
import { BlockUpdates } from './block-updates';
import { Code, type NamespaceRwset } from '../protocol/transaction';
import { compareUtf8 } from './tx-simulator';

type KVRead = InstanceType<typeof ledger.rwset.kvrwset.KVRead>;

function readVersion(r: { hasVersion(): boolean; getVersion(): { getBlockNum(): number; getTxNum(): number } | undefined }): Version | undefined {
  if (!r.hasVersion()) return undefined;
  const v = r.getVersion()!;
  return { blockNum: v.getBlockNum(), txNum: v.getTxNum() };
}

async function committedVersion(db: Db, ns: string, key: string): Promise<Version | undefined> {
  const raw = db.getSync(KEY.state(ns, key));
  return raw ? decodeVersionedValue(raw).version : undefined;
}

/** Returns VALID, MVCC_READ_CONFLICT or PHANTOM_READ_CONFLICT for one transaction's read sets. */
export async function validateReads(db: Db, rwsets: readonly NamespaceRwset[], updates: BlockUpdates): Promise<number> {
  for (const ns of rwsets) {
    for (const read of ns.kv.getReadsList()) {
      if (!(await readIsValid(db, ns.namespace, read, updates))) return Code.MVCC_READ_CONFLICT;
    }
    for (const c of ns.collections) {
      for (const hr of c.hashed.getHashedReadsList()) {
        const keyHashHex = Buffer.from(hr.getKeyHash_asU8()).toString('hex');
        if (updates.getPrivateHash(ns.namespace, c.name, keyHashHex)) return Code.MVCC_READ_CONFLICT;
        const raw = db.getSync(KEY.privateHash(ns.namespace, c.name, keyHashHex));
        const committed = raw ? decodeVersionedValue(raw).version : undefined;
        if (!sameVersion(committed, readVersion(hr))) return Code.MVCC_READ_CONFLICT;
      }
    }
    for (const rq of ns.kv.getRangeQueriesInfoList()) {
      if (!(await rangeIsUnchanged(db, ns.namespace, rq, updates))) return Code.PHANTOM_READ_CONFLICT;
    }
  }
  return Code.VALID;
}

async function readIsValid(db: Db, ns: string, read: KVRead, updates: BlockUpdates): Promise<boolean> {
  // as validateKVRead: a key written by an earlier valid tx of this block invalidates the read
  if (updates.get(ns, read.getKey())) return false;
  return sameVersion(await committedVersion(db, ns, read.getKey()), readVersion(read));
}

async function rangeIsUnchanged(
  db: Db,
  ns: string,
  rq: InstanceType<typeof ledger.rwset.kvrwset.RangeQueryInfo>,
  updates: BlockUpdates,
): Promise<boolean> {
  const recorded = rq.getRawReads()?.getKvReadsList() ?? [];
  const start = rq.getStartKey();
  const exhausted = rq.getItrExhausted();
  // An iterator that was not exhausted only saw keys up to its last read (rangeQueryResultsValidator).
  const lastRead = recorded.length > 0 ? recorded[recorded.length - 1]!.getKey() : undefined;
  const end = rq.getEndKey();
  const inRange = (key: string): boolean =>
    compareUtf8(key, start) >= 0 &&
    (end === '' || compareUtf8(key, end) < 0) &&
    (exhausted || lastRead === undefined || compareUtf8(key, lastRead) <= 0);

  const combined = new Map<string, Version>();
  const prefixLen = KEY.state(ns, '').length;
  const lt = exhausted || lastRead === undefined ? (end ? KEY.state(ns, end) : KEY.stateNamespaceEnd(ns)) : KEY.state(ns, lastRead) + '\u0000';
  for await (const [k, v] of db.iterator({ gte: KEY.state(ns, start), lt })) {
    const key = k.slice(prefixLen);
    if (inRange(key)) combined.set(key, decodeVersionedValue(v).version);
  }
  for (const u of updates.state.values()) {
    if (u.namespace !== ns || !inRange(u.key)) continue;
    if (u.isDelete) combined.delete(u.key);
    else combined.set(u.key, u.version);
  }
  const now = [...combined.keys()].sort(compareUtf8);
  if (!exhausted && lastRead === undefined) return true;
  if (now.length !== recorded.length) return false;
  for (let i = 0; i < now.length; i++) {
    const r = recorded[i]!;
    if (now[i] !== r.getKey() || !sameVersion(combined.get(now[i]!), readVersion(r))) return false;
  }
  return true;
}
