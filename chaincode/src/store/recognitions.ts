/**
 * Recognition persistence: one key per certificate and recognising registry, endorsed by that
 * registry; it never writes the certificate, so the issuing registry is not needed.
 */
import { Context } from 'fabric-contract-api';
import { ObjectType, recognitionKey } from '../keys';
import { Certificate } from '../model/certificate';
import { Recognition, RecognitionView } from '../model/recognition';
import { recognitionEffect } from '../rules/recognition';
import { collect, parseValue, putJson, readJson, setKeyEndorsers } from '../state';

export async function findRecognition(ctx: Context, certificateId: string, registry: string): Promise<Recognition | undefined> {
  return readJson<Recognition>(ctx, recognitionKey(ctx.stub, certificateId, registry));
}

export async function createRecognition(ctx: Context, recognition: Recognition): Promise<void> {
  const key = recognitionKey(ctx.stub, recognition.certificateId, recognition.registry);
  await putJson(ctx, key, recognition);
  await setKeyEndorsers(ctx, key, [recognition.registry]);
}

export async function listRecognitions(ctx: Context, certificateId: string): Promise<Recognition[]> {
  const iterator = await ctx.stub.getStateByPartialCompositeKey(ObjectType.recognition, [certificateId]);
  return collect(iterator, (kv) => parseValue<Recognition>(kv.value));
}

/** Recognitions with their effect computed now from the certificate: they die with it. */
export function viewRecognitions(recognitions: readonly Recognition[], cert: Certificate | undefined, nowIso: string): RecognitionView[] {
  const effect = recognitionEffect(cert, nowIso);
  return recognitions.map((r) => ({ ...r, ...effect }));
}
