/**
 * Publicity: the 公示 board. Every application a registrar approves is in publicity until it is
 * issued or rejected; while it is, anyone may read it here and object. The board is read through
 * its own composite-key index (model/publicity.ts), never a scan: the public board lists general
 * grade only (important-data catalogues are not public), the members' board every grade.
 */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContract } from './ledger-contract';
import { canonicalJson } from '../canonical-json';
import { LedgerContext } from '../context';
import { invalid } from '../errors';
import { emit } from '../events';
import { PublicityAudience, parsePublicityFilter } from '../model/publicity';
import { parseOptionalJsonObject } from '../model/request';
import { mayActAsRegistrarOf } from '../rules/authorization';
import { mayReadMembersBoard } from '../rules/publicity';
import { enforce } from '../rules/result';
import { parsePageSize } from '../store/paging';
import { backfillPublicityIndex, readPublicityBoard } from '../store/publicity';

const MAX_BACKFILL = 200;

@Info({ title: 'Publicity', description: 'The 公示 board: applications in publicity, and how they are indexed' })
export class PublicityContract extends LedgerContract {
  constructor() {
    super('Publicity');
  }

  /**
   * The public board, newest first: `filterJson` `{registry?, category?, assetType?}` (each
   * combination one index range). General grade only; no personal data (a natural person is 个人).
   */
  @Transaction(false)
  @Returns('string')
  public async Board(ctx: LedgerContext, filterJson: string, pageSize: string, bookmark: string): Promise<string> {
    return this.board(ctx, 'public', filterJson, pageSize, bookmark);
  }

  /** The same board with important-grade applications too, for enrolled users of member organisations. */
  @Transaction(false)
  @Returns('string')
  public async MembersBoard(ctx: LedgerContext, filterJson: string, pageSize: string, bookmark: string): Promise<string> {
    enforce(mayReadMembersBoard(ctx.caller, await ctx.consortium()));
    return this.board(ctx, 'members', filterJson, pageSize, bookmark);
  }

  /**
   * One-off migration, by a registrar for its own registry: indexes up to `limit` (1–200) of its
   * applications in publicity that entered it before the index existed. Answers
   * `{registry, indexed, remaining}`; call again while `remaining`.
   */
  @Transaction()
  @Returns('string')
  public async Backfill(ctx: LedgerContext, limit: string): Promise<string> {
    const caller = ctx.caller;
    enforce(mayActAsRegistrarOf(caller, caller.mspId, await ctx.consortium()));
    const n = /^\d{1,3}$/.test(limit) ? Number(limit) : 0;
    if (n < 1 || n > MAX_BACKFILL) throw invalid(`limit must be an integer 1..${String(MAX_BACKFILL)}`);
    const result = await backfillPublicityIndex(ctx, caller.mspId, n);
    return emit(ctx, 'PublicityIndexed', { registry: caller.mspId, ...result });
  }

  private async board(ctx: LedgerContext, audience: PublicityAudience, filterJson: string, pageSize: string, bookmark: string): Promise<string> {
    const filter = parsePublicityFilter(parseOptionalJsonObject(filterJson, 'filter'));
    return canonicalJson(await readPublicityBoard(ctx, audience, filter, parsePageSize(pageSize), bookmark, ctx.now));
  }
}
