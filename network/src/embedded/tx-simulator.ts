/**
 * Transaction simulation against committed state, as Fabric's lockbasedtxmgr does: reads
 * come from a consistent LevelDB snapshot and are recorded with their committed versions,
 * writes are buffered (no read-your-writes), range queries record what they saw for phantom
 * checks at commit, and the result is a ledger.rwset.TxReadWriteSet with keys sorted.
 */
import { ledger, peer } from '@hyperledger/fabric-protos';
import type { AbstractIterator, AbstractSnapshot } from 'abstract-level';
import { sha256 } from '../protocol/crypto';
import { KEY, decodeVersionedValue, HISTORY_SUFFIX_LENGTH, type Db, type Version } from './ledger-db';
import type { CollectionDefinition } from '../consortium';

const { kvrwset } = ledger.rwset;

const SKIP = Symbol('skip');
const STOP = Symbol('stop');

/** Fabric's core.yaml chaincode query batch size (maxResultsPerBatch). */
export const QUERY_BATCH_SIZE = 100;
/** Fabric's core.yaml ledger.state.totalQueryLimit. */
export const TOTAL_QUERY_LIMIT = 100_000;
export const VALIDATION_PARAMETER = 'VALIDATION_PARAMETER';

export class SimulationError extends Error {
  override readonly name = 'SimulationError';
}

interface Write {
  readonly value: Buffer;
  readonly isDelete: boolean;
  /** PurgePrivateData (Fabric 2.5): a delete that also removes the hash and the value's history. */
  readonly isPurge?: boolean;
}

interface RangeRecord {
  readonly startKey: string;
  readonly endKey: string;
  readonly reads: { key: string; version: Version }[];
  exhausted: boolean;
}

interface OpenIterator {
  readonly kind: 'range' | 'history';
  /** Results per response to the chaincode. */
  readonly batchSize: number;
  readonly pending: peer.QueryResultBytes[];
  readonly pull: () => Promise<void>;
  done: boolean;
  close: () => Promise<void>;
}

interface PrivateCollectionRwset {
  readonly hashedReads: Map<string, Version | undefined>;
  readonly writes: Map<string, Write>;
  /** Metadata writes by key (SetPrivateDataValidationParameter), kept with the key's hash. */
  readonly metadataWrites: Map<string, Map<string, Buffer>>;
}

export interface SimulationContext {
  readonly db: Db;
  readonly namespace: string;
  /** The endorsing peer's organisation: private data comes from its store. */
  readonly peerMspId: string;
  /** The proposal creator's organisation, for memberOnlyRead. */
  readonly creatorMspId: string;
  readonly collections: readonly CollectionDefinition[];
  readonly collectionMembers: (collection: string) => readonly string[];
  readonly txTimestamp: { seconds: number; nanos: number };
  /**
   * A snapshot owned by the caller (peers at the same height share one); when absent the
   * simulator takes its own and closes it when done.
   */
  readonly snapshot?: AbstractSnapshot;
}

export interface SimulationResults {
  /** Serialized ledger.rwset.TxReadWriteSet (public, with private data hashes). */
  readonly publicRwset: Uint8Array;
  /** Private writes by collection, for dissemination to member peers. */
  readonly privateWrites: ReadonlyMap<string, ReadonlyMap<string, Write>>;
  readonly writtenKeys: readonly string[];
  /** Every private key written, purged or given metadata, as collection and key hash (for endorsement planning). */
  readonly privateWrittenKeys: readonly PrivateKeyRef[];
}

/** A private key as the public ledger knows it: its collection and the hex SHA-256 of the key. */
export interface PrivateKeyRef {
  readonly collection: string;
  readonly keyHashHex: string;
}

export class TxSimulator {
  private readonly snapshot: AbstractSnapshot;
  private readonly ownsSnapshot: boolean;
  private readonly reads = new Map<string, Version | undefined>();
  private readonly writes = new Map<string, Write>();
  private readonly metadataWrites = new Map<string, Map<string, Buffer>>();
  private readonly ranges: RangeRecord[] = [];
  private readonly privateSets = new Map<string, PrivateCollectionRwset>();
  private readonly iterators = new Map<string, OpenIterator>();
  private nextIteratorId = 0;
  private writePerformed = false;
  private paginatedQueriesPerformed = false;
  private closed = false;

  constructor(private readonly ctx: SimulationContext) {
    this.ownsSnapshot = !ctx.snapshot;
    this.snapshot = ctx.snapshot ?? ctx.db.snapshot();
  }

  async getState(key: string): Promise<Buffer> {
    const vv = await this.readCommitted(key);
    if (!this.reads.has(key)) this.reads.set(key, vv?.version);
    return vv ? Buffer.from(vv.value) : Buffer.alloc(0);
  }

  putState(key: string, value: Uint8Array): void {
    this.checkWritePrecondition(key);
    // a nil/empty value is a delete, as in Fabric's rwset builder
    this.writes.set(key, { value: Buffer.from(value), isDelete: value.length === 0 });
  }

  deleteState(key: string): void {
    this.checkWritePrecondition(key);
    this.writes.set(key, { value: Buffer.alloc(0), isDelete: true });
  }

  async getStateMetadata(key: string): Promise<Map<string, Buffer>> {
    const vv = await this.readCommitted(key);
    if (!this.reads.has(key)) this.reads.set(key, vv?.version);
    return decodeMetadata(vv?.metadata);
  }

  /** As the peer's HandlePutStateMetadata: the key's whole metadata becomes this one entry. */
  putStateMetadata(key: string, name: string, value: Uint8Array): void {
    this.checkWritePrecondition(key);
    this.metadataWrites.set(key, new Map([[name, Buffer.from(value)]]));
  }

  /** Opens a range iterator; answers the first batch. Paginated when pageSize is given. */
  async openRange(startKey: string, endKey: string, page?: { pageSize: number; bookmark: string }): Promise<peer.QueryResponse> {
    if (page) {
      if (this.writePerformed) throw new SimulationError('txmgr: transaction has already performed a write, paginated queries are not supported');
      this.paginatedQueriesPerformed = true;
    }
    const start = page?.bookmark ? page.bookmark : startKey;
    const gte = KEY.state(this.ctx.namespace, start);
    const lt = endKey ? KEY.state(this.ctx.namespace, endKey) : KEY.stateNamespaceEnd(this.ctx.namespace);
    const prefixLen = KEY.state(this.ctx.namespace, '').length;
    const record: RangeRecord | undefined = page ? undefined : { startKey, endKey, reads: [], exhausted: false };
    if (record) this.ranges.push(record);
    const limit = page ? Math.max(1, Math.min(page.pageSize, TOTAL_QUERY_LIMIT)) : TOTAL_QUERY_LIMIT;
    const it = this.ctx.db.iterator({ gte, lt, snapshot: this.snapshot, limit: page ? limit + 1 : limit });
    let fetched = 0;
    let nextBookmark = '';
    // A paginated query's page goes to the chaincode in ONE response carrying the bookmark, as the
    // peer's QueryResponseBuilder sends it (it batches only queries without pagination): the shim
    // reads the metadata from the first response, so a page cut into batches would lose it.
    const id = this.openIterator('range', it, ([k, v]) => {
      const key = k.slice(prefixLen);
      if (page && fetched === limit) {
        nextBookmark = key; // Fabric's bookmark is the next key to read
        return STOP;
      }
      const vv = decodeVersionedValue(v);
      record?.reads.push({ key, version: vv.version });
      const kv = new ledger.queryresult.KV();
      kv.setNamespace(this.ctx.namespace);
      kv.setKey(key);
      kv.setValue(vv.value);
      fetched++;
      return kv.serializeBinary();
    }, () => {
      if (record) record.exhausted = true;
    }, page ? limit : QUERY_BATCH_SIZE);
    const response = await this.nextBatch(id);
    if (page) {
      const md = new peer.QueryResponseMetadata();
      md.setFetchedRecordsCount(fetched);
      md.setBookmark(nextBookmark);
      response.setMetadata(md.serializeBinary());
    }
    return response;
  }

  /** History of a key, newest first, valid transactions only. Not re-checked at commit (as in Fabric). */
  async openHistory(key: string): Promise<peer.QueryResponse> {
    const prefix = KEY.historyPrefix(this.ctx.namespace, key);
    const it = this.ctx.db.iterator({ gte: prefix, lt: prefix + '\uffff', reverse: true, snapshot: this.snapshot });
    // a longer key that merely starts with this one is another key's history
    const id = this.openIterator('history', it, ([k, v]) => (k.length - prefix.length === HISTORY_SUFFIX_LENGTH ? v : SKIP));
    return this.nextBatch(id);
  }

  /**
   * Registers a query iterator that the chaincode pages through in batches of `batchSize`
   * (QUERY_BATCH_SIZE unless paginated); `toResult` turns an entry into result bytes, or skips
   * it, or stops.
   */
  private openIterator(
    kind: OpenIterator['kind'],
    it: AbstractIterator<Db, string, Buffer>,
    toResult: (entry: [string, Buffer]) => Uint8Array | typeof SKIP | typeof STOP,
    onExhausted: () => void = () => undefined,
    batchSize: number = QUERY_BATCH_SIZE,
  ): string {
    const id = `${kind}-${this.nextIteratorId++}`;
    const open: OpenIterator = {
      kind,
      batchSize,
      pending: [],
      done: false,
      // as the peer's QueryResponseBuilder: a batch plus ONE result read ahead to tell whether
      // there is more; the read-ahead result opens the next batch (and is in the read set)
      pull: async () => {
        while (open.pending.length < batchSize + 1) {
          const entry = await it.next();
          if (!entry) {
            open.done = true;
            onExhausted();
            break;
          }
          const bytes = toResult(entry);
          if (bytes === SKIP) continue;
          if (bytes === STOP) {
            open.done = true;
            break;
          }
          const qr = new peer.QueryResultBytes();
          qr.setResultbytes(bytes);
          open.pending.push(qr);
        }
      },
      close: () => it.close(),
    };
    this.iterators.set(id, open);
    return id;
  }

  async nextBatch(id: string): Promise<peer.QueryResponse> {
    const open = this.iterators.get(id);
    if (!open) throw new SimulationError(`query iterator ${id} does not exist`);
    if (!open.done) await open.pull();
    const batch = open.pending.splice(0, open.batchSize);
    const response = new peer.QueryResponse();
    response.setId(id);
    response.setResultsList(batch);
    response.setHasMore(open.pending.length > 0);
    return response;
  }

  async closeIterator(id: string): Promise<peer.QueryResponse> {
    const open = this.iterators.get(id);
    if (open) {
      this.iterators.delete(id);
      await open.close();
    }
    const response = new peer.QueryResponse();
    response.setId(id);
    return response;
  }

  // ---- private data ----

  async getPrivateData(collection: string, key: string): Promise<Buffer> {
    const members = this.memberCheck(collection);
    if (!members.includes(this.ctx.peerMspId)) {
      throw new SimulationError(`private data matching public hash version is not available; peer of ${this.ctx.peerMspId} is not a member of collection ${collection}`);
    }
    const def = this.collection(collection);
    if (def.memberOnlyRead && !members.includes(this.ctx.creatorMspId)) {
      throw new SimulationError(`tx creator does not have read access permission on privatedata in chaincodeName:${this.ctx.namespace} collectionName: ${collection}`);
    }
    const raw = this.ctx.db.getSync(KEY.privateValue(this.ctx.peerMspId, this.ctx.namespace, collection, key), { snapshot: this.snapshot });
    const vv = raw ? decodeVersionedValue(raw) : undefined;
    // the read is recorded with the public hash's version (query_executor.go GetPrivateData),
    // which a metadata-only update moves on while the value stays
    this.readHashEntry(collection, key);
    return vv ? Buffer.from(vv.value) : Buffer.alloc(0);
  }

  async getPrivateDataHash(collection: string, key: string): Promise<Buffer> {
    this.memberCheck(collection);
    const vv = this.readHashEntry(collection, key);
    return vv ? Buffer.from(vv.value) : Buffer.alloc(0);
  }

  /**
   * GetPrivateDataValidationParameter: the metadata kept with the key's hash, so every peer
   * answers it, members or not (query_executor.go GetPrivateDataMetadata reads it through
   * getPrivateDataValueHash and records the hashed read, which MVCC checks at commit). The
   * creator needs read permission, as handler.go HandleGetStateMetadata checks
   * (errorIfCreatorHasNoReadPermission).
   */
  async getPrivateDataMetadata(collection: string, key: string): Promise<Map<string, Buffer>> {
    const members = this.memberCheck(collection);
    if (this.collection(collection).memberOnlyRead && !members.includes(this.ctx.creatorMspId)) {
      throw new SimulationError(`tx creator does not have read access permission on privatedata in chaincodeName:${this.ctx.namespace} collectionName: ${collection}`);
    }
    return decodeMetadata(this.readHashEntry(collection, key)?.metadata);
  }

  /** SetPrivateDataValidationParameter: a hashed metadata write (rwset_builder.go AddToHashedMetadataWriteSet). */
  putPrivateDataMetadata(collection: string, key: string, name: string, value: Uint8Array): void {
    this.memberCheck(collection);
    this.checkWritePrecondition(key);
    this.privateSet(collection).metadataWrites.set(key, new Map([[name, Buffer.from(value)]]));
  }

  /**
   * PurgePrivateData (tx_simulator.go PurgePrivateData, rwset_builder.go
   * AddToPvtAndHashedWriteSetForPurge): a delete whose hashed write carries is_purge.
   */
  purgePrivateData(collection: string, key: string): void {
    this.memberCheck(collection);
    this.checkWritePrecondition(key);
    this.privateSet(collection).writes.set(key, { value: Buffer.alloc(0), isDelete: true, isPurge: true });
  }

  /** The committed hash entry of a private key; the hashed read is checked by MVCC at commit (queryHelper.getPrivateDataValueHash). */
  private readHashEntry(collection: string, key: string): ReturnType<typeof decodeVersionedValue> | undefined {
    const raw = this.ctx.db.getSync(KEY.privateHash(this.ctx.namespace, collection, sha256(Buffer.from(key)).toString('hex')), { snapshot: this.snapshot });
    const vv = raw ? decodeVersionedValue(raw) : undefined;
    const set = this.privateSet(collection);
    if (!set.hashedReads.has(key)) set.hashedReads.set(key, vv?.version);
    return vv;
  }

  putPrivateData(collection: string, key: string, value: Uint8Array): void {
    this.memberCheck(collection);
    this.checkWritePrecondition(key);
    this.privateSet(collection).writes.set(key, { value: Buffer.from(value), isDelete: value.length === 0 });
  }

  deletePrivateData(collection: string, key: string): void {
    this.memberCheck(collection);
    this.checkWritePrecondition(key);
    this.privateSet(collection).writes.set(key, { value: Buffer.alloc(0), isDelete: true });
  }

  /** Ends the simulation: closes iterators and the snapshot, and builds the read/write set. */
  async done(): Promise<SimulationResults> {
    if (this.closed) throw new SimulationError('simulation already finished');
    this.closed = true;
    for (const id of [...this.iterators.keys()]) await this.closeIterator(id);
    if (this.ownsSnapshot) await this.snapshot.close();
    return this.build();
  }

  /** Releases resources without results (failed simulations). */
  async abort(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const id of [...this.iterators.keys()]) await this.closeIterator(id).catch(() => undefined);
    if (this.ownsSnapshot) await this.snapshot.close().catch(() => undefined);
  }

  private build(): SimulationResults {
    const kv = new kvrwset.KVRWSet();
    kv.setReadsList(
      sortedKeys(this.reads).map((key) => {
        const r = new kvrwset.KVRead();
        r.setKey(key);
        const v = this.reads.get(key);
        if (v) r.setVersion(toProtoVersion(v));
        return r;
      }),
    );
    kv.setRangeQueriesInfoList(
      this.ranges.map((rq) => {
        const info = new kvrwset.RangeQueryInfo();
        info.setStartKey(rq.startKey);
        info.setEndKey(rq.endKey);
        info.setItrExhausted(rq.exhausted);
        const qr = new kvrwset.QueryReads();
        qr.setKvReadsList(
          rq.reads.map((r) => {
            const read = new kvrwset.KVRead();
            read.setKey(r.key);
            read.setVersion(toProtoVersion(r.version));
            return read;
          }),
        );
        info.setRawReads(qr);
        return info;
      }),
    );
    kv.setWritesList(
      sortedKeys(this.writes).map((key) => {
        const w = this.writes.get(key)!;
        const kw = new kvrwset.KVWrite();
        kw.setKey(key);
        kw.setIsDelete(w.isDelete);
        if (!w.isDelete) kw.setValue(w.value);
        return kw;
      }),
    );
    kv.setMetadataWritesList(
      sortedKeys(this.metadataWrites).map((key) => {
        const mw = new kvrwset.KVMetadataWrite();
        mw.setKey(key);
        mw.setEntriesList(metadataEntries(this.metadataWrites.get(key)!));
        return mw;
      }),
    );
    const ns = new ledger.rwset.NsReadWriteSet();
    ns.setNamespace(this.ctx.namespace);
    ns.setRwset(kv.serializeBinary());
    const privateWrites = new Map<string, ReadonlyMap<string, Write>>();
    const privateWrittenKeys: PrivateKeyRef[] = [];
    ns.setCollectionHashedRwsetList(
      sortedKeys(this.privateSets).map((coll) => {
        const set = this.privateSets.get(coll)!;
        const hashed = new kvrwset.HashedRWSet();
        hashed.setHashedReadsList(
          sortedKeys(set.hashedReads).map((key) => {
            const r = new kvrwset.KVReadHash();
            r.setKeyHash(sha256(Buffer.from(key)));
            const v = set.hashedReads.get(key);
            if (v) r.setVersion(toProtoVersion(v));
            return r;
          }),
        );
        hashed.setHashedWritesList(
          sortedKeys(set.writes).map((key) => {
            const w = set.writes.get(key)!;
            const hw = new kvrwset.KVWriteHash();
            hw.setKeyHash(sha256(Buffer.from(key)));
            hw.setIsDelete(w.isDelete);
            if (w.isPurge) hw.setIsPurge(true);
            if (!w.isDelete) hw.setValueHash(sha256(w.value));
            return hw;
          }),
        );
        hashed.setMetadataWritesList(
          sortedKeys(set.metadataWrites).map((key) => {
            const mw = new kvrwset.KVMetadataWriteHash();
            mw.setKeyHash(sha256(Buffer.from(key)));
            mw.setEntriesList(metadataEntries(set.metadataWrites.get(key)!));
            return mw;
          }),
        );
        for (const key of new Set([...set.writes.keys(), ...set.metadataWrites.keys()])) {
          privateWrittenKeys.push({ collection: coll, keyHashHex: sha256(Buffer.from(key)).toString('hex') });
        }
        if (set.writes.size > 0) privateWrites.set(coll, set.writes);
        const c = new ledger.rwset.CollectionHashedReadWriteSet();
        c.setCollectionName(coll);
        c.setHashedRwset(hashed.serializeBinary());
        c.setPvtRwsetHash(sha256(Buffer.from(JSON.stringify(sortedKeys(set.writes).map((k) => [k, set.writes.get(k)!.value.toString('base64')])))));
        return c;
      }),
    );
    const tx = new ledger.rwset.TxReadWriteSet();
    tx.setDataModel(ledger.rwset.TxReadWriteSet.DataModel.KV);
    tx.setNsRwsetList([ns]);
    const writtenKeys = [...new Set([...this.writes.keys(), ...this.metadataWrites.keys()])].sort(compareUtf8);
    return { publicRwset: tx.serializeBinary(), privateWrites, writtenKeys, privateWrittenKeys };
  }

  private async readCommitted(key: string): Promise<ReturnType<typeof decodeVersionedValue> | undefined> {
    const raw = this.ctx.db.getSync(KEY.state(this.ctx.namespace, key), { snapshot: this.snapshot });
    return raw ? decodeVersionedValue(raw) : undefined;
  }

  private checkWritePrecondition(key: string): void {
    if (!key) throw new SimulationError('key must not be an empty string');
    if (this.paginatedQueriesPerformed) throw new SimulationError('txmgr: transaction has already performed a paginated query. Writes are not allowed');
    this.writePerformed = true;
  }

  private collection(name: string): CollectionDefinition {
    const def = this.ctx.collections.find((c) => c.name === name);
    // ledger.InvalidCollNameError, as txmgr/collection_val.go validateCollName returns it
    if (!def) throw new SimulationError(`collection [${name}] not defined in the collection config for chaincode [${this.ctx.namespace}]`);
    return def;
  }

  private memberCheck(name: string): readonly string[] {
    this.collection(name);
    return this.ctx.collectionMembers(name);
  }

  private privateSet(collection: string): PrivateCollectionRwset {
    let set = this.privateSets.get(collection);
    if (!set) this.privateSets.set(collection, (set = { hashedReads: new Map(), writes: new Map(), metadataWrites: new Map() }));
    return set;
  }
}

export function toProtoVersion(v: Version): InstanceType<typeof kvrwset.Version> {
  const pv = new kvrwset.Version();
  pv.setBlockNum(v.blockNum);
  pv.setTxNum(v.txNum);
  return pv;
}

export function decodeMetadata(bytes: Uint8Array | undefined): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (!bytes || bytes.length === 0) return out;
  for (const e of peer.StateMetadataResult.deserializeBinary(bytes).getEntriesList()) out.set(e.getMetakey(), Buffer.from(e.getValue_asU8()));
  return out;
}

export function encodeMetadata(entries: ReadonlyMap<string, Uint8Array>): Buffer {
  const r = new peer.StateMetadataResult();
  r.setEntriesList(
    [...entries.keys()].sort().map((k) => {
      const m = new peer.StateMetadata();
      m.setMetakey(k);
      m.setValue(entries.get(k)!);
      return m;
    }),
  );
  return Buffer.from(r.serializeBinary());
}

/** Byte-wise UTF-8 order, as LevelDB and Fabric's sorted rwsets compare keys. */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function metadataEntries(entries: ReadonlyMap<string, Buffer>): InstanceType<typeof kvrwset.KVMetadataEntry>[] {
  return [...entries.keys()].sort().map((name) => {
    const e = new kvrwset.KVMetadataEntry();
    e.setName(name);
    e.setValue(entries.get(name)!);
    return e;
  });
}

function sortedKeys<V>(m: ReadonlyMap<string, V>): string[] {
  return [...m.keys()].sort(compareUtf8);
}
