/**
 * Price monitoring (价格监测) and disclosure (信息披露) read from the per-trade price records
 * (store/market.ts `recordSettlement`), rolled up when read: no counter is ever written, so
 * concurrent settlements never conflict over statistics.
 *
 * - Public figures (`publicPrices`): model/price-statistics.ts `publicPriceCell` per month and
 *   over the whole range, from disclosed prices only, withheld below k disclosed prices.
 * - Exact figures (`exactPrices`, the regulator): `exactPriceCell` over every settled price; a
 *   price not disclosed is read from the caller's own organisation's copy of the settlement
 *   amounts (its implicit collection), checked against the commitment on the channel.
 * - Disclosure (`disclosurePage`): each settled trade without parties or confidential terms.
 */
import { Context } from 'fabric-contract-api';
import { invalid } from '../errors';
import { ObjectType } from '../keys';
import { AmountsValue, PriceRecord, parseMonth } from '../model/market';
import {
  DEFAULT_PUBLICATION_THRESHOLD,
  MAX_PUBLICATION_THRESHOLD,
  MIN_PUBLICATION_THRESHOLD,
  PriceFigures,
  PublicPriceCell,
  SettledPrice,
  exactPriceCell,
  publicPriceCell,
} from '../model/price-statistics';
import { readConfidential } from './confidential';
import { findSettlement, priceRecords } from './market';
import { Page, readPage } from './paging';

/** A category and an inclusive range of months, checked. */
export interface PriceRange {
  category: string;
  fromMonth: string;
  toMonth: string;
  months: string[];
}

export function parsePriceRange(category: string, fromMonth: string, toMonth: string, maxMonths: number): PriceRange {
  if (typeof category !== 'string' || category.trim() === '' || category.includes('\u0000')) throw invalid('category is required');
  const months = monthsBetween(parseMonth(fromMonth, 'fromMonth'), parseMonth(toMonth, 'toMonth'), maxMonths);
  return { category, fromMonth, toMonth, months };
}

/** k for a public query: empty for DEFAULT_PUBLICATION_THRESHOLD, else an integer from MIN_PUBLICATION_THRESHOLD. */
export function parseThreshold(text: string | undefined): number {
  if (typeof text !== 'string' || text.trim() === '') return DEFAULT_PUBLICATION_THRESHOLD;
  const k = Number(text);
  if (!Number.isInteger(k) || k < MIN_PUBLICATION_THRESHOLD || k > MAX_PUBLICATION_THRESHOLD) {
    throw invalid(`threshold must be an integer ${String(MIN_PUBLICATION_THRESHOLD)}..${String(MAX_PUBLICATION_THRESHOLD)}`);
  }
  return k;
}

/** Every month from `from` to `to` inclusive (YYYY-MM); INVALID_REQUEST when reversed or longer than `maxMonths`. */
export function monthsBetween(from: string, to: string, maxMonths: number): string[] {
  if (to < from) throw invalid('toMonth is before fromMonth');
  const months: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  for (let current = from; current <= to;) {
    if (months.length >= maxMonths) throw invalid(`at most ${String(maxMonths)} months per query`);
    months.push(current);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
    current = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
  }
  return months;
}

export interface PublicPrices {
  category: string;
  fromMonth: string;
  toMonth: string;
  threshold: number;
  months: (PublicPriceCell & { month: string })[];
  total: PublicPriceCell;
}

/** The public figures: per month and over the range, from disclosed prices only (a confidential price is never read). */
export async function publicPrices(ctx: Context, range: PriceRange, threshold: number): Promise<PublicPrices> {
  const records = await priceRecords(ctx, range.category, range.months);
  const publicOf = (r: PriceRecord): SettledPrice => ({ priceFen: r.disclosed ? (r.priceFen ?? 0) : 0, disclosed: r.disclosed });
  const months = range.months.map((month) => ({ month, ...publicPriceCell(records.filter((r) => r.month === month).map(publicOf), threshold) }));
  return {
    category: range.category,
    fromMonth: range.fromMonth,
    toMonth: range.toMonth,
    threshold,
    months,
    total: publicPriceCell(records.map(publicOf), threshold),
  };
}

interface ExactCell {
  trades: number;
  figures?: PriceFigures;
}

export interface ExactPrices {
  category: string;
  fromMonth: string;
  toMonth: string;
  /** The organisation whose copies of the confidential amounts were read. */
  readFrom: string;
  months: (ExactCell & { month: string; disclosed: number })[];
  total: ExactCell & { disclosed: number };
}

/** The settled price of a record: in the clear when disclosed, else from `mspId`'s copy of the settlement amounts. */
async function settledPriceOf(ctx: Context, record: PriceRecord, mspId: string): Promise<SettledPrice> {
  if (record.disclosed) return { priceFen: record.priceFen ?? 0, disclosed: true };
  const settlement = await findSettlement(ctx, record.orderId);
  if (!settlement) throw invalid(`price record of order ${record.orderId} has no settlement`);
  const copy = await readConfidential<AmountsValue>(ctx, settlement.amounts, mspId);
  return { priceFen: copy.value.settledFen, disclosed: false };
}

/** The regulator's exact figures over every settled price, per month and over the range. */
export async function exactPrices(ctx: Context, range: PriceRange, mspId: string): Promise<ExactPrices> {
  const records = await priceRecords(ctx, range.category, range.months);
  const prices: (SettledPrice & { month: string })[] = [];
  for (const r of records) prices.push({ ...(await settledPriceOf(ctx, r, mspId)), month: r.month });
  const cell = (ps: readonly SettledPrice[]): ExactCell & { disclosed: number } => ({ ...exactPriceCell(ps), disclosed: ps.filter((p) => p.disclosed).length });
  const months = range.months.map((month) => ({ month, ...cell(prices.filter((p) => p.month === month)) }));
  return { category: range.category, fromMonth: range.fromMonth, toMonth: range.toMonth, readFrom: mspId, months, total: cell(prices) };
}

/** One settled trade as the public disclosure shows it: no parties, no confidential terms. */
export interface Disclosure {
  orderId: string;
  certificateId: string;
  category: string;
  exchange: string;
  month: string;
  /** The settlement day (YYYY-MM-DD, ledger time). */
  settledOn: string;
  disclosed: boolean;
  /** Only when the parties disclosed it. */
  priceFen?: number;
}

/** A page of the settled trades of a category in one month, in order id order. */
export async function disclosurePage(ctx: Context, category: string, month: string, pageSize: number, bookmark: string): Promise<Page<Disclosure>> {
  return readPage(ctx, ObjectType.price, [category, month], pageSize, bookmark, async (orderId) => {
    const s = await findSettlement(ctx, orderId);
    if (!s) return undefined;
    return {
      orderId: s.orderId,
      certificateId: s.certificateId,
      category: s.category,
      exchange: s.exchange,
      month,
      settledOn: s.settledAt.slice(0, 10),
      disclosed: s.disclosed,
      ...(s.disclosed && s.priceFen !== undefined ? { priceFen: s.priceFen } : {}),
    };
  });
}
