/**
 * Consortium: the organisation table every other contract reads from state (who is a
 * registry and its city code, who is the regulator, the appraisers, banks, exchanges).
 */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContract } from './ledger-contract';
import { canonicalJson } from '../canonical-json';
import { LedgerContext } from '../context';
import { notFound } from '../errors';
import { emit } from '../events';
import { actorOf } from '../identity';
import { Consortium, ConsortiumRecord, normaliseDefinition } from '../model/consortium';
import { parseJsonObject } from '../model/request';
import { mayConfigureConsortium } from '../rules/authorization';
import { enforce } from '../rules/result';
import { readConsortiumRecord, saveConsortium } from '../store/consortium';

@Info({ title: 'Consortium', description: 'Organisations of the data-asset consortium (联盟成员)' })
export class ConsortiumContract extends LedgerContract {
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
  public async Init(ctx: LedgerContext, definitionJson: string): Promise<string> {
    const definition = normaliseDefinition(parseJsonObject(definitionJson, 'definition'));
    const stored = await readConsortiumRecord(ctx);
    if (stored && canonicalJson({ name: stored.name, organizations: stored.organizations }) === canonicalJson(definition)) {
      return canonicalJson(stored);
    }
    const caller = ctx.caller;
    enforce(mayConfigureConsortium(caller, stored ? new Consortium(stored) : undefined, new Consortium(definition)));
    const { mspId, id } = actorOf(caller);
    const record: ConsortiumRecord = {
      docType: 'consortium',
      ...definition,
      configuredAt: ctx.now,
      configuredBy: { mspId, id },
      txId: ctx.txId,
    };
    await saveConsortium(ctx, record);
    return emit(ctx, 'ConsortiumConfigured', record);
  }

  @Transaction(false)
  @Returns('string')
  public async Get(ctx: LedgerContext): Promise<string> {
    const stored = await readConsortiumRecord(ctx);
    if (!stored) throw notFound('the consortium is not configured yet');
    return canonicalJson(stored);
  }
}
