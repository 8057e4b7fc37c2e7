/**
 * The peer's LevelDB: one database holding the block store, state, history, transaction
 * index and private data, so that a block commits in ONE atomic batch (a reopen after a crash
 * sees the last whole block or the one before it, never half of one).
 *
 * Key layout (keys compare as UTF-8 bytes, like Fabric's LevelDB state keys):
 *   blk/<block number, 16 hex>                     serialized common.Block
 *   tx/<txId>                                      block number, tx number, validation code
 *   st/<namespace>\0<key>                          versioned value (+ state metadata)
 *   hi/<namespace>\0<key>\0<block 16 hex><tx 8 hex>  ledger.queryresult.KeyModification
 *   pv/<mspId>/<namespace>\0<collection>\0<key>    private value held by that org's peer
 *   ph/<namespace>\0<collection>\0<key hash hex>   private data hash on the public ledger (+ its metadata)
 *   px/<expiring block, 16 hex>/<namespace>\0<collection>\0<key hash hex>
 *                                                  blockToLive schedule: the hash version that expires
 *   meta/height                                    number of committed blocks
 */
import { Level } from 'level';

export type Db = Level<string, Buffer>;
export type BatchOp = { type: 'put'; key: string; value: Buffer } | { type: 'del'; key: string };

export async function openLedgerDb(path: string): Promise<Db> {
  const db = new Level<string, Buffer>(path, { keyEncoding: 'utf8', valueEncoding: 'buffer' });
  await db.open();
  return db;
}

export interface Version {
  readonly blockNum: number;
  readonly txNum: number;
}

export function sameVersion(a: Version | undefined, b: Version | undefined): boolean {
  if (!a || !b) return a === b;
  return a.blockNum === b.blockNum && a.txNum === b.txNum;
}

export const KEY = {
  block: (n: number): string => `blk/${hex(n, 16)}`,
  tx: (txId: string): string => `tx/${txId}`,
  state: (ns: string, key: string): string => `st/${ns}\u0000${key}`,
  stateNamespaceEnd: (ns: string): string => `st/${ns}\u0001`,
  historyPrefix: (ns: string, key: string): string => `hi/${ns}\u0000${key}\u0000`,
  history: (ns: string, key: string, v: Version): string => `hi/${ns}\u0000${key}\u0000${hex(v.blockNum, 16)}${hex(v.txNum, 8)}`,
  privateValue: (mspId: string, ns: string, coll: string, key: string): string => `pv/${mspId}/${ns}\u0000${coll}\u0000${key}`,
  privateHash: (ns: string, coll: string, keyHashHex: string): string => `ph/${ns}\u0000${coll}\u0000${keyHashHex}`,
  privateValuesOf: (mspId: string, ns: string, coll: string): string => `pv/${mspId}/${ns}\u0000${coll}\u0000`,
  privateExpiryAt: (block: number): string => `px/${hex(block, 16)}/`,
  privateExpiry: (block: number, ns: string, coll: string, keyHashHex: string): string => `px/${hex(block, 16)}/${ns}\u0000${coll}\u0000${keyHashHex}`,
  height: 'meta/height',
} as const;

/** Length of the fixed suffix of a history key (block and tx numbers). */
export const HISTORY_SUFFIX_LENGTH = 24;

export function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** A versioned value: [blockNum u64][txNum u32][metadata length u32][metadata][value]. */
export interface VersionedValue {
  readonly value: Buffer;
  readonly version: Version;
  /** Serialized peer.StateMetadataResult, or empty. */
  readonly metadata: Buffer;
}

export function encodeVersionedValue(v: VersionedValue): Buffer {
  const head = Buffer.alloc(16);
  head.writeBigUInt64BE(BigInt(v.version.blockNum), 0);
  head.writeUInt32BE(v.version.txNum, 8);
  head.writeUInt32BE(v.metadata.length, 12);
  return Buffer.concat([head, v.metadata, v.value]);
}

export function decodeVersionedValue(b: Buffer): VersionedValue {
  const blockNum = Number(b.readBigUInt64BE(0));
  const txNum = b.readUInt32BE(8);
  const metaLen = b.readUInt32BE(12);
  return {
    version: { blockNum, txNum },
    metadata: b.subarray(16, 16 + metaLen),
    value: b.subarray(16 + metaLen),
  };
}

export interface TxLocation {
  readonly blockNum: number;
  readonly txNum: number;
  readonly validationCode: number;
}

export function encodeTxLocation(t: TxLocation): Buffer {
  const b = Buffer.alloc(13);
  b.writeBigUInt64BE(BigInt(t.blockNum), 0);
  b.writeUInt32BE(t.txNum, 8);
  b.writeUInt8(t.validationCode, 12);
  return b;
}

export function decodeTxLocation(b: Buffer): TxLocation {
  return { blockNum: Number(b.readBigUInt64BE(0)), txNum: b.readUInt32BE(8), validationCode: b.readUInt8(12) };
}
