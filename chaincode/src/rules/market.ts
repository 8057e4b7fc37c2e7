/**
 * Trading rules (流通交易), pure: what may be listed, ordered and settled, and which order
 * moves each state allows. Refusals of a wrong state are CONFLICT (the same request may succeed
 * later or never, depending on the record); policy refusals are POLICY_VIOLATION.
 */
import type { Certificate } from '../model/certificate';
import { holderOf } from '../model/certificate';
import type { Grant } from '../model/grant';
import type { Listing, Order, OrderStatus, Payee } from '../model/market';
import { effectiveStatus } from './certificate';
import { ALLOW, RuleResult, refuse } from './result';

/** The exchange's fee when it states none: 2 % of the price. */
export const DEFAULT_EXCHANGE_FEE_BPS = 200;

/**
 * A certificate may be listed when it is issued and in term, not core data, and the seller —
 * the operating-right holder — also holds the processing right the buyer's licence conveys (a
 * licence can only pass on rights its grantor holds).
 */
export function canList(cert: Pick<Certificate, 'id' | 'status' | 'expiresAt' | 'grade' | 'rights'>, seller: string, nowIso: string): RuleResult {
  const status = effectiveStatus(cert, nowIso);
  if (status !== 'issued') return refuse('CONFLICT', `certificate ${cert.id} is ${status}; only an issued certificate in its term is listed`);
  if (cert.grade === 'core') return refuse('POLICY_VIOLATION', `certificate ${cert.id} is core data (核心数据), which never circulates`);
  if (holderOf(cert, 'processing') !== seller) {
    return refuse(
      'POLICY_VIOLATION',
      `the buyer's licence conveys the processing right of ${cert.id}, which the seller does not hold; the processing-right holder lists it, or the right is transferred first`,
    );
  }
  return ALLOW;
}

/** An order is placed on an open listing of a valid certificate, by anyone but the seller. */
export function canPlaceOrder(listing: Listing, cert: Pick<Certificate, 'id' | 'status' | 'expiresAt'>, buyer: string, nowIso: string): RuleResult {
  if (listing.status !== 'open') return refuse('CONFLICT', `listing ${listing.id} is ${listing.status}`);
  const holds = certificateHolds(cert, nowIso);
  if (!holds.allowed) return holds;
  if (buyer === listing.seller) return refuse('POLICY_VIOLATION', `${buyer} is the seller of listing ${listing.id} and cannot buy from itself`);
  return ALLOW;
}

/** A settled price is published only with the consent of both the buyer and the seller (Market:ConsentToDisclosure). */
export function bothConsentedToDisclosure(order: Pick<Order, 'id' | 'buyer' | 'seller' | 'disclosureConsent'>): RuleResult {
  const consent = order.disclosureConsent ?? [];
  const missing = [order.buyer, order.seller].filter((party) => !consent.includes(party));
  if (missing.length === 0) return ALLOW;
  return refuse('POLICY_VIOLATION', `the price of order ${order.id} is disclosed only with both parties' consent; ${missing.join(' and ')} has not consented`);
}

/** The certificate still holds (issued, in term) at ledger time `nowIso`: what settlement needs before it licenses. */
export function certificateHolds(cert: Pick<Certificate, 'id' | 'status' | 'expiresAt'>, nowIso: string): RuleResult {
  const status = effectiveStatus(cert, nowIso);
  return status === 'issued' ? ALLOW : refuse('CONFLICT', `certificate ${cert.id} is ${status}; it cannot be traded`);
}

/** The move `action` needs the order in one of `allowed`; otherwise CONFLICT naming both. */
export function requireOrderStatus(order: Pick<Order, 'id' | 'status'>, allowed: readonly OrderStatus[], action: string): RuleResult {
  if (allowed.includes(order.status)) return ALLOW;
  return refuse('CONFLICT', `cannot ${action} order ${order.id} in status ${order.status} (only when ${allowed.join(' or ')})`);
}

/** At settlement the seller must still hold the operating right it listed under. */
export function sellerStillEntitled(order: Pick<Order, 'seller' | 'certificateId'>, cert: Pick<Certificate, 'rights'>): RuleResult {
  if (holderOf(cert, 'operating') === order.seller && holderOf(cert, 'processing') === order.seller) return ALLOW;
  return refuse(
    'POLICY_VIOLATION',
    `${order.seller} no longer holds the operating and processing rights of ${order.certificateId}; the trade cannot be settled`,
  );
}

/** Key-level policy of listings, orders and settlements: the exchange and the issuing registry, sorted. */
export function marketEndorsers(exchange: string, registry: string): string[] {
  return [...new Set([exchange, registry])].sort();
}

/**
 * The payees before the seller: the exchange fee, then each upstream grant with a revenue share
 * (nearest the sold asset first), as `grants` lists them. A grant with no or zero share pays nothing.
 */
export function payeesOf(exchange: string, exchangeFeeBps: number, upstream: readonly Pick<Grant, 'id' | 'grantor' | 'revenueShareBps'>[]): Payee[] {
  const payees: Payee[] = [{ payee: exchange, kind: 'exchange_fee', bps: exchangeFeeBps }];
  for (const grant of upstream) {
    const bps = grant.revenueShareBps ?? 0;
    if (bps > 0) payees.push({ payee: grant.grantor, kind: 'upstream', bps, grantId: grant.id });
  }
  return payees;
}

/** `YYYY-MM` of an ISO time: the price record's period. */
export function monthOf(iso: string): string {
  return iso.slice(0, 7);
}
