/**
 * Grant persistence: the record, its indexes, its key-level policy, its uses and use count, and
 * the reads that compute a grant's effect (the chain above it and its certificate).
 */
import { Context } from 'fabric-contract-api';
import { GRANT_ID_PATTERN } from '../codes';
import { invalid, notFound } from '../errors';
import { ObjectType, grantKey, grantUsageCountKey } from '../keys';
import { Certificate } from '../model/certificate';
import { Grant, GrantView, MAX_CHAIN_DEPTH, UsageCounter } from '../model/grant';
import { GrantEffect, allowsProcessing, grantEffect } from '../rules/grant';
import { collect, putIndex, putJson, readJson, setKeyEndorsers } from '../state';
import { findCertificate } from './certificates';

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

/**
 * The grant's effect now. Reads the certificate and every grant above it, so a transaction
 * that relies on the effect conflicts (MVCC) with any concurrent change to one of them.
 */
export async function effectOf(ctx: Context, grant: Grant, nowIso: string, cert?: Certificate): Promise<GrantEffect> {
  const certificate = cert ?? (await findCertificate(ctx, grant.assetId));
  return grantEffect(grant, await ancestorsOf(ctx, grant), certificate, nowIso);
}

export async function usageCounter(ctx: Context, grant: Grant): Promise<UsageCounter | undefined> {
  if (grant.maxUses === undefined) return undefined;
  return readJson<UsageCounter>(ctx, grantUsageCountKey(ctx.stub, grant.id));
}

export async function viewGrant(ctx: Context, grant: Grant, nowIso: string, cert?: Certificate): Promise<GrantView> {
  const effect = await effectOf(ctx, grant, nowIso, cert);
  const counter = await usageCounter(ctx, grant);
  return { ...grant, ...effect, ...(grant.maxUses !== undefined ? { usesRecorded: counter?.recorded ?? 0 } : {}) };
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

/** Grants of an asset to one grantee, in key order (deterministic). */
export async function grantsOfAssetTo(ctx: Context, assetId: string, grantee: string): Promise<Grant[]> {
  const iterator = await ctx.stub.getStateByPartialCompositeKey(ObjectType.grantByAsset, [assetId, grantee]);
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
    if (allowsProcessing(grant, await effectOf(ctx, grant, nowIso, cert), nowIso)) return grant;
  }
  return undefined;
}
