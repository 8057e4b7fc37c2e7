/**
 * A key's history as Fabric's history database keeps it (`getHistoryForKey`, newest first on a
 * peer): every committed write with its tx id and ledger time, and the value as JSON.
 */
import { Context } from 'fabric-contract-api';
import { timestampToIso } from '../time';

export interface HistoryEntry {
  txId: string;
  timestamp: string;
  isDelete: boolean;
  value: unknown;
}

export async function historyOf(ctx: Context, key: string): Promise<HistoryEntry[]> {
  const iterator = await ctx.stub.getHistoryForKey(key);
  const out: HistoryEntry[] = [];
  try {
    for (;;) {
      const res = await iterator.next();
      // fabric-shim types `value` (and a deletion's value bytes) as always present; the final
      // result (done) carries no value, and a deletion may carry no bytes.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
      if (res.value) {
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
        const bytes = Buffer.from(res.value.value ?? []);
        out.push({
          txId: res.value.txId,
          timestamp: timestampToIso(res.value.timestamp),
          isDelete: res.value.isDelete,
          value: bytes.length > 0 ? JSON.parse(bytes.toString('utf8')) : null,
        });
      }
      if (res.done) break;
    }
  } finally {
    await iterator.close();
  }
  return out;
}
