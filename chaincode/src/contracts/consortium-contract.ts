/**
 * Consortium: the organisation table every other contract reads from state (who is a
 * registry and its city code, who is the regulator, the appraisers, banks, exchanges).
 */
import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import { canonicalBytes, canonicalJson } from '../canonical-json';
import { actorOf, getCaller } from '../identity';
import { CONSORTIUM_KEY } from '../keys';
import { Consortium, ConsortiumRecord, normaliseDefinition } from '../model/consortium';
import { parseJsonObject } from '../model/request';
import { mayConfigureConsortium } from '../rules/authorization';
import { enforce } from '../rules/result';
import { putJson, readConsortiumRecord, setKeyEndorsers } from '../state';
import { txTimeIso } from '../time';
import { notFound } from '../errors';

@Info({ title: 'Consortium', description: 'Organisations of the data-asset consortium (联盟成员)' })
export class ConsortiumContract extends Contract {
  constructor() {
    super('Consortium');
  }

  /**
   * Stores the organisation table from network/consortium.json (the whole file is accepted;
   * only mspId, type, cityCode, publicityDays and names are kept). Re-running with the same
   * definition returns the stored record and writes nothing, so deploy scripts can always call it.
   */
  @Transaction()
  @Returns('string')
  public async Init(ctx: Context, definitionJson: string): Promise<string> {
    const definition = normaliseDefinition(parseJsonObject(definitionJson, 'definition'));
    const stored = await readConsortiumRecord(ctx);
    if (stored && canonicalJson({ name: stored.name, organizations: stored.organizations }) === canonicalJson(definition)) {
      return canonicalJson(stored);
    }
    const caller = getCaller(ctx);
    enforce(mayConfigureConsortium(caller, stored ? new Consortium(stored) : undefined, new Consortium(definition)));
    const { mspId, id } = actorOf(caller);
    const record: ConsortiumRecord = {
      docType: 'consortium',
      ...definition,
      configuredAt: txTimeIso(ctx),
      configuredBy: { mspId, id },
      txId: ctx.stub.getTxID(),
    };
    await putJson(ctx, CONSORTIUM_KEY, record);
    // Later changes of the table need the regulator's peer, whatever the chaincode policy says.
    const regulator = new Consortium(record).regulatorMspId();
    await setKeyEndorsers(ctx, CONSORTIUM_KEY, [regulator]);
    ctx.stub.setEvent('ConsortiumConfigured', canonicalBytes(record));
    return canonicalJson(record);
  }

  @Transaction(false)
  @Returns('string')
  public async Get(ctx: Context): Promise<string> {
    const stored = await readConsortiumRecord(ctx);
    if (!stored) throw notFound('the consortium is not configured yet');
    return canonicalJson(stored);
  }
}
