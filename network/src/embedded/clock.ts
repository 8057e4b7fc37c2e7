/**
 * The clock of the hosts the peers and their chaincode containers run on. The embedded network
 * takes it as a dependency and gives it to the chaincode containers, where it is what the
 * chaincode's `Date.now()` reads — as libfaketime would set a container's clock on a real host.
 * The ledger never records it: ledger time is the proposal's timestamp. The chaincode reads the
 * local clock only to decide whether to endorse (chaincode/src/time-window.ts).
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The machine's own clock (the default). */
export const systemClock: Clock = { now: () => Date.now() };
