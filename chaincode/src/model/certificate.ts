/**
 * Registration certificate (数据资产登记凭证) and its objections, as stored on the ledger,
 * plus parsing of the requests that create or change them.
 */
import { canonicalJson } from '../canonical-json';
import { invalid } from '../errors';
import { Actor } from '../identity';
import type { ConfidentialRef } from './confidential';
import { MAX_ENTITY_LENGTH, isValidEntity } from '../uscc';
import {
  HEX64,
  JsonObject,
  isJsonObject,
  optionalInteger,
  optionalString,
  parseKeyAttribute,
  requireBoolean,
  requireEnum,
  requireHex64,
  requireString,
} from './request';

export const ASSET_TYPES = ['resource', 'element', 'product'] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

export const SOURCES = ['public', 'enterprise', 'personal'] as const;
export type Source = (typeof SOURCES)[number];

export const GRADES = ['general', 'important', 'core'] as const;
export type Grade = (typeof GRADES)[number];

export const CATEGORIES = [
  'healthcare',
  'manufacturing',
  'new-energy',
  'finance',
  'transport',
  'culture-tourism',
  'agriculture',
  'public-service',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const RIGHT_TYPES = ['holding', 'processing', 'operating'] as const;
export type RightType = (typeof RIGHT_TYPES)[number];

export const STATUSES = ['applied', 'under_review', 'publicizing', 'issued', 'rejected', 'cancelled', 'revoked'] as const;
export type CertificateStatus = (typeof STATUSES)[number];
/** `expired` is never stored: it is computed from `expiresAt` and the transaction time. */
export const EFFECTIVE_STATUSES = [...STATUSES, 'expired'] as const;
export type EffectiveStatus = (typeof EFFECTIVE_STATUSES)[number];

export const EVIDENCE_KINDS = ['compliance', 'quality', 'valuation'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const VALUATION_METHODS = ['cost', 'income', 'market'] as const;
export type ValuationMethod = (typeof VALUATION_METHODS)[number];

export const REVIEW_DECISIONS = ['approve', 'reject'] as const;
export type ReviewDecisionKind = (typeof REVIEW_DECISIONS)[number];
export const OBJECTION_STATUSES = ['open', 'upheld', 'dismissed'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];

export const DEFAULT_TERM_YEARS = 3;
export const MAX_PUBLICITY_DAYS = 30;
const MAX_METADATA_BYTES = 8192;
const MAX_PARENTS = 64;

export interface Right {
  type: RightType;
  holder: string;
}

export interface Evidence {
  kind: EvidenceKind;
  reportHash: string;
  method?: ValuationMethod;
  /** A valuation's amount is confidential: its holders and salted commitment, never the amount (store/confidential.ts). */
  valuation?: ConfidentialRef;
  appraiser: Actor;
  addedAt: string;
  txId: string;
}

export interface Closure {
  kind: 'rejected' | 'cancelled' | 'revoked';
  reason: string;
  at: string;
  by: Actor;
  txId: string;
}

export interface VersionChange {
  kind: 'change' | 'transfer';
  version: number;
  reason?: string;
  fields?: string[];
  right?: RightType;
  from?: string;
  to?: string;
  at: string;
  by: Actor;
  txId: string;
}

/** The record: what was applied for (ApplicationRequest), plus what the ledger added since. */
export interface Certificate extends ApplicationRequest {
  docType: 'certificate';
  /** `<city>-<year>-<serial>` once approved; the application id before. */
  id: string;
  applicationId: string;
  cityCode: string;
  applicant: Actor;
  status: CertificateStatus;
  /** 1 at application; +1 for every change (变更) or right transfer after issue. */
  version: number;
  appliedAt: string;
  reviewedAt?: string;
  reviewComment?: string;
  publicityDays?: number;
  publicityEndsAt?: string;
  issuedAt?: string;
  expiresAt?: string;
  termYears: number;
  renewedAt?: string;
  queryCode?: string;
  evidence: Evidence[];
  /** Parents the applicant derived from under a grant rather than its own processing right. */
  parentGrants?: ParentGrant[];
  closure?: Closure;
  /** The latest change (变更) or right transfer; earlier versions are in the key's history. */
  lastChange?: VersionChange;
  /** MSP ids whose peers must endorse any change of this record (its key-level policy). */
  endorsingOrgs: string[];
  createdTxId: string;
  lastTxId: string;
  lastAction: string;
  updatedAt: string;
}

export interface ParentGrant {
  certificateId: string;
  grantId: string;
}

/** What an approved application leaves under its application id so that old links resolve. */
export interface CertificateAlias {
  docType: 'certificateAlias';
  applicationId: string;
  certificateId: string;
}

export interface Objection {
  docType: 'objection';
  id: string;
  certificateId: string;
  reason: string;
  evidenceHash?: string;
  raisedBy: Actor;
  raisedAt: string;
  status: ObjectionStatus;
  resolution?: { comment?: string; by: Actor; at: string; txId: string };
  /**
   * Raised by the registrar on behalf of someone outside the consortium (公示 board, docs/publicity.md):
   * only the salted hash of the requester's contact; the contact and the salt stay off the ledger with the registrar.
   */
  onBehalfOf?: { contactHash: string };
  txId: string;
}

export interface ApplicationRequest {
  registry: string;
  assetType: AssetType;
  name: string;
  description?: string;
  source: Source;
  category: Category;
  grade: Grade;
  containsPersonalInfo: boolean;
  fingerprint: string;
  rights: Right[];
  parents: string[];
  metadata?: JsonObject;
}

export function parseRights(value: unknown): Right[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid('rights must be a non-empty array');
  const rights = value.map((r, i): Right => {
    if (!isJsonObject(r)) throw invalid(`rights[${String(i)}] must be an object`);
    const type = requireEnum(r, 'type', RIGHT_TYPES);
    const holder = requireString(r, 'holder', MAX_ENTITY_LENGTH);
    if (!isValidEntity(holder)) throw invalid(`rights[${String(i)}].holder must be a valid USCC or np:<city code>:<hash> entity`);
    return { type, holder };
  });
  const types = rights.map((r) => r.type);
  if (new Set(types).size !== types.length) throw invalid('rights must name each right type at most once');
  // Stored in the fixed order holding, processing, operating so equal requests give equal bytes.
  return [...rights].sort((a, b) => RIGHT_TYPES.indexOf(a.type) - RIGHT_TYPES.indexOf(b.type));
}

export function parseMetadata(value: unknown): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) throw invalid('metadata must be a JSON object');
  let size: number;
  try {
    size = Buffer.byteLength(canonicalJson(value), 'utf8');
  } catch {
    throw invalid('metadata must be plain JSON');
  }
  if (size > MAX_METADATA_BYTES) throw invalid(`metadata must be at most ${String(MAX_METADATA_BYTES)} bytes`);
  return value;
}

export function parseApplication(body: JsonObject): ApplicationRequest {
  const parentsValue = body.parents ?? [];
  if (!Array.isArray(parentsValue) || parentsValue.some((p) => typeof p !== 'string' || p.length === 0 || p.length > 64)) {
    throw invalid('parents must be an array of certificate ids');
  }
  const parents = [...new Set(parentsValue as string[])].sort();
  if (parents.length > MAX_PARENTS) throw invalid(`parents must list at most ${String(MAX_PARENTS)} certificates`);
  const description = optionalString(body, 'description', 4000);
  const metadata = parseMetadata(body.metadata);
  return {
    registry: requireString(body, 'registry', 64),
    assetType: requireEnum(body, 'assetType', ASSET_TYPES),
    name: requireString(body, 'name', 256),
    ...(description !== undefined ? { description } : {}),
    source: requireEnum(body, 'source', SOURCES),
    category: requireEnum(body, 'category', CATEGORIES),
    grade: requireEnum(body, 'grade', GRADES),
    containsPersonalInfo: requireBoolean(body, 'containsPersonalInfo'),
    fingerprint: requireHex64(body, 'fingerprint'),
    rights: parseRights(body.rights),
    parents,
    ...(metadata !== undefined ? { metadata } : {}),
  };
}

export interface ReviewDecision {
  decision: ReviewDecisionKind;
  comment?: string;
  publicityDays?: number;
}

export function parseReviewDecision(body: JsonObject): ReviewDecision {
  const decision = requireEnum(body, 'decision', REVIEW_DECISIONS);
  const comment = optionalString(body, 'comment');
  const publicityDays = optionalInteger(body, 'publicityDays', 0, MAX_PUBLICITY_DAYS);
  if (decision === 'reject' && publicityDays !== undefined) throw invalid('publicityDays applies to an approval only');
  return { decision, ...(comment !== undefined ? { comment } : {}), ...(publicityDays !== undefined ? { publicityDays } : {}) };
}

export interface EvidenceRequest {
  kind: EvidenceKind;
  reportHash: string;
  method?: ValuationMethod;
}

/**
 * The public part of a report. A valuation's amount is confidential and travels in transient
 * data (parseValuationAmount); one in the arguments would be on the channel, so it is refused.
 */
export function parseEvidence(body: JsonObject): EvidenceRequest {
  const kind = requireEnum(body, 'kind', EVIDENCE_KINDS);
  const reportHash = requireHex64(body, 'reportHash');
  if (body.amount !== undefined) {
    throw invalid('amount is confidential: send it in transient data, never in the arguments, which every member organisation reads on the channel');
  }
  if (kind !== 'valuation') {
    if (body.method !== undefined) throw invalid('method belongs to a valuation only');
    return { kind, reportHash };
  }
  return { kind, reportHash, method: requireEnum(body, 'method', VALUATION_METHODS) };
}

/** A valuation's confidential part, from transient data: the amount in integer fen. */
export interface ValuationAmount {
  amount: number;
}

export function parseValuationAmount(body: JsonObject): ValuationAmount {
  const amount = optionalInteger(body, 'amount', 1, Number.MAX_SAFE_INTEGER);
  if (amount === undefined) throw invalid('amount (integer fen) is required for a valuation');
  const extra = Object.keys(body).filter((k) => k !== 'amount');
  if (extra.length > 0) throw invalid(`the confidential part of a valuation is {amount} only, not ${extra.join(', ')}`);
  return { amount };
}

/** The fields a change (变更) may touch; fingerprint and rights have their own paths (new registration, transfer). */
export interface ChangeRequest {
  name?: string;
  description?: string;
  category?: Category;
  grade?: Grade;
  containsPersonalInfo?: boolean;
  metadata?: JsonObject;
  reason: string;
}

export function parseChange(body: JsonObject): ChangeRequest {
  const change: ChangeRequest = { reason: requireString(body, 'reason', 2000) };
  if (body.name !== undefined) change.name = requireString(body, 'name', 256);
  if (body.description !== undefined) change.description = optionalString(body, 'description', 4000) ?? '';
  if (body.category !== undefined) change.category = requireEnum(body, 'category', CATEGORIES);
  if (body.grade !== undefined) change.grade = requireEnum(body, 'grade', GRADES);
  if (body.containsPersonalInfo !== undefined) change.containsPersonalInfo = requireBoolean(body, 'containsPersonalInfo');
  if (body.metadata !== undefined) change.metadata = parseMetadata(body.metadata) ?? {};
  if (Object.keys(change).length === 1) throw invalid('a change must set at least one of name, description, category, grade, containsPersonalInfo, metadata');
  return change;
}

export interface TransferRequest {
  right: RightType;
  to: string;
  reason?: string;
}

export function parseTransfer(body: JsonObject): TransferRequest {
  const right = requireEnum(body, 'right', RIGHT_TYPES);
  const to = requireString(body, 'to', MAX_ENTITY_LENGTH);
  if (!isValidEntity(to)) throw invalid('to must be a valid USCC or np:<city code>:<hash> entity');
  const reason = optionalString(body, 'reason');
  return { right, to, ...(reason !== undefined ? { reason } : {}) };
}

export interface ObjectionRequest {
  reason: string;
  evidenceHash?: string;
  /** The registrar records it for a requester outside the consortium, whose contact is in transient data. */
  onBehalf?: true;
}

export function parseObjection(body: JsonObject): ObjectionRequest {
  const reason = requireString(body, 'reason', 4000);
  if (body.onBehalfOf !== undefined) {
    throw invalid("the requester's contact must not be in the arguments, which are on the channel: send it in transient data with onBehalf: true");
  }
  const onBehalf = body.onBehalf === undefined || body.onBehalf === false ? undefined : requireBoolean(body, 'onBehalf');
  const request: ObjectionRequest = { reason, ...(onBehalf === true ? { onBehalf: true as const } : {}) };
  if (body.evidenceHash === undefined || body.evidenceHash === null) return request;
  if (typeof body.evidenceHash !== 'string' || !HEX64.test(body.evidenceHash)) {
    throw invalid('evidenceHash must be 64 lowercase hex characters (SHA-256)');
  }
  return { ...request, evidenceHash: body.evidenceHash };
}

/** The requester of an objection raised on their behalf, as the registrar took it down (transient data only). */
export interface ObjectionRequester {
  contact: string;
  name?: string;
}

export function parseObjectionRequester(body: JsonObject): ObjectionRequester {
  const contact = requireString(body, 'contact', 256);
  const name = optionalString(body, 'name', 128);
  const extra = Object.keys(body).filter((k) => k !== 'contact' && k !== 'name');
  if (extra.length > 0) throw invalid(`the requester is {contact, name?} only, not ${extra.join(', ')}`);
  return { contact, ...(name !== undefined ? { name } : {}) };
}

export function parseResolution(body: JsonObject): { upheld: boolean; comment?: string } {
  const upheld = requireBoolean(body, 'upheld');
  const comment = optionalString(body, 'comment');
  return { upheld, ...(comment !== undefined ? { comment } : {}) };
}

export function parseReason(body: JsonObject): string {
  return requireString(body, 'reason', 2000);
}

/** Distinct right holders, sorted: the entries of the holder index. */
export function holdersOf(rights: readonly Right[]): string[] {
  return [...new Set(rights.map((r) => r.holder))].sort();
}

export function holderOf(cert: Pick<Certificate, 'rights'>, type: RightType): string | undefined {
  return cert.rights.find((r) => r.type === type)?.holder;
}

/** `Certificate:List` filter: `{registry?, holder?, status?, category?}`, each a composite-key attribute. */
export interface CertificateFilter {
  registry?: string;
  holder?: string;
  status?: string;
  category?: string;
}

export function parseCertificateFilter(body: JsonObject): CertificateFilter {
  const filter: CertificateFilter = {};
  for (const field of ['registry', 'holder', 'status', 'category'] as const) {
    const v = parseKeyAttribute(body[field], `filter.${field}`);
    if (v !== undefined) filter[field] = v;
  }
  if (filter.status !== undefined && !(STATUSES as readonly string[]).includes(filter.status)) {
    throw invalid(`filter.status must be one of ${STATUSES.join(', ')}`);
  }
  return filter;
}

/** Whether a certificate read through one index also satisfies the filter's other fields. */
export function matchesFilter(cert: Certificate, filter: CertificateFilter): boolean {
  return (
    (filter.registry === undefined || cert.registry === filter.registry) &&
    (filter.holder === undefined || cert.rights.some((r) => r.holder === filter.holder)) &&
    (filter.status === undefined || cert.status === filter.status) &&
    (filter.category === undefined || cert.category === filter.category)
  );
}
