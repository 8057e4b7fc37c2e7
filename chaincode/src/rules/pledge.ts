/**
 * Pledge rules (质押): who may do what to a pledge, in which state, and what a read answers.
 * Every refusal of a state is `CONFLICT` (the same request may succeed in another state); the
 * wrong party is `FORBIDDEN`.
 */
import { hasRole, type Caller } from '../identity';
import type { Certificate } from '../model/certificate';
import type { Consortium } from '../model/consortium';
import type { Encumbrance } from '../model/encumbrance';
import type { Pledge, PledgeStatus, PledgeView } from '../model/pledge';
import { effectiveStatus } from './certificate';
import { ALLOW, RuleResult, refuse } from './result';

/** An officer (role `bank`) of the named bank organisation. */
export function mayActAsBankOf(caller: Caller, bank: string, consortium: Consortium): RuleResult {
  if (consortium.typeOf(caller.mspId) !== 'bank') return refuse('FORBIDDEN', `${caller.mspId} is not a bank organisation`);
  if (!hasRole(caller, 'bank')) return refuse('FORBIDDEN', 'the bank role is required');
  if (caller.mspId !== bank) return refuse('FORBIDDEN', `only an officer of the pledgee ${bank} may do this`);
  return ALLOW;
}

/** Only an issued certificate in its term is pledged. */
export function canPledge(cert: Certificate, nowIso: string): RuleResult {
  const status = effectiveStatus(cert, nowIso);
  if (status !== 'issued') return refuse('CONFLICT', `certificate ${cert.id} is ${status}; only an issued certificate in its term can be pledged`);
  return ALLOW;
}

/** The valuation a pledge names must be a `valuation` entry of the certificate's evidence. */
export function isValuationOf(cert: Pick<Certificate, 'id' | 'evidence'>, index: number | undefined): RuleResult {
  if (index === undefined) return ALLOW;
  const entry = cert.evidence[index];
  if (entry?.kind !== 'valuation') return refuse('INVALID_REQUEST', `valuationRef ${String(index)} is not a valuation report in the evidence of ${cert.id}`);
  return ALLOW;
}

/** The pledge is in one of `statuses`; `CONFLICT` naming what the caller tried otherwise. */
export function requirePledgeStatus(pledge: Pick<Pledge, 'id' | 'status'>, statuses: readonly PledgeStatus[], what: string): RuleResult {
  if (statuses.includes(pledge.status)) return ALLOW;
  return refuse('CONFLICT', `cannot ${what} pledge ${pledge.id}: it is ${pledge.status}`);
}

/** An active pledge is overdue from `dueAt` (ledger time) on. */
export function isOverdue(pledge: Pick<Pledge, 'status' | 'dueAt'>, nowIso: string): boolean {
  return pledge.status === 'active' && pledge.dueAt !== undefined && nowIso >= pledge.dueAt;
}

export function viewPledge(pledge: Pledge, nowIso: string): PledgeView {
  const overdue = isOverdue(pledge, nowIso);
  return { ...pledge, effectiveStatus: overdue ? 'overdue' : pledge.status, overdue };
}

/**
 * What a pledge's chaincode event carries: what public verification shows of it (who holds the
 * pledge, of which certificate, since when, in which state) and the ids that tie it to its
 * transactions. Events reach every member's event stream, while the whole record — pledgor,
 * term, due date, closure — is its parties' (Pledge:Get); the event names the pledge, and a
 * party reads the rest.
 */
export function pledgeEvent(
  pledge: Pledge,
): Pick<Pledge, 'docType' | 'id' | 'certificateId' | 'registry' | 'pledgee' | 'status' | 'lastAction' | 'createdTxId' | 'lastTxId' | 'updatedAt'> {
  const { docType, id, certificateId, registry, pledgee, status, lastAction, createdTxId, lastTxId, updatedAt } = pledge;
  return { docType, id, certificateId, registry, pledgee, status, lastAction, createdTxId, lastTxId, updatedAt };
}

/** 处置 only after default: the pledge is active and its term has ended unreleased. */
export function canEnforce(pledge: Pledge, nowIso: string): RuleResult {
  const state = requirePledgeStatus(pledge, ['active'], 'enforce');
  if (!state.allowed) return state;
  if (!isOverdue(pledge, nowIso)) return refuse('CONFLICT', `pledge ${pledge.id} is not in default: its term runs until ${pledge.dueAt ?? '?'}`);
  return ALLOW;
}

/** The certificate's endorsers with the bank added: while pledged, no change passes without the bank's peer. */
export function withPledgee(endorsers: readonly string[], bank: string): string[] {
  return [...new Set([...endorsers, bank])].sort();
}

/**
 * The encumbrances that still stand in the way of a listing (or an order on it) at `exchange`:
 * an active pledge whose bank recorded its consent for that exchange does not.
 */
export function encumbrancesBeyondConsent(encumbrances: readonly Encumbrance[], pledge: Pledge | undefined, exchange: string): Encumbrance[] {
  const consented = pledge?.status === 'active' && pledge.listingConsent?.exchange === exchange ? pledge.encumbranceId : undefined;
  return encumbrances.filter((e) => e.id !== consented);
}
