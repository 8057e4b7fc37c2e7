/**
 * Paged listings through one composite-key index, shared by every contract that lists.
 *
 * Fabric's bookmark is the next key to read, used as the range's start key as it is. One that
 * does not lie inside this listing's range is refused: it is garbage, or it belongs to another
 * listing, or (before the range) it would read other record types' keys. Pagination works in
 * read-only transactions only (as on a real peer), so listings are `@Transaction(false)`.
 */
import { Context } from 'fabric-contract-api';
import { invalid } from '../errors';
import { collect } from '../state';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export function parsePageSize(text: string | undefined): number {
  if (typeof text !== 'string' || text.trim() === '') return DEFAULT_PAGE_SIZE;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) throw invalid(`pageSize must be an integer 1..${MAX_PAGE_SIZE}`);
  return n;
}

/**
 * A filter value that becomes a composite-key attribute: U+0000 separates attributes and
 * U+10FFFF ends a range, so either would widen the index range.
 */
export function parseKeyAttribute(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 128) throw invalid(`${field} must be a string`);
  if (value.includes('\u0000') || value.includes('\u{10ffff}')) throw invalid(`${field} must not contain U+0000 or U+10FFFF`);
  return value;
}

export interface IndexPage {
  /** The last attribute of each index key read: the record id. */
  ids: string[];
  /** Empty when there is no next page. */
  bookmark: string;
  fetchedRecordsCount: number;
}

export async function readIndexPage(ctx: Context, type: string, attributes: string[], pageSize: number, bookmark: string): Promise<IndexPage> {
  const rangeStart = ctx.stub.createCompositeKey(type, attributes);
  const mark = typeof bookmark === 'string' ? bookmark : '';
  if (mark !== '' && !mark.startsWith(rangeStart)) throw invalid('bookmark is not one this listing handed out; start again with an empty bookmark');
  const response = await ctx.stub.getStateByPartialCompositeKeyWithPagination(type, attributes, pageSize, mark);
  // The shim leaves `metadata` undefined when the serialized QueryResponseMetadata is empty
  // (no record fetched, no next page) — on a real peer as well as here.
  const metadata = response.metadata as Partial<typeof response.metadata> | undefined;
  const ids = await collect(response.iterator, (kv) => {
    const attrs = ctx.stub.splitCompositeKey(kv.key).attributes;
    return attrs[attrs.length - 1];
  });
  return { ids, bookmark: metadata?.bookmark ?? '', fetchedRecordsCount: metadata?.fetchedRecordsCount ?? 0 };
}
