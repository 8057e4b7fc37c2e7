/**
 * Market regulation rules (市场监管): whether a trade may go ahead (`mayTrade`, the one place
 * the Market contract asks), and the lifecycle of negative-list entries and filings.
 *
 * `mayTrade` refusals are `POLICY_VIOLATION`: well-formed, but the regulator's policy forbids
 * it; each names the rule. Lifecycle refusals are `CONFLICT`: the record's state stands in the
 * way. The table of what each record blocks is in docs/regulation.md.
 */
import type { Certificate } from '../model/certificate';
import type { CreditStatus, Filing, NegativeListEntry, NegativeListRequest } from '../model/regulation';
import { isCertificateValid } from './certificate';
import { ALLOW, RuleResult, refuse } from './result';

/** What `mayTrade` decides from: the asset's grade, the negative-list entries matching it, a filing in force, and every party's credit. */
export interface TradeInput {
  grade: string;
  negativeList: readonly NegativeListEntry[];
  /** The certificate's filing in force at trade time (store/regulation.ts `filingInForce`), if any. */
  filing?: Filing;
  parties: readonly { entity: string; credit: CreditStatus }[];
}

function describe(entry: NegativeListEntry): string {
  return `${entry.target} ${entry.value} is on the negative list (负面清单) as ${entry.level} by ${entry.id}`;
}

/** Core data (核心数据) never circulates. */
function gradeAllowsTrade(grade: string): RuleResult {
  return grade === 'core' ? refuse('POLICY_VIOLATION', 'core-grade data (核心数据) never trades') : ALLOW;
}

/** A `prohibited` entry refuses whatever else holds. */
function notProhibited(entries: readonly NegativeListEntry[]): RuleResult {
  const prohibited = entries.find((e) => e.status === 'active' && e.level === 'prohibited');
  return prohibited ? refuse('POLICY_VIOLATION', `${describe(prohibited)}: it does not trade`) : ALLOW;
}

/** Any party flagged dishonest (失信) refuses the trade. */
function partiesInGoodStanding(parties: TradeInput['parties']): RuleResult {
  const dishonest = parties.find((p) => p.credit === 'dishonest');
  return dishonest ? refuse('POLICY_VIOLATION', `party ${dishonest.entity} is flagged dishonest (失信) by the regulator`) : ALLOW;
}

/** Important-grade data, or a `restricted` match, trades only under an approved filing in force. */
function filedWhereRequired(input: TradeInput): RuleResult {
  if (input.filing?.status === 'approved') return ALLOW;
  if (input.grade === 'important') return refuse('POLICY_VIOLATION', 'important-grade data needs an approved filing (重要数据流通备案) in force to trade');
  const restricted = input.negativeList.find((e) => e.status === 'active' && e.level === 'restricted');
  return restricted ? refuse('POLICY_VIOLATION', `${describe(restricted)}: it trades only under an approved filing in force`) : ALLOW;
}

/**
 * May this asset trade between these parties now, as far as the regulator is concerned: grade
 * `core` never; a `prohibited` negative-list match never; any party `dishonest` never;
 * `important` grade or a `restricted` match only with an approved filing in force.
 */
export function mayTrade(input: TradeInput): RuleResult {
  for (const result of [gradeAllowsTrade(input.grade), notProhibited(input.negativeList), partiesInGoodStanding(input.parties), filedWhereRequired(input)]) {
    if (!result.allowed) return result;
  }
  return ALLOW;
}

/** An approved filing is in force from approval until its term end, in ledger time. */
export function filingIsInForce(filing: Pick<Filing, 'status' | 'validUntil'>, nowIso: string): boolean {
  return filing.status === 'approved' && filing.validUntil !== undefined && nowIso < filing.validUntil;
}

/** One active entry per category or fingerprint: to change its level, lift it and list anew. */
export function canList(request: NegativeListRequest, active: readonly NegativeListEntry[]): RuleResult {
  const existing = active[0];
  if (existing === undefined) return ALLOW;
  return refuse('CONFLICT', `${request.target} ${request.value} is already listed as ${existing.level} by ${existing.id}; lift it first`);
}

export function canLift(entry: NegativeListEntry): RuleResult {
  return entry.status === 'active' ? ALLOW : refuse('CONFLICT', `negative-list entry ${entry.id} is already ${entry.status}`);
}

/** A filing is made for an issued certificate in its term. */
export function canFile(cert: Pick<Certificate, 'id' | 'status' | 'expiresAt'>, nowIso: string): RuleResult {
  if (!isCertificateValid(cert, nowIso)) return refuse('CONFLICT', `certificate ${cert.id} is not issued and in term (status ${cert.status})`);
  return ALLOW;
}

/** Only a filed filing is decided, once. */
export function canDecide(filing: Pick<Filing, 'id' | 'status'>): RuleResult {
  return filing.status === 'filed' ? ALLOW : refuse('CONFLICT', `filing ${filing.id} is already ${filing.status}`);
}

/** The regulator's own term end must lie after the approval. */
export function validTermEnd(validUntil: string, nowIso: string): RuleResult {
  return validUntil > nowIso ? ALLOW : refuse('INVALID_REQUEST', `validUntil ${validUntil} is not after the approval time ${nowIso}`);
}
