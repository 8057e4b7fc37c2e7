/**
 * Waiting for a gateway to settle after a start on a grown ledger: its read models (lifecycle,
 * public verification) catch up over the blocks committed while it was stopped, in the
 * background, after it already listens.
 */
import { processCpuMs } from './stats';

/**
 * Waits until the process `pid` uses under a tenth of a core over a second (its read models
 * caught up with the ledger), at most `limitS`; answers the seconds waited, the idle second
 * that ends the wait included (1 s resolution).
 */
export async function waitIdle(pid: number, limitS: number): Promise<number> {
  const started = performance.now();
  let last = processCpuMs(pid);
  while ((performance.now() - started) / 1000 < limitS) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = processCpuMs(pid);
    if (now === undefined || last === undefined || now - last < 100) break;
    last = now;
  }
  return (performance.now() - started) / 1000;
}
