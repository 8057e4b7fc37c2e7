/**
 * Price monitoring (价格监测) and disclosure (信息披露) through the real chaincode on the embedded
 * network: the k-threshold, that a price the parties did not disclose never appears in a public
 * answer while the regulator's exact figures include it, and that the aggregates equal a
 * recomputation from the settled trades after 500 random settlements.
 */
import { expect } from 'chai';
import { exactPriceCell, publicPriceCell, type SettledPrice } from '../../chaincode/src/model/price-statistics';
import { issueCertificate } from '../support/certificates';
import { ENTERPRISE_A, ENTERPRISE_B, DATA_GROUP } from '../support/demo-parties';
import { confirmedOrder, inParallel, listingBody, settle, type ConfirmedOrder } from '../support/market';
import { startTestNetwork, type TestNetwork } from '../support/test-network';
import { expectRefusal } from './certificate-flows';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A small seeded generator (mulberry32), so a failing run can be repeated from its seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `YYYY-MM` of the month `offset` months after `date`'s, and noon on its 15th. */
function monthAfter(date: Date, offset: number): { month: string; noon: Date } {
  const noon = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 15, 12));
  return { month: noon.toISOString().slice(0, 7), noon };
}

describe('Price monitoring and disclosure', function () {
  this.timeout(300_000);
  let net: TestNetwork;

  before(async () => {
    net = await startTestNetwork();
  });

  after(async () => {
    await net?.close();
  });

  async function listedCertificate(category: string): Promise<string> {
    const cert = await issueCertificate(net, { body: { category } });
    return (await net.submit('enterprise-a', 'Market:CreateListing', listingBody(cert.id))).result.id;
  }

  describe('the k-threshold and what the public sees', () => {
    const CATEGORY = 'finance';
    const SECRET_PRICE = 7_777_777;
    const month = new Date().toISOString().slice(0, 7);
    let listingId: string;

    before(async () => {
      listingId = await listedCertificate(CATEGORY);
      const orders = await inParallel(8, [
        ...[1_000_000, 2_000_000, 3_000_000, 4_000_000].map((p) => () => confirmedOrder(net, listingId, 'enterprise-a', 'enterprise-b', p)),
        () => confirmedOrder(net, listingId, 'enterprise-a', 'data-group', SECRET_PRICE),
      ]);
      await inParallel(8, orders.map((o) => () => settle(net, o, o.price !== SECRET_PRICE)));
    });

    it('withholds the figures of a cell with fewer than 5 disclosed prices and counts the confidential trade without its price', async () => {
      const prices = await net.evaluate('enterprise-b', 'Market:Prices', CATEGORY, month, month, '');
      expect(prices.threshold).to.equal(5);
      expect(prices.months).to.have.length(1);
      expect(prices.months[0]).to.deep.include({ month, trades: 5, disclosed: 4 });
      expect(prices.months[0]).not.to.have.property('figures');
      expect(prices.months[0].withheld).to.match(/fewer than 5 disclosed prices/);
      expect(JSON.stringify(prices)).not.to.contain(String(SECRET_PRICE));
    });

    it('publishes with a lower k on request, never below 2, over the disclosed prices only', async () => {
      const prices = await net.evaluate('enterprise-b', 'Market:Prices', CATEGORY, month, month, '3');
      expect(prices.total).to.deep.include({ trades: 5, disclosed: 4 });
      expect(prices.total.figures).to.include({ count: 4, min: 1_000_000, max: 4_000_000, median: 2_000_000 });
      expect(JSON.stringify(prices)).not.to.contain(String(SECRET_PRICE));
      await expectRefusal(net.evaluate('enterprise-b', 'Market:Prices', CATEGORY, month, month, '1'), 'INVALID_REQUEST', /threshold/);
    });

    it('publishes at k = 5 once a fifth price is disclosed, and the confidential price still never appears', async () => {
      const order = await confirmedOrder(net, listingId, 'enterprise-a', 'enterprise-b', 5_000_000);
      await settle(net, order, true);
      const prices = await net.evaluate('enterprise-b', 'Market:Prices', CATEGORY, month, month, '');
      expect(prices.months[0]).to.deep.include({ trades: 6, disclosed: 5 });
      expect(prices.months[0].figures).to.deep.equal({
        count: 5,
        min: 1_000_000,
        max: 5_000_000,
        median: 3_000_000,
        quantiles: { p10: 1_000_000, p25: 2_000_000, p50: 3_000_000, p75: 4_000_000, p90: 5_000_000 },
      });
      expect(JSON.stringify(prices)).not.to.contain(String(SECRET_PRICE));
    });

    it("gives the regulator and the auditor exact figures over every settled price, the confidential one read from the regulator's own copy", async () => {
      for (const who of ['regulator', 'auditor']) {
        const exact = await net.evaluate(who, 'Market:ExactPrices', CATEGORY, month, month);
        expect(exact.readFrom).to.equal('JiangsuRegulatorMSP');
        expect(exact.total).to.deep.include({ trades: 6, disclosed: 5 });
        expect(exact.total.figures).to.include({ count: 6, min: 1_000_000, max: SECRET_PRICE });
      }
    });

    it('refuses exact figures to anyone but the regulator and the auditor', async () => {
      for (const who of ['enterprise-a', 'exchange-operator', 'taizhou-registrar']) {
        await expectRefusal(net.evaluate(who, 'Market:ExactPrices', CATEGORY, month, month), 'FORBIDDEN');
      }
    });

    it('lists each settled trade for disclosure (信息披露) without parties or confidential terms, the undisclosed price as undisclosed', async () => {
      const page = await net.evaluate('enterprise-b', 'Market:Disclosures', CATEGORY, month, '50', '');
      expect(page.items).to.have.length(6);
      expect(page.bookmark).to.equal('');
      const hidden = page.items.filter((d: Json) => !d.disclosed);
      expect(hidden).to.have.length(1);
      expect(hidden[0]).not.to.have.property('priceFen');
      for (const d of page.items) {
        expect(d).to.have.all.keys(d.disclosed ? ['orderId', 'certificateId', 'category', 'exchange', 'month', 'settledOn', 'disclosed', 'priceFen'] : ['orderId', 'certificateId', 'category', 'exchange', 'month', 'settledOn', 'disclosed']);
        expect(d).to.include({ category: CATEGORY, exchange: 'JiangsuExchangeMSP', month });
      }
      const text = JSON.stringify(page);
      for (const secret of [String(SECRET_PRICE), ENTERPRISE_A, ENTERPRISE_B, DATA_GROUP, 'commitment', 'payees']) expect(text).not.to.contain(secret);
    });

    it('pages the disclosures with a bookmark', async () => {
      const first = await net.evaluate('enterprise-b', 'Market:Disclosures', CATEGORY, month, '4', '');
      expect(first.items).to.have.length(4);
      const second = await net.evaluate('enterprise-b', 'Market:Disclosures', CATEGORY, month, '4', first.bookmark);
      expect(second.items).to.have.length(2);
      expect(second.bookmark).to.equal('');
    });

    it('bounds the range to 36 months and refuses a reversed one', async () => {
      await expectRefusal(net.evaluate('enterprise-b', 'Market:Prices', CATEGORY, '2020-01', '2023-01', ''), 'INVALID_REQUEST', /at most 36 months/);
      await net.evaluate('enterprise-b', 'Market:Prices', CATEGORY, '2020-01', '2022-12', '');
      await expectRefusal(net.evaluate('regulator', 'Market:ExactPrices', CATEGORY, '2024-02', '2024-01'), 'INVALID_REQUEST', /before/);
    });
  });

  describe('aggregates against a recomputation', () => {
    const CATEGORIES = ['healthcare', 'new-energy', 'manufacturing'];
    const TRADES = 500;
    const seed = Date.now() % 1_000_000;
    const months = [1, 2, 3].map((offset) => monthAfter(new Date(), offset));
    const settled: (SettledPrice & { category: string; month: string })[] = [];

    it('Price aggregates equal a recomputation from the settled trades after 500 random settlements', async function () {
      const random = seeded(seed);
      const listings = new Map<string, string>();
      for (const category of CATEGORIES) listings.set(category, await listedCertificate(category));
      const plan = Array.from({ length: TRADES }, () => ({
        category: CATEGORIES[Math.floor(random() * CATEGORIES.length)]!,
        monthIndex: Math.floor(random() * months.length),
        price: 1 + Math.floor(random() * 9_999_999),
        disclosed: random() < 0.6,
        buyer: random() < 0.5 ? 'enterprise-b' : 'data-group',
      }));
      const orders: ConfirmedOrder[] = await inParallel(
        48,
        plan.map((p) => () => confirmedOrder(net, listings.get(p.category)!, 'enterprise-a', p.buyer, p.price)),
      );
      // settle month by month, the endorsers' clock and the proposals at that month
      for (const [i, { month, noon }] of months.entries()) {
        const due = plan.map((p, j) => ({ p, order: orders[j]! })).filter(({ p }) => p.monthIndex === i);
        net.clock.setTo(noon);
        try {
          await inParallel(
            48,
            due.map(({ p, order }) => async () => {
              const s = await settle(net, order, p.disclosed, new Date(net.clock.now()));
              expect(s.settledAt.slice(0, 7)).to.equal(month);
              settled.push({ category: p.category, month, priceFen: p.price, disclosed: p.disclosed });
            }),
          );
        } finally {
          net.clock.reset();
        }
      }
      expect(settled, `seed ${String(seed)}`).to.have.length(TRADES);

      const from = months[0]!.month;
      const to = months[months.length - 1]!.month;
      for (const category of CATEGORIES) {
        const ours = settled.filter((t) => t.category === category);
        const pub = await net.evaluate('enterprise-b', 'Market:Prices', category, from, to, '');
        const exact = await net.evaluate('regulator', 'Market:ExactPrices', category, from, to);
        const withoutMonth = ({ month: _month, ...cell }: Json): Json => cell;
        expect(pub.total, `${category}, seed ${String(seed)}`).to.deep.equal(publicPriceCell(ours));
        expect(exact.total).to.deep.equal({ ...exactPriceCell(ours), disclosed: ours.filter((t) => t.disclosed).length });
        for (const [i, { month }] of months.entries()) {
          const cell = ours.filter((t) => t.month === month);
          expect(withoutMonth(pub.months[i]), `${category} ${month}`).to.deep.equal(publicPriceCell(cell));
          expect(withoutMonth(exact.months[i])).to.deep.equal({ ...exactPriceCell(cell), disclosed: cell.filter((t) => t.disclosed).length });
        }
        // every public figure is a disclosed price: none can be a confidential one
        const disclosedPrices = new Set(ours.filter((t) => t.disclosed).map((t) => t.priceFen));
        for (const cell of [pub.total, ...pub.months]) {
          const f = cell.figures;
          if (f) for (const v of [f.min, f.max, f.median, ...Object.values(f.quantiles as Record<string, number>)]) expect(disclosedPrices.has(v)).to.equal(true);
        }
      }
    });
  });
});
