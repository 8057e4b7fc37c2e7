/**
 * GET /market/prices served from the price figures cache (market/price-figures-cache.ts), through
 * the real app on the embedded ledger: the cache is the app's own, over the real ledger, with its
 * `Market:Prices` evaluations counted on the way.
 */
import { expect } from 'chai';
import { createPriceFiguresCache } from '../../gateway/src/market/price-figures-cache';
import { publicVerifierOf } from '../../gateway/src/verification/public-verifier';
import { DAL_CHAINCODE } from '../support/test-network';
import { startGateway, type TestGateway } from './support/start-gateway';
import { apiClient, fingerprint, issueViaApi, type ApiClient } from './support/api-client';

const EXCHANGE = 'JiangsuExchangeMSP';
const TERMS = { purposes: ['credit-scoring'], termDays: 90, deliveryMethod: 'sandbox' };

describe('public price figures from the cache', function () {
  let gw: TestGateway;
  let api: ApiClient;
  let evaluations = 0;
  let clock = 0;
  const month = new Date().toISOString().slice(0, 7);
  const prices = (category: string, threshold = 2): string => `/market/prices?category=${category}&from=${month}&to=${month}&threshold=${threshold}`;

  before(async function () {
    gw = await startGateway({
      chaincode: DAL_CHAINCODE,
      priceFigures: (net) =>
        createPriceFiguresCache({
          ledger: {
            evaluate: (identity, fn, args, options) => {
              if (fn === 'Market:Prices') evaluations++;
              return net.ledger.evaluate(identity, fn, args, options);
            },
            height: () => net.ledger.height(),
            onEvent: (listener, options) => net.ledger.onEvent(listener, options),
          },
          identity: publicVerifierOf(net.consortium),
          maxAgeMs: 60_000,
          now: () => clock,
        }),
    });
    api = apiClient(gw);
  });
  after(async () => gw?.close());

  /** Lists a new certificate of `category` and settles one disclosed trade per amount on it; the last settlement's answer. */
  async function settle(category: string, ...amounts: number[]): Promise<{ blockNumber: number }> {
    const cert = await issueViaApi(api, { body: { category } });
    const listing = await api.ok('enterprise-a', 'POST', '/listings', { assetId: cert.id, exchange: EXCHANGE, askingPriceFen: 1_000_000, terms: TERMS });
    let settled = { blockNumber: -1 };
    for (const price of amounts) {
      const order = await api.ok('enterprise-b', 'POST', '/orders', { listingId: listing.id, offerPrice: price });
      const id = order.id as string;
      await api.ok('enterprise-a', 'POST', `/orders/${id}/accept`);
      await api.ok('enterprise-a', 'POST', `/orders/${id}/deliver`, { deliverableHash: fingerprint() });
      await api.ok('enterprise-b', 'POST', `/orders/${id}/confirm`);
      for (const party of ['enterprise-a', 'enterprise-b']) await api.ok(party, 'POST', `/orders/${id}/disclosure-consent`);
      settled = await api.ok('exchange-operator', 'POST', `/orders/${id}/settle`, { price, salt: order.salt, disclosePrice: true });
    }
    return settled;
  }

  it('answers a repeated query from memory and includes a settlement of the category as soon as it is acknowledged', async function () {
    await settle('healthcare', 500_000, 600_000);
    const first = await api.ok(null, 'GET', prices('healthcare'));
    expect(first.total.figures).to.include({ count: 2, min: 500_000, max: 600_000 });
    const before = evaluations;
    expect(await api.ok(null, 'GET', prices('healthcare'))).to.deep.equal(first);
    expect(evaluations).to.equal(before);

    await settle('healthcare', 900_000);
    const after = await api.ok(null, 'GET', prices('healthcare'));
    expect(after.total.figures).to.include({ count: 3, min: 500_000, max: 900_000 });
    expect(evaluations).to.equal(before + 1);
  });

  it('keeps a category through settlements of another, and recomputes for an X-Min-Block its entry was not computed with', async function () {
    await settle('agriculture', 100_000, 200_000);
    await api.ok(null, 'GET', prices('agriculture'));
    const before = evaluations;
    const other = await settle('transport', 300_000);
    expect(await api.ok(null, 'GET', prices('agriculture'))).to.have.nested.property('total.figures.count', 2);
    expect(evaluations).to.equal(before);

    const fresh = await api.ok(null, 'GET', prices('agriculture'), undefined, { 'X-Min-Block': String(other.blockNumber) });
    expect(fresh.total.figures.count).to.equal(2);
    expect(evaluations).to.equal(before + 1);
    // that answer was computed with the block, so the same read is now served from memory
    await api.ok(null, 'GET', prices('agriculture'), undefined, { 'X-Min-Block': String(other.blockNumber) });
    expect(evaluations).to.equal(before + 1);
  });

  it('evaluates once for concurrent requests of one query, and once per threshold', async function () {
    await settle('finance', 10_000, 20_000);
    const before = evaluations;
    const answers = await Promise.all(Array.from({ length: 8 }, () => api.ok(null, 'GET', prices('finance'))));
    expect(evaluations).to.equal(before + 1);
    for (const answer of answers) expect(answer).to.deep.equal(answers[0]);
    expect(answers[0].total.figures).to.include({ count: 2 });

    const k3 = await api.ok(null, 'GET', prices('finance', 3));
    expect(evaluations).to.equal(before + 2);
    expect(k3.total).to.include({ disclosed: 2 }).and.not.to.have.property('figures');
    await api.ok(null, 'GET', prices('finance', 3));
    await api.ok(null, 'GET', prices('finance', 2));
    expect(evaluations).to.equal(before + 2);
  });

  it('evaluates again once an answer is older than its maximum age, in case an event never arrived', async function () {
    await api.ok(null, 'GET', prices('finance'));
    const before = evaluations;
    clock += 59_000;
    await api.ok(null, 'GET', prices('finance'));
    expect(evaluations).to.equal(before);
    clock += 2_000;
    await api.ok(null, 'GET', prices('finance'));
    expect(evaluations).to.equal(before + 1);
  });
});
