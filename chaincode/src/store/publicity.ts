/**
 * The 公示 board's reads (model/publicity.ts has the index design): one partial-key range per
 * page, then the page's records and their objections. And the one-off back-fill of the index
 * for applications that entered publicity before the index existed.
 */
import { Context } from 'fabric-contract-api';
import { ObjectType, certificateKey } from '../keys';
import { Certificate } from '../model/certificate';
import { PublicityAudience, PublicityFilter, PublicityPage, publicityEntryOf, publicityIndexEntries, publicityRange } from '../model/publicity';
import { principalHolder } from '../rules/certificate';
import { collect, exists, putIndex, readJson } from '../state';
import { listObjections } from './certificates';
import { readPage } from './paging';

export async function readPublicityBoard(
  ctx: Context,
  audience: PublicityAudience,
  filter: PublicityFilter,
  pageSize: number,
  bookmark: string,
  nowIso: string,
): Promise<PublicityPage> {
  const page = await readPage(ctx, ObjectType.publicity, publicityRange(audience, filter), pageSize, bookmark, async (id) => {
    const cert = await readJson<Certificate>(ctx, certificateKey(ctx.stub, id));
    // an index key without its record in publicity would be a bug; it is left out rather than shown wrong
    if (cert?.status !== 'publicizing') return undefined;
    const open = (await listObjections(ctx, cert.id)).filter((o) => o.status === 'open').length;
    return publicityEntryOf(cert, principalHolder(cert), open, nowIso);
  });
  return { audience, items: page.items, bookmark: page.bookmark, checkedAt: nowIso };
}

/**
 * Writes the index keys of up to `limit` applications of `registry` in publicity that have none
 * (found through the status index, which every record has always had); answers their ids and
 * whether more remain. Idempotent: an application already indexed is skipped.
 */
export async function backfillPublicityIndex(ctx: Context, registry: string, limit: number): Promise<{ indexed: string[]; remaining: boolean }> {
  const iterator = await ctx.stub.getStateByPartialCompositeKey(ObjectType.byStatus, ['publicizing']);
  const ids = await collect(iterator, (kv) => ctx.stub.splitCompositeKey(kv.key).attributes[1]);
  const indexed: string[] = [];
  for (const id of ids) {
    const cert = await readJson<Certificate>(ctx, certificateKey(ctx.stub, id));
    if (cert?.status !== 'publicizing' || cert.registry !== registry) continue;
    const keys = publicityIndexEntries(cert).map((e) => ctx.stub.createCompositeKey(e.type, e.attributes));
    const missing = [];
    for (const key of keys) if (!(await exists(ctx, key))) missing.push(key);
    if (missing.length === 0) continue;
    if (indexed.length >= limit) return { indexed, remaining: true };
    for (const key of missing.sort()) await putIndex(ctx, key);
    indexed.push(cert.id);
  }
  return { indexed, remaining: false };
}
