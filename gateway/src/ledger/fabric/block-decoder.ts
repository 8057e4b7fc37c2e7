/**
 * Real Fabric blocks (common.Block bytes from qscc) → BlockInfo / TransactionInfo. The
 * envelope decoding and the header hash are the same code the embedded network uses, so
 * both backends describe a block identically and one proof verifier checks both.
 */
import { common, msp, peer } from '@hyperledger/fabric-protos';
import { X509Certificate } from 'node:crypto';
import { blockHeaderHash } from '../../../../network/src/protocol/block-hash';
import { decodeTransaction, validationCodeName } from '../../../../network/src/protocol/transaction';
import { LedgerNotFoundError } from '../errors';
import type { BlockInfo, TransactionInfo } from '../ledger';

/** common.BlockMetadataIndex.TRANSACTIONS_FILTER: one validation code byte per transaction. */
const TRANSACTIONS_FILTER = 2;

function transactionsFilter(block: common.Block): Uint8Array {
  return block.getMetadata()?.getMetadataList_asU8()[TRANSACTIONS_FILTER] ?? new Uint8Array();
}

function envelopes(block: common.Block): Uint8Array[] {
  return block.getData()?.getDataList_asU8() ?? [];
}

function txIdOf(envelope: Uint8Array): string {
  try {
    return decodeTransaction(envelope).txId;
  } catch {
    return ''; // config envelopes and malformed ones keep their place without an id
  }
}

export function decodeBlockInfo(raw: Uint8Array): BlockInfo {
  const block = common.Block.deserializeBinary(raw);
  const header = block.getHeader();
  if (!header) throw new Error('block without header');
  const filter = transactionsFilter(block);
  return {
    number: header.getNumber(),
    previousHash: Buffer.from(header.getPreviousHash_asU8()).toString('hex'),
    dataHash: Buffer.from(header.getDataHash_asU8()).toString('hex'),
    headerHash: blockHeaderHash(header).toString('hex'),
    transactions: envelopes(block).map((env, i) => ({ txId: txIdOf(env), validationCode: validationCodeName(filter[i] ?? 255) })),
  };
}

/** `x509::<subject>::<issuer>` as fabric-shim's ClientIdentity.getID() writes it. */
function describeCreator(serialized: Uint8Array): { mspId: string; id: string } {
  try {
    const identity = msp.SerializedIdentity.deserializeBinary(serialized);
    const cert = new X509Certificate(Buffer.from(identity.getIdBytes_asU8()).toString('utf8'));
    const slash = (dn: string): string => '/' + dn.split('\n').join('/');
    return { mspId: identity.getMspid(), id: `x509::${slash(cert.subject)}::${slash(cert.issuer)}` };
  } catch {
    return { mspId: 'unknown', id: 'unknown' };
  }
}

/** What one envelope says about its transaction, given the validation code the committer recorded for it. */
function describeEnvelope(envelope: Uint8Array, validationCode: number): Omit<TransactionInfo, 'blockNumber' | 'txIndex'> {
  const tx = decodeTransaction(envelope);
  const args = tx.args.map((a) => Buffer.from(a).toString('utf8'));
  return {
    txId: tx.txId,
    validationCode: validationCodeName(validationCode),
    timestamp: new Date(tx.timestamp.seconds * 1000 + Math.floor(tx.timestamp.nanos / 1e6)).toISOString(),
    creator: describeCreator(tx.creator),
    chaincodeName: tx.chaincodeName,
    function: args[0] ?? '',
    args: args.slice(1),
    endorsers: tx.endorsements.map((e) => describeCreator(e.endorser).mspId),
    writes: tx.rwsets.flatMap((ns) => ns.kv.getWritesList().map((w) => ({ namespace: ns.namespace, key: w.getKey(), isDelete: w.getIsDelete() }))),
    event: tx.event ? { name: tx.event.name, payload: Buffer.from(tx.event.payload).toString('utf8') } : undefined,
  };
}

/** A transaction from the block that holds it (qscc GetBlockByTxID), which also gives its block number and index. */
export function decodeTransactionInfo(raw: Uint8Array, txId: string): TransactionInfo {
  const block = common.Block.deserializeBinary(raw);
  const blockNumber = block.getHeader()?.getNumber() ?? 0;
  const list = envelopes(block);
  const txIndex = list.findIndex((env) => txIdOf(env) === txId);
  const envelope = list[txIndex];
  if (!envelope) throw new LedgerNotFoundError(`transaction ${txId} is not in block ${blockNumber}`);
  return { ...describeEnvelope(envelope, transactionsFilter(block)[txIndex] ?? 255), blockNumber, txIndex };
}

/**
 * A peer.ProcessedTransaction (qscc GetTransactionByID: the envelope and its validation code,
 * as blkstorage keeps them). It carries no block number or index, which is why the backend
 * asks qscc for the block instead; this reads the other answer for callers that have only it.
 */
export function decodeProcessedTransaction(raw: Uint8Array): Omit<TransactionInfo, 'blockNumber' | 'txIndex'> {
  const processed = peer.ProcessedTransaction.deserializeBinary(raw);
  const envelope = processed.getTransactionenvelope();
  if (!envelope) throw new Error('processed transaction without an envelope');
  return describeEnvelope(envelope.serializeBinary(), processed.getValidationcode());
}
