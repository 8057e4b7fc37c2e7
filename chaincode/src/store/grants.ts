/**
 * Grant persistence: the record, its indexes, its key-level policy, its uses and use count, the
 * reads that compute a grant's effect (the chain above it and its certificate), its history and
 * the paged lists of grants and uses.
 */
import { Context } from 'fabric-contract-api';
import { GRANT_ID_PATTERN } from '../codes';
import { invalid, notFound } from '../errors';
import { ObjectType, grantKey, grantUsageCountKey, grantUsageKey } from '../keys';
import { Certificate } from '../model/certificate';
import { Grant, GrantFilter, GrantView, MAX_CHAIN_DEPTH, Usage, UsageCounter, UsageMeter } from '../model/grant';
import { GrantEffect, canDeriveUnder, grantEffect } from '../rules/grant';
import { ALLOW, RuleResult, refuse } from '../rules/result';
import { collect, putIndex, putJson, readJson, setKeyEndorsers } from '../state';
import { findCertificate } from './certificates';
import { HistoryEntry, historyOf } from './history';
import { Page, readPage } from './paging';

export async function findGrant(ctx: Context, id: string): Promise<Grant | undefined> {
  if (!GRANT_ID_PATTERN.test(id)) return undefined;
  return readJson<Grant>(ctx, grantKey(ctx.stub, id));
}

export async function loadGrant(ctx: Context, id: string): Promise<Grant> {
  if (!GRANT_ID_PATTERN.test(id)) throw invalid(`${id} is not a grant id (GRT-<10 characters>)`);
  const grant = await findGrant(ctx, id);
  if (!grant) throw notFound(`grant ${id} does not exist`);
  return grant;
}

/** The grants above `grant`, nearest first; stops early if a link is missing (the effect then says so). */
export async function ancestorsOf(ctx: Context, grant: Grant): Promise<Grant[]> {
  const out: Grant[] = [];
  let parentId = grant.parentGrantId;
  while (parentId !== undefined && out.length < MAX_CHAIN_DEPTH) {
    const parent = await findGrant(ctx, parentId);
    if (!parent) break;
    out.push(parent);
    parentId = parent.parentGrantId;
  }
  return out;
}

/** A grant's effect now and the meters of its chain: everything a use, a check or a view depends on. */
export interface GrantState {
  effect: GrantEffect;
  /** Metered grants on the chain, the grant's own first (if metered), then upward. */
  meters: UsageMeter[];
}

/**
 * Reads the certificate, every grant above `grant` and the use counter of every metered grant
 * on the chain, so a transaction that relies on the answer conflicts (MVCC) with any concurrent
 * change to one of them.
 */
export async function grantState(ctx: Context, grant: Grant, nowIso: string, cert?: Certificate): Promise<GrantState> {
  const certificate = cert ?? (await findCertificate(ctx, grant.assetId));
  const ancestors = await ancestorsOf(ctx, grant);
  const meters: UsageMeter[] = [];
  for (const g of [grant, ...ancestors]) {
    if (g.maxUses === undefined) continue;
    const counter = await readJson<UsageCounter>(ctx, grantUsageCountKey(ctx.stub, g.id));
    meters.push({ grantId: g.id, maxUses: g.maxUses, recorded: counter?.recorded ?? 0 });
  }
  return { effect: grantEffect(grant, ancestors, certificate, nowIso), meters };
}

/** Counts one more use on every metered grant of the chain (the meters as read in this transaction). */
export async function countUse(ctx: Context, meters: readonly UsageMeter[]): Promise<void> {
  for (const meter of meters) {
    const counter: UsageCounter = { recorded: meter.recorded + 1 };
    await putJson(ctx, grantUsageCountKey(ctx.stub, meter.grantId), counter);
  }
}

export async function viewGrant(ctx: Context, grant: Grant, nowIso: string, cert?: Certificate): Promise<GrantView> {
  const { effect, meters } = await grantState(ctx, grant, nowIso, cert);
  const own = meters.find((m) => m.grantId === grant.id);
  return { ...grant, ...effect, ...(own !== undefined ? { usesRecorded: own.recorded } : {}) };
}

function indexKeys(ctx: Context, grant: Grant): string[] {
  return [
    ctx.stub.createCompositeKey(ObjectType.grantByAsset, [grant.assetId, grant.grantee, grant.id]),
    ctx.stub.createCompositeKey(ObjectType.grantByGrantee, [grant.grantee, grant.id]),
    ctx.stub.createCompositeKey(ObjectType.grantByGrantor, [grant.grantor, grant.id]),
  ].sort();
}

/** A new grant: record, indexes (they never change: asset, grantee and grantor are fixed) and key-level policy. */
export async function createGrant(ctx: Context, grant: Grant): Promise<void> {
  const key = grantKey(ctx.stub, grant.id);
  await putJson(ctx, key, grant);
  await setKeyEndorsers(ctx, key, grant.endorsingOrgs);
  for (const k of indexKeys(ctx, grant)) await putIndex(ctx, k);
}

export async function saveGrant(ctx: Context, grant: Grant): Promise<void> {
  await putJson(ctx, grantKey(ctx.stub, grant.id), grant);
}

/** Grants of an asset to one grantee (every grant of the asset without one), in key order (deterministic). */
export async function grantsOfAssetTo(ctx: Context, assetId: string, grantee?: string): Promise<Grant[]> {
  const iterator = await ctx.stub.getStateByPartialCompositeKey(ObjectType.grantByAsset, grantee === undefined ? [assetId] : [assetId, grantee]);
  const ids = await collect(iterator, (kv) => ctx.stub.splitCompositeKey(kv.key).attributes[2]);
  const grants: Grant[] = [];
  for (const id of ids) {
    const grant = await findGrant(ctx, id);
    if (grant) grants.push(grant);
  }
  return grants;
}

/** The first grant (key order) by which `grantee` may process `cert` now, for lineage. */
export async function processingGrantOf(ctx: Context, cert: Certificate, grantee: string, nowIso: string): Promise<Grant | undefined> {
  for (const grant of await grantsOfAssetTo(ctx, cert.id, grantee)) {
    const { effect, meters } = await grantState(ctx, grant, nowIso, cert);
    if (canDeriveUnder(grant, effect, meters).allowed) return grant;
  }
  return undefined;
}

/**
 * At issue, the grants a derived registration was applied for under must still allow it: a
 * grant revoked or suspended during review or publicity stops the issue (the application is
 * then rejected or waits for the grant to resume).
 */
export async function recheckParentGrants(ctx: Context, cert: Certificate, nowIso: string): Promise<RuleResult> {
  for (const link of cert.parentGrants ?? []) {
    const grant = await findGrant(ctx, link.grantId);
    let verdict = refuse('POLICY_VIOLATION', `grant ${link.grantId} not found`);
    if (grant) {
      const { effect, meters } = await grantState(ctx, grant, nowIso);
      verdict = canDeriveUnder(grant, effect, meters);
    }
    if (!verdict.allowed) {
      return refuse(
        'POLICY_VIOLATION',
        `certificate ${cert.id} derives from ${link.certificateId} under grant ${link.grantId}, which no longer allows it: ${verdict.reason}`,
      );
    }
  }
  return ALLOW;
}

export async function grantHistory(ctx: Context, grant: Grant): Promise<HistoryEntry[]> {
  return historyOf(ctx, grantKey(ctx.stub, grant.id));
}

/**
 * One use, on its own key (its id derives from the tx id), so uses of an unmetered grant never
 * conflict; then one more on every metered grant of its chain.
 */
export async function recordUse(ctx: Context, usage: Usage, meters: readonly UsageMeter[]): Promise<void> {
  await putJson(ctx, grantUsageKey(ctx.stub, usage.grantId, usage.id), usage);
  await countUse(ctx, meters);
}

/** The index a listing reads; an application id is listed under the certificate id it became (grants are indexed by that). */
async function indexFor(ctx: Context, filter: GrantFilter): Promise<[string, string[]]> {
  if (filter.assetId !== undefined) {
    const assetId = (await findCertificate(ctx, filter.assetId))?.id ?? filter.assetId;
    return [ObjectType.grantByAsset, filter.grantee !== undefined ? [assetId, filter.grantee] : [assetId]];
  }
  if (filter.grantee !== undefined) return [ObjectType.grantByGrantee, [filter.grantee]];
  return [ObjectType.grantByGrantor, [filter.grantor ?? '']];
}

/** A page of grants, each with its effect at `nowIso`. */
export async function listGrants(ctx: Context, filter: GrantFilter, pageSize: number, bookmark: string, nowIso: string): Promise<Page<GrantView>> {
  const [type, attributes] = await indexFor(ctx, filter);
  return readPage(ctx, type, attributes, pageSize, bookmark, async (id) => {
    const grant = await findGrant(ctx, id);
    return grant ? viewGrant(ctx, grant, nowIso) : undefined;
  });
}

/** The recorded uses of a grant, in usage-id order (ids derive from tx ids, so not in time order). */
export async function listUsages(ctx: Context, grantId: string, pageSize: number, bookmark: string): Promise<Page<Usage>> {
  return readPage(ctx, ObjectType.grantUsage, [grantId], pageSize, bookmark, (usageId) => readJson<Usage>(ctx, grantUsageKey(ctx.stub, grantId, usageId)));
}
