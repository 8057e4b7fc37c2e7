/**
 * Price monitoring (价格监测) figures over settled trades: count, min, max, median and quantiles
 * of integer-fen prices, and what may be published of them.
 *
 * Definitions, fixed so any party can recompute them from the settled trades:
 * - quantile q (0 < q ≤ 1) is the nearest-rank value: the ⌈q·n⌉-th smallest price (the
 *   smallest for q·n ≤ 1), always one of the prices, so it is a whole fen and never an average;
 * - the median is the 0.5 quantile by that rule (the lower middle for an even count).
 *
 * Publication (信息披露). Public figures use only the prices the parties disclosed; a trade whose
 * price is confidential is counted (`trades`) but contributes no figure, so no public figure,
 * and no difference between two publications, is a function of a confidential price. A cell
 * with fewer than k disclosed prices (k = 5 unless configured) publishes its counts only: one
 * or two disclosed prices could otherwise be read off min and max. The regulator sees the exact
 * figures over every price, confidential ones included.
 */
export const DEFAULT_PUBLICATION_THRESHOLD = 5;
/** The k a query may ask for instead: at least 2 (one disclosed price would be published as it is), at most 1000. */
export const MIN_PUBLICATION_THRESHOLD = 2;
export const MAX_PUBLICATION_THRESHOLD = 1000;
/** At most this many months (three years) in one statistics query. */
export const MAX_STATISTICS_MONTHS = 36;
export const QUANTILES = [0.1, 0.25, 0.5, 0.75, 0.9] as const;

export interface PriceFigures {
  /** How many prices the figures are computed from. */
  count: number;
  min: number;
  max: number;
  median: number;
  /** Nearest-rank quantiles, keyed `p10`, `p25`, `p50`, `p75`, `p90`. */
  quantiles: Record<string, number>;
}

/** The figures of a set of prices, or undefined for none. */
export function priceFigures(prices: readonly number[]): PriceFigures | undefined {
  if (prices.length === 0) return undefined;
  const sorted = [...prices].sort((a, b) => a - b);
  const quantile = (q: number): number => sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1] ?? 0;
  const quantiles: Record<string, number> = {};
  for (const q of QUANTILES) quantiles[`p${String(Math.round(q * 100))}`] = quantile(q);
  return { count: sorted.length, min: sorted[0] ?? 0, max: sorted[sorted.length - 1] ?? 0, median: quantile(0.5), quantiles };
}

/** One settled trade as price monitoring sees it: its price, and whether the parties disclosed it. */
export interface SettledPrice {
  priceFen: number;
  disclosed: boolean;
}

/** A cell (category × period) as the public sees it. */
export interface PublicPriceCell {
  /** Settled trades in the cell, disclosed or not. */
  trades: number;
  /** Of them, with a disclosed price. */
  disclosed: number;
  /** Figures over the disclosed prices; absent below the publication threshold. */
  figures?: PriceFigures;
  /** Present when figures are withheld: why. */
  withheld?: string;
}

export function publicPriceCell(trades: readonly SettledPrice[], threshold: number = DEFAULT_PUBLICATION_THRESHOLD): PublicPriceCell {
  const disclosed = trades.filter((t) => t.disclosed).map((t) => t.priceFen);
  const cell: PublicPriceCell = { trades: trades.length, disclosed: disclosed.length };
  if (disclosed.length < threshold) {
    return { ...cell, withheld: `fewer than ${String(threshold)} disclosed prices in this cell` };
  }
  const figures = priceFigures(disclosed);
  return figures ? { ...cell, figures } : cell;
}

/** The regulator's exact figures: every price, disclosed or not. */
export function exactPriceCell(trades: readonly SettledPrice[]): { trades: number; figures?: PriceFigures } {
  const figures = priceFigures(trades.map((t) => t.priceFen));
  return figures ? { trades: trades.length, figures } : { trades: trades.length };
}
