/**
 * Pledge persistence: the record under [pledge id], an index per bank and per pledgor, and the
 * certificate's one pledge slot [certificate id] → pledge id, held while a pledge is pending or
 * active. Every Request reads the slot and writes it, so two requests for the same asset — from
 * any city, to any bank — cannot both commit: the second finds the slot taken (`CONFLICT`), or,
 * when both are in flight at once, fails MVCC validation on it. No asset is pledged twice.
 *
 * The record and the slot carry the pledge's endorsement policy (the certificate's endorsers and
 * the bank), so neither the holder's city nor the bank changes them alone.
 */
import { Context } from 'fabric-contract-api';
import { PLEDGE_ID_PATTERN } from '../codes';
import { notFound } from '../errors';
import { ObjectType, pledgeKey, pledgeSlotKey } from '../keys';
import type { Pledge, PledgeFilter, PledgeView } from '../model/pledge';
import { viewPledge } from '../rules/pledge';
import { putIndex, putJson, readJson, setKeyEndorsers, stateBytes } from '../state';
import { Page, readPage } from './paging';

export async function findPledge(ctx: Context, id: string): Promise<Pledge | undefined> {
  if (!PLEDGE_ID_PATTERN.test(id)) return undefined;
  return readJson<Pledge>(ctx, pledgeKey(ctx.stub, id));
}

export async function loadPledge(ctx: Context, id: string): Promise<Pledge> {
  const pledge = await findPledge(ctx, id);
  if (!pledge) throw notFound(`pledge ${id} does not exist`);
  return pledge;
}

/** The id in the certificate's pledge slot: its pending or active pledge, if any. */
export async function pledgeSlotOf(ctx: Context, certificateId: string): Promise<string | undefined> {
  const bytes = await stateBytes(ctx, pledgeSlotKey(ctx.stub, certificateId));
  return bytes && bytes.length > 0 ? Buffer.from(bytes).toString('utf8') : undefined;
}

/** Every pledge ever requested on the certificate: each held its pledge slot while pending (the slot key's history, newest first). */
export async function pledgeIdsOf(ctx: Context, certificateId: string): Promise<string[]> {
  const ids = new Set<string>();
  const iterator = await ctx.stub.getHistoryForKey(pledgeSlotKey(ctx.stub, certificateId));
  try {
    for (;;) {
      const res = await iterator.next();
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the final result carries no value
      const bytes = res.value && !res.value.isDelete ? Buffer.from(res.value.value ?? []) : Buffer.alloc(0);
      if (bytes.length > 0) ids.add(bytes.toString('utf8'));
      if (res.done) break;
    }
  } finally {
    await iterator.close();
  }
  return [...ids];
}

/** The certificate's pending or active pledge, if any. */
export async function currentPledgeOf(ctx: Context, certificateId: string): Promise<Pledge | undefined> {
  const id = await pledgeSlotOf(ctx, certificateId);
  return id === undefined ? undefined : findPledge(ctx, id);
}

/**
 * The bank (MSP id) that is the pledgee of a pending or active pledge of this certificate, if
 * any: what an access check asks to know "the caller's bank is this asset's pledgee" (the
 * provenance dossier's, which a bank reads before and while it holds the pledge).
 */
export async function pledgeeOf(ctx: Context, certificateId: string): Promise<string | undefined> {
  const pledge = await currentPledgeOf(ctx, certificateId);
  return pledge && (pledge.status === 'pending' || pledge.status === 'active') ? pledge.pledgee : undefined;
}

/** A new pledge: its record, its indexes, and the certificate's pledge slot, under the pledge's policy. */
export async function createPledge(ctx: Context, pledge: Pledge): Promise<void> {
  const key = pledgeKey(ctx.stub, pledge.id);
  const slot = pledgeSlotKey(ctx.stub, pledge.certificateId);
  await putJson(ctx, key, pledge);
  await setKeyEndorsers(ctx, key, pledge.endorsingOrgs);
  await ctx.stub.putState(slot, Buffer.from(pledge.id, 'utf8'));
  await setKeyEndorsers(ctx, slot, pledge.endorsingOrgs);
  await putIndex(ctx, ctx.stub.createCompositeKey(ObjectType.pledgeByPledgee, [pledge.pledgee, pledge.id]));
  await putIndex(ctx, ctx.stub.createCompositeKey(ObjectType.pledgeByPledgor, [pledge.pledgor, pledge.id]));
}

/** Writes a changed pledge; a pledge that ended frees the certificate's slot for the next one. */
export async function savePledge(ctx: Context, pledge: Pledge): Promise<void> {
  await putJson(ctx, pledgeKey(ctx.stub, pledge.id), pledge);
  if (pledge.status !== 'pending' && pledge.status !== 'active') await ctx.stub.deleteState(pledgeSlotKey(ctx.stub, pledge.certificateId));
}

/** A listing created under the bank's consent, recorded on the pledge (a write the bank's peer must endorse). */
export async function recordConsentedListing(ctx: Context, pledge: Pledge, listingId: string): Promise<void> {
  const consent = pledge.listingConsent;
  if (!consent) return;
  await putJson(ctx, pledgeKey(ctx.stub, pledge.id), {
    ...pledge,
    listingConsent: { ...consent, listings: [...consent.listings, listingId] },
    lastTxId: ctx.stub.getTxID(),
  });
}

/** One page of a bank's pledges (`role: pledgee`) or a pledgor's (`role: pledgor`), as read now, optionally of one effective status. */
export async function listPledges(
  ctx: Context,
  filter: PledgeFilter,
  party: string,
  nowIso: string,
  pageSize: number,
  bookmark: string,
): Promise<Page<PledgeView>> {
  const type = filter.role === 'pledgee' ? ObjectType.pledgeByPledgee : ObjectType.pledgeByPledgor;
  return readPage(ctx, type, [party], pageSize, bookmark, async (id) => {
    const pledge = await findPledge(ctx, id);
    if (!pledge) return undefined;
    const view = viewPledge(pledge, nowIso);
    return filter.status === undefined || view.effectiveStatus === filter.status ? view : undefined;
  });
}
