/**
 * Consortium persistence: the organisation table under one key, endorsed by the regulator once
 * it is stored. Every other contract reads it through the transaction context.
 */
import { Context } from 'fabric-contract-api';
import { conflict } from '../errors';
import { CONSORTIUM_KEY } from '../keys';
import { Consortium, ConsortiumRecord } from '../model/consortium';
import { putJson, readJson, setKeyEndorsers } from '../state';

export async function readConsortiumRecord(ctx: Context): Promise<ConsortiumRecord | undefined> {
  return readJson<ConsortiumRecord>(ctx, CONSORTIUM_KEY);
}

/** Nothing works before `Consortium:Init`. */
export async function loadConsortium(ctx: Context): Promise<Consortium> {
  const record = await readConsortiumRecord(ctx);
  if (!record) throw conflict('the consortium is not configured yet: call Consortium:Init first');
  return new Consortium(record);
}

/** Stores the table; later changes of it need the regulator's peer, whatever the chaincode policy says. */
export async function saveConsortium(ctx: Context, record: ConsortiumRecord): Promise<void> {
  await putJson(ctx, CONSORTIUM_KEY, record);
  await setKeyEndorsers(ctx, CONSORTIUM_KEY, [new Consortium(record).regulatorMspId()]);
}
