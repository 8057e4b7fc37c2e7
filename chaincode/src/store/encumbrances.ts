/**
 * Encumbrance persistence: each encumbrance of a certificate on its own composite key
 * [certificate id, encumbrance id], so several coexist and recording one never rewrites the
 * certificate. A certificate operation reads them all through one partial-key range, so an
 * encumbrance recorded concurrently makes that operation fail validation (phantom read)
 * instead of slipping past it. Each key carries the certificate's endorsement policy.
 */
import { Context } from 'fabric-contract-api';
import { ENCUMBRANCE_ID_PATTERN, encumbranceIdFor } from '../codes';
import type { LedgerContext } from '../context';
import { actorOf } from '../identity';
import type { Certificate } from '../model/certificate';
import { ObjectType, encumbranceKey } from '../keys';
import { Encumbrance } from '../model/encumbrance';
import { collect, parseValue, putJson, readJson, setKeyEndorsers } from '../state';

/** Every encumbrance of a certificate, active and lifted, in key order (by encumbrance id). */
export async function listEncumbrances(ctx: Context, certificateId: string): Promise<Encumbrance[]> {
  const iterator = await ctx.stub.getStateByPartialCompositeKey(ObjectType.encumbrance, [certificateId]);
  return collect(iterator, (kv) => parseValue<Encumbrance>(kv.value));
}

/** The active ones only: what blocks operations and what verification reports. */
export async function activeEncumbrances(ctx: Context, certificateId: string): Promise<Encumbrance[]> {
  return (await listEncumbrances(ctx, certificateId)).filter((e) => e.status === 'active');
}

export async function findEncumbrance(ctx: Context, certificateId: string, encumbranceId: string): Promise<Encumbrance | undefined> {
  if (!ENCUMBRANCE_ID_PATTERN.test(encumbranceId)) return undefined;
  return readJson<Encumbrance>(ctx, encumbranceKey(ctx.stub, certificateId, encumbranceId));
}

/**
 * Records a new active encumbrance on `cert`, as the caller at ledger time, under the
 * certificate's key-level policy (its registry, plus the regulator for important grade); the record.
 */
export async function openEncumbrance(
  ctx: LedgerContext,
  cert: Pick<Certificate, 'id' | 'endorsingOrgs'>,
  what: Pick<Encumbrance, 'kind' | 'holder' | 'reference' | 'reason'>,
): Promise<Encumbrance> {
  const now = ctx.now;
  const txId = ctx.txId;
  const encumbrance: Encumbrance = {
    docType: 'encumbrance',
    id: encumbranceIdFor(txId),
    certificateId: cert.id,
    kind: what.kind,
    holder: what.holder,
    reference: what.reference,
    ...(what.reason !== undefined ? { reason: what.reason } : {}),
    status: 'active',
    since: now,
    recordedBy: actorOf(ctx.caller),
    createdTxId: txId,
    lastTxId: txId,
    updatedAt: now,
  };
  const key = encumbranceKey(ctx.stub, encumbrance.certificateId, encumbrance.id);
  await putJson(ctx, key, encumbrance);
  await setKeyEndorsers(ctx, key, cert.endorsingOrgs);
  return encumbrance;
}

export async function saveEncumbrance(ctx: Context, encumbrance: Encumbrance): Promise<void> {
  await putJson(ctx, encumbranceKey(ctx.stub, encumbrance.certificateId, encumbrance.id), encumbrance);
}
