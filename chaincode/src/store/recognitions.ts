/** Reads of agreements and recognitions shared by the Recognition and Certificate contracts. */
import { Context } from 'fabric-contract-api';
import { ObjectType, agreementKey, registryPair } from '../keys';
import { Certificate } from '../model/certificate';
import { Agreement, Recognition, RecognitionView } from '../model/recognition';
import { recognitionEffect } from '../rules/recognition';
import { collect, parseValue, readJson } from '../state';

export async function listRecognitions(ctx: Context, certificateId: string): Promise<Recognition[]> {
  const iterator = await ctx.stub.getStateByPartialCompositeKey(ObjectType.recognition, [certificateId]);
  return collect(iterator, (kv) => parseValue<Recognition>(kv.value));
}

/** Recognitions with their effect computed now from the certificate: they die with it. */
export function viewRecognitions(recognitions: readonly Recognition[], cert: Certificate | undefined, nowIso: string): RecognitionView[] {
  const effect = recognitionEffect(cert, nowIso);
  return recognitions.map((r) => ({ ...r, ...effect }));
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
