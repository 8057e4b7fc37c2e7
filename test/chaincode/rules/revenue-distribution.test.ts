import { expect } from 'chai';
import fc from 'fast-check';
import type { Payee } from '../../../chaincode/src/model/market';
import { TOTAL_BPS, checkShares, distributeRevenue } from '../../../chaincode/src/rules/revenue-distribution';

const SELLER = '91321200MA1ABC123N';

function upstream(bps: readonly number[]): Payee[] {
  return bps.map((b, i) => ({ payee: `upstream-${String(i)}`, kind: 'upstream', bps: b, grantId: `GRT-${String(i).padStart(10, '0')}` }));
}

function fens(payouts: readonly { fen: number }[]): number[] {
  return payouts.map((p) => p.fen);
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Shares other than the seller's whose total stays within the whole price. */
const sharesArbitrary = fc
  .array(fc.integer({ min: 0, max: TOTAL_BPS }), { minLength: 0, maxLength: 12 })
  .filter((bps) => sum(bps) <= TOTAL_BPS)
  .map((bps) => upstream(bps));

describe('revenue distribution (收益分配)', () => {
  describe('awkward splits', () => {
    it('gives the one fen of a 1-fen price among three payees to the largest remainder', () => {
      const payouts = distributeRevenue(1, upstream([3333, 3334]), SELLER);
      expect(fens(payouts)).to.deep.equal([0, 1, 0]);
      expect(payouts.map((p) => p.kind)).to.deep.equal(['upstream', 'upstream', 'seller']);
    });

    it('breaks a tie of equal remainders in favour of the earlier payee (exchange fee, upstream, then seller)', () => {
      expect(fens(distributeRevenue(1, [{ payee: 'JiangsuExchangeMSP', kind: 'exchange_fee', bps: 5000 }], SELLER))).to.deep.equal([1, 0]);
      expect(fens(distributeRevenue(1, upstream([2500, 2500, 2500]), SELLER))).to.deep.equal([1, 0, 0, 0]);
      expect(fens(distributeRevenue(3, upstream([2500, 2500, 2500]), SELLER))).to.deep.equal([1, 1, 1, 0]);
    });

    it('splits a prime price among seven payees so that the parts sum exactly to it', () => {
      const payouts = distributeRevenue(1_000_003, upstream([1429, 1429, 1428, 1428, 1428, 1429]), SELLER);
      expect(payouts).to.have.length(7);
      expect(sum(fens(payouts))).to.equal(1_000_003);
      for (const p of payouts) expect(p.fen).to.be.within(142_800, 143_000);
    });

    it('gives everything to one payee holding all 10,000 bps and leaves the seller 0', () => {
      const payouts = distributeRevenue(99_999, upstream([TOTAL_BPS]), SELLER);
      expect(fens(payouts)).to.deep.equal([99_999, 0]);
      expect(payouts[1]).to.include({ payee: SELLER, kind: 'seller', bps: 0 });
    });

    it('pays the seller the whole price when no one else has a share', () => {
      expect(distributeRevenue(12_345, [], SELLER)).to.deep.equal([{ payee: SELLER, kind: 'seller', bps: TOTAL_BPS, fen: 12_345 }]);
    });

    it('stays exact for the largest safe price', () => {
      const payouts = distributeRevenue(Number.MAX_SAFE_INTEGER, upstream([200, 1500]), SELLER);
      expect(payouts.every((p) => Number.isSafeInteger(p.fen))).to.equal(true);
      expect(BigInt(payouts[0]!.fen) + BigInt(payouts[1]!.fen) + BigInt(payouts[2]!.fen)).to.equal(BigInt(Number.MAX_SAFE_INTEGER));
    });

    it('refuses shares above 10,000 bps in total with POLICY_VIOLATION, and the split throws on them', () => {
      expect(checkShares(upstream([6000, 4001]))).to.include({ allowed: false, code: 'POLICY_VIOLATION' });
      expect(checkShares(upstream([6000, 4000]))).to.deep.equal({ allowed: true });
      expect(() => distributeRevenue(100, upstream([6000, 4001]), SELLER)).to.throw(RangeError);
      expect(() => distributeRevenue(1.5, [], SELLER)).to.throw(RangeError);
    });
  });

  describe('properties over random prices and shares', () => {
    it('always sums exactly to the price, never negative, each part within one fen of its exact share', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), sharesArbitrary, (price, shares) => {
          const payouts = distributeRevenue(price, shares, SELLER);
          const total = payouts.reduce((a, p) => a + BigInt(p.fen), 0n);
          expect(total).to.equal(BigInt(price));
          for (const p of payouts) {
            expect(p.fen).to.be.at.least(0);
            const exactFloor = (BigInt(price) * BigInt(p.bps)) / BigInt(TOTAL_BPS);
            expect(BigInt(p.fen) - exactFloor).to.be.oneOf([0n, 1n]);
          }
        }),
        { numRuns: 500 },
      );
    });

    it('is deterministic: the same inputs give the same split, and basis points add up to 10,000', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 10_000_000 }), sharesArbitrary, (price, shares) => {
          const once = distributeRevenue(price, shares, SELLER);
          expect(distributeRevenue(price, shares.map((s) => ({ ...s })), SELLER)).to.deep.equal(once);
          expect(sum(once.map((p) => p.bps))).to.equal(TOTAL_BPS);
        }),
        { numRuns: 300 },
      );
    });

    it('hands leftover fen to the largest remainders first, ties to the earlier payee', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 1_000_000 }), sharesArbitrary, (price, shares) => {
          const payouts = distributeRevenue(price, shares, SELLER);
          const rounded = payouts.map((p, index) => ({ index, up: BigInt(p.fen) * BigInt(TOTAL_BPS) > BigInt(price) * BigInt(p.bps), rem: (BigInt(price) * BigInt(p.bps)) % BigInt(TOTAL_BPS) }));
          for (const a of rounded.filter((r) => r.up)) {
            for (const b of rounded.filter((r) => !r.up && r.rem > 0n)) {
              expect(a.rem > b.rem || (a.rem === b.rem && a.index < b.index), `payee ${String(a.index)} rounded up before ${String(b.index)}`).to.equal(true);
            }
          }
        }),
        { numRuns: 300 },
      );
    });
  });
});
