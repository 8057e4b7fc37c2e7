/** Trading endpoints (流通交易) over HTTP, through the real app on the embedded ledger: the main flow and its refusals. */
import { expect } from 'chai';
import { DAL_CHAINCODE } from '../support/test-network';
import { startGateway, type TestGateway } from './support/start-gateway';
import { ENTERPRISE_A, ENTERPRISE_B, apiClient, expectProblem, fingerprint, issueViaApi, type ApiClient } from './support/api-client';

const EXCHANGE = 'JiangsuExchangeMSP';
const TERMS = { purposes: ['credit-scoring'], termDays: 90, deliveryMethod: 'sandbox' };

describe('market endpoints over HTTP', function () {
  let gw: TestGateway;
  let api: ApiClient;
  before(async function () {
    gw = await startGateway({ chaincode: DAL_CHAINCODE });
    api = apiClient(gw);
  });
  after(async () => gw?.close());

  it('lists, offers, counters, accepts, delivers, confirms and settles, handing back salts and keeping prices off the public order', async function () {
    const cert = await issueViaApi(api);
    const created = await api.call('enterprise-a', 'POST', '/listings', { assetId: cert.id, exchange: EXCHANGE, askingPriceFen: 900_000, terms: TERMS });
    expect(created.status).to.equal(201);
    expect(created.body).to.include({ status: 'open', seller: ENTERPRISE_A, askingPriceFen: 900_000 });
    expect(created.body.txId).to.match(/^[0-9a-f]{64}$/);
    const listingId = created.body.id as string;
    expect((await api.ok('auditor', 'GET', `/listings/${listingId}`)).id).to.equal(listingId);
    expect((await api.ok('auditor', 'GET', `/listings?certificateId=${cert.id as string}`)).items.map((l: { id: string }) => l.id)).to.deep.equal([listingId]);
    expectProblem(await api.call('enterprise-a', 'POST', '/listings', { assetId: cert.id, exchange: EXCHANGE, askingPriceFen: 900_000, terms: TERMS }), 409, 'conflict');

    const placed = await api.call('enterprise-b', 'POST', '/orders', { listingId, offerPrice: 800_000 });
    expect(placed.status).to.equal(201);
    expect(placed.body).to.include({ status: 'offered', buyer: ENTERPRISE_B, askingPriceFen: 900_000 });
    expect(placed.body.salt).to.match(/^[0-9a-f]{64}$/);
    const orderId = placed.body.id as string;
    const counterSalt = 'ab'.repeat(16);
    const countered = await api.ok('enterprise-a', 'POST', `/orders/${orderId}/counter`, { price: 850_000, salt: counterSalt });
    expect(countered).to.include({ status: 'countered', salt: counterSalt });
    expectProblem(await api.call('enterprise-a', 'POST', `/orders/${orderId}/accept`), 409, 'conflict');
    expect((await api.ok('enterprise-b', 'POST', `/orders/${orderId}/accept`)).status).to.equal('agreed');
    expectProblem(await api.call('enterprise-b', 'POST', `/orders/${orderId}/confirm`), 409, 'conflict');
    expect((await api.ok('enterprise-a', 'POST', `/orders/${orderId}/deliver`, { deliverableHash: fingerprint() })).status).to.equal('delivered');
    expect((await api.ok('enterprise-b', 'POST', `/orders/${orderId}/confirm`)).status).to.equal('confirmed');

    const terms = await api.ok('exchange-operator', 'GET', `/orders/${orderId}/terms`);
    expect(terms.counter).to.include({ salt: counterSalt });
    expect(terms.counter.value).to.deep.equal({ price: 850_000 });
    expectProblem(await api.call('huaian-registrar', 'GET', `/orders/${orderId}/terms`), 403, 'forbidden');
    expectProblem(await api.call('enterprise-a', 'POST', `/orders/${orderId}/settle`, { price: 850_000, salt: counterSalt }), 403, 'forbidden');
    expectProblem(await api.call('exchange-operator', 'POST', `/orders/${orderId}/settle`, { price: 850_001, salt: counterSalt }), 400, 'invalid_request');

    const settled = await api.ok('exchange-operator', 'POST', `/orders/${orderId}/settle`, { price: 850_000, salt: counterSalt });
    expect(settled.order.status).to.equal('settled');
    expect(settled.settlement.payees.map((p: { kind: string; bps: number }) => [p.kind, p.bps])).to.deep.equal([
      ['exchange_fee', 200],
      ['seller', 9800],
    ]);
    expect(settled.settlement).not.to.have.property('payouts');
    const order = await api.ok('auditor', 'GET', `/orders/${orderId}`);
    expect(order.settlement.grantId).to.equal(settled.settlement.grantId);
    expect(JSON.stringify(order)).not.to.contain('850000');
    const licence = await api.ok('enterprise-b', 'GET', `/grants/${settled.settlement.grantId as string}`);
    expect(licence).to.include({ type: 'licence', grantee: ENTERPRISE_B, rawDataStaysInDomain: true });
    expect((await api.call('enterprise-b', 'POST', `/grants/${licence.id as string}/usages`, { purpose: 'credit-scoring', quantity: 1 })).status).to.equal(201);
    expectProblem(await api.call('enterprise-b', 'POST', '/listings', { assetId: cert.id, exchange: EXCHANGE, askingPriceFen: 1, terms: TERMS }), 403, 'forbidden');
  });

  it('opens a dispute and resolves it with a refund, and refuses a price in the clear on an order', async function () {
    const cert = await issueViaApi(api);
    const listing = await api.ok('enterprise-a', 'POST', '/listings', { assetId: cert.id, exchange: EXCHANGE, askingPriceFen: 1_000, terms: TERMS });
    expectProblem(await api.call('enterprise-b', 'POST', '/orders', { listingId: listing.id, offerPrice: 1_000, price: 1_000 }), 400, 'invalid_request');
    const order = await api.ok('enterprise-b', 'POST', '/orders', { listingId: listing.id, offerPrice: 1_000 });
    await api.ok('enterprise-a', 'POST', `/orders/${order.id as string}/accept`);
    const disputed = await api.ok('enterprise-b', 'POST', `/orders/${order.id as string}/dispute`, { reason: 'never delivered', evidenceHash: fingerprint() });
    expect(disputed.status).to.equal('disputed');
    expect((await api.ok('auditor', 'GET', `/certificates/${cert.id as string}/verification`)).encumbrances.map((e: { kind: string }) => e.kind)).to.deep.equal(['dispute']);
    expect((await api.ok('exchange-operator', 'POST', `/orders/${order.id as string}/resolve`, { outcome: 'refund' })).status).to.equal('refunded');
    expect((await api.ok('auditor', 'GET', `/certificates/${cert.id as string}/verification`)).encumbrances).to.deep.equal([]);
  });

  it('publishes price figures and disclosures without a key, never an undisclosed price, and exact figures to the regulator only', async function () {
    const cert = await issueViaApi(api, { body: { category: 'new-energy' } });
    const listing = await api.ok('enterprise-a', 'POST', '/listings', { assetId: cert.id, exchange: EXCHANGE, askingPriceFen: 1_000_000, terms: TERMS });
    const trade = async (price: number, disclosePrice: boolean): Promise<void> => {
      const order = await api.ok('enterprise-b', 'POST', '/orders', { listingId: listing.id, offerPrice: price });
      const id = order.id as string;
      await api.ok('enterprise-a', 'POST', `/orders/${id}/accept`);
      await api.ok('enterprise-a', 'POST', `/orders/${id}/deliver`, { deliverableHash: fingerprint() });
      await api.ok('enterprise-b', 'POST', `/orders/${id}/confirm`);
      if (disclosePrice) for (const party of ['enterprise-a', 'enterprise-b']) await api.ok(party, 'POST', `/orders/${id}/disclosure-consent`);
      await api.ok('exchange-operator', 'POST', `/orders/${id}/settle`, { price, salt: order.salt, disclosePrice });
    };
    await trade(600_000, true);
    await trade(700_000, true);
    await trade(654_321, false);
    const month = new Date().toISOString().slice(0, 7);
    const range = `category=new-energy&from=${month}&to=${month}`;

    const withheld = await api.ok(null, 'GET', `/market/prices?${range}`);
    expect(withheld.total).to.deep.include({ trades: 3, disclosed: 2 });
    expect(withheld.total).not.to.have.property('figures');
    const published = await api.ok(null, 'GET', `/market/prices?${range}&threshold=2`);
    expect(published.months[0].figures).to.include({ count: 2, min: 600_000, max: 700_000, median: 600_000 });
    const disclosures = await api.ok(null, 'GET', `/market/disclosures?category=new-energy&month=${month}&limit=2`);
    expect(disclosures.items).to.have.length(2);
    const rest = await api.ok(null, 'GET', `/market/disclosures?category=new-energy&month=${month}&bookmark=${encodeURIComponent(disclosures.bookmark as string)}`);
    const all = [...disclosures.items, ...rest.items] as { disclosed: boolean; priceFen?: number }[];
    expect(all.map((d) => d.priceFen ?? 'undisclosed').sort()).to.deep.equal([600_000, 700_000, 'undisclosed']);
    for (const body of [withheld, published, disclosures, rest]) {
      expect(JSON.stringify(body)).not.to.contain('654321');
      expect(JSON.stringify(body)).not.to.contain(ENTERPRISE_A);
      expect(JSON.stringify(body)).not.to.contain(ENTERPRISE_B);
    }

    const exact = await api.ok('regulator', 'GET', `/market/prices/exact?${range}`);
    expect(exact.total.figures).to.include({ count: 3, min: 600_000, max: 700_000, median: 654_321 });
    expectProblem(await api.call('enterprise-a', 'GET', `/market/prices/exact?${range}`), 403, 'forbidden');
    expectProblem(await api.call(null, 'GET', `/market/prices/exact?${range}`), 401, 'unauthenticated');
    expectProblem(await api.call(null, 'GET', `/market/prices?${range}&threshold=1`), 400, 'invalid_request');
    expectProblem(await api.call(null, 'GET', '/market/prices?category=new-energy&from=2020-01&to=2023-01'), 400, 'invalid_request');
    expectProblem(await api.call(null, 'GET', '/market/disclosures?category=new-energy'), 400, 'invalid_request');
  });
});
