import { expect } from 'chai';
import { exactPriceCell, priceFigures, publicPriceCell } from '../../../chaincode/src/model/price-statistics';

describe('price monitoring figures', () => {
  it('takes nearest-rank quantiles, so every figure is one of the prices, in whole fen', () => {
    const figures = priceFigures([500, 100, 400, 200, 300]);
    expect(figures).to.deep.equal({ count: 5, min: 100, max: 500, median: 300, quantiles: { p10: 100, p25: 200, p50: 300, p75: 400, p90: 500 } });
    // an even count takes the lower middle, never an average
    expect(priceFigures([1, 2, 3, 4])?.median).to.equal(2);
    expect(priceFigures([7])).to.deep.equal({ count: 1, min: 7, max: 7, median: 7, quantiles: { p10: 7, p25: 7, p50: 7, p75: 7, p90: 7 } });
    expect(priceFigures([])).to.equal(undefined);
  });

  it('agrees with a sort-and-pick recomputation for random prices', () => {
    for (let round = 0; round < 200; round++) {
      const prices = Array.from({ length: 1 + Math.floor(Math.random() * 60) }, () => 1 + Math.floor(Math.random() * 1_000_000));
      const sorted = [...prices].sort((a, b) => a - b);
      const figures = priceFigures(prices)!;
      expect(figures.min).to.equal(sorted[0]);
      expect(figures.max).to.equal(sorted.at(-1));
      expect(figures.median).to.equal(sorted[Math.ceil(prices.length / 2) - 1]);
      expect(figures.quantiles.p90).to.equal(sorted[Math.max(1, Math.ceil(0.9 * prices.length)) - 1]);
    }
  });

  it('publishes figures only from disclosed prices, and only for a cell with at least k of them', () => {
    const four = [100, 200, 300, 400].map((priceFen) => ({ priceFen, disclosed: true }));
    const secret = { priceFen: 9_999_999, disclosed: false };
    expect(publicPriceCell([...four, secret])).to.deep.equal({ trades: 5, disclosed: 4, withheld: 'fewer than 5 disclosed prices in this cell' });
    const published = publicPriceCell([...four, { priceFen: 500, disclosed: true }, secret]);
    expect(published).to.include({ trades: 6, disclosed: 5 });
    expect(published.figures?.max).to.equal(500);
    expect(JSON.stringify(published)).not.to.include('9999999');
    expect(publicPriceCell(four, 3).figures?.count).to.equal(4);
  });

  it('gives the same public figures whether or not a confidential trade is in the cell, so differencing two publications reveals nothing of it', () => {
    const disclosed = [120, 80, 300, 150, 90, 210].map((priceFen) => ({ priceFen, disclosed: true }));
    const before = publicPriceCell(disclosed);
    const after = publicPriceCell([...disclosed, { priceFen: 1, disclosed: false }]);
    expect(after.figures).to.deep.equal(before.figures);
    expect(after.trades - before.trades).to.equal(1);
  });

  it('gives the regulator exact figures over every price, confidential ones included', () => {
    const cell = exactPriceCell([
      { priceFen: 100, disclosed: true },
      { priceFen: 9_999_999, disclosed: false },
    ]);
    expect(cell).to.deep.include({ trades: 2 });
    expect(cell.figures?.max).to.equal(9_999_999);
  });
});
