/**
 * Read after write across gateways: a client that wrote through one organisation's gateway
 * got the write's `blockNumber`; sending it as `X-Min-Block` to another organisation's gateway
 * makes the read wait until that gateway's own peer has committed the block, so the read sees
 * the write. Built on `Ledger.height()` alone, which both backends answer from their own peer
 * (the embedded network's block store, qscc GetChainInfo on Fabric), so no backend needs more.
 */
import { LedgerBehindError } from '../http/errors';
import type { Ledger } from '../ledger/ledger';

export interface MinBlockOptions {
  /** How long to wait at most, in ms (DAL_MIN_BLOCK_TIMEOUT_MS). */
  readonly timeoutMs: number;
  /** First pause between height checks; doubles up to `maxPollMs`. */
  readonly pollMs?: number;
  readonly maxPollMs?: number;
}

/**
 * Resolves once block `blockNumber` is committed on this gateway's ledger (its height is above
 * it); throws LedgerBehindError (504 `ledger_behind`) when it is not within the timeout.
 */
export async function awaitMinBlock(ledger: Pick<Ledger, 'height'>, blockNumber: number, options: Readonly<MinBlockOptions>): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let pause = options.pollMs ?? 25;
  const maxPause = options.maxPollMs ?? 500;
  for (;;) {
    const height = await ledger.height();
    if (height > blockNumber) return;
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new LedgerBehindError(
        `this gateway's ledger has ${height} blocks; block ${blockNumber} was not committed within ${options.timeoutMs} ms (its peer may be behind, or the block number is not one a write answered)`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(pause, left)));
    pause = Math.min(pause * 2, maxPause);
  }
}
