/**
 * Ledger time. The only clock the chaincode reads is the transaction timestamp that the
 * client put in the proposal header (`stub.getTxTimestamp()`, read once per transaction as
 * `ctx.now`, context.ts): every endorsing peer sees the
 * same value, whereas a peer's wall clock would make endorsements differ.
 *
 * The helpers below take explicit inputs only: none reads the host's clock. The one place that
 * does, deliberately and only to decide whether to endorse, is time-window.ts.
 */
/** The strict ISO-8601 UTC shape used on the ledger; the gateway's schemas publish the same pattern. */
export const ISO_UTC_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const DAY_MS = 86_400_000;

interface LongLike {
  toString(): string;
}

/** A protobuf Timestamp (tx header, history entry) as ISO-8601 UTC with millisecond precision. */
export function timestampToIso(timestamp: unknown): string {
  return msToIso(timestampToMs(timestamp));
}

/** A protobuf Timestamp as milliseconds since the epoch (sub-millisecond nanos dropped). */
export function timestampToMs(timestamp: unknown): number {
  const ts = timestamp as { seconds: number | LongLike; nanos?: number };
  // fabric-shim returns seconds as a Long; a plain number is accepted too.
  const seconds = typeof ts.seconds === 'number' ? ts.seconds : Number(ts.seconds.toString());
  return seconds * 1000 + Math.floor((ts.nanos ?? 0) / 1_000_000);
}

export function msToIso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * True for the strict ISO-8601 UTC shape used on the ledger (`2026-01-31T00:00:00Z` or with
 * milliseconds) naming a real instant: `2098-02-30` or `T24:00:00` are refused, where
 * Date.parse would quietly roll them over to another day.
 */
export function isIsoUtc(value: string): boolean {
  if (!ISO_UTC_PATTERN.test(value)) return false;
  const ms = Date.parse(value);
  return !Number.isNaN(ms) && msToIso(ms).slice(0, 19) === value.slice(0, 19);
}

/** Normalises an ISO-8601 UTC string to millisecond form so that string comparison orders times. */
export function normaliseIso(value: string): string {
  return msToIso(Date.parse(value));
}

export function addDays(iso: string, days: number): string {
  return msToIso(Date.parse(iso) + days * DAY_MS);
}

/** Calendar years; 29 February plus one year lands on 1 March, as Date.UTC normalises it. */
export function addYears(iso: string, years: number): string {
  const d = new Date(Date.parse(iso));
  return msToIso(
    Date.UTC(d.getUTCFullYear() + years, d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()),
  );
}

export function yearOf(iso: string): string {
  return iso.slice(0, 4);
}
