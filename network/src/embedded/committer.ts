/**
 * The committer (core/ledger/kvledger): validates each ordered block, then writes the block
 * with its validation codes, state, history, transaction index and private data in ONE atomic
 * LevelDB batch, fsynced, and only then tells listeners. Blocks commit strictly in order.
 */
import { common, ledger } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { sha256 } from '../protocol/crypto';
import { KEY, encodeTxLocation, encodeVersionedValue, type BatchOp, type Db } from './ledger-db';
import { METADATA } from '../protocol/block-metadata';
import { Code, type DecodedTransaction } from '../protocol/transaction';
import type { TransientStore } from './transient-store';
import { prepareBlock, validatePreparedBlock, type PreparedBlock, type ValidatorOptions } from './validator';
import type { BlockUpdates } from './block-updates';
import { crashPoint } from './crash-points';
import { expiredPrivateDataOps, expiringBlock, expiryOp, purgedPrivateValueOps } from './private-purge';

export interface CommittedBlock {
  readonly number: number;
  readonly block: common.Block;
  readonly codes: readonly number[];
  readonly transactions: readonly (DecodedTransaction | undefined)[];
}

export interface CommitterOptions extends ValidatorOptions {
  readonly transientStore: TransientStore;
  readonly collectionMembers: (collection: string) => readonly string[];
  /** A collection's blockToLive (0: kept forever). */
  readonly collectionBlockToLive: (collection: string) => number;
  readonly onCommitted: (committed: CommittedBlock) => void;
  readonly onFatal: (err: Error) => void;
}

export interface Committer {
  /** Queues an ordered block for validation and commit. */
  enqueue(block: common.Block): void;
  /** Resolves when every queued block is committed. */
  idle(): Promise<void>;
}

export function createCommitter(options: Readonly<CommitterOptions>): Committer {
  let chain: Promise<void> = Promise.resolve();
  let failed: Error | undefined;
  return {
    enqueue(block) {
      // signatures of this block are verified while earlier blocks validate and commit
      const prepared = prepareBlock(block.getData()!.getDataList_asU8(), options);
      prepared.catch(() => undefined);
      chain = chain.then(async () => {
        if (failed) return;
        try {
          options.onCommitted(await commitBlock(block, options, await prepared));
        } catch (err) {
          failed = err as Error;
          options.onFatal(failed);
        }
      });
    },
    idle: () => chain,
  };
}

export async function commitBlock(block: common.Block, options: Readonly<CommitterOptions>, prepared?: PreparedBlock): Promise<CommittedBlock> {
  const number = block.getHeader()!.getNumber();
  const ready = prepared ?? (await prepareBlock(block.getData()!.getDataList_asU8(), options));
  const { codes, transactions, updates } = await validatePreparedBlock(number, ready, options);
  const ops = commitOps(number, block, codes, transactions, updates, options);
  ops.push(...(await purgedPrivateValueOps(options.db, updates, options.collectionMembers)));
  ops.push(...(await expiredPrivateDataOps(options.db, number, updates, options.collectionMembers)));
  const written = options.db.batch(ops as never, { sync: true } as never);
  crashPoint('block-commit'); // test-only (crash-points.ts): dies while the batch is being written
  await written;
  crashPoint('block-committed'); // test-only: dies after the fsync, before any waiter hears of the block
  options.transientStore.purgeBelow(number + 1);
  return { number, block, codes, transactions };
}

/** Writes the genesis (config) block without validation: it is the channel's trust anchor. */
export async function commitGenesisBlock(db: Db, block: common.Block, tx: DecodedTransaction): Promise<void> {
  const ops: BatchOp[] = [];
  setTransactionsFilter(block, [Code.VALID]);
  ops.push({ type: 'put', key: KEY.block(0), value: Buffer.from(block.serializeBinary()) });
  ops.push({ type: 'put', key: KEY.tx(tx.txId), value: encodeTxLocation({ blockNum: 0, txNum: 0, validationCode: Code.VALID }) });
  ops.push({ type: 'put', key: KEY.height, value: heightBytes(1) });
  await db.batch(ops as never, { sync: true } as never);
}

function commitOps(
  number: number,
  block: common.Block,
  codes: readonly number[],
  transactions: readonly (DecodedTransaction | undefined)[],
  updates: BlockUpdates,
  options: Readonly<CommitterOptions>,
): BatchOp[] {
  const ops: BatchOp[] = [];
  setTransactionsFilter(block, codes);
  ops.push({ type: 'put', key: KEY.block(number), value: Buffer.from(block.serializeBinary()) });

  const indexed = new Set<string>();
  transactions.forEach((tx, txNum) => {
    if (!tx || codes[txNum] === Code.DUPLICATE_TXID || indexed.has(tx.txId)) return;
    indexed.add(tx.txId);
    ops.push({ type: 'put', key: KEY.tx(tx.txId), value: encodeTxLocation({ blockNum: number, txNum, validationCode: codes[txNum]! }) });
  });

  for (const u of updates.state.values()) {
    const key = KEY.state(u.namespace, u.key);
    if (u.isDelete) ops.push({ type: 'del', key });
    else ops.push({ type: 'put', key, value: encodeVersionedValue({ value: u.value, version: u.version, metadata: u.metadata }) });
  }
  for (const h of updates.history) {
    const km = new ledger.queryresult.KeyModification();
    km.setTxId(h.txId);
    km.setValue(h.value);
    const ts = new Timestamp();
    ts.setSeconds(h.timestamp.seconds);
    ts.setNanos(h.timestamp.nanos);
    km.setTimestamp(ts);
    km.setIsDelete(h.isDelete);
    ops.push({ type: 'put', key: KEY.history(h.namespace, h.key, h.version), value: Buffer.from(km.serializeBinary()) });
  }
  for (const p of updates.privateHashes.values()) {
    const key = KEY.privateHash(p.namespace, p.collection, p.keyHashHex);
    if (p.isDelete) ops.push({ type: 'del', key });
    else ops.push({ type: 'put', key, value: encodeVersionedValue({ value: p.valueHash, version: p.version, metadata: p.metadata }) });
    // blockToLive: the schedule of the hash (and the values matching it) this block writes
    const blockToLive = options.collectionBlockToLive(p.collection);
    if (!p.isDelete && blockToLive > 0) ops.push(expiryOp(expiringBlock(number, blockToLive), p));
  }
  // private values go to the member organisations' stores when they match the committed hashes
  transactions.forEach((tx, txNum) => {
    if (!tx) return;
    const privateSet = options.transientStore.take(tx.txId);
    if (!privateSet || codes[txNum] !== Code.VALID) return;
    for (const [collection, writes] of privateSet) {
      for (const [key, w] of writes) {
        const hashed = updates.getPrivateHash(tx.chaincodeName, collection, sha256(Buffer.from(key)).toString('hex'));
        if (!hashed || hashed.version.blockNum !== number || hashed.version.txNum !== txNum) continue;
        if (!w.isDelete && !sha256(w.value).equals(hashed.valueHash)) continue;
        for (const mspId of options.collectionMembers(collection)) {
          const pkey = KEY.privateValue(mspId, tx.chaincodeName, collection, key);
          if (w.isDelete) ops.push({ type: 'del', key: pkey });
          else ops.push({ type: 'put', key: pkey, value: encodeVersionedValue({ value: w.value, version: hashed.version, metadata: Buffer.alloc(0) }) });
        }
      }
    }
  });
  ops.push({ type: 'put', key: KEY.height, value: heightBytes(number + 1) });
  return ops;
}

function setTransactionsFilter(block: common.Block, codes: readonly number[]): void {
  const md = block.getMetadata()!;
  const list = md.getMetadataList_asU8().slice();
  while (list.length <= METADATA.TRANSACTIONS_FILTER) list.push(new Uint8Array());
  list[METADATA.TRANSACTIONS_FILTER] = Uint8Array.from(codes);
  md.setMetadataList(list);
}

export function heightBytes(height: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(height));
  return b;
}
