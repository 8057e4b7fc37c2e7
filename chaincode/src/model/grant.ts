/**
 * Authorization grants (授权) and their metered usages (可控可计量), as stored on the ledger,
 * plus parsing of the requests that create them.
 *
 * Three kinds (docs/domain.md, "Authorization grant"):
 * - `public_operation` (公共数据授权运营): a public-data authority authorises an operator for
 *   scenarios (purposes) and a term, free or paid (有条件无偿/有偿);
 * - `personal`: a natural person authorises a processor for ONE purpose, time-limited and
 *   revocable at any time (一揽子授权 is refused);
 * - `licence`: a right holder licenses the processing or operating right to another entity,
 *   from its own right or, down a grants chain, from a grant it holds (`parentGrantId`).
 */
import { invalid } from '../errors';
import { Actor } from '../identity';
import { isIsoUtc, normaliseIso } from '../time';
import { MAX_ENTITY_LENGTH, isValidEntity } from '../uscc';
import { JsonObject, optionalInteger, optionalString, parseKeyAttribute, requireBoolean, requireEnum, requireString, HEX64 } from './request';

export const GRANT_TYPES = ['public_operation', 'personal', 'licence'] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

/**
 * Rights a grant can convey. The holding right (数据资源持有权) is not licensed: it moves by a
 * registered transfer (Certificate:TransferRight).
 */
export const GRANTABLE_RIGHTS = ['processing', 'operating'] as const;
export type GrantableRight = (typeof GRANTABLE_RIGHTS)[number];

export const GRANT_STATUSES = ['active', 'suspended', 'revoked'] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];
/**
 * Never stored, computed at ledger time: `scheduled` before `validFrom`, `expired` from
 * `validTo` (like a certificate's), `void` once stopped upstream or by the certificate.
 */
export const EFFECTIVE_GRANT_STATUSES = [...GRANT_STATUSES, 'scheduled', 'expired', 'void'] as const;
export type EffectiveGrantStatus = (typeof EFFECTIVE_GRANT_STATUSES)[number];

/** Why `Grant:Check` allows a use: a grant, or the entity's own processing or operating right. */
export const GRANT_CHECK_BASES = ['grant', 'right'] as const;
export type GrantCheckBasis = (typeof GRANT_CHECK_BASES)[number];

export const MAX_PURPOSES = 20;
export const MAX_PURPOSE_LENGTH = 200;
/** Revenue share is in basis points of the price: 10000 = all of it. */
export const MAX_REVENUE_SHARE_BPS = 10_000;
export const MAX_USES = 1_000_000_000;
export const MAX_QUANTITY = Number.MAX_SAFE_INTEGER;
/** A personal authorisation is time-limited: at most this long from validFrom to validTo. */
export const MAX_PERSONAL_TERM_DAYS = 366;
/** How far a licence may be passed on: grant → sub-licence → … at most this many links. */
export const MAX_CHAIN_DEPTH = 8;

export interface GrantRequest {
  assetId: string;
  type: GrantType;
  grantee: string;
  rights: GrantableRight[];
  purposes: string[];
  validFrom: string;
  validTo: string;
  paid: boolean;
  /** Integer fen; present (≥ 1) exactly when `paid`. */
  fee?: number;
  maxUses?: number;
  revenueShareBps?: number;
  /** 原始数据不出域: the grantee works where the data is and takes out only results. Default true. */
  rawDataStaysInDomain: boolean;
  /** A sub-licence names the grant its grantor holds; absent when the grantor holds the right itself. */
  parentGrantId?: string;
}

export interface Grant extends GrantRequest {
  docType: 'grant';
  id: string;
  /** The entity granting: the caller's `dal.entity`. */
  grantor: string;
  /** The registry the certificate was issued by. */
  registry: string;
  status: GrantStatus;
  grantedBy: Actor;
  grantedAt: string;
  /** Links from this grant up to the grantor's own right: 0 for a direct grant. */
  depth: number;
  lastStatusChange?: { status: GrantStatus; reason?: string; by: Actor; at: string; txId: string };
  endorsingOrgs: string[];
  createdTxId: string;
  lastTxId: string;
  updatedAt: string;
}

/** A grant as answered to readers: its effect computed now, up the chain and from the certificate. */
export interface GrantView extends Grant {
  effectiveStatus: EffectiveGrantStatus;
  /** Why it has no effect, when it has none. */
  stoppedBy?: string;
  usesRecorded?: number;
}

/** Answer of `Grant:Check`: may `grantee` use `assetId` for `purpose` now, and on what basis. */
export interface GrantCheck {
  allowed: boolean;
  assetId: string;
  grantee: string;
  purpose: string;
  /** The grant that allows it (the first effective one in key order). */
  grantId?: string;
  /** Set when allowed: by a grant, or because the grantee holds the right on the certificate itself. */
  basis?: GrantCheckBasis;
  /** Why not, when not: the refusal of the closest grant, or that there is none. */
  reason?: string;
  checkedAt: string;
}

export interface UsageRequest {
  purpose: string;
  quantity: number;
  resultHash?: string;
}

export interface Usage extends UsageRequest {
  docType: 'grantUsage';
  id: string;
  grantId: string;
  assetId: string;
  grantee: string;
  recordedBy: Actor;
  recordedAt: string;
  /** 1-based count of this use, for grants with `maxUses`; absent on unmetered-count grants. */
  sequence?: number;
  txId: string;
}

/** The count of uses of a grant with `maxUses`, on its own key so a use never writes the grant. */
export interface UsageCounter {
  recorded: number;
}

/**
 * A grant with `maxUses` on the chain of a use: the grant itself or one above it. Every use
 * down a chain counts against every metered grant above it, so a sub-licence cannot multiply
 * the uses its grantor was given.
 */
export interface UsageMeter {
  grantId: string;
  maxUses: number;
  recorded: number;
}

function parseIsoField(body: JsonObject, field: string): string {
  const value = requireString(body, field, 40);
  if (!isIsoUtc(value)) throw invalid(`${field} must be an ISO-8601 UTC time`);
  return normaliseIso(value);
}

function parseGrantRights(value: unknown): GrantableRight[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid('rights must be a non-empty array of processing, operating');
  for (const v of value) {
    if (typeof v !== 'string' || !(GRANTABLE_RIGHTS as readonly string[]).includes(v)) {
      throw invalid(`rights may contain only ${GRANTABLE_RIGHTS.join(', ')} (the holding right moves by transfer, not by grant)`);
    }
  }
  return GRANTABLE_RIGHTS.filter((r) => (value as string[]).includes(r));
}

/** Purposes (scenarios): trimmed, distinct, sorted so equal requests give equal bytes. */
function parsePurposes(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid('purposes must be a non-empty array of strings');
  if (value.length > MAX_PURPOSES) throw invalid(`purposes must list at most ${String(MAX_PURPOSES)} purposes`);
  const purposes = value.map((p, i) => {
    if (typeof p !== 'string' || p.trim().length === 0) throw invalid(`purposes[${String(i)}] must be a non-empty string`);
    if (p.length > MAX_PURPOSE_LENGTH) throw invalid(`purposes[${String(i)}] must be at most ${String(MAX_PURPOSE_LENGTH)} characters`);
    return p.trim();
  });
  if (new Set(purposes).size !== purposes.length) throw invalid('purposes must be distinct');
  return [...purposes].sort();
}

export function parseGrantRequest(body: JsonObject): GrantRequest {
  const assetId = requireString(body, 'assetId', 64);
  const type = requireEnum(body, 'type', GRANT_TYPES);
  const grantee = requireString(body, 'grantee', MAX_ENTITY_LENGTH);
  if (!isValidEntity(grantee)) throw invalid('grantee must be a valid USCC or np:<city code>:<hash> entity');
  const rights = parseGrantRights(body.rights);
  const purposes = parsePurposes(body.purposes);
  const validFrom = parseIsoField(body, 'validFrom');
  const validTo = parseIsoField(body, 'validTo');
  if (validTo <= validFrom) throw invalid('validTo must be after validFrom');
  const paid = requireBoolean(body, 'paid');
  const fee = optionalInteger(body, 'fee', 0, Number.MAX_SAFE_INTEGER);
  if (paid && (fee === undefined || fee < 1)) throw invalid('fee (integer fen, at least 1) is required when paid is true');
  if (!paid && fee !== undefined && fee !== 0) throw invalid('fee must be absent or 0 when paid is false (有条件无偿)');
  const maxUses = optionalInteger(body, 'maxUses', 1, MAX_USES);
  const revenueShareBps = optionalInteger(body, 'revenueShareBps', 0, MAX_REVENUE_SHARE_BPS);
  const rawDataStaysInDomain = body.rawDataStaysInDomain === undefined ? true : requireBoolean(body, 'rawDataStaysInDomain');
  const parentGrantId = optionalString(body, 'parentGrantId', 64);
  return {
    assetId,
    type,
    grantee,
    rights,
    purposes,
    validFrom,
    validTo,
    paid,
    ...(paid ? { fee } : {}),
    ...(maxUses !== undefined ? { maxUses } : {}),
    ...(revenueShareBps !== undefined ? { revenueShareBps } : {}),
    rawDataStaysInDomain,
    ...(parentGrantId !== undefined && parentGrantId !== '' ? { parentGrantId } : {}),
  };
}

export function parseUsage(body: JsonObject): UsageRequest {
  const purpose = requireString(body, 'purpose', MAX_PURPOSE_LENGTH).trim();
  const quantity = optionalInteger(body, 'quantity', 1, MAX_QUANTITY);
  if (quantity === undefined) throw invalid('quantity must be a positive integer (records, calls, rows: the unit the grant meters)');
  if (body.resultHash === undefined || body.resultHash === null) return { purpose, quantity };
  if (typeof body.resultHash !== 'string' || !HEX64.test(body.resultHash)) {
    throw invalid('resultHash must be 64 lowercase hex characters (SHA-256)');
  }
  return { purpose, quantity, resultHash: body.resultHash };
}

/** `Grant:List` filter: `assetId` (optionally with `grantee`), or `grantee`, or `grantor`. */
export interface GrantFilter {
  assetId?: string;
  grantee?: string;
  grantor?: string;
}

export function parseGrantFilter(body: JsonObject): GrantFilter {
  const assetId = parseKeyAttribute(body.assetId, 'filter.assetId');
  const grantee = parseKeyAttribute(body.grantee, 'filter.grantee');
  const grantor = parseKeyAttribute(body.grantor, 'filter.grantor');
  if (assetId === undefined && grantee === undefined && grantor === undefined) throw invalid('name assetId, grantee or grantor to list grants');
  return { ...(assetId !== undefined ? { assetId } : {}), ...(grantee !== undefined ? { grantee } : {}), ...(grantor !== undefined ? { grantor } : {}) };
}
