/**
 * 处置: what enforcing a pledge writes, whether the bank names the receiver (Pledge:Enforce) or a
 * trade at the exchange does (Market:Settle of the bank's enforcement listing). Every right the
 * pledgor holds moves to the receiver as one new version of the certificate, the `pledge`
 * encumbrance is lifted with the reason, the certificate's key-level policy is restored to what
 * it was before acceptance, and the pledge ends `enforced` (its slot freed). No event: the
 * calling transaction emits its own, and Fabric keeps one per transaction.
 */
import { Context } from 'fabric-contract-api';
import { invalid } from '../errors';
import { actorOf, type Caller } from '../identity';
import type { Certificate, RightType, VersionChange } from '../model/certificate';
import type { Pledge, PledgeEnforcement } from '../model/pledge';
import { saveCertificate } from './certificates';
import { findEncumbrance, saveEncumbrance } from './encumbrances';
import { savePledge } from './pledges';

/** Who receives the rights and why; `sale` when a settled trade at the exchange decided it. */
export interface EnforcementOutcome {
  transferTo: string;
  reason: string;
  sale?: { orderId: string; listingId: string; exchange: string };
}

/** Writes the enforcement of an active pledge in default (the caller checked that) and answers the enforced pledge. */
export async function enforcePledge(
  ctx: Context,
  caller: Caller,
  nowIso: string,
  pledge: Pledge,
  cert: Certificate,
  outcome: EnforcementOutcome,
): Promise<Pledge> {
  const rights: RightType[] = cert.rights.filter((r) => r.holder === pledge.pledgor).map((r) => r.type);
  if (rights.length === 0) throw invalid(`${pledge.pledgor} no longer holds a right of ${cert.id}`);
  if (outcome.transferTo === pledge.pledgor) throw invalid('transferTo must be another entity than the pledgor');
  const txId = ctx.stub.getTxID();
  const by = actorOf(caller);
  const sold = outcome.sale !== undefined ? ` (sold under order ${outcome.sale.orderId} at ${outcome.sale.exchange})` : '';
  const lastChange: VersionChange = {
    kind: 'transfer',
    version: cert.version + 1,
    reason: `处置 of pledge ${pledge.id}${sold}: ${outcome.reason}`,
    right: rights[0] ?? 'holding',
    from: pledge.pledgor,
    to: outcome.transferTo,
    at: nowIso,
    by,
    txId,
  };
  await liftPledgeEncumbrance(ctx, caller, nowIso, pledge, `pledge enforced (处置)${sold}: ${outcome.reason}`);
  await saveCertificate(ctx, cert, {
    ...cert,
    rights: cert.rights.map((r) => (r.holder === pledge.pledgor ? { type: r.type, holder: outcome.transferTo } : r)),
    version: cert.version + 1,
    lastChange,
    endorsingOrgs: restoredEndorsers(pledge, cert),
    lastAction: outcome.sale !== undefined ? 'Market:Settle' : 'Pledge:Enforce',
    lastTxId: txId,
    updatedAt: nowIso,
  });
  const enforcement: PledgeEnforcement = {
    transferTo: outcome.transferTo,
    rights,
    reason: outcome.reason,
    ...(outcome.sale !== undefined ? { orderId: outcome.sale.orderId, listingId: outcome.sale.listingId } : {}),
    at: nowIso,
    by,
    txId,
  };
  const after: Pledge = {
    ...pledge,
    status: 'enforced',
    enforcement,
    lastAction: outcome.sale !== undefined ? 'Market:Settle' : 'Enforce',
    lastTxId: txId,
    updatedAt: nowIso,
  };
  await savePledge(ctx, after);
  return after;
}

/** Lifts the pledge's encumbrance, if it is still active, with the reason. */
export async function liftPledgeEncumbrance(ctx: Context, caller: Caller, nowIso: string, pledge: Pledge, reason: string): Promise<void> {
  const encumbrance = pledge.encumbranceId !== undefined ? await findEncumbrance(ctx, pledge.certificateId, pledge.encumbranceId) : undefined;
  if (encumbrance?.status !== 'active') return;
  const txId = ctx.stub.getTxID();
  await saveEncumbrance(ctx, {
    ...encumbrance,
    status: 'lifted',
    lifted: { reference: pledge.id, reason, at: nowIso, by: actorOf(caller), txId },
    lastTxId: txId,
    updatedAt: nowIso,
  });
}

/** What release and enforcement restore: the endorsers recorded at acceptance (the bank removed if nothing was recorded). */
export function restoredEndorsers(pledge: Pledge, cert: Certificate): string[] {
  return pledge.endorsersBefore ?? cert.endorsingOrgs.filter((o) => o !== pledge.pledgee);
}
