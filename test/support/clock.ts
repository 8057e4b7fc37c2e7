/**
 * The endorsers' host clock for tests: the system clock, shifted on demand — what libfaketime does
 * to a container's clock. A test that stamps proposals at another time sets the peers' clock to
 * that time too, so the endorsers' time window (chaincode/src/time-window.ts) stays switched on.
 */
import type { Clock } from '../../network/src/embedded/clock';

export class ShiftableClock implements Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** From now on the clock reads `at`, and runs on from there. */
  setTo(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }

  /** Back to the system clock. */
  reset(): void {
    this.offsetMs = 0;
  }

  /** Runs `fn` with the clock set to `at`, then puts it back to the system clock. */
  async at<T>(at: Date, fn: () => Promise<T>): Promise<T> {
    this.setTo(at);
    try {
      return await fn();
    } finally {
      this.reset();
    }
  }
}
