/**
 * Re-verifies a chain of blocks from any backend, given only a way to read raw blocks
 * (serialized common.Block) and the channel's trust roots: header chain and data hashes as
 * Fabric computes them (protoutil/blockutils.go), the orderer's signature over each block's
 * metadata and header (protoutil.BlockSignatureVerifier's signed bytes), optionally the
 * Merkle root the embedded orderer signs, and for every endorser transaction marked VALID the
 * creator's and endorsers' signatures with certificates issued by the channel's CAs.
 *
 * Node-side (node:crypto through the embedded MSP, the same code the embedded validator
 * trusts); it is not part of the browser bundle (browser.ts does not import it).
 *
 * Cost: one read and one decode per block, one SHA-256 over its data, one ECDSA verify for the
 * orderer signature and 1 + endorsements verifies per valid transaction (certificates are
 * parsed once per identity). Roughly linear in the number of signatures; a range check
 * (`from`/`to`) costs only its blocks plus one read of the block before it.
 */
import { common, peer } from '@hyperledger/fabric-protos';
import { blockDataHash, blockHeaderBytes, blockHeaderHash } from '../protocol/block-hash';
import { parseChannelConfig } from '../protocol/channel-config';
import { verifyLowS } from '../protocol/crypto';
import { createMspRegistry, type MspRegistry } from '../protocol/msp';
import { computeTxId } from '../protocol/tx-id';
import { decodeTransaction } from '../protocol/transaction';
import { merkleRoot } from '../protocol/tx-merkle';

const SIGNATURES = common.BlockMetadataIndex.SIGNATURES;
const TRANSACTIONS_FILTER = common.BlockMetadataIndex.TRANSACTIONS_FILTER;
const VALID = peer.TxValidationCode.VALID;

export interface ChainSource {
  /** Number of blocks on the channel. */
  readonly height: number;
  /** Block `n` exactly as stored, or undefined when it is missing. Other failures (ledger unreachable) should throw. */
  rawBlock(blockNumber: number): Promise<Uint8Array | undefined>;
  /**
   * Root CA certificates (PEM) by MSP id. When given they are the trust anchors and block 0 is
   * only hashed (a Fabric configtx block or the embedded config envelope alike). When absent,
   * block 0 must be the embedded network's channel-config JSON and the roots are read from it.
   */
  readonly trustRoots?: Readonly<Record<string, string>>;
  /** MSP ids whose `orderer` identities may sign blocks; default any trusted MSP (Fabric's BlockValidation policy is ANY Writers of the orderer orgs). */
  readonly ordererMspIds?: readonly string[];
  /**
   * Require the Merkle root of the block's envelopes in OrdererBlockMetadata.consenter_metadata.
   * Only the embedded orderer puts it there; on Fabric that field is Raft metadata.
   */
  readonly requireMerkleRoot: boolean;
}

export interface ChainCheckOptions {
  /** First block to check (default 0). Above 0, the block before it anchors the previous hash, unchecked. */
  readonly from?: number;
  /** Last block to check, inclusive (default height - 1). */
  readonly to?: number;
  readonly onProgress?: (checkedBlocks: number, total: number) => void;
  /** Awaited between blocks, e.g. to let a server's event loop breathe on a long check. */
  readonly pause?: () => Promise<void>;
}

export interface ChainReport {
  readonly ok: boolean;
  readonly height: number;
  /** The range checked, inclusive; absent for an empty chain. */
  readonly from?: number;
  readonly to?: number;
  readonly checkedBlocks: number;
  readonly checkedTransactions: number;
  readonly firstBadBlock?: number;
  readonly problem?: string;
}

/** A block that failed a check; thrown inside the verifier and reported, never escaping it. */
export class IntegrityFailure extends Error {
  override readonly name = 'IntegrityFailure';
  constructor(
    readonly blockNumber: number,
    message: string,
  ) {
    super(message);
  }
}

interface Anchors {
  readonly msps: MspRegistry;
  readonly ordererMspIds: ReadonlySet<string> | undefined;
}

/** Verifies blocks `from`..`to` of `source`; a failure is a report with `ok: false`, not a throw. */
export async function verifyChain(source: ChainSource, options: ChainCheckOptions = {}): Promise<ChainReport> {
  const { height } = source;
  if (height === 0) return { ok: true, height, checkedBlocks: 0, checkedTransactions: 0 };
  const from = options.from ?? 0;
  const to = options.to ?? height - 1;
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || from > to || to >= height) {
    throw new RangeError(`range ${from}..${to} is not within the chain's blocks 0..${height - 1}`);
  }
  const total = to - from + 1;
  let checkedBlocks = 0;
  let checkedTransactions = 0;
  try {
    const anchors = await anchorsOf(source);
    let previous = from === 0 ? undefined : headerHashOf(await readBlock(source, from - 1), from - 1);
    for (let n = from; n <= to; n++) {
      const block = await readBlock(source, n);
      checkedTransactions += verifyBlockOrExplain(block, n, previous, anchors, source.requireMerkleRoot);
      previous = blockHeaderHash(block.getHeader()!);
      checkedBlocks++;
      options.onProgress?.(checkedBlocks, total);
      if (options.pause && n < to) await options.pause();
    }
    return { ok: true, height, from, to, checkedBlocks, checkedTransactions };
  } catch (err) {
    if (!(err instanceof IntegrityFailure)) throw err;
    return { ok: false, height, from, to, checkedBlocks, checkedTransactions, firstBadBlock: err.blockNumber, problem: err.message };
  }
}

async function anchorsOf(source: ChainSource): Promise<Anchors> {
  if (source.trustRoots) {
    return {
      msps: createMspRegistry(new Map(Object.entries(source.trustRoots))),
      ordererMspIds: source.ordererMspIds ? new Set(source.ordererMspIds) : undefined,
    };
  }
  // No roots given: the embedded genesis block carries them as channel-config JSON.
  const genesis = await readBlock(source, 0);
  const envelope = genesis.getData()?.getDataList_asU8()[0];
  let config;
  try {
    const configData = envelope ? decodeTransaction(envelope).configData : undefined;
    if (!configData) throw new Error('its first envelope is not a CONFIG envelope');
    config = parseChannelConfig(configData);
  } catch (err) {
    throw new IntegrityFailure(
      0,
      `block 0 does not hold the channel configuration (pass the trust roots for a Fabric configtx block): ${(err as Error).message}`,
    );
  }
  const roots = new Map([...config.organizations.map((o) => [o.mspId, o.rootCertificate] as const), [config.orderer.mspId, config.orderer.rootCertificate]]);
  return { msps: createMspRegistry(roots), ordererMspIds: new Set(source.ordererMspIds ?? [config.orderer.mspId]) };
}

async function readBlock(source: ChainSource, n: number): Promise<common.Block> {
  const raw = await source.rawBlock(n);
  if (!raw) throw new IntegrityFailure(n, `block ${n} is missing below height ${source.height}`);
  let block: common.Block;
  try {
    block = common.Block.deserializeBinary(raw);
  } catch (err) {
    throw new IntegrityFailure(n, `block ${n} is not a common.Block: ${(err as Error).message}`);
  }
  const header = block.getHeader();
  if (!header || header.getNumber() !== n) throw new IntegrityFailure(n, `block stored as ${n} has number ${header?.getNumber()}`);
  return block;
}

function headerHashOf(block: common.Block, n: number): Buffer {
  const header = block.getHeader();
  if (!header) throw new IntegrityFailure(n, `block ${n} has no header`);
  return blockHeaderHash(header);
}

/** verifyBlock, with any decoding fault of a stored block reported as that block's problem. */
function verifyBlockOrExplain(block: common.Block, n: number, previous: Buffer | undefined, anchors: Anchors, requireMerkleRoot: boolean): number {
  try {
    return verifyBlock(block, n, previous, anchors, requireMerkleRoot);
  } catch (err) {
    if (err instanceof IntegrityFailure) throw err;
    throw new IntegrityFailure(n, `block ${n} is malformed: ${(err as Error).message}`);
  }
}

/** Checks one block; returns how many valid transactions it re-verified. */
function verifyBlock(block: common.Block, n: number, previous: Buffer | undefined, anchors: Anchors, requireMerkleRoot: boolean): number {
  const header = block.getHeader()!;
  const envelopes = block.getData()?.getDataList_asU8() ?? [];
  if (!blockDataHash(envelopes).equals(Buffer.from(header.getDataHash_asU8())))
    throw new IntegrityFailure(n, `data hash of block ${n} does not match its transactions`);
  const prev = Buffer.from(header.getPreviousHash_asU8());
  if (previous === undefined ? prev.length !== 0 : !previous.equals(prev))
    throw new IntegrityFailure(n, `block ${n} does not chain to block ${n - 1} (previous hash mismatch)`);

  const metadata = block.getMetadata()?.getMetadataList_asU8() ?? [];
  const signatures = common.Metadata.deserializeBinary(metadata[SIGNATURES] ?? new Uint8Array());
  // configtxgen's genesis block carries no orderer signature; block 1's signed header chains to it.
  if (n > 0 || signatures.getSignaturesList().length > 0) verifyOrdererSignature(block, signatures, n, anchors);
  if (requireMerkleRoot) {
    const root = Buffer.from(common.OrdererBlockMetadata.deserializeBinary(signatures.getValue_asU8()).getConsenterMetadata_asU8());
    if (!root.equals(merkleRoot(envelopes))) throw new IntegrityFailure(n, `block ${n}: the signed Merkle root does not match its transactions`);
  }

  const filter = metadata[TRANSACTIONS_FILTER] ?? new Uint8Array();
  if (filter.length !== envelopes.length)
    throw new IntegrityFailure(n, `block ${n} has ${envelopes.length} transactions but ${filter.length} validation codes`);
  if (n === 0) {
    if (!isConfigEnvelope(envelopes[0])) throw new IntegrityFailure(0, 'block 0 is not a configuration block');
    return 0;
  }
  let verified = 0;
  envelopes.forEach((envelope, i) => {
    // Invalid transactions stay in the block unverified, as a peer keeps them.
    if (filter[i] === VALID && verifyValidTransaction(envelope, n, i, anchors.msps)) verified++;
  });
  return verified;
}

function isConfigEnvelope(envelope: Uint8Array | undefined): boolean {
  if (!envelope) return false;
  try {
    return decodeTransaction(envelope).configData !== undefined;
  } catch {
    return false;
  }
}

function verifyOrdererSignature(block: common.Block, signatures: common.Metadata, n: number, anchors: Anchors): void {
  const header = block.getHeader()!;
  const value = signatures.getValue_asU8();
  const list = signatures.getSignaturesList();
  if (list.length === 0) throw new IntegrityFailure(n, `block ${n} carries no orderer signature`);
  const headerBytes = blockHeaderBytes(header.getNumber(), header.getPreviousHash_asU8(), header.getDataHash_asU8());
  const signed = list.some((ms) => {
    try {
      const sh = common.SignatureHeader.deserializeBinary(ms.getSignatureHeader_asU8());
      const id = anchors.msps.deserialize(sh.getCreator_asU8());
      if (id.nodeType !== 'orderer' || (anchors.ordererMspIds && !anchors.ordererMspIds.has(id.mspId))) return false;
      return verifyLowS(id.publicKey, Buffer.concat([value, ms.getSignatureHeader_asU8(), headerBytes]), ms.getSignature_asU8());
    } catch {
      return false;
    }
  });
  const by = anchors.ordererMspIds ? [...anchors.ordererMspIds].join(', ') : 'a trusted organisation';
  if (!signed) throw new IntegrityFailure(n, `block ${n} metadata is not signed by an orderer of ${by}`);
}

/** Re-verifies an endorser transaction marked VALID; false for a config update, which channel policies signed and this does not re-evaluate. */
function verifyValidTransaction(envelope: Uint8Array, n: number, i: number, msps: MspRegistry): boolean {
  let tx;
  try {
    tx = decodeTransaction(envelope);
  } catch (err) {
    throw new IntegrityFailure(n, `block ${n} transaction ${i}: marked VALID but cannot be decoded: ${(err as Error).message}`);
  }
  if (tx.configData) return false;
  const where = `block ${n} transaction ${i} (${tx.txId})`;
  let creator;
  try {
    creator = msps.deserialize(tx.creator);
  } catch (err) {
    throw new IntegrityFailure(n, `${where}: creator is not valid: ${(err as Error).message}`);
  }
  if (!verifyLowS(creator.publicKey, tx.payloadBytes, tx.signature)) throw new IntegrityFailure(n, `${where}: creator signature does not verify`);
  if (computeTxId(tx.nonce, tx.creator) !== tx.txId) throw new IntegrityFailure(n, `${where}: txId is not derived from nonce and creator`);
  if (tx.endorsements.length === 0) throw new IntegrityFailure(n, `${where}: marked VALID without endorsements`);
  for (const e of tx.endorsements) {
    let id;
    try {
      id = msps.deserialize(e.endorser);
    } catch (err) {
      throw new IntegrityFailure(n, `${where}: endorser is not valid: ${(err as Error).message}`);
    }
    if (!verifyLowS(id.publicKey, Buffer.concat([tx.proposalResponsePayload, e.endorser]), e.signature)) {
      throw new IntegrityFailure(n, `${where}: endorsement of ${id.mspId} does not verify`);
    }
  }
  return true;
}
