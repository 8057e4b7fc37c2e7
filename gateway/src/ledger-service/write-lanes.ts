/**
 * Writes that would only conflict with each other go one at a time.
 *
 * A registry's approvals (`Certificate:Review`) all read and write that registry's serial
 * counter (chaincode/README.md, "Id allocation"): two approvals cut into one block invalidate
 * the second (MVCC_READ_CONFLICT), and under load most of a burst is re-endorsed again and
 * again until the bounded retry gives up with 409. Only a registrar of the registry may
 * approve, so the caller's organisation names the counter: approvals submitted through this
 * gateway by one organisation wait for the previous one's commit instead (one block each),
 * and no longer conflict among themselves. Approvals from another gateway of the same
 * organisation can still collide; the retry covers those.
 */
const LANED_FUNCTIONS: ReadonlySet<string> = new Set(['Certificate:Review']);

/** The lane a write waits in, or undefined when it may run at once. */
export function laneOf(mspId: string, fn: string): string | undefined {
  return LANED_FUNCTIONS.has(fn) ? `${fn}@${mspId}` : undefined;
}

export interface WriteLanes {
  /** Runs `work` after every earlier call in the same lane has settled. */
  run<T>(lane: string | undefined, work: () => Promise<T>): Promise<T>;
}

export function createWriteLanes(): WriteLanes {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(lane: string | undefined, work: () => Promise<T>): Promise<T> {
      if (lane === undefined) return work();
      const previous = tails.get(lane) ?? Promise.resolve();
      const mine = previous.then(work, work);
      const tail = mine.catch(() => undefined);
      tails.set(lane, tail);
      // forget an idle lane, so the map holds only lanes with work queued
      void tail.then(() => {
        if (tails.get(lane) === tail) tails.delete(lane);
      });
      return mine;
    },
  };
}
