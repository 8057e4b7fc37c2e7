/**
 * Read after write across gateways: a client that wrote through one organisation's gateway
 * got the write's `blockNumber`; sending it as `X-Min-Block` to another organisation's gateway
 * makes the read wait until that gateway's own peer has committed the block, so the read sees
 * the write. Built on `Ledger.height()` alone, which both backends answer from their own peer
 * (the embedded network's block store, qscc GetChainInfo on Fabric), so no backend needs more.
 */
import { LedgerBehindError } from '../http/errors';
import type { Ledger } from '../ledger/ledger';

/**
 * How far beyond this gateway's height a requested block may be and still be waited for. Blocks
 * are cut every few milliseconds to seconds; a peer this far behind will not catch up within the
 * timeout, and a number this far ahead was not answered by a write — waiting would only let
 * anyone hold a connection (and poll the peer) for the whole timeout.
 */
export const MAX_BLOCKS_AHEAD = 1000;

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
    if (blockNumber - height >= MAX_BLOCKS_AHEAD) {
      // no write answered a block that far ahead of a working peer: answer at once rather than hold the connection for the timeout
      throw new LedgerBehindError(`this gateway's ledger has ${height} blocks; block ${blockNumber} is ${blockNumber - height + 1} blocks ahead, more than a write through a peer in step can be`);
    }
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
