/**
 * Read access to records that are not open to every member, asked by record: may the caller
 * read this grant's activity, this order, this pledge? The gateway asks it before it streams an
 * event that announces such a record (`/events`), so a subscriber receives exactly what the
 * record's own reads would show it. The rules are those of the records' reads
 * (rules/read-access.ts): Grant:ListUsages and Grant:History, Market:GetOrder, Pledge:Get.
 */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContract } from './ledger-contract';
import { canonicalJson } from '../canonical-json';
import { LedgerContext } from '../context';
import { invalid } from '../errors';
import { mayReadGrantActivity, mayReadOrder, mayReadPledge } from '../rules/read-access';
import { enforce } from '../rules/result';
import { loadCertificate } from '../store/certificates';
import { loadGrant } from '../store/grants';
import { loadOrder } from '../store/market';
import { loadPledge } from '../store/pledges';

/** The kinds of record whose reads are restricted, each with the read its rule guards. */
const RESTRICTED_RECORDS = ['grant', 'order', 'pledge'] as const;
type RestrictedRecord = (typeof RESTRICTED_RECORDS)[number];

@Info({ title: 'ReadAccess', description: 'Whether the caller may read a grant’s activity, an order or a pledge' })
export class ReadAccessContract extends LedgerContract {
  constructor() {
    super('ReadAccess');
  }

  /**
   * `{record, id, allowed: true}` when the caller may read it; FORBIDDEN otherwise, NOT_FOUND for
   * an unknown id. `record`: `grant` (its uses and versions), `order`, `pledge`.
   */
  @Transaction(false)
  @Returns('string')
  public async MayRead(ctx: LedgerContext, record: string, id: string): Promise<string> {
    if (!(RESTRICTED_RECORDS as readonly string[]).includes(record)) throw invalid(`record must be one of ${RESTRICTED_RECORDS.join(', ')}`);
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    switch (record as RestrictedRecord) {
      case 'grant': {
        const grant = await loadGrant(ctx, id);
        enforce(mayReadGrantActivity(caller, grant, consortium));
        return canonicalJson({ record, id: grant.id, allowed: true });
      }
      case 'order': {
        const order = await loadOrder(ctx, id);
        const cert = await loadCertificate(ctx, order.certificateId);
        enforce(mayReadOrder(caller, order, cert.registry, consortium));
        return canonicalJson({ record, id: order.id, allowed: true });
      }
      case 'pledge': {
        const pledge = await loadPledge(ctx, id);
        enforce(mayReadPledge(caller, pledge, consortium));
        return canonicalJson({ record, id: pledge.id, allowed: true });
      }
    }
  }
}
