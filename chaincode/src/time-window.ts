/**
 * The endorser's time window: the ONE deliberate use of a local clock in the chaincode.
 *
 * Ledger time is the proposal's timestamp (`ctx.now`, context.ts), which the client chooses, and
 * Fabric 2.5 endorsers never compare it with their own clock (the peer's time window applies to
 * deliver requests only). Every time-based rule — publicity (公示) end, issue after publicity,
 * certificate expiry, grant and agreement validity — would otherwise bend to a client that
 * backdates or postdates its proposal. So before any transaction logic (LedgerContract's
 * `beforeTransaction`), each endorsing organisation's chaincode process refuses a proposal whose
 * timestamp is more than the window away from the clock of the host it runs on.
 *
 * The check decides only WHETHER this peer endorses, never WHAT is written: the rules still read
 * the proposal time alone, so every endorser that accepts simulates the same read/write set.
 * Only this file may read `Date.now` and the process environment (test/chaincode/rules/time-window.test.ts scans the sources and fails on any other).
 *
 * Setting: `DAL_TIME_WINDOW_SECONDS` in the chaincode container's environment, an integer from
 * 1 to 86400 (one day), default 300. There is no off switch: anything else stops the chaincode
 * from starting, naming the setting.
 */
import type { Context } from 'fabric-contract-api';
import { ChaincodeError } from './errors';
import { msToIso, timestampToMs } from './time';

export const TIME_WINDOW_SETTING = 'DAL_TIME_WINDOW_SECONDS';
export const DEFAULT_TIME_WINDOW_SECONDS = 300;
export const MAX_TIME_WINDOW_SECONDS = 86_400;

/** The window in seconds from the setting's text; throws (the container does not start) on anything but 1..86400. */
export function parseTimeWindowSeconds(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_TIME_WINDOW_SECONDS;
  const text = value.trim();
  const seconds = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > MAX_TIME_WINDOW_SECONDS) {
    throw new RangeError(
      `${TIME_WINDOW_SETTING} must be a whole number of seconds from 1 to ${String(MAX_TIME_WINDOW_SECONDS)} (default ${String(DEFAULT_TIME_WINDOW_SECONDS)}); got '${value}'`,
    );
  }
  return seconds;
}

/**
 * The refusal of a proposal stamped `proposalMs` by an endorser whose clock reads `endorserMs`,
 * or undefined when the two are at most `windowSeconds` apart (the edge itself is accepted).
 */
export function proposalTimeRefusal(proposalMs: number, endorserMs: number, windowSeconds: number): ChaincodeError | undefined {
  const skewMs = proposalMs - endorserMs;
  if (Math.abs(skewMs) <= windowSeconds * 1000) return undefined;
  const seconds = Number((Math.abs(skewMs) / 1000).toFixed(3));
  const direction = skewMs < 0 ? 'behind' : 'ahead of';
  return new ChaincodeError(
    'PROPOSAL_TIME_OUT_OF_WINDOW',
    `the proposal time ${msToIso(proposalMs)} is ${String(seconds)} s ${direction} this endorser's clock ${msToIso(endorserMs)}; ` +
      `endorsers accept proposals stamped within ${String(windowSeconds)} s of their own time (${TIME_WINDOW_SETTING})`,
  );
}

// Read once, when the chaincode process starts: the window is the container's configuration.
const windowSeconds = parseTimeWindowSeconds(process.env[TIME_WINDOW_SETTING]);

/** Throws PROPOSAL_TIME_OUT_OF_WINDOW unless the proposal's timestamp is within the window of this host's clock. */
export function refuseProposalOutsideTimeWindow(ctx: Context): void {
  const refusal = proposalTimeRefusal(timestampToMs(ctx.stub.getTxTimestamp()), Date.now(), windowSeconds);
  if (refusal) throw refusal;
}
