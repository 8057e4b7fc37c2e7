/**
 * Grant: authorization grants (授权) on a registered asset — public-data operation, personal
 * authorisation, licence and sub-licence down a grants chain — and the grantee's metered
 * uses (可控可计量).
 *
 * Writes and who endorses them. A grant key carries a key-level policy naming the issuing
 * registry and the grantor's registry, so neither the grantee nor an unrelated city can
 * suspend, resume or revoke it. A use never writes the grant: it writes its own key (its id is
 * derived from the tx id), so uses of one grant do not conflict with each other — except on a
 * grant with `maxUses`, whose count lives on one counter key that each use reads and writes:
 * there, two uses in one block conflict (MVCC) and the gateway retries, which is exactly what
 * keeps the count exact. A use reads the grant, the grants above it and the certificate, so a
 * use committed in the same block as a revocation, suspension or cancellation upstream fails
 * validation instead of slipping through.
 */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContract } from './ledger-contract';
import { canonicalJson } from '../canonical-json';
import { grantIdFor, usageIdFor } from '../codes';
import { LedgerContext } from '../context';
import { invalid } from '../errors';
import { emit } from '../events';
import { Caller, actorOf } from '../identity';
import { holderOf } from '../model/certificate';
import { Grant, GrantCheck, GrantStatus, Usage, parseGrantFilter, parseGrantRequest, parseUsage } from '../model/grant';
import { JsonObject, optionalString, parseJsonObject, parseKeyAttribute, parseOptionalJsonObject } from '../model/request';
import { mayActAsEntity } from '../rules/authorization';
import { mayReadGrantActivity } from '../rules/read-access';
import { isCertificateValid } from '../rules/certificate';
import { unencumberedFor } from '../rules/encumbrance';
import { GrantEffect, canCreateGrant, canResumeGrant, canRevokeGrant, canSuspendGrant, canUse, grantEndorsers } from '../rules/grant';
import { enforce } from '../rules/result';
import { loadCertificate } from '../store/certificates';
import { activeEncumbrances } from '../store/encumbrances';
import {
  createGrant,
  findGrant,
  grantHistory,
  grantState,
  grantsOfAssetTo,
  listGrants,
  listUsages,
  loadGrant,
  recordUse,
  saveGrant,
  viewGrant,
} from '../store/grants';
import { parsePageSize } from '../store/paging';

@Info({ title: 'Grant', description: 'Authorization grants (授权) and metered usage (可控可计量)' })
export class GrantContract extends LedgerContract {
  constructor() {
    super('Grant');
  }

  /**
   * The grantor (a holder/operator entity its registry vouches for) grants rights on an issued
   * certificate: `{assetId, type, grantee, rights, purposes, validFrom, validTo, paid, fee?,
   * maxUses?, revenueShareBps?, rawDataStaysInDomain?, parentGrantId?}` → `active`.
   */
  @Transaction()
  @Returns('string')
  public async Create(ctx: LedgerContext, requestJson: string): Promise<string> {
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    const request = parseGrantRequest(parseJsonObject(requestJson, 'request'));
    const grantor = caller.entity ?? '';
    // Authorization first: a vouched holder/operator entity (the basis, right or parent grant, is a rule below).
    enforce(mayActAsEntity(caller, grantor, consortium));
    const cert = await loadCertificate(ctx, request.assetId);
    const now = ctx.now;
    let parent: { grant: Grant; effect: GrantEffect } | undefined;
    if (request.parentGrantId !== undefined) {
      const parentGrant = await findGrant(ctx, request.parentGrantId);
      if (parentGrant) parent = { grant: parentGrant, effect: (await grantState(ctx, parentGrant, now, cert)).effect };
    }
    enforce(canCreateGrant({ ...request, assetId: cert.id }, cert, grantor, parent, now));
    enforce(unencumberedFor(cert.id, await activeEncumbrances(ctx, cert.id), 'new_grant'));
    const txId = ctx.txId;
    const grant: Grant = {
      docType: 'grant',
      id: grantIdFor(txId),
      ...request,
      assetId: cert.id,
      grantor,
      registry: cert.registry,
      status: 'active',
      grantedBy: actorOf(caller),
      grantedAt: now,
      depth: parent ? parent.grant.depth + 1 : 0,
      endorsingOrgs: grantEndorsers(cert.registry, caller.mspId),
      createdTxId: txId,
      lastTxId: txId,
      updatedAt: now,
    };
    await createGrant(ctx, grant);
    return emit(ctx, 'GrantCreated', await viewGrant(ctx, grant, now, cert));
  }

  /** The grantor suspends an active grant: it and every grant derived from it stop until resumed. */
  @Transaction()
  @Returns('string')
  public async Suspend(ctx: LedgerContext, id: string, requestJson: string): Promise<string> {
    const { grant, caller, reason } = await this.asGrantor(ctx, id, requestJson);
    enforce(canSuspendGrant(grant, ctx.now));
    return this.changeStatus(ctx, grant, caller, 'suspended', reason, 'GrantSuspended');
  }

  /** The grantor resumes a suspended grant that has not lapsed. */
  @Transaction()
  @Returns('string')
  public async Resume(ctx: LedgerContext, id: string, requestJson: string): Promise<string> {
    const { grant, caller, reason } = await this.asGrantor(ctx, id, requestJson);
    enforce(canResumeGrant(grant, ctx.now));
    return this.changeStatus(ctx, grant, caller, 'active', reason, 'GrantResumed');
  }

  /** The grantor revokes the grant, for good: it and every grant derived from it stop at once. */
  @Transaction()
  @Returns('string')
  public async Revoke(ctx: LedgerContext, id: string, requestJson: string): Promise<string> {
    const { grant, caller, reason } = await this.asGrantor(ctx, id, requestJson);
    enforce(canRevokeGrant(grant));
    return this.changeStatus(ctx, grant, caller, 'revoked', reason, 'GrantRevoked');
  }

  /**
   * The grantee records one use: `{purpose, quantity, resultHash?}`. Refused (POLICY_VIOLATION)
   * outside the purposes, before or after the term, over `maxUses`, or once the grant, a grant
   * above it or the certificate has stopped.
   */
  @Transaction()
  @Returns('string')
  public async RecordUsage(ctx: LedgerContext, id: string, usageJson: string): Promise<string> {
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    const request = parseUsage(parseJsonObject(usageJson, 'usage'));
    const grant = await loadGrant(ctx, id);
    enforce(mayActAsEntity(caller, grant.grantee, consortium));
    const now = ctx.now;
    const { effect, meters } = await grantState(ctx, grant, now);
    enforce(canUse(grant, effect, request.purpose, meters));
    const txId = ctx.txId;
    const own = meters.find((m) => m.grantId === grant.id);
    const sequence = own !== undefined ? own.recorded + 1 : undefined;
    const usage: Usage = {
      docType: 'grantUsage',
      id: usageIdFor(txId),
      grantId: grant.id,
      assetId: grant.assetId,
      grantee: grant.grantee,
      ...request,
      recordedBy: actorOf(caller),
      recordedAt: now,
      ...(sequence !== undefined ? { sequence } : {}),
      txId,
    };
    await recordUse(ctx, usage, meters);
    const remaining = own !== undefined && sequence !== undefined ? { usesRemaining: own.maxUses - sequence } : {};
    return emit(ctx, 'GrantUsageRecorded', usage, { ...usage, ...remaining });
  }

  /** One grant with its effect now (`effectiveStatus`, `stoppedBy`) and, with `maxUses`, `usesRecorded`. */
  @Transaction(false)
  @Returns('string')
  public async Get(ctx: LedgerContext, id: string): Promise<string> {
    return canonicalJson(await viewGrant(ctx, await loadGrant(ctx, id), ctx.now));
  }

  /**
   * Every version of the grant (newest first): creation, each suspension, resumption and revocation, with its tx id.
   * Its parties only (rules/read-access.ts).
   */
  @Transaction(false)
  @Returns('string')
  public async History(ctx: LedgerContext, id: string): Promise<string> {
    const grant = await loadGrant(ctx, id);
    enforce(mayReadGrantActivity(ctx.caller, grant, await ctx.consortium()));
    return canonicalJson(await grantHistory(ctx, grant));
  }

  /**
   * Paged list through one index: `filterJson` names `assetId` (optionally with `grantee`),
   * or `grantee`, or `grantor`.
   */
  @Transaction(false)
  @Returns('string')
  public async List(ctx: LedgerContext, filterJson: string, pageSize: string, bookmark: string): Promise<string> {
    const filter = parseGrantFilter(parseOptionalJsonObject(filterJson, 'filter'));
    return canonicalJson(await listGrants(ctx, filter, parsePageSize(pageSize), bookmark, ctx.now));
  }

  /**
   * The recorded uses of a grant, paged, in usage-id order (ids derive from tx ids, so not in time order).
   * Its parties only (rules/read-access.ts).
   */
  @Transaction(false)
  @Returns('string')
  public async ListUsages(ctx: LedgerContext, id: string, pageSize: string, bookmark: string): Promise<string> {
    const grant = await loadGrant(ctx, id);
    enforce(mayReadGrantActivity(ctx.caller, grant, await ctx.consortium()));
    return canonicalJson(await listUsages(ctx, grant.id, parsePageSize(pageSize), bookmark));
  }

  /**
   * May `grantee` use `assetId` for `purpose` now? Allowed if it holds the processing or
   * operating right itself, or through the first grant (key order) that would accept the use;
   * otherwise the reason the closest grant would refuse it, or that there is none.
   */
  @Transaction(false)
  @Returns('string')
  public async Check(ctx: LedgerContext, assetId: string, grantee: string, purpose: string): Promise<string> {
    const entity = parseKeyAttribute(grantee, 'grantee');
    const use = typeof purpose === 'string' ? purpose.trim() : '';
    if (entity === undefined) throw invalid('grantee is required');
    if (use === '') throw invalid('purpose is required');
    const cert = await loadCertificate(ctx, assetId);
    const now = ctx.now;
    const answer = { assetId: cert.id, grantee: entity, purpose: use, checkedAt: now };
    const grants = await grantsOfAssetTo(ctx, cert.id, entity);
    let reason: string | undefined;
    for (const grant of grants) {
      const { effect, meters } = await grantState(ctx, grant, now, cert);
      const verdict = canUse(grant, effect, use, meters);
      if (verdict.allowed) return canonicalJson({ allowed: true, basis: 'grant', grantId: grant.id, ...answer } satisfies GrantCheck);
      reason ??= verdict.reason;
    }
    const holdsRight = holderOf(cert, 'processing') === entity || holderOf(cert, 'operating') === entity;
    if (holdsRight && isCertificateValid(cert, now)) return canonicalJson({ allowed: true, basis: 'right', ...answer } satisfies GrantCheck);
    const noGrant = `no grant of ${cert.id} to ${entity}`;
    return canonicalJson({ allowed: false, reason: reason ?? noGrant, ...answer } satisfies GrantCheck);
  }

  private async asGrantor(ctx: LedgerContext, id: string, requestJson: string): Promise<{ grant: Grant; caller: Caller; reason?: string }> {
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    const body: JsonObject = parseOptionalJsonObject(requestJson, 'request');
    const reason = optionalString(body, 'reason', 2000);
    const grant = await loadGrant(ctx, id);
    enforce(mayActAsEntity(caller, grant.grantor, consortium));
    return { grant, caller, ...(reason !== undefined ? { reason } : {}) };
  }

  private async changeStatus(ctx: LedgerContext, grant: Grant, caller: Caller, status: GrantStatus, reason: string | undefined, event: string): Promise<string> {
    const now = ctx.now;
    const txId = ctx.txId;
    const after: Grant = {
      ...grant,
      status,
      lastStatusChange: { status, ...(reason !== undefined ? { reason } : {}), by: actorOf(caller), at: now, txId },
      lastTxId: txId,
      updatedAt: now,
    };
    await saveGrant(ctx, after);
    return emit(ctx, event, await viewGrant(ctx, after, now));
  }
}
