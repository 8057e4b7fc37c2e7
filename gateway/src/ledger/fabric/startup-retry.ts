/**
 * A freshly started Fabric network refuses work for a while: the Raft cluster has no leader
 * for a few seconds after each orderer start, and SDK discovery needs ~30 s after channel
 * join to see every organisation's peer (network/fabric/README.md). Until the first call succeeds,
 * calls failing with LedgerUnavailableError are retried with a message saying why;
 * afterwards they fail at once, as an outage should.
 */
import { LedgerUnavailableError } from '../errors';

export interface StartupRetryOptions {
  readonly attempts: number;
  readonly delayMs: number;
  readonly log: (message: string) => void;
}

export class StartupRetry {
  private ready = false;

  constructor(private readonly options: Readonly<StartupRetryOptions>) {}

  async run<T>(what: string, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await call();
        this.ready = true;
        return result;
      } catch (err) {
        if (this.ready || !(err instanceof LedgerUnavailableError) || attempt >= this.options.attempts) {
          if (!this.ready && err instanceof LedgerUnavailableError) {
            throw new LedgerUnavailableError(`Fabric network not ready after ${attempt} attempts (${what}): ${err.message}`);
          }
          throw err;
        }
        this.options.log(`Fabric network not ready yet (no Raft leader, or discovery has not seen every peer): ${what} failed: ${err.message}; retry ${attempt}/${this.options.attempts - 1} in ${this.options.delayMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, this.options.delayMs));
      }
    }
  }
}
