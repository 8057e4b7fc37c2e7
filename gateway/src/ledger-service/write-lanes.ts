/**
 * Writes that would only conflict with each other go one at a time.
 *
 * A transaction declares its lane (SubmitTransaction.lane); writes in the same lane submitted
 * through this gateway by the same organisation wait for the previous one's commit (one
 * block each) instead of invalidating each other (MVCC_READ_CONFLICT) and being re-endorsed
 * again and again until the bounded retry gives up with 409. Writes from another gateway of the
 * same organisation can still collide; the retry covers those.
 */

/** A shared thing that every write declaring this lane reads and writes, per organisation. */
export interface WriteLane {
  readonly name: string;
}

/**
 * A registry's serial counter (chaincode/README.md, "Id allocation"): every approval
 * (`Certificate:Review`) reads and writes it, and only a registrar of the registry may approve,
 * so the caller's organisation names the counter.
 */
export const REGISTRY_SERIAL_COUNTER: WriteLane = { name: 'registry-serial-counter' };

/** The lane a write of `transaction` by `mspId` waits in, or undefined when it may run at once. */
export function laneOf(mspId: string, transaction: { readonly lane?: WriteLane }): string | undefined {
  return transaction.lane === undefined ? undefined : `${transaction.lane.name}@${mspId}`;
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
