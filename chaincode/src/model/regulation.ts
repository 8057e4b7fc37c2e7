/**
 * Market regulation (市场监管) by the regulator: the negative list (负面清单) of categories and
 * fingerprints that may not trade freely, important-data filings (重要数据流通备案) an enterprise
 * files and the regulator approves, and credit flags (信用监管: 失信) on entities. These records
 * are what rules/regulation.ts `mayTrade` decides a trade from (docs/regulation.md).
 */
import { invalid } from '../errors';
import type { Actor } from '../identity';
import { isIsoUtc, normaliseIso } from '../time';
import { isValidEntity } from '../uscc';
import { CATEGORIES, Category } from './certificate';
import { HEX64, JsonObject, optionalString, requireEnum, requireString } from './request';

/** `prohibited`: never trades; `restricted`: trades only under a filing in force. */
export const NEGATIVE_LIST_LEVELS = ['prohibited', 'restricted'] as const;
export type NegativeListLevel = (typeof NEGATIVE_LIST_LEVELS)[number];

export const NEGATIVE_LIST_STATUSES = ['active', 'lifted'] as const;
export type NegativeListStatus = (typeof NEGATIVE_LIST_STATUSES)[number];

/** What an entry names: a whole category, or one dataset by its fingerprint. */
export const NEGATIVE_LIST_TARGETS = ['category', 'fingerprint'] as const;
export type NegativeListTarget = (typeof NEGATIVE_LIST_TARGETS)[number];

export const FILING_STATUSES = ['filed', 'approved', 'rejected'] as const;
export type FilingStatus = (typeof FILING_STATUSES)[number];

export const CREDIT_STATUSES = ['dishonest', 'normal'] as const;
export type CreditStatus = (typeof CREDIT_STATUSES)[number];

/** The longest filing term that may be asked for: three years, a certificate's own term. */
export const MAX_FILING_TERM_DAYS = 1095;
export const MAX_RECIPIENTS = 50;

/** Who did a regulatory act, when, in which transaction, and why. */
export interface RegulatoryAct {
  reason?: string;
  comment?: string;
  by: Actor;
  at: string;
  txId: string;
}

/** One entry of the negative list, stored under its id; an index by target makes it a point read. */
export interface NegativeListEntry {
  docType: 'negative_list_entry';
  id: string;
  target: NegativeListTarget;
  /** The category or the fingerprint the entry names, as `target` says. */
  value: string;
  level: NegativeListLevel;
  reason: string;
  status: NegativeListStatus;
  listedBy: Actor;
  listedAt: string;
  lifted?: RegulatoryAct;
  /** The regulator: the key-level policy of the entry. */
  endorsingOrgs: string[];
  createdTxId: string;
  lastTxId: string;
  updatedAt: string;
}

/** An important-data filing (重要数据流通备案) for one issued certificate. */
export interface Filing {
  docType: 'filing';
  id: string;
  certificateId: string;
  /** The certificate's issuing registry. */
  registry: string;
  /** The entity that filed: the holder of the operating or holding right. */
  filer: string;
  purpose: string;
  recipients: string[];
  termDays: number;
  status: FilingStatus;
  filedBy: Actor;
  filedAt: string;
  /** The regulator's approval or rejection. */
  decision?: RegulatoryAct;
  /** Set on approval: the filing is in force until then (ledger time). */
  validUntil?: string;
  /** The regulator and the issuing registry: the key-level policy of the filing. */
  endorsingOrgs: string[];
  createdTxId: string;
  lastTxId: string;
  updatedAt: string;
}

/** A filing as queries answer it: whether it is in force at query time. */
export interface FilingView extends Filing {
  inForce: boolean;
}

/** An entity's credit status as the regulator last set it; the key's history keeps the earlier ones. */
export interface CreditRecord {
  docType: 'credit';
  entity: string;
  status: CreditStatus;
  reason: string;
  setBy: Actor;
  setAt: string;
  endorsingOrgs: string[];
  createdTxId: string;
  lastTxId: string;
  updatedAt: string;
}

/** `Regulation:GetCredit`: the stored record, or `normal` for an entity never flagged. */
export interface CreditView {
  entity: string;
  status: CreditStatus;
  reason?: string;
  setAt?: string;
  setBy?: Actor;
  lastTxId?: string;
}

export interface NegativeListRequest {
  target: NegativeListTarget;
  value: string;
  level: NegativeListLevel;
  reason: string;
}

export interface FilingRequest {
  certificateId: string;
  purpose: string;
  recipients: string[];
  termDays: number;
}

export interface ApprovalRequest {
  validUntil?: string;
  comment?: string;
}

export interface CreditRequest {
  status: CreditStatus;
  reason: string;
}

/** `{category?, fingerprint?, level, reason}`: exactly one of category and fingerprint. */
export function parseNegativeListRequest(body: JsonObject): NegativeListRequest {
  const hasCategory = body.category !== undefined && body.category !== null;
  const hasFingerprint = body.fingerprint !== undefined && body.fingerprint !== null;
  if (hasCategory === hasFingerprint) throw invalid('exactly one of category and fingerprint is required');
  const level = requireEnum(body, 'level', NEGATIVE_LIST_LEVELS);
  const reason = requireString(body, 'reason', 2000);
  if (hasCategory) return { target: 'category', value: requireEnum<Category>(body, 'category', CATEGORIES), level, reason };
  const fingerprint = body.fingerprint;
  if (typeof fingerprint !== 'string' || !HEX64.test(fingerprint)) throw invalid('fingerprint must be 64 lowercase hex characters (SHA-256)');
  return { target: 'fingerprint', value: fingerprint, level, reason };
}

function parseRecipients(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > MAX_RECIPIENTS) throw invalid(`recipients must be an array of at most ${String(MAX_RECIPIENTS)} entities`);
  const recipients = value.map((r, i) => {
    if (typeof r !== 'string' || !isValidEntity(r)) throw invalid(`recipients[${String(i)}] must be a unified social credit code or np: entity`);
    return r;
  });
  if (new Set(recipients).size !== recipients.length) throw invalid('recipients must be distinct');
  return recipients;
}

/** `{certificateId, purpose, recipients?, termDays}`. */
export function parseFilingRequest(body: JsonObject): FilingRequest {
  const certificateId = requireString(body, 'certificateId', 64);
  const purpose = requireString(body, 'purpose', 2000);
  const recipients = parseRecipients(body.recipients);
  const termDays = body.termDays;
  if (typeof termDays !== 'number' || !Number.isInteger(termDays) || termDays < 1 || termDays > MAX_FILING_TERM_DAYS) {
    throw invalid(`termDays must be an integer 1..${String(MAX_FILING_TERM_DAYS)}`);
  }
  return { certificateId, purpose, recipients, termDays };
}

/** `{validUntil?, comment?}`: without `validUntil` the term is the filing's `termDays` from approval. */
export function parseApprovalRequest(body: JsonObject): ApprovalRequest {
  const validUntil = optionalString(body, 'validUntil', 64);
  if (validUntil !== undefined && !isIsoUtc(validUntil)) throw invalid('validUntil must be an ISO-8601 UTC time (Z)');
  const comment = optionalString(body, 'comment', 2000);
  return {
    ...(validUntil !== undefined ? { validUntil: normaliseIso(validUntil) } : {}),
    ...(comment !== undefined ? { comment } : {}),
  };
}

/** `{status: dishonest|normal, reason}`. */
export function parseCreditRequest(body: JsonObject): CreditRequest {
  return { status: requireEnum(body, 'status', CREDIT_STATUSES), reason: requireString(body, 'reason', 2000) };
}

/** The entity a credit flag is about: a USCC or a natural person's `np:` code. */
export function parseCreditEntity(entity: string): string {
  if (!isValidEntity(entity)) throw invalid(`${entity} is not a unified social credit code or np: entity`);
  return entity;
}
