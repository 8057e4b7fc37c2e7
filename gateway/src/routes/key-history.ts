/**
 * A record's version history as routes answer it: the chaincode's `History` entries (tx id,
 * ledger time, value, newest first), each with the block its transaction committed in.
 */
import type { Ledger } from '../ledger/ledger';

/** One entry of a chaincode `History` answer. */
export interface HistoryEntry {
  readonly txId: string;
  readonly timestamp: string;
  readonly isDelete: boolean;
  readonly value: unknown;
}

export interface HistoryItem extends HistoryEntry {
  readonly blockNumber: number;
}

export async function withBlockNumbers(ledger: Pick<Ledger, 'getTransaction'>, entries: readonly HistoryEntry[]): Promise<{ items: HistoryItem[] }> {
  const blocks = await Promise.all(entries.map(async (e) => (await ledger.getTransaction(e.txId)).blockNumber));
  return { items: entries.map((e, i) => ({ txId: e.txId, blockNumber: blocks[i]!, timestamp: e.timestamp, isDelete: e.isDelete, value: e.value })) };
}
