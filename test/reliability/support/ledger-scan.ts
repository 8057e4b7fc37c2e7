/**
 * Reads the transactions of a stopped gateway's embedded ledger straight from its LevelDB:
 * for each transaction, its txId, whether it is VALID, and every string its invocation
 * carried (the arguments, and the string leaves of arguments that are JSON), so a test can
 * tell which of its requests a transaction came from.
 */
import { common } from '@hyperledger/fabric-protos';
import { join } from 'node:path';
import { KEY, openLedgerDb } from '../../../network/src/embedded/ledger-db';
import { METADATA } from '../../../network/src/protocol/block-metadata';
import { Code, decodeTransaction } from '../../../network/src/protocol/transaction';

export interface ScannedTransaction {
  readonly txId: string;
  readonly blockNumber: number;
  readonly valid: boolean;
  readonly strings: readonly string[];
}

/** The transactions of blocks `from`.. the recorded height, and that height. */
export async function scanLedger(dataDir: string, from: number): Promise<{ height: number; transactions: ScannedTransaction[] }> {
  const db = await openLedgerDb(join(dataDir, 'ledger'));
  try {
    const rawHeight = await db.get(KEY.height);
    const height = rawHeight ? Number(rawHeight.readBigUInt64BE(0)) : 0;
    const transactions: ScannedTransaction[] = [];
    for (let n = Math.max(from, 1); n < height; n++) {
      const block = common.Block.deserializeBinary((await db.get(KEY.block(n)))!);
      const codes = block.getMetadata()!.getMetadataList_asU8()[METADATA.TRANSACTIONS_FILTER] ?? new Uint8Array();
      block
        .getData()!
        .getDataList_asU8()
        .forEach((envelope, i) => {
          const tx = decodeTransaction(envelope);
          const strings = tx.args.flatMap((arg) => stringsOf(Buffer.from(arg).toString('utf8')));
          transactions.push({ txId: tx.txId, blockNumber: n, valid: codes[i] === Code.VALID, strings });
        });
    }
    return { height, transactions };
  } finally {
    await db.close();
  }
}

function stringsOf(arg: string): string[] {
  const out = [arg];
  try {
    collect(JSON.parse(arg) as unknown, out);
  } catch {
    // not JSON: the argument itself is the only string
  }
  return out;
}

function collect(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) collect(v, out);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) collect(v, out);
}
