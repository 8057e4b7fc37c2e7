/**
 * Who may read what is not public within the consortium. Most records are (a certificate, its
 * history, a grant, an agreement: the register the members keep together), but the metered uses
 * of a grant — who used which data, how often and for what — and the versions of a grant are
 * commercially sensitive. Those are read only by the grant's parties and the ones answerable
 * for them: the grantor and the grantee (acting as their entity), the registrars of the
 * certificate's registry and of the registries that enrol the grantor and the grantee, and the
 * regulator's regulators and auditors. Everyone else: FORBIDDEN, before anything is read.
 */
import { Caller, hasRole } from '../identity';
import { Consortium } from '../model/consortium';
import { mayActAsAppraiserOf, mayActAsEntity, mayActAsExchangeOf, mayActAsRegistrarOf, mayActAsSupervisor, mayVouchForEntity } from './authorization';
import { mayActAsBankOf } from './pledge';
import { ALLOW, RuleResult, refuse } from './result';

/** The parties of a grant that the rule names. */
interface GrantParties {
  readonly grantor: string;
  readonly grantee: string;
  /** The certificate's issuing registry. */
  readonly registry: string;
}

export function mayReadGrantActivity(caller: Caller, grant: GrantParties, consortium: Consortium): RuleResult {
  if (mayActAsEntity(caller, grant.grantor, consortium).allowed || mayActAsEntity(caller, grant.grantee, consortium).allowed) return ALLOW;
  if (mayActAsSupervisor(caller, consortium).allowed) return ALLOW;
  if (hasRole(caller, 'registrar') && consortium.isRegistry(caller.mspId)) {
    if (caller.mspId === grant.registry) return ALLOW;
    if ([grant.grantor, grant.grantee].some((entity) => mayVouchForEntity(caller.mspId, entity, consortium).allowed)) return ALLOW;
  }
  return refuse(
    'FORBIDDEN',
    "only the grant's grantor and grantee, their registries and the regulator's regulators and auditors may read its uses and history",
  );
}

/** What the valuation rule reads of a certificate: its registry, its right holders, who filed its evidence. */
interface ValuedCertificate {
  readonly registry: string;
  readonly holders: readonly string[];
  /** The appraiser firm of each evidence entry. */
  readonly appraisers: readonly string[];
}

/**
 * Who may ask for a certificate's valuation amounts at all: the issuing registry's registrars,
 * the enterprises holding a right on it, an appraiser firm that filed evidence on it, and the
 * regulator's regulators and auditors. Checked before the evidence entry is looked at, so the
 * answer to anyone else is the same 403 whatever the index — whether the entry exists or is a
 * valuation (a 404 for one index and a 403 for another would tell).
 */
export function mayAskForValuations(caller: Caller, cert: ValuedCertificate, consortium: Consortium): RuleResult {
  const parties = [
    mayActAsRegistrarOf(caller, cert.registry, consortium),
    ...cert.holders.map((holder) => mayActAsEntity(caller, holder, consortium)),
    ...cert.appraisers.map((firm) => mayActAsAppraiserOf(caller, firm, consortium)),
    mayActAsSupervisor(caller, consortium),
  ];
  if (parties.some((p) => p.allowed)) return ALLOW;
  return refuse(
    'FORBIDDEN',
    "only the issuing registry's registrars, the right holders, the appraiser firm that filed it and the regulator's regulators and auditors may read a valuation",
  );
}

/** The parties of an order that the rule names. */
interface OrderParties {
  readonly id: string;
  readonly buyer: string;
  readonly seller: string;
  readonly sellerMspId: string;
  /** Set on a 处置 sale, whose seller side is the bank that listed it. */
  readonly enforcementOf?: string;
  readonly exchange: string;
}

/**
 * An order — who offers for which data, the negotiation, delivery and disputes — is the trading
 * parties' business: the buyer, the seller (a 处置 sale's selling bank), the exchange's
 * operators who run the market, the registrars of the certificate's issuing registry (who
 * answer for the certificate) and the regulator's regulators and auditors. The listing it
 * answers stays public; its prices stay confidential even to most of these (Market:Terms).
 */
export function mayReadOrder(caller: Caller, order: OrderParties, registry: string, consortium: Consortium): RuleResult {
  const seller = order.enforcementOf !== undefined ? mayActAsBankOf(caller, order.sellerMspId, consortium) : mayActAsEntity(caller, order.seller, consortium);
  const parties = [
    mayActAsEntity(caller, order.buyer, consortium),
    seller,
    mayActAsExchangeOf(caller, order.exchange, consortium),
    mayActAsRegistrarOf(caller, registry, consortium),
    mayActAsSupervisor(caller, consortium),
  ];
  if (parties.some((p) => p.allowed)) return ALLOW;
  return refuse('FORBIDDEN', `only the buyer, the seller, the exchange, the certificate's registry and the regulator may read order ${order.id}`);
}

/** The parties of a pledge that the rule names. */
interface PledgeParties {
  readonly id: string;
  readonly pledgor: string;
  readonly pledgee: string;
  readonly registry: string;
}

/** A pledge is its parties' business: the pledgor, the pledgee bank's officers, the certificate's registrars, the regulator's regulators and auditors. */
export function mayReadPledge(caller: Caller, pledge: PledgeParties, consortium: Consortium): RuleResult {
  const parties = [
    mayActAsEntity(caller, pledge.pledgor, consortium),
    mayActAsBankOf(caller, pledge.pledgee, consortium),
    mayActAsRegistrarOf(caller, pledge.registry, consortium),
    mayActAsSupervisor(caller, consortium),
  ];
  return parties.find((p) => p.allowed) ?? refuse('FORBIDDEN', `only the parties to pledge ${pledge.id}, its registry and the regulator may read it`);
}
