/**
 * Agreement persistence: the record, its registry-pair index and its key-level policy (both
 * registries, from the proposal on, so it becomes active only with the counterparty's peer).
 */
import { Context } from 'fabric-contract-api';
import { AGREEMENT_ID_PATTERN } from '../codes';
import { invalid, notFound } from '../errors';
import { ObjectType, agreementKey, agreementPairKey, registryPair } from '../keys';
import { Consortium } from '../model/consortium';
import { Agreement } from '../model/recognition';
import { collect, putIndex, putJson, readJson, setKeyEndorsers } from '../state';

export async function loadAgreement(ctx: Context, id: string): Promise<Agreement> {
  if (!AGREEMENT_ID_PATTERN.test(id)) throw invalid(`${id} is not an agreement id`);
  const agreement = await readJson<Agreement>(ctx, agreementKey(ctx.stub, id));
  if (!agreement) throw notFound(`agreement ${id} does not exist`);
  return agreement;
}

/** A new agreement: record, key-level policy and the index of its registry pair. */
export async function createAgreement(ctx: Context, agreement: Agreement): Promise<void> {
  const key = agreementKey(ctx.stub, agreement.id);
  await putJson(ctx, key, agreement);
  await setKeyEndorsers(ctx, key, agreement.endorsingOrgs);
  await putIndex(ctx, agreementPairKey(ctx.stub, agreement.proposer, agreement.counterparty, agreement.id));
}

/** A later version: parties, and so the index and policy, never change. */
export async function saveAgreement(ctx: Context, agreement: Agreement): Promise<void> {
  await putJson(ctx, agreementKey(ctx.stub, agreement.id), agreement);
}

/** Agreements between two registries, in key order (deterministic). */
export async function agreementsBetween(ctx: Context, a: string, b: string): Promise<Agreement[]> {
  const iterator = await ctx.stub.getStateByPartialCompositeKey(ObjectType.agreementByPair, registryPair(a, b));
  const ids = await collect(iterator, (kv) => ctx.stub.splitCompositeKey(kv.key).attributes[2]);
  const agreements: Agreement[] = [];
  for (const id of ids) {
    const agreement = await readJson<Agreement>(ctx, agreementKey(ctx.stub, id));
    if (agreement) agreements.push(agreement);
  }
  return agreements;
}

/** Agreements a registry is party to: one bounded range per other registry, in consortium order. */
export async function agreementsOf(ctx: Context, registry: string, consortium: Consortium): Promise<Agreement[]> {
  const agreements: Agreement[] = [];
  // Sequentially: the shim serves one request per transaction at a time anyway.
  for (const other of consortium.definition.organizations) {
    if (other.type === 'registry' && other.mspId !== registry) agreements.push(...(await agreementsBetween(ctx, registry, other.mspId)));
  }
  return agreements;
}
