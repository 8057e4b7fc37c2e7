/**
 * Pledge (质押融资): the holder of an issued certificate pledges it to a bank; the bank accepts
 * (a `pledge` encumbrance, and the bank's organisation joins the certificate's key-level
 * policy, so no change passes without the bank's peer), releases it (解押: the policy is
 * restored exactly as it was), or, after default, enforces it (处置: the rights go to the bank
 * or a named buyer). The amount and the valuation behind it are private data of the pledgor's
 * registry organisation, the bank and the regulator (docs/pledges.md).
 */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContract } from './ledger-contract';
import { canonicalJson } from '../canonical-json';
import { pledgeIdFor } from '../codes';
import { LedgerContext } from '../context';
import { conflict, invalid } from '../errors';
import { emit } from '../events';
import { actorOf } from '../identity';
import { pledgeTermsKey } from '../keys';
import { Certificate } from '../model/certificate';
import { confidentialInput } from '../model/confidential';
import {
  Pledge,
  PledgeTerms,
  parseEnforceRequest,
  parseListingConsent,
  parseOptionalReason,
  parsePledgeFilter,
  parsePledgeRequest,
  parsePledgeTerms,
} from '../model/pledge';
import { parseJsonObject, parseOptionalJsonObject } from '../model/request';
import { mayActAsEntity, mayReadConfidential } from '../rules/authorization';
import { principalHolder } from '../rules/certificate';
import { unencumberedFor } from '../rules/encumbrance';
import { canEnforce, canPledge, isValuationOf, mayActAsBankOf, pledgeEvent, requirePledgeStatus, viewPledge, withPledgee } from '../rules/pledge';
import { mayReadPledge } from '../rules/read-access';
import { RuleResult, enforce } from '../rules/result';
import { loadCertificate, saveCertificate } from '../store/certificates';
import { putConfidential, readConfidential } from '../store/confidential';
import { activeEncumbrances, openEncumbrance } from '../store/encumbrances';
import { enforcePledge, liftPledgeEncumbrance, restoredEndorsers } from '../store/pledge-enforcement';
import { createPledge, listPledges, loadPledge, pledgeSlotOf, savePledge } from '../store/pledges';
import { parsePageSize } from '../store/paging';
import { addDays } from '../time';

@Info({ title: 'Pledge', description: 'Pledge financing (质押融资): request, accept, release, enforce' })
export class PledgeContract extends LedgerContract {
  constructor() {
    super('Pledge');
  }

  /**
   * The principal holder pledges an issued certificate to a bank: `{certificateId, pledgee,
   * termDays}`, with `{amount, valuationRef?}` in transient `dal.confidential` and its salt in
   * `dal.salt`. → `pending`. Refused while the certificate has another pending or active pledge.
   */
  @Transaction()
  @Returns('string')
  public async Request(ctx: LedgerContext, requestJson: string): Promise<string> {
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    const request = parsePledgeRequest(parseJsonObject(requestJson, 'request'));
    if (consortium.typeOf(request.pledgee) !== 'bank') throw invalid(`${request.pledgee} is not a bank organisation of the consortium`);
    const cert = await loadCertificate(ctx, request.certificateId);
    const pledgor = principalHolder(cert) ?? '';
    enforce(mayActAsEntity(caller, pledgor, consortium));
    const now = ctx.now;
    enforce(canPledge(cert, now));
    await this.refuseIfTaken(ctx, cert.id);
    enforce(unencumberedFor(cert.id, await activeEncumbrances(ctx, cert.id), 'new_pledge'));
    const { value, salt } = confidentialInput(ctx.stub.getTransient());
    const terms = parsePledgeTerms(value);
    enforce(isValuationOf(cert, terms.valuationRef));
    const txId = ctx.txId;
    const id = pledgeIdFor(txId);
    const holders = [caller.mspId, request.pledgee, consortium.regulatorMspId()];
    const pledge: Pledge = {
      docType: 'pledge',
      id,
      certificateId: cert.id,
      registry: cert.registry,
      pledgor,
      pledgorMspId: caller.mspId,
      pledgee: request.pledgee,
      termDays: request.termDays,
      terms: await putConfidential(ctx, pledgeTermsKey(ctx.stub, id), holders, terms, salt),
      status: 'pending',
      requestedBy: actorOf(caller),
      requestedAt: now,
      endorsingOrgs: withPledgee(cert.endorsingOrgs, request.pledgee),
      createdTxId: txId,
      lastTxId: txId,
      lastAction: 'Request',
      updatedAt: now,
    };
    await createPledge(ctx, pledge);
    return emit(ctx, 'PledgeRequested', pledgeEvent(pledge), viewPledge(pledge, now));
  }

  /**
   * The bank accepts a pending pledge → `active`, due `termDays` after now: a `pledge`
   * encumbrance (holder: the bank) and the bank added to the certificate's key-level policy.
   */
  @Transaction()
  @Returns('string')
  public async Accept(ctx: LedgerContext, id: string): Promise<string> {
    const pledge = await this.asPledgee(ctx, id);
    enforce(requirePledgeStatus(pledge, ['pending'], 'accept'));
    const cert = await loadCertificate(ctx, pledge.certificateId);
    const now = ctx.now;
    enforce(canPledge(cert, now));
    if (principalHolder(cert) !== pledge.pledgor) throw conflict(`the pledgor ${pledge.pledgor} no longer holds certificate ${cert.id}; the pledge cannot be accepted`);
    enforce(unencumberedFor(cert.id, await activeEncumbrances(ctx, cert.id), 'new_pledge'));
    const endorsingOrgs = withPledgee(cert.endorsingOrgs, pledge.pledgee);
    const encumbrance = await openEncumbrance(ctx, { id: cert.id, endorsingOrgs }, { kind: 'pledge', holder: pledge.pledgee, reference: pledge.id });
    await saveCertificate(ctx, cert, this.certificateAfter(ctx, cert, 'Pledge:Accept', { endorsingOrgs }));
    return this.update(ctx, pledge, 'Accept', 'PledgeAccepted', {
      status: 'active',
      acceptedAt: now,
      dueAt: addDays(now, pledge.termDays),
      encumbranceId: encumbrance.id,
      endorsersBefore: cert.endorsingOrgs,
    });
  }

  /** The bank turns a pending pledge down (`{reason?}`) → `declined`; the asset may be pledged again. */
  @Transaction()
  @Returns('string')
  public async Decline(ctx: LedgerContext, id: string, requestJson: string): Promise<string> {
    const reason = parseOptionalReason(parseOptionalJsonObject(requestJson, 'request'));
    const pledge = await this.asPledgee(ctx, id);
    enforce(requirePledgeStatus(pledge, ['pending'], 'decline'));
    return this.update(ctx, pledge, 'Decline', 'PledgeDeclined', { status: 'declined', closure: this.closure(ctx, reason) });
  }

  /** The pledgor withdraws its pending request (`{reason?}`) → `withdrawn`. */
  @Transaction()
  @Returns('string')
  public async Withdraw(ctx: LedgerContext, id: string, requestJson: string): Promise<string> {
    const reason = parseOptionalReason(parseOptionalJsonObject(requestJson, 'request'));
    const pledge = await loadPledge(ctx, id);
    enforce(mayActAsEntity(ctx.caller, pledge.pledgor, await ctx.consortium()));
    enforce(requirePledgeStatus(pledge, ['pending'], 'withdraw'));
    return this.update(ctx, pledge, 'Withdraw', 'PledgeWithdrawn', { status: 'withdrawn', closure: this.closure(ctx, reason) });
  }

  /**
   * 解押 by the bank (`{reason?}`), overdue or not: the encumbrance lifted and the certificate's
   * key-level policy restored to what it was before acceptance → `released`.
   */
  @Transaction()
  @Returns('string')
  public async Release(ctx: LedgerContext, id: string, requestJson: string): Promise<string> {
    const reason = parseOptionalReason(parseOptionalJsonObject(requestJson, 'request'));
    const pledge = await this.asPledgee(ctx, id);
    enforce(requirePledgeStatus(pledge, ['active'], 'release'));
    const cert = await loadCertificate(ctx, pledge.certificateId);
    await liftPledgeEncumbrance(ctx, ctx.caller, ctx.now, pledge, reason ?? 'pledge released (解押)');
    await saveCertificate(ctx, cert, this.certificateAfter(ctx, cert, 'Pledge:Release', { endorsingOrgs: restoredEndorsers(pledge, cert) }));
    return this.update(ctx, pledge, 'Release', 'PledgeReleased', { status: 'released', closure: this.closure(ctx, reason) });
  }

  /**
   * 处置 by the bank after default (the term ended unreleased): `{transferTo, reason}` — every
   * right the pledgor held goes to `transferTo` (the bank's own entity or a buyer's) as a new
   * version of the certificate, the encumbrance is lifted and the policy restored → `enforced`.
   */
  @Transaction()
  @Returns('string')
  public async Enforce(ctx: LedgerContext, id: string, requestJson: string): Promise<string> {
    const request = parseEnforceRequest(parseJsonObject(requestJson, 'request'));
    const pledge = await this.asPledgee(ctx, id);
    const now = ctx.now;
    enforce(canEnforce(pledge, now));
    const cert = await loadCertificate(ctx, pledge.certificateId);
    const after = await enforcePledge(ctx, ctx.caller, now, pledge, cert, request);
    return emit(ctx, 'PledgeEnforced', pledgeEvent(after), viewPledge(after, now));
  }

  /**
   * The bank consents (`{exchange}`) that the pledged asset may be listed at that exchange; the
   * listing is then recorded on this pledge, so the bank's peer endorses it too.
   */
  @Transaction()
  @Returns('string')
  public async ConsentToListing(ctx: LedgerContext, id: string, requestJson: string): Promise<string> {
    const request = parseListingConsent(parseJsonObject(requestJson, 'request'));
    const consortium = await ctx.consortium();
    if (consortium.typeOf(request.exchange) !== 'exchange') throw invalid(`${request.exchange} is not an exchange organisation of the consortium`);
    const pledge = await this.asPledgee(ctx, id);
    enforce(requirePledgeStatus(pledge, ['active'], 'consent to a listing under'));
    return this.update(ctx, pledge, 'ConsentToListing', 'PledgeListingConsented', {
      listingConsent: { exchange: request.exchange, listings: [], at: ctx.now, by: actorOf(ctx.caller), txId: ctx.txId },
    });
  }

  /** One pledge, with `effectiveStatus` (overdue computed now): its pledgor, the bank, the certificate's registrars, the regulator. */
  @Transaction(false)
  @Returns('string')
  public async Get(ctx: LedgerContext, id: string): Promise<string> {
    const pledge = await loadPledge(ctx, id);
    enforce(await this.mayRead(ctx, pledge));
    return canonicalJson(viewPledge(pledge, ctx.now));
  }

  /** The confidential amount and valuation reference, with their salt, from the caller's own organisation's peer. */
  @Transaction(false)
  @Returns('string')
  public async Terms(ctx: LedgerContext, id: string): Promise<string> {
    const pledge = await loadPledge(ctx, id);
    const caller = ctx.caller;
    const party = await this.mayRead(ctx, pledge);
    enforce(mayReadConfidential(caller, pledge.terms.holders, [party]));
    const copy = await readConfidential<PledgeTerms>(ctx, pledge.terms, caller.mspId);
    return canonicalJson({ pledgeId: pledge.id, certificateId: pledge.certificateId, ...copy.value, salt: copy.salt, commitment: pledge.terms.commitment, holders: pledge.terms.holders });
  }

  /**
   * `filterJson` `{role: pledgee|pledgor, status?}`: a bank officer's list of its bank's pledges
   * (pending, active, overdue …) or a holder's own, paged.
   */
  @Transaction(false)
  @Returns('string')
  public async List(ctx: LedgerContext, filterJson: string, pageSize: string, bookmark: string): Promise<string> {
    const filter = parsePledgeFilter(parseOptionalJsonObject(filterJson, 'filter'));
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    const party = filter.role === 'pledgee' ? caller.mspId : (caller.entity ?? '');
    enforce(filter.role === 'pledgee' ? mayActAsBankOf(caller, party, consortium) : mayActAsEntity(caller, party, consortium));
    return canonicalJson(await listPledges(ctx, filter, party, ctx.now, parsePageSize(pageSize), bookmark));
  }

  private async asPledgee(ctx: LedgerContext, id: string): Promise<Pledge> {
    const pledge = await loadPledge(ctx, id);
    enforce(mayActAsBankOf(ctx.caller, pledge.pledgee, await ctx.consortium()));
    return pledge;
  }

  private async mayRead(ctx: LedgerContext, pledge: Pledge): Promise<RuleResult> {
    return mayReadPledge(ctx.caller, pledge, await ctx.consortium());
  }

  private async refuseIfTaken(ctx: LedgerContext, certificateId: string): Promise<void> {
    const taken = await pledgeSlotOf(ctx, certificateId);
    if (taken !== undefined) throw conflict(`certificate ${certificateId} already has the pledge ${taken}, pending or active; an asset is pledged once`);
  }

  private closure(ctx: LedgerContext, reason: string | undefined): Pledge['closure'] {
    return { ...(reason !== undefined ? { reason } : {}), at: ctx.now, by: actorOf(ctx.caller), txId: ctx.txId };
  }

  private certificateAfter(ctx: LedgerContext, cert: Certificate, action: string, patch: Partial<Certificate>): Certificate {
    return { ...cert, ...patch, lastAction: action, lastTxId: ctx.txId, updatedAt: ctx.now };
  }

  private async update(ctx: LedgerContext, pledge: Pledge, action: string, event: string, patch: Partial<Pledge>): Promise<string> {
    const after: Pledge = { ...pledge, ...patch, lastAction: action, lastTxId: ctx.txId, updatedAt: ctx.now };
    await savePledge(ctx, after);
    return emit(ctx, event, pledgeEvent(after), viewPledge(after, ctx.now));
  }
}
