/**
 * Every read route ends here: evaluate on one peer as the caller (so the chaincode applies
 * its own read rules) and parse the JSON answer.
 */
import type { CallerIdentity } from '../auth/identity';
import { InternalError } from '../http/errors';
import type { Ledger } from '../ledger/ledger';

export interface LedgerReader {
  /** Evaluates `fn` as `caller` and returns the parsed JSON result. */
  read(caller: CallerIdentity, fn: string, args: readonly string[]): Promise<unknown>;
}

export function createLedgerReader(ledger: Ledger): LedgerReader {
  return {
    async read(caller, fn, args) {
      const payload = await ledger.evaluate({ mspId: caller.mspId, enrollmentId: caller.enrollmentId }, fn, args);
      const text = Buffer.from(payload).toString('utf8');
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new InternalError(`${fn} answered non-JSON: ${text.slice(0, 80)}`);
      }
    },
  };
}
