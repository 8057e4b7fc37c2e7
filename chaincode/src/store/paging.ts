/**
 * Paged listings through one composite-key index, shared by every contract that lists.
 *
 * Fabric's bookmark is the next key to read, used as the range's start key as it is. One that
 * does not lie inside this listing's range is refused: it is garbage, or it belongs to another
 * listing, or (before the range) it would read other record types' keys. Pagination works in
 * read-only transactions only (as on a real peer), so listings are `@Transaction(false)`.
 *
 * That key holds U+0000 separators, which break shell tools (`jq -r`) and URLs, so the bookmark a
 * listing hands out is the key as base64url (RFC 4648 §5, no padding): opaque and URL-safe. It is
 * encoded and decoded here and nowhere else. A raw key (a bookmark handed out before bookmarks
 * were encoded) is refused like any other bookmark that is not one of these; paging restarts.
 */
import { Context } from 'fabric-contract-api';
import { invalid } from '../errors';
import { collect } from '../state';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export function parsePageSize(text: string | undefined): number {
  if (typeof text !== 'string' || text.trim() === '') return DEFAULT_PAGE_SIZE;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) throw invalid(`limit (the page size) must be an integer 1..${String(MAX_PAGE_SIZE)}`);
  return n;
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
  const mark = decodeBookmark(typeof bookmark === 'string' ? bookmark : '');
  if (mark !== '' && !mark.startsWith(rangeStart)) throw invalid(FOREIGN_BOOKMARK);
  const response = await ctx.stub.getStateByPartialCompositeKeyWithPagination(type, attributes, pageSize, mark);
  // The shim leaves `metadata` undefined when the serialized QueryResponseMetadata is empty
  // (no record fetched, no next page) — on a real peer as well as here.
  const metadata = response.metadata as Partial<typeof response.metadata> | undefined;
  const ids = await collect(response.iterator, (kv) => {
    const attrs = ctx.stub.splitCompositeKey(kv.key).attributes;
    return attrs[attrs.length - 1];
  });
  return { ids, bookmark: encodeBookmark(metadata?.bookmark ?? ''), fetchedRecordsCount: metadata?.fetchedRecordsCount ?? 0 };
}

const FOREIGN_BOOKMARK = 'bookmark is not one this listing handed out; start again with an empty bookmark';
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The next key as the opaque bookmark a page hands out; empty stays empty (no next page). */
function encodeBookmark(key: string): string {
  return key === '' ? '' : Buffer.from(key, 'utf8').toString('base64url');
}

/** The key a bookmark stands for; anything that is not the canonical encoding of a key is refused. */
function decodeBookmark(bookmark: string): string {
  if (bookmark === '') return '';
  if (!BASE64URL.test(bookmark)) throw invalid(FOREIGN_BOOKMARK);
  const key = Buffer.from(bookmark, 'base64url').toString('utf8');
  if (encodeBookmark(key) !== bookmark) throw invalid(FOREIGN_BOOKMARK);
  return key;
}

/** One page of a listing as every `List` transaction answers it. */
export interface Page<T> {
  items: T[];
  /** Empty when there is no next page. */
  bookmark: string;
  fetchedRecordsCount: number;
}

/**
 * Reads one index page and loads each record it names, in key order; `load` answers undefined
 * for a record to leave out (gone, or not matching the rest of a filter), so a page may hold
 * fewer than `pageSize` items.
 */
export async function readPage<T>(
  ctx: Context,
  type: string,
  attributes: string[],
  pageSize: number,
  bookmark: string,
  load: (id: string) => Promise<T | undefined>,
): Promise<Page<T>> {
  const page = await readIndexPage(ctx, type, attributes, pageSize, bookmark);
  const items: T[] = [];
  for (const id of page.ids) {
    const item = await load(id);
    if (item !== undefined) items.push(item);
  }
  return { items, bookmark: page.bookmark, fetchedRecordsCount: page.fetchedRecordsCount };
}
