/**
 * Records not every member reads, over HTTP, wherever they show: an order (GET /orders/{id} and
 * its events), a pledge's and a grant's events on /events, a valuation (the same 403 whatever
 * the index for a non-party, so it cannot probe which entries exist), and a grant's uses and
 * versions inside a certificate's lifecycle and provenance. The chaincode decides each
 * (rules/read-access.ts); the gateway maps or filters by its answer.
 */
import { expect } from 'chai';
import { DATA_GROUP, ENTERPRISE_A } from '../support/demo-parties';
import { freeLicenceBody, usageBody } from '../support/grant-bodies';
import { DAL_CHAINCODE } from '../support/test-network';
import { eventNames } from './support/event-names';
import { startGateway, type TestGateway } from './support/start-gateway';
import { apiClient, application, expectProblem, fingerprint, issueViaApi, type ApiClient } from './support/api-client';

const EXCHANGE = 'JiangsuExchangeMSP';
const BANK = 'JiangsuBankMSP';


describe('read access to orders, pledges, valuations, and grant activity seen through other records', function () {
  this.timeout(240_000);
  let gw: TestGateway;
  let api: ApiClient;
  before(async function () {
    gw = await startGateway({ chaincode: DAL_CHAINCODE });
    api = apiClient(gw);
  });
  after(async () => gw?.close());

  describe('orders', function () {
    let orderId: string;
    before(async function () {
      const cert = await issueViaApi(api);
      const terms = { purposes: ['credit-scoring'], termDays: 30, deliveryMethod: 'api' };
      const listing = await api.ok('enterprise-a', 'POST', '/listings', { assetId: cert.id, exchange: EXCHANGE, askingPriceFen: 10_000, terms });
      orderId = (await api.ok('enterprise-b', 'POST', '/orders', { listingId: listing.id, offerPrice: 9_000 })).id as string;
    });

    it('answers 403 to an unrelated enterprise, another registry and a bank asking for an order', async function () {
      for (const who of ['data-group', 'huaian-registrar', 'yancheng-registrar', 'bank-officer']) {
        expectProblem(await api.call(who, 'GET', `/orders/${orderId}`), 403, 'forbidden');
      }
    });

    it("lets the buyer, the seller, the exchange, the certificate's registry, the regulator and the auditor read it", async function () {
      for (const who of ['enterprise-a', 'enterprise-b', 'exchange-operator', 'taizhou-registrar', 'regulator', 'auditor']) {
        expect((await api.ok(who, 'GET', `/orders/${orderId}`)).id, who).to.equal(orderId);
      }
    });
  });

  it("streams an order's, a pledge's and a grant's events only to those who may read the record; every member gets the rest", async function () {
    const cert = await issueViaApi(api);
    const collateral = await issueViaApi(api);
    const terms = { purposes: ['credit-scoring'], termDays: 30, deliveryMethod: 'api' };
    const listing = await api.ok('enterprise-a', 'POST', '/listings', { assetId: cert.id, exchange: EXCHANGE, askingPriceFen: 10_000, terms });
    const url = `${gw.url}/api/v1/events`;
    const streams = {
      buyer: await eventNames(url, gw.apiKey('enterprise-b')),
      bank: await eventNames(url, gw.apiKey('bank-officer')),
      outsider: await eventNames(url, gw.apiKey('data-group')),
      auditor: await eventNames(url, gw.apiKey('auditor')),
    };
    try {
      const order = await api.ok('enterprise-b', 'POST', '/orders', { listingId: listing.id, offerPrice: 9_000 });
      // a consent to disclose carries the whole order too (found by review: it reached every key)
      await api.ok('enterprise-b', 'POST', `/orders/${order.id as string}/disclosure-consent`);
      await api.ok('enterprise-a', 'POST', '/pledges', { certificateId: collateral.id, pledgee: BANK, amount: 5_000_000, termDays: 365 });
      await api.ok('enterprise-a', 'POST', '/grants', freeLicenceBody(cert.id as string));
      // a later event every member receives: once a stream has it, the ones before it were decided
      await api.ok('enterprise-a', 'POST', '/certificates', application());
      for (const s of Object.values(streams)) await s.until('CertificateApplied');
      expect(streams.buyer.names).to.deep.equal(['OrderPlaced', 'DisclosureConsented', 'GrantCreated', 'CertificateApplied']);
      expect(streams.bank.names).to.deep.equal(['PledgeRequested', 'CertificateApplied']);
      expect(streams.outsider.names).to.deep.equal(['CertificateApplied']);
      expect(streams.auditor.names).to.deep.equal(['OrderPlaced', 'DisclosureConsented', 'PledgeRequested', 'GrantCreated', 'CertificateApplied']);
    } finally {
      for (const s of Object.values(streams)) s.close();
    }
  });

  describe('valuations', function () {
    let certId: string;
    before(async function () {
      certId = (await issueViaApi(api)).id as string;
      await api.ok('appraiser', 'POST', `/certificates/${certId}/evidence`, { kind: 'valuation', reportHash: fingerprint(), method: 'income', amount: 12_345_600 });
      await api.ok('appraiser', 'POST', `/certificates/${certId}/evidence`, { kind: 'quality', reportHash: fingerprint() });
    });

    it('answers a non-party the same 403 for a valuation, a report without an amount and an entry that does not exist', async function () {
      for (const who of ['enterprise-b', 'data-group', 'bank-officer', 'yancheng-registrar']) {
        const details: string[] = [];
        for (const index of [0, 1, 7]) details.push(expectProblem(await api.call(who, 'GET', `/certificates/${certId}/evidence/${index}/valuation`), 403, 'forbidden'));
        expect(new Set(details).size, `${who}: ${details.join(' | ')}`).to.equal(1);
      }
    });

    it('still tells a party which entry holds no valuation (404) and reads it the amount', async function () {
      expect((await api.ok('enterprise-a', 'GET', `/certificates/${certId}/evidence/0/valuation`)).amount).to.equal(12_345_600);
      expectProblem(await api.call('enterprise-a', 'GET', `/certificates/${certId}/evidence/1/valuation`), 404, 'not_found');
      expectProblem(await api.call('enterprise-a', 'GET', `/certificates/${certId}/evidence/7/valuation`), 404, 'not_found');
    });
  });

  describe("a sub-licence's uses and versions in the certificate's lifecycle and provenance", function () {
    let certId: string;
    let licenceId: string;
    let subLicenceId: string;
    before(async function () {
      certId = (await issueViaApi(api)).id as string;
      // enterprise-a (the holder) licenses enterprise-b, which sub-licenses data-group: enterprise-a is no party to the sub-licence
      licenceId = (await api.ok('enterprise-a', 'POST', '/grants', freeLicenceBody(certId))).id as string;
      subLicenceId = (await api.ok('enterprise-b', 'POST', '/grants', freeLicenceBody(certId, { grantee: DATA_GROUP, parentGrantId: licenceId }))).id as string;
      await api.ok('enterprise-b', 'POST', `/grants/${licenceId}/usages`, usageBody('credit-scoring', 1));
      await api.ok('data-group', 'POST', `/grants/${subLicenceId}/usages`, usageBody('credit-scoring', 2));
      await api.ok('enterprise-b', 'POST', `/grants/${subLicenceId}/suspend`, {});
    });

    const about = (items: readonly { grantId?: string; related?: string }[], grant: string): number => items.filter((e) => e.grantId === grant || e.related === grant).length;

    it("keeps the sub-licence's uses and versions out of the holder's lifecycle, as GET /grants/{id}/usages refuses them, and shows its own licence's", async function () {
      expectProblem(await api.call('enterprise-a', 'GET', `/grants/${subLicenceId}/usages`), 403, 'forbidden');
      const page = await api.ok('enterprise-a', 'GET', `/certificates/${certId}/lifecycle?uses=all&limit=500`);
      expect(about(page.items, subLicenceId)).to.equal(0);
      expect(about(page.items, licenceId)).to.equal(2); // created, one use
      expect(page.usage.map((u: { grantId: string }) => u.grantId)).to.deep.equal([licenceId]);
      expectProblem(await api.call('enterprise-a', 'GET', `/certificates/${certId}/lifecycle?grantId=${subLicenceId}`), 403, 'forbidden');
    });

    it('shows the auditor and the registry every entry of both grants', async function () {
      for (const who of ['auditor', 'taizhou-registrar']) {
        const page = await api.ok(who, 'GET', `/certificates/${certId}/lifecycle?uses=all&limit=500`);
        expect(about(page.items, subLicenceId), who).to.equal(3); // created, one use, suspended
        expect(page.usage.map((u: { grantId: string }) => u.grantId).sort(), who).to.deep.equal([licenceId, subLicenceId].sort());
      }
    });

    it("gives the holder the sub-licence in force in the provenance, not its versions; the auditor every version", async function () {
      const versionsOf = (facts: readonly { kind: string; subject: string }[]): number => facts.filter((f) => f.kind === 'grant' && f.subject === subLicenceId).length;
      expect(versionsOf((await api.ok('enterprise-a', 'GET', `/certificates/${certId}/provenance`)).facts)).to.equal(1);
      expect(versionsOf((await api.ok('auditor', 'GET', `/certificates/${certId}/provenance`)).facts)).to.equal(2);
    });
  });

  describe("an order's and a pledge's steps in the lifecycle and the provenance of a reader who is no party to them", function () {
    let certId: string;
    let collateralId: string;
    let orderId: string;
    let pledgeId: string;
    before(async function () {
      // data-group holds a right of each, so it reads their lifecycles; it is no party to enterprise-a's sale (which needs
      // the processing and operating rights) or pledge (the holding right)
      const right = (type: string, holder: string) => ({ type, holder });
      const sold = [right('holding', DATA_GROUP), right('processing', ENTERPRISE_A), right('operating', ENTERPRISE_A)];
      const pledged = [right('holding', ENTERPRISE_A), right('processing', DATA_GROUP), right('operating', ENTERPRISE_A)];
      certId = (await issueViaApi(api, { body: { rights: sold } })).id as string;
      collateralId = (await issueViaApi(api, { body: { rights: pledged } })).id as string;
      const terms = { purposes: ['credit-scoring'], termDays: 30, deliveryMethod: 'api' };
      const listing = await api.ok('enterprise-a', 'POST', '/listings', { assetId: certId, exchange: EXCHANGE, askingPriceFen: 10_000, terms });
      orderId = (await api.ok('enterprise-b', 'POST', '/orders', { listingId: listing.id, offerPrice: 9_000 })).id as string;
      await api.ok('enterprise-b', 'POST', `/orders/${orderId}/disclosure-consent`);
      pledgeId = (await api.ok('enterprise-a', 'POST', '/pledges', { certificateId: collateralId, pledgee: BANK, amount: 5_000_000, termDays: 365 })).id as string;
    });

    const about = (items: readonly { related?: string }[], id: string): number => items.filter((e) => e.related === id).length;

    it('leaves them out of the lifecycle of a right holder who is no party (found by review); the auditor sees every step', async function () {
      const lifecycle = async (who: string, id: string) => (await api.ok(who, 'GET', `/certificates/${id}/lifecycle?uses=all&limit=500`)).items;
      const [sale, pledge] = [await lifecycle('data-group', certId), await lifecycle('data-group', collateralId)];
      expect(about(sale, orderId)).to.equal(0);
      expect(about(pledge, pledgeId)).to.equal(0);
      expect(sale.length).to.be.greaterThan(0);
      expect(about(await lifecycle('auditor', certId), orderId)).to.equal(2); // placed, disclosure consented
      expect(about(await lifecycle('auditor', collateralId), pledgeId)).to.equal(1); // requested
    });

    it('leaves the order out of the provenance of the other right holder; the auditor reads it', async function () {
      const orders = (facts: readonly { kind: string; subject: string }[]): number => facts.filter((f) => f.kind === 'order' && f.subject === orderId).length;
      expect(orders((await api.ok('data-group', 'GET', `/certificates/${certId}/provenance`)).facts)).to.equal(0);
      expect(orders((await api.ok('auditor', 'GET', `/certificates/${certId}/provenance`)).facts)).to.equal(2);
    });
  });
});
