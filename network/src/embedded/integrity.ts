/**
 * Re-verifies a ledger from genesis without trusting anything but the genesis block: header
 * chain and data hashes as Fabric computes them, the orderer's signature over each block's
 * metadata and header, the Merkle root it signed, and for every transaction marked VALID the
 * creator's and endorsers' signatures with certificates issued by the channel's CAs.
 */
import { common } from '@hyperledger/fabric-protos';
import { blockDataHash, blockHeaderBytes, blockHeaderHash } from './block-hash';
import { verifyLowS } from './crypto';
import { KEY, type Db } from './ledger-db';
import { createMspRegistry, type MspRegistry } from './msp';
import { METADATA } from './orderer';
import { computeTxId } from './proposal';
import { merkleRoot } from './tx-merkle';
import { Code, decodeTransaction } from './transaction';
import { parseChannelConfig } from './channel-config';

export interface IntegrityReport {
  readonly ok: boolean;
  readonly height: number;
  readonly checkedBlocks: number;
  readonly checkedTransactions: number;
  readonly firstBadBlock?: number;
  readonly problem?: string;
}

export interface IntegrityOptions {
  readonly onProgress?: (checkedBlocks: number, height: number) => void;
}

class IntegrityFailure extends Error {
  constructor(readonly blockNumber: number, message: string) {
    super(message);
  }
}

export async function verifyLedger(db: Db, options: IntegrityOptions = {}): Promise<IntegrityReport> {
  const rawHeight = await db.get(KEY.height);
  const height = rawHeight ? Number(rawHeight.readBigUInt64BE(0)) : 0;
  let checkedBlocks = 0;
  let checkedTransactions = 0;
  try {
    if (height === 0) return { ok: true, height, checkedBlocks, checkedTransactions };
    let msps: MspRegistry | undefined;
    let ordererMsp = '';
    let previous: Buffer | undefined;
    for (let n = 0; n < height; n++) {
      const raw = await db.get(KEY.block(n));
      if (!raw) throw new IntegrityFailure(n, `block ${n} is missing below height ${height}`);
      const block = common.Block.deserializeBinary(raw);
      const header = block.getHeader();
      if (!header || header.getNumber() !== n) throw new IntegrityFailure(n, `block stored as ${n} has number ${header?.getNumber()}`);
      const envelopes = block.getData()?.getDataList_asU8() ?? [];
      if (!blockDataHash(envelopes).equals(Buffer.from(header.getDataHash_asU8()))) throw new IntegrityFailure(n, `data hash of block ${n} does not match its transactions`);
      const prev = Buffer.from(header.getPreviousHash_asU8());
      if (n === 0 ? prev.length !== 0 : !previous!.equals(prev)) throw new IntegrityFailure(n, `block ${n} does not chain to block ${n - 1} (previous hash mismatch)`);

      if (n === 0) {
        const genesis = decodeTransaction(envelopes[0]!);
        if (!genesis.configData) throw new IntegrityFailure(0, 'block 0 is not a configuration block');
        const config = parseChannelConfig(genesis.configData);
        ordererMsp = config.orderer.mspId;
        msps = createMspRegistry(new Map([...config.organizations.map((o) => [o.mspId, o.rootCertificate] as const), [ordererMsp, config.orderer.rootCertificate]]));
      }
      verifyOrdererSignature(block, n, msps!, ordererMsp);

      const filter = block.getMetadata()!.getMetadataList_asU8()[METADATA.TRANSACTIONS_FILTER] ?? new Uint8Array();
      if (filter.length !== envelopes.length) throw new IntegrityFailure(n, `block ${n} has ${envelopes.length} transactions but ${filter.length} validation codes`);
      if (n > 0) {
        envelopes.forEach((env, i) => {
          if (filter[i] !== Code.VALID) return;
          verifyValidTransaction(env, n, i, msps!);
          checkedTransactions++;
        });
      }
      previous = blockHeaderHash(header);
      checkedBlocks++;
      options.onProgress?.(checkedBlocks, height);
    }
    if (await db.get(KEY.block(height))) throw new IntegrityFailure(height, `a block ${height} exists above the recorded height`);
    return { ok: true, height, checkedBlocks, checkedTransactions };
  } catch (err) {
    const blockNumber = err instanceof IntegrityFailure ? err.blockNumber : checkedBlocks;
    return { ok: false, height, checkedBlocks, checkedTransactions, firstBadBlock: blockNumber, problem: (err as Error).message };
  }
}

function verifyOrdererSignature(block: common.Block, n: number, msps: MspRegistry, ordererMsp: string): void {
  const header = block.getHeader()!;
  const sigs = common.Metadata.deserializeBinary(block.getMetadata()!.getMetadataList_asU8()[METADATA.SIGNATURES] ?? new Uint8Array());
  const value = sigs.getValue_asU8();
  const list = sigs.getSignaturesList();
  if (list.length === 0) throw new IntegrityFailure(n, `block ${n} carries no orderer signature`);
  const headerBytes = blockHeaderBytes(header.getNumber(), header.getPreviousHash_asU8(), header.getDataHash_asU8());
  const signed = list.some((ms) => {
    try {
      const sh = common.SignatureHeader.deserializeBinary(ms.getSignatureHeader_asU8());
      const id = msps.deserialize(sh.getCreator_asU8());
      if (id.mspId !== ordererMsp || id.nodeType !== 'orderer') return false;
      return verifyLowS(id.publicKey, Buffer.concat([value, ms.getSignatureHeader_asU8(), headerBytes]), ms.getSignature_asU8());
    } catch {
      return false;
    }
  });
  if (!signed) throw new IntegrityFailure(n, `block ${n} metadata is not signed by an orderer of ${ordererMsp}`);
  const obm = common.OrdererBlockMetadata.deserializeBinary(value);
  const root = Buffer.from(obm.getConsenterMetadata_asU8());
  if (!root.equals(merkleRoot(block.getData()!.getDataList_asU8()))) throw new IntegrityFailure(n, `block ${n}: the signed Merkle root does not match its transactions`);
}

function verifyValidTransaction(envelope: Uint8Array, n: number, i: number, msps: MspRegistry): void {
  const tx = decodeTransaction(envelope);
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
}
