/**
 * Revenue distribution (收益分配) of a settled price: a pure function, exact in integer fen.
 *
 * Each payee but the seller has a share in basis points (1 bps = 0.01 %): the exchange fee and
 * every upstream right holder entitled through the lineage (数据来源者权益). The seller's share
 * is the rest, 10000 − the others. Shares above 10000 in total are refused.
 *
 * Rounding: largest remainder (Hamilton). Every payee first gets ⌊price × bps / 10000⌋; the fen
 * left over (fewer than the number of payees) go one each to the payees with the largest
 * remainders (price × bps mod 10000). Tie rule: among equal remainders the payee earlier in
 * the list gets the fen first — the list order is the exchange fee, then the upstream holders
 * nearest the sold asset first, then the seller. So the parts always sum exactly to the price,
 * none is negative, and the same inputs always give the same split. Products are computed in
 * BigInt, so a price up to Number.MAX_SAFE_INTEGER fen times 10000 bps stays exact.
 */
import type { Payee, Payout } from '../model/market';
import { ALLOW, RuleResult, refuse } from './result';

export const TOTAL_BPS = 10_000;

/** The shares other than the seller's: each 0..10000 bps, integers, together at most 10000. */
export function checkShares(shares: readonly Pick<Payee, 'bps'>[]): RuleResult {
  let total = 0;
  for (const share of shares) {
    if (!Number.isInteger(share.bps) || share.bps < 0 || share.bps > TOTAL_BPS)
      return refuse('POLICY_VIOLATION', `a share must be 0..${String(TOTAL_BPS)} bps`);
    total += share.bps;
  }
  if (total > TOTAL_BPS)
    return refuse('POLICY_VIOLATION', `the exchange fee and upstream shares add up to ${String(total)} bps, more than the whole price (${String(TOTAL_BPS)})`);
  return ALLOW;
}

/**
 * The payees with their fen: `shares` in list order, then the seller with the rest of the
 * basis points. Throws RangeError for a price that is not a non-negative safe integer or for
 * shares `checkShares` refuses (the contract checks first, so that is a programming error).
 */
export function distributeRevenue(priceFen: number, shares: readonly Payee[], seller: string): Payout[] {
  if (!Number.isSafeInteger(priceFen) || priceFen < 0) throw new RangeError(`price ${String(priceFen)} is not a whole number of fen`);
  const verdict = checkShares(shares);
  if (!verdict.allowed) throw new RangeError(verdict.reason);
  const others = shares.reduce((sum, s) => sum + s.bps, 0);
  const payees: Payee[] = [...shares, { payee: seller, kind: 'seller', bps: TOTAL_BPS - others }];
  const price = BigInt(priceFen);
  const whole = BigInt(TOTAL_BPS);
  const parts = payees.map((p, index) => {
    const exact = price * BigInt(p.bps);
    return { index, fen: exact / whole, remainder: exact % whole };
  });
  let left = price - parts.reduce((sum, p) => sum + p.fen, 0n);
  const byRemainder = [...parts].sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const part of byRemainder) {
    if (left === 0n) break;
    part.fen += 1n;
    left -= 1n;
  }
  return payees.map((p, i) => ({ ...p, fen: Number(parts[i]?.fen ?? 0n) }));
}
