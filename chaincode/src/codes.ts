/**
 * Short deterministic codes derived from the transaction id.
 *
 * The tx id is unique on the channel (the committer rejects duplicates), identical on every
 * endorsing peer, and unpredictable before the client builds the proposal, which makes it the
 * right seed for ids that must be deterministic yet collision-free without a shared counter.
 */
import { sha256 } from '@noble/hashes/sha256';

// Crockford base32: no I, L, O, U, so a printed code cannot be misread.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function base32(bytes: Uint8Array, length: number): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += CROCKFORD.charAt((buffer >> (bits - 5)) & 31);
      bits -= 5;
    }
    if (out.length >= length) break;
  }
  return out;
}

export function digestCode(parts: readonly string[], length: number): string {
  return base32(sha256(Buffer.from(parts.join('\u0000'), 'utf8')), length);
}

/** 查询码: 10 characters (50 bits) from tx id + certificate id; printed with the certificate and in its QR. */
export function queryCodeFor(txId: string, certificateId: string): string {
  return digestCode(['query-code', txId, certificateId], 10);
}

export const QUERY_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{10}$/;

/** Application id `<city>-<year>-A<10 base32>`: a certificate id before its serial is allocated. */
export function applicationIdFor(txId: string, cityCode: string, year: string): string {
  return `${cityCode}-${year}-A${digestCode(['application', txId], 10)}`;
}

export const APPLICATION_ID_PATTERN = /^\d{6}-\d{4}-A[0-9A-HJKMNP-TV-Z]{10}$/;
export const CERTIFICATE_ID_PATTERN = /^\d{6}-\d{4}-\d{6}$/;
/** Either of the two: every certificate transaction and query accepts both (an approved application's id stays a handle). */
export const CERTIFICATE_HANDLE_PATTERN = /^\d{6}-\d{4}-(?:\d{6}|A[0-9A-HJKMNP-TV-Z]{10})$/;

/** `<city code>-<year>-<6-digit serial>`, e.g. 321200-2026-000001. */
export function certificateIdFor(cityCode: string, year: string, serial: number): string {
  if (!Number.isInteger(serial) || serial < 1 || serial > 999_999) {
    throw new RangeError(`serial ${String(serial)} is outside 1..999999`);
  }
  return `${cityCode}-${year}-${String(serial).padStart(6, '0')}`;
}

export const OBJECTION_ID_PATTERN = /^OBJ-[0-9A-HJKMNP-TV-Z]{10}$/;

export function objectionIdFor(txId: string): string {
  return `OBJ-${digestCode(['objection', txId], 10)}`;
}

export const AGREEMENT_ID_PATTERN = /^AGR-[0-9A-HJKMNP-TV-Z]{10}$/;

export function agreementIdFor(txId: string): string {
  return `AGR-${digestCode(['agreement', txId], 10)}`;
}

export const GRANT_ID_PATTERN = /^GRT-[0-9A-HJKMNP-TV-Z]{10}$/;

export function grantIdFor(txId: string): string {
  return `GRT-${digestCode(['grant', txId], 10)}`;
}

export const USAGE_ID_PATTERN = /^USE-[0-9A-HJKMNP-TV-Z]{10}$/;

/** A usage id is unique per transaction; one transaction records one use. */
export function usageIdFor(txId: string): string {
  return `USE-${digestCode(['grant-usage', txId], 10)}`;
}

export const ENCUMBRANCE_ID_PATTERN = /^ENC-[0-9A-HJKMNP-TV-Z]{10}$/;

export function encumbranceIdFor(txId: string): string {
  return `ENC-${digestCode(['encumbrance', txId], 10)}`;
}

export const NEGATIVE_LIST_ID_PATTERN = /^NLE-[0-9A-HJKMNP-TV-Z]{10}$/;

/** A negative-list entry (负面清单) id. */
export function negativeListIdFor(txId: string): string {
  return `NLE-${digestCode(['negative-list', txId], 10)}`;
}

export const FILING_ID_PATTERN = /^FIL-[0-9A-HJKMNP-TV-Z]{10}$/;

/** An important-data filing (重要数据流通备案) id. */
export function filingIdFor(txId: string): string {
  return `FIL-${digestCode(['filing', txId], 10)}`;
}

export const LISTING_ID_PATTERN = /^LST-[0-9A-HJKMNP-TV-Z]{10}$/;

/** A listing id from its tx id: no counter key, so listings at one exchange never conflict on one. */
export function listingIdFor(txId: string): string {
  return `LST-${digestCode(['listing', txId], 10)}`;
}

export const ORDER_ID_PATTERN = /^ORD-[0-9A-HJKMNP-TV-Z]{10}$/;

/** An order id from its tx id: concurrent orders on one listing write no shared key. */
export function orderIdFor(txId: string): string {
  return `ORD-${digestCode(['order', txId], 10)}`;
}

export const PLEDGE_ID_PATTERN = /^PLG-[0-9A-HJKMNP-TV-Z]{10}$/;

/** A pledge (质押) id from its tx id: concurrent pledges write no shared counter. */
export function pledgeIdFor(txId: string): string {
  return `PLG-${digestCode(['pledge', txId], 10)}`;
}
