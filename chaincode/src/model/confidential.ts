/**
 * Confidential values (agreed prices, settlement amounts, pledge amounts, valuations): kept in
 * the private data of the organisations entitled to them, with only a salted commitment on the
 * channel, which every member organisation's peer holds.
 *
 * Fabric already puts SHA-256(value) of every private write on the channel, and a small value
 * (a price in fen) hashed alone is found by trying every price. So the stored value carries a
 * salt, and the commitment recorded on the public record is SHA-256(salt ‖ canonical JSON of
 * the value). The client supplies the salt in transient data (never the chaincode: every
 * endorser must write the same bytes, and a salt drawn on a peer would differ per peer); the
 * party keeps it to prove the value later to anyone holding the commitment.
 *
 * Arguments are on the channel (they are in the transaction); transient data is not. A
 * confidential value therefore travels in transient data only, under CONFIDENTIAL_TRANSIENT_KEY,
 * with its salt under SALT_TRANSIENT_KEY.
 */
import { sha256 } from '@noble/hashes/sha256';
import { canonicalBytes } from '../canonical-json';
import { invalid } from '../errors';
import { JsonObject, parseJsonObject } from './request';

export const CONFIDENTIAL_TRANSIENT_KEY = 'dal.confidential';
export const SALT_TRANSIENT_KEY = 'dal.salt';
/** 128 bits at least: a commitment must not be searchable by trying salts either. */
export const MIN_SALT_BYTES = 16;
export const MAX_SALT_BYTES = 64;

/** Fabric's per-organisation implicit collection (core/chaincode/implicitcollection). */
export const IMPLICIT_COLLECTION_PREFIX = '_implicit_org_';

export function implicitCollectionOf(mspId: string): string {
  return `${IMPLICIT_COLLECTION_PREFIX}${mspId}`;
}

/** The organisation whose implicit collection this is, if it is one. */
export function implicitCollectionOwner(collection: string): string | undefined {
  return collection.startsWith(IMPLICIT_COLLECTION_PREFIX) ? collection.slice(IMPLICIT_COLLECTION_PREFIX.length) : undefined;
}

/** What the public record says about a confidential value: its private key, who holds it, and the salted commitment. */
export interface ConfidentialRef {
  /** The key under which each holder's implicit collection keeps the value. */
  key: string;
  /** The organisations whose peers hold the value, sorted. */
  holders: string[];
  /** Hex SHA-256(salt ‖ canonical JSON of the value). */
  commitment: string;
}

/** What each holder's private copy contains. */
export interface ConfidentialCopy<T> {
  value: T;
  /** Hex of the salt the client supplied. */
  salt: string;
  commitment: string;
}

export function commitmentOf(salt: Uint8Array, value: unknown): string {
  const bytes = canonicalBytes(value);
  const joined = new Uint8Array(salt.length + bytes.length);
  joined.set(salt, 0);
  joined.set(bytes, salt.length);
  return Buffer.from(sha256(joined)).toString('hex');
}

/** The confidential value and salt from transient data; a clear INVALID_REQUEST when either is missing or malformed. */
export function confidentialInput(transient: ReadonlyMap<string, Uint8Array>): { value: JsonObject; salt: Uint8Array } {
  const raw = transient.get(CONFIDENTIAL_TRANSIENT_KEY);
  if (!raw || raw.length === 0) {
    throw invalid(`the confidential value goes in transient data ${CONFIDENTIAL_TRANSIENT_KEY} (JSON), never in the arguments, which are on the channel`);
  }
  const value = parseJsonObject(Buffer.from(raw).toString('utf8'), `transient ${CONFIDENTIAL_TRANSIENT_KEY}`);
  const salt = transient.get(SALT_TRANSIENT_KEY);
  if (!salt || salt.length < MIN_SALT_BYTES || salt.length > MAX_SALT_BYTES) {
    throw invalid(`transient ${SALT_TRANSIENT_KEY} must be a random salt of ${String(MIN_SALT_BYTES)} to ${String(MAX_SALT_BYTES)} bytes chosen by the client`);
  }
  return { value, salt: Uint8Array.from(salt) };
}
