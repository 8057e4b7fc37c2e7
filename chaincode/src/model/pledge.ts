/**
 * Pledge financing (质押融资): the holder of an issued certificate pledges it to a bank as
 * collateral. A pledge is `pending` until the bank accepts it (then `active`: a `pledge`
 * encumbrance beside the certificate and the bank's organisation in the certificate's key-level
 * policy), and ends `declined`, `withdrawn`, `released` (解押) or `enforced` (处置).
 *
 * `overdue` is never stored: an active pledge past `dueAt` (ledger time) is answered as overdue
 * at read time, and stays active until the bank releases or enforces it.
 *
 * The amount and the valuation it rests on are confidential (model/confidential.ts): they travel
 * in transient data and are kept in the private data of the pledgor's registry organisation, the
 * bank and the regulator; the record keeps only their salted commitment (`terms`).
 */
import { invalid } from '../errors';
import type { Actor } from '../identity';
import type { ConfidentialRef } from './confidential';
import type { RightType } from './certificate';
import { JsonObject, optionalInteger, optionalString, parseKeyAttribute, requireString } from './request';
import { MAX_ENTITY_LENGTH, isValidEntity } from '../uscc';

export const PLEDGE_STATUSES = ['pending', 'active', 'declined', 'withdrawn', 'released', 'enforced'] as const;
export type PledgeStatus = (typeof PLEDGE_STATUSES)[number];
/** What a read answers: the stored status, or `overdue` for an active pledge past its term. */
export const PLEDGE_EFFECTIVE_STATUSES = [...PLEDGE_STATUSES, 'overdue'] as const;
export type PledgeEffectiveStatus = (typeof PLEDGE_EFFECTIVE_STATUSES)[number];

/** A pledge's term: a day at least, ten years at most. */
export const MAX_PLEDGE_TERM_DAYS = 3650;

/** How the pledge ended, or why the bank turned it down. */
export interface PledgeClosure {
  reason?: string;
  at: string;
  by: Actor;
  txId: string;
}

/** 处置: the rights the pledgor held, moved to the bank or the named buyer. */
export interface PledgeEnforcement {
  transferTo: string;
  rights: RightType[];
  reason: string;
  /** A sale through the exchange: the settled order and its listing. */
  orderId?: string;
  listingId?: string;
  at: string;
  by: Actor;
  txId: string;
}

/** The bank's recorded consent that the pledged asset may be listed at one exchange. */
export interface ListingConsent {
  exchange: string;
  /** Listings created under this consent. */
  listings: string[];
  at: string;
  by: Actor;
  txId: string;
}

export interface Pledge {
  docType: 'pledge';
  id: string;
  certificateId: string;
  /** The certificate's issuing registry. */
  registry: string;
  /** The entity pledging: the certificate's principal holder. */
  pledgor: string;
  /** The pledgor's registry organisation (the caller's MSP). */
  pledgorMspId: string;
  /** The bank organisation (MSP id). */
  pledgee: string;
  termDays: number;
  /** The confidential amount and valuation reference: holders and salted commitment only. */
  terms: ConfidentialRef;
  status: PledgeStatus;
  requestedBy: Actor;
  requestedAt: string;
  acceptedAt?: string;
  /** acceptedAt + termDays: past it, an active pledge is overdue. */
  dueAt?: string;
  /** The `pledge` encumbrance opened on acceptance. */
  encumbranceId?: string;
  /** The certificate's key-level endorsers before the bank was added: what release restores. */
  endorsersBefore?: string[];
  listingConsent?: ListingConsent;
  closure?: PledgeClosure;
  enforcement?: PledgeEnforcement;
  /** MSP ids whose peers must endorse any change of this record. */
  endorsingOrgs: string[];
  createdTxId: string;
  lastTxId: string;
  lastAction: string;
  updatedAt: string;
}

/** A pledge as a read answers it: with the status in effect now. */
export type PledgeView = Pledge & { effectiveStatus: PledgeEffectiveStatus; overdue: boolean };

export interface PledgeRequest {
  certificateId: string;
  pledgee: string;
  termDays: number;
}

/** The confidential part of a pledge request (transient `dal.confidential`). */
export interface PledgeTerms {
  amount: number;
  /** Index in the certificate's `evidence` of the valuation report the amount rests on. */
  valuationRef?: number;
}

export function parsePledgeRequest(body: JsonObject): PledgeRequest {
  if (body.amount !== undefined || body.valuationRef !== undefined) {
    throw invalid('amount and valuationRef are confidential: they go in transient data dal.confidential, never in the arguments');
  }
  const certificateId = requireString(body, 'certificateId', 64);
  const pledgee = requireString(body, 'pledgee', 128);
  const termDays = optionalInteger(body, 'termDays', 1, MAX_PLEDGE_TERM_DAYS);
  if (termDays === undefined) throw invalid(`termDays (1..${String(MAX_PLEDGE_TERM_DAYS)}) is required`);
  return { certificateId, pledgee, termDays };
}

export function parsePledgeTerms(body: JsonObject): PledgeTerms {
  const amount = optionalInteger(body, 'amount', 1, Number.MAX_SAFE_INTEGER);
  if (amount === undefined) throw invalid('amount (integer fen > 0) is required for a pledge');
  const valuationRef = optionalInteger(body, 'valuationRef', 0, 9999);
  const extra = Object.keys(body).filter((k) => k !== 'amount' && k !== 'valuationRef');
  if (extra.length > 0) throw invalid(`the confidential part of a pledge is {amount, valuationRef?} only, not ${extra.join(', ')}`);
  return { amount, ...(valuationRef !== undefined ? { valuationRef } : {}) };
}

export interface EnforceRequest {
  transferTo: string;
  reason: string;
}

/** 处置: to whom the rights go (the bank's own entity or a buyer's) and why. */
export function parseEnforceRequest(body: JsonObject): EnforceRequest {
  const transferTo = requireString(body, 'transferTo', MAX_ENTITY_LENGTH);
  if (!isValidEntity(transferTo)) throw invalid('transferTo must be a valid USCC or np:<city code>:<hash> entity');
  const reason = requireString(body, 'reason', 2000);
  return { transferTo, reason };
}

export function parseListingConsent(body: JsonObject): { exchange: string } {
  return { exchange: requireString(body, 'exchange', 128) };
}

export function parseOptionalReason(body: JsonObject): string | undefined {
  return optionalString(body, 'reason', 2000);
}

export const PLEDGE_LIST_ROLES = ['pledgee', 'pledgor'] as const;
export type PledgeListRole = (typeof PLEDGE_LIST_ROLES)[number];

export interface PledgeFilter {
  role: PledgeListRole;
  status?: PledgeEffectiveStatus;
}

export function parsePledgeFilter(body: JsonObject): PledgeFilter {
  const role = parseKeyAttribute(body.role, 'role') ?? 'pledgee';
  if (!(PLEDGE_LIST_ROLES as readonly string[]).includes(role)) throw invalid(`role must be one of ${PLEDGE_LIST_ROLES.join(', ')}`);
  const status = parseKeyAttribute(body.status, 'status');
  if (status !== undefined && !(PLEDGE_EFFECTIVE_STATUSES as readonly string[]).includes(status)) {
    throw invalid(`status must be one of ${PLEDGE_EFFECTIVE_STATUSES.join(', ')}`);
  }
  return { role: role as PledgeListRole, ...(status !== undefined ? { status: status as PledgeEffectiveStatus } : {}) };
}
