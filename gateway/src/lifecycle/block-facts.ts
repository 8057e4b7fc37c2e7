/**
 * One committed block → what the lifecycle read model needs of each of its transactions: who
 * signed it (MSP id and enrolment id, the creator certificate's CN), when, which function with
 * which arguments, the validation code the committer recorded, the chaincode event's record and
 * the keys written. Decoded from the block as stored (Ledger.getRawBlock), so both backends give
 * the same facts and a block is fetched once for all its transactions.
 */
import { common, msp } from '@hyperledger/fabric-protos';
import { X509Certificate } from 'node:crypto';
import { decodeTransaction, validationCodeName } from '../../../network/src/protocol/transaction';

/** common.BlockMetadataIndex.TRANSACTIONS_FILTER: one validation code byte per transaction. */
const TRANSACTIONS_FILTER = 2;

export interface Actor {
  readonly mspId: string;
  /** The enrolment id: the CN of the creator's certificate. */
  readonly id: string;
}

export interface TransactionFacts {
  readonly txId: string;
  readonly blockNumber: number;
  readonly txIndex: number;
  readonly validationCode: string;
  readonly timestamp: string;
  readonly actor: Actor;
  readonly chaincodeName: string;
  /** `Contract:Function`. */
  readonly function: string;
  readonly args: readonly string[];
  readonly event?: { readonly name: string; readonly record: unknown };
  /** Keys written (composite keys keep their U+0000 separators). */
  readonly writes: readonly string[];
}

/** Creator certificates repeat across transactions; parsing one is the costly part. */
const actors = new Map<string, Actor>();
const MAX_ACTORS = 10_000;

export function actorOf(serialized: Uint8Array): Actor {
  const key = Buffer.from(serialized).toString('base64');
  let actor = actors.get(key);
  if (!actor) {
    actor = describe(serialized);
    if (actors.size >= MAX_ACTORS) actors.clear();
    actors.set(key, actor);
  }
  return actor;
}

function describe(serialized: Uint8Array): Actor {
  try {
    const identity = msp.SerializedIdentity.deserializeBinary(serialized);
    const cert = new X509Certificate(Buffer.from(identity.getIdBytes_asU8()).toString('utf8'));
    const cn = cert.subject.split('\n').find((part) => part.startsWith('CN='));
    return { mspId: identity.getMspid(), id: cn ? cn.slice(3) : cert.subject };
  } catch {
    return { mspId: 'unknown', id: 'unknown' };
  }
}

function parseRecord(payload: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(payload).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** The endorser transactions of a block; configuration and malformed envelopes are left out. */
export function transactionsOf(raw: Uint8Array): { readonly blockNumber: number; readonly transactions: readonly TransactionFacts[] } {
  const block = common.Block.deserializeBinary(raw);
  const blockNumber = block.getHeader()?.getNumber() ?? 0;
  const filter = block.getMetadata()?.getMetadataList_asU8()[TRANSACTIONS_FILTER] ?? new Uint8Array();
  const transactions: TransactionFacts[] = [];
  (block.getData()?.getDataList_asU8() ?? []).forEach((envelope, txIndex) => {
    let tx: ReturnType<typeof decodeTransaction>;
    try {
      tx = decodeTransaction(envelope);
    } catch {
      return;
    }
    if (tx.configData !== undefined || tx.chaincodeName === '') return;
    const args = tx.args.map((a) => Buffer.from(a).toString('utf8'));
    transactions.push({
      txId: tx.txId,
      blockNumber,
      txIndex,
      validationCode: validationCodeName(filter[txIndex] ?? 255),
      timestamp: new Date(tx.timestamp.seconds * 1000 + Math.floor(tx.timestamp.nanos / 1e6)).toISOString(),
      actor: actorOf(tx.creator),
      chaincodeName: tx.chaincodeName,
      function: args[0] ?? '',
      args: args.slice(1),
      ...(tx.event ? { event: { name: tx.event.name, record: parseRecord(tx.event.payload) } } : {}),
      writes: tx.rwsets.flatMap((ns) => ns.kv.getWritesList().map((w) => w.getKey())),
    });
  });
  return { blockNumber, transactions };
}
