/**
 * The 公示 board: applications approved and now in publicity, as anyone may read them, and the
 * composite-key index the board is read through (never a scan).
 *
 * Index design. One key per application, audience and filter combination:
 *
 *   dal.cert.publicity [audience, registry | *, category | *, asset type | *, newest-first time, certificate id]
 *
 * - `audience` is `public` (general grade only) or `members` (every grade): important-data
 *   catalogues are not public, so an important-grade application has no `public` keys at all,
 *   and the public query cannot reach it whatever it asks for.
 * - each of registry, category and asset type is either the value or `*`, all 8 combinations:
 *   every filter the board offers — none, one, two or all three — is exactly one partial-key
 *   range, and a page is always full (no filtering after the read).
 * - `newest-first time` is 10^14 − (publicity start in ms), zero-padded, so key order is newest
 *   first; ties (one block) go by certificate id.
 *
 * So a general-grade application has 16 keys and an important-grade one 8, each with a
 * one-byte value. They are derived from the record alone, and written and deleted with it by
 * store/certificates.ts saveCertificate, which diffs the index entries of the record before and
 * after every write: whatever takes an application out of `publicizing` (issue, rejection by an
 * upheld objection, any later exit) deletes its keys in the same transaction.
 */
import { invalid } from '../errors';
import { USCC_PATTERN } from '../uscc';
import { ObjectType } from '../keys';
import { ASSET_TYPES, AssetType, CATEGORIES, Category, Certificate, Grade, Source } from './certificate';
import { JsonObject, parseKeyAttribute } from './request';

export const PUBLICITY_AUDIENCES = ['public', 'members'] as const;
export type PublicityAudience = (typeof PUBLICITY_AUDIENCES)[number];

/** Grades listed on the public board; every other grade only for consortium members. */
const PUBLIC_GRADES: readonly Grade[] = ['general'];
/** How a natural person holding a right appears on the board: never the hash, never a name. */
export const INDIVIDUAL_HOLDER = '个人';
const ANY = '*';
const NEWEST_FIRST_BASE = 1e14;

export interface PublicityFilter {
  registry?: string;
  category?: Category;
  assetType?: AssetType;
}

/** One entry of the board: the non-personal facts of an application in publicity. */
export interface PublicityEntry {
  certificateId: string;
  name: string;
  registry: string;
  category: Category;
  grade: Grade;
  assetType: AssetType;
  source: Source;
  /** The principal holder as registered: an enterprise's USCC, or 个人 for a natural person. */
  holder: string;
  holderKind: 'enterprise' | 'individual';
  fingerprint: string;
  publicityStartsAt: string;
  publicityEndsAt: string;
  /** Whether objections are still accepted (the period has not ended) at `checkedAt`. */
  acceptingObjections: boolean;
  /** Objections raised and not yet resolved; any one blocks issue. */
  openObjections: number;
}

export interface PublicityPage {
  audience: PublicityAudience;
  items: PublicityEntry[];
  /** Empty on the last page. */
  bookmark: string;
  checkedAt: string;
}

export function parsePublicityFilter(body: JsonObject): PublicityFilter {
  const registry = parseKeyAttribute(body.registry, 'filter.registry');
  const category = parseKeyAttribute(body.category, 'filter.category');
  const assetType = parseKeyAttribute(body.assetType, 'filter.assetType');
  if (category !== undefined && !(CATEGORIES as readonly string[]).includes(category)) throw invalid(`filter.category must be one of ${CATEGORIES.join(', ')}`);
  if (assetType !== undefined && !(ASSET_TYPES as readonly string[]).includes(assetType))
    throw invalid(`filter.assetType must be one of ${ASSET_TYPES.join(', ')}`);
  const extra = Object.keys(body).filter((k) => !['registry', 'category', 'assetType'].includes(k));
  if (extra.length > 0) throw invalid(`the board filters by registry, category and assetType only, not ${extra.join(', ')}`);
  return {
    ...(registry !== undefined ? { registry } : {}),
    ...(category !== undefined ? { category: category as Category } : {}),
    ...(assetType !== undefined ? { assetType: assetType as AssetType } : {}),
  };
}

/** The range a filter reads: audience, then each facet's value or `*`. */
export function publicityRange(audience: PublicityAudience, filter: PublicityFilter): string[] {
  return [audience, filter.registry ?? ANY, filter.category ?? ANY, filter.assetType ?? ANY];
}

/** Whether an application in publicity is on the public board (general grade) or for members only. */
export function audiencesOf(grade: Grade): PublicityAudience[] {
  return PUBLIC_GRADES.includes(grade) ? ['public', 'members'] : ['members'];
}

function newestFirst(startedAt: string): string {
  return String(NEWEST_FIRST_BASE - Date.parse(startedAt)).padStart(14, '0');
}

/** The index entries of a record: all of them while it is in publicity, none otherwise. */
export function publicityIndexEntries(cert: Certificate): { type: string; attributes: string[] }[] {
  if (cert.status !== 'publicizing' || cert.reviewedAt === undefined) return [];
  const time = newestFirst(cert.reviewedAt);
  const entries: { type: string; attributes: string[] }[] = [];
  for (const audience of audiencesOf(cert.grade)) {
    for (const registry of [cert.registry, ANY]) {
      for (const category of [cert.category, ANY]) {
        for (const assetType of [cert.assetType, ANY]) {
          entries.push({ type: ObjectType.publicity, attributes: [audience, registry, category, assetType, time, cert.id] });
        }
      }
    }
  }
  return entries;
}

/** The board's view of a record, at `nowIso`, with the number of its open objections. */
export function publicityEntryOf(cert: Certificate, principal: string | undefined, openObjections: number, nowIso: string): PublicityEntry {
  // Anything that is not an enterprise's USCC is shown as 个人: the board never carries an np: hash.
  const enterprise = principal !== undefined && USCC_PATTERN.test(principal) ? principal : undefined;
  const individual = enterprise === undefined;
  const endsAt = cert.publicityEndsAt ?? cert.reviewedAt ?? '';
  return {
    certificateId: cert.id,
    name: cert.name,
    registry: cert.registry,
    category: cert.category,
    grade: cert.grade,
    assetType: cert.assetType,
    source: cert.source,
    holder: enterprise ?? INDIVIDUAL_HOLDER,
    holderKind: individual ? 'individual' : 'enterprise',
    fingerprint: cert.fingerprint,
    publicityStartsAt: cert.reviewedAt ?? '',
    publicityEndsAt: endsAt,
    acceptingObjections: nowIso < endsAt,
    openObjections,
  };
}
