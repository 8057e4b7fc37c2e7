/**
 * Validation of a block's transactions in order (core/committer/txvalidator): envelope and
 * creator signature, txId derivation, duplicate txId, endorsement signatures and policies,
 * then MVCC and phantom reads for the still-valid ones. Each transaction gets a
 * TxValidationCode; the valid ones' writes accumulate in the block's update batch.
 */
import type { SignatureCheck, SignatureVerifier } from './signature-verifier';
import { KEY, type Db, type Version } from './ledger-db';
import { BlockUpdates } from './block-updates';
import type { ValidatedIdentity } from '../protocol/msp';
import { computeTxId } from '../protocol/tx-id';
import { Code, MalformedTransactionError, decodeTransaction, type DecodedTransaction, type NamespaceRwset } from '../protocol/transaction';
import { checkEndorsementPolicy, type PolicyContext } from './endorsement-policy';
import { validateReads } from './mvcc';
import { VALIDATION_PARAMETER, encodeMetadata } from './tx-simulator';
import { decodeVersionedValue } from './ledger-db';

export interface ValidatedBlock {
  readonly codes: number[];
  readonly transactions: (DecodedTransaction | undefined)[];
  readonly updates: BlockUpdates;
}

export interface ValidatorOptions extends PolicyContext {
  readonly channelId: string;
  readonly verifier: SignatureVerifier;
}

/** What the signature phase established for one transaction. */
interface SignatureFacts {
  readonly creator?: ValidatedIdentity;
  readonly creatorSigned: boolean;
  /** Endorsers whose identity is valid and whose signature over (payload ‖ endorser) verifies. */
  readonly endorsers: ValidatedIdentity[];
}

/** A block decoded and with its signatures verified: the part that does not depend on state. */
export interface PreparedBlock {
  readonly transactions: (DecodedTransaction | undefined)[];
  readonly decodeCodes: (number | undefined)[];
  readonly signatures: SignatureFacts[];
}

/**
 * Decodes the block and verifies every signature in it, in one batch off the main thread. It
 * does not read state, so the committer runs it for a block while the previous one commits.
 */
export async function prepareBlock(envelopes: readonly Uint8Array[], options: Readonly<ValidatorOptions>): Promise<PreparedBlock> {
  const transactions: (DecodedTransaction | undefined)[] = [];
  const decodeCodes: (number | undefined)[] = [];
  for (const env of envelopes) {
    try {
      transactions.push(decodeTransaction(env));
      decodeCodes.push(undefined);
    } catch (err) {
      transactions.push(undefined);
      decodeCodes.push(err instanceof MalformedTransactionError ? err.code : Code.INVALID_OTHER_REASON);
    }
  }
  return { transactions, decodeCodes, signatures: await verifySignatures(transactions, options) };
}

/** The checks that depend on state and on earlier transactions of the block, in order. */
export async function validatePreparedBlock(blockNumber: number, prepared: PreparedBlock, options: Readonly<ValidatorOptions>): Promise<ValidatedBlock> {
  const updates = new BlockUpdates();
  const codes: number[] = [];
  const { transactions, decodeCodes, signatures } = prepared;
  for (let txNum = 0; txNum < transactions.length; txNum++) {
    const tx = transactions[txNum];
    let code = decodeCodes[txNum] ?? Code.INVALID_OTHER_REASON;
    if (tx) {
      try {
        code = await validateTransaction(tx, signatures[txNum]!, { blockNum: blockNumber, txNum }, updates, options);
      } catch {
        code = Code.INVALID_OTHER_REASON;
      }
      updates.txIds.add(tx.txId);
    }
    codes.push(code);
  }
  return { codes, transactions, updates };
}

async function verifySignatures(transactions: readonly (DecodedTransaction | undefined)[], options: ValidatorOptions): Promise<SignatureFacts[]> {
  const checks: SignatureCheck[] = [];
  const plans = transactions.map((tx) => {
    if (!tx) return undefined;
    let creator: ValidatedIdentity | undefined;
    try {
      creator = options.msps.deserialize(tx.creator);
    } catch {
      return { creator: undefined, creatorAt: -1, endorsers: [] as { id: ValidatedIdentity; at: number }[] };
    }
    const creatorAt = checks.push({ spki: creator.spki, data: tx.payloadBytes, signature: tx.signature }) - 1;
    const endorsers: { id: ValidatedIdentity; at: number }[] = [];
    for (const e of tx.endorsements) {
      try {
        const id = options.msps.deserialize(e.endorser);
        endorsers.push({ id, at: checks.push({ spki: id.spki, data: Buffer.concat([tx.proposalResponsePayload, e.endorser]), signature: e.signature }) - 1 });
      } catch {
        // an endorsement from an unknown or invalid identity is ignored, as vscc does
      }
    }
    return { creator, creatorAt, endorsers };
  });
  const results = checks.length > 0 ? await options.verifier.verifyMany(checks) : [];
  return plans.map((p) => ({
    creator: p?.creator,
    creatorSigned: p !== undefined && p.creatorAt >= 0 && results[p.creatorAt] === true,
    endorsers: (p?.endorsers ?? []).filter((e) => results[e.at] === true).map((e) => e.id),
  }));
}

async function validateTransaction(tx: DecodedTransaction, sigs: SignatureFacts, version: Version, updates: BlockUpdates, options: ValidatorOptions): Promise<number> {
  const { db } = options;
  if (tx.channelId !== options.channelId) return Code.TARGET_CHAIN_NOT_FOUND;
  if (!sigs.creator || !sigs.creatorSigned) return Code.BAD_CREATOR_SIGNATURE;
  if (computeTxId(tx.nonce, tx.creator) !== tx.txId) return Code.BAD_PROPOSAL_TXID;
  if (updates.txIds.has(tx.txId) || db.getSync(KEY.tx(tx.txId))) return Code.DUPLICATE_TXID;
  if (tx.response.status >= 400) return Code.ENDORSEMENT_POLICY_FAILURE;

  const policyCode = await checkEndorsementPolicy(tx.rwsets, sigs.endorsers, updates, options);
  if (policyCode !== Code.VALID) return policyCode;

  const readsCode = await validateReads(db, tx.rwsets, updates);
  if (readsCode !== Code.VALID) return readsCode;

  await applyWrites(tx, version, updates, db);
  return Code.VALID;
}

async function applyWrites(tx: DecodedTransaction, version: Version, updates: BlockUpdates, db: Db): Promise<void> {
  const timestamp = tx.timestamp;
  for (const ns of tx.rwsets) {
    const metaWrites = new Map(ns.kv.getMetadataWritesList().map((m) => [m.getKey(), m.getEntriesList()]));
    const current = async (key: string): Promise<{ value: Buffer; metadata: Buffer; exists: boolean }> => {
      const u = updates.get(ns.namespace, key);
      if (u) return { value: u.value, metadata: u.metadata, exists: !u.isDelete };
      const raw = db.getSync(KEY.state(ns.namespace, key));
      if (!raw) return { value: Buffer.alloc(0), metadata: Buffer.alloc(0), exists: false };
      const vv = decodeVersionedValue(raw);
      return { value: Buffer.from(vv.value), metadata: Buffer.from(vv.metadata), exists: true };
    };
    for (const w of ns.kv.getWritesList()) {
      const key = w.getKey();
      const isDelete = w.getIsDelete() || w.getValue_asU8().length === 0;
      const value = isDelete ? Buffer.alloc(0) : Buffer.from(w.getValue_asU8());
      let metadata = isDelete ? Buffer.alloc(0) : (await current(key)).metadata;
      const entries = metaWrites.get(key);
      if (entries && !isDelete) {
        metadata = mergeMetadata(metadata, entries);
        if (entries.some((e) => e.getName() === VALIDATION_PARAMETER)) updates.metadataChanged.add(`${ns.namespace}\u0000${key}`);
        metaWrites.delete(key);
      }
      updates.put({ namespace: ns.namespace, key, value, isDelete, metadata, version });
      updates.history.push({ namespace: ns.namespace, key, version, txId: tx.txId, value, isDelete, timestamp });
    }
    // metadata-only writes keep the value; on an absent key they are ignored, as in Fabric
    for (const [key, entries] of metaWrites) {
      const cur = await current(key);
      if (!cur.exists) continue;
      updates.put({ namespace: ns.namespace, key, value: cur.value, isDelete: false, metadata: mergeMetadata(cur.metadata, entries), version });
      if (entries.some((e) => e.getName() === VALIDATION_PARAMETER)) updates.metadataChanged.add(`${ns.namespace}\u0000${key}`);
    }
    for (const c of ns.collections) applyHashedWrites(ns.namespace, c, version, updates, db);
  }
}

/**
 * The hashed writes of one collection, as txops.go applies them to the hashed state: a value
 * write keeps the key's metadata, a delete or purge drops it, and a metadata write
 * (SetPrivateDataValidationParameter) replaces the metadata of an existing hash and moves its
 * version on; on an absent key it is ignored.
 */
function applyHashedWrites(namespace: string, c: NamespaceRwset['collections'][number], version: Version, updates: BlockUpdates, db: Db): void {
  const current = (keyHashHex: string): { valueHash: Buffer; metadata: Buffer } | undefined => {
    const u = updates.getPrivateHash(namespace, c.name, keyHashHex);
    if (u) return u.isDelete ? undefined : u;
    const raw = db.getSync(KEY.privateHash(namespace, c.name, keyHashHex));
    if (!raw) return undefined;
    const vv = decodeVersionedValue(raw);
    return { valueHash: Buffer.from(vv.value), metadata: Buffer.from(vv.metadata) };
  };
  const metaWrites = new Map(c.hashed.getMetadataWritesList().map((m) => [Buffer.from(m.getKeyHash_asU8()).toString('hex'), m.getEntriesList()]));
  const changesValidationParameter = (entries: readonly { getName(): string }[]): boolean => entries.some((e) => e.getName() === VALIDATION_PARAMETER);
  for (const hw of c.hashed.getHashedWritesList()) {
    const keyHashHex = Buffer.from(hw.getKeyHash_asU8()).toString('hex');
    const isDelete = hw.getIsDelete() || hw.getIsPurge();
    let metadata = isDelete ? Buffer.alloc(0) : (current(keyHashHex)?.metadata ?? Buffer.alloc(0));
    const entries = metaWrites.get(keyHashHex);
    if (entries && !isDelete) {
      metadata = mergeMetadata(metadata, entries);
      if (changesValidationParameter(entries)) updates.privateMetadataChanged.add(BlockUpdates.privateId(namespace, c.name, keyHashHex));
    }
    metaWrites.delete(keyHashHex);
    updates.putPrivateHash({ namespace, collection: c.name, keyHashHex, valueHash: Buffer.from(hw.getValueHash_asU8()), isDelete, isPurge: hw.getIsPurge(), metadata, version });
  }
  for (const [keyHashHex, entries] of metaWrites) {
    const cur = current(keyHashHex);
    if (!cur) continue;
    updates.putPrivateHash({ namespace, collection: c.name, keyHashHex, valueHash: cur.valueHash, isDelete: false, isPurge: false, metadata: mergeMetadata(cur.metadata, entries), version });
    if (changesValidationParameter(entries)) updates.privateMetadataChanged.add(BlockUpdates.privateId(namespace, c.name, keyHashHex));
  }
}

/** A metadata write replaces the key's metadata (Fabric's SetStateMetadata); empty values are dropped. */
export function mergeMetadata(_existing: Buffer, entries: readonly { getName(): string; getValue_asU8(): Uint8Array }[]): Buffer {
  const m = new Map<string, Buffer>();
  for (const e of entries) {
    const v = e.getValue_asU8();
    if (v.length > 0) m.set(e.getName(), Buffer.from(v));
  }
  return encodeMetadata(m);
}
