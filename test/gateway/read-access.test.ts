/**
 * Who may read a grant's metered uses (可控可计量), its history and the events that announce
 * uses, over HTTP: the chaincode decides (rules/read-access.ts), the gateway maps its refusal to
 * 403 and leaves the event out of the stream of a caller it refuses.
 */
import { expect } from 'chai';
import { licenceBody, usageBody } from '../support/grant-bodies';
import { DAL_CHAINCODE } from '../support/test-network';
import { eventNames } from './support/event-names';
import { startGateway, type TestGateway } from './support/start-gateway';
import { apiClient, application, expectProblem, issueViaApi, type ApiClient } from './support/api-client';


describe('read access to grant uses, histories and usage events', function () {
  this.timeout(180_000);
  let gw: TestGateway;
  let api: ApiClient;
  let grantId: string;
  before(async function () {
    gw = await startGateway({ chaincode: DAL_CHAINCODE });
    api = apiClient(gw);
    const assetId = (await issueViaApi(api)).id as string;
    grantId = (await api.ok('enterprise-a', 'POST', '/grants', licenceBody(assetId))).id as string;
    await api.ok('enterprise-b', 'POST', `/grants/${grantId}/usages`, usageBody('credit-scoring', 10));
  });
  after(async () => gw?.close());

  it('answers 403 to an unrelated enterprise, a registry of neither party and a bank asking for the uses or history of a grant', async function () {
    for (const who of ['data-group', 'huaian-registrar', 'bank-officer', 'exchange-operator']) {
      expectProblem(await api.call(who, 'GET', `/grants/${grantId}/usages`), 403, 'forbidden');
      expectProblem(await api.call(who, 'GET', `/grants/${grantId}/history`), 403, 'forbidden');
    }
  });

  it("lets the grantor, the grantee, both parties' registries, the regulator and the auditor read them", async function () {
    for (const who of ['enterprise-a', 'enterprise-b', 'taizhou-registrar', 'yancheng-registrar', 'regulator', 'auditor']) {
      expect((await api.ok(who, 'GET', `/grants/${grantId}/usages`)).items, who).to.have.length(1);
      expect((await api.ok(who, 'GET', `/grants/${grantId}/history`)).items, who).to.have.length(1);
    }
  });

  it('streams a use and a new version of a grant only to those who may read its uses and history; the rest of the stream is unchanged', async function () {
    const streams = { party: await eventNames(`${gw.url}/api/v1/events`, gw.apiKey('enterprise-a')), outsider: await eventNames(`${gw.url}/api/v1/events`, gw.apiKey('data-group')) };
    try {
      await api.ok('enterprise-b', 'POST', `/grants/${grantId}/usages`, usageBody('credit-scoring', 5));
      // a grant's versions are its history: the parties' too
      await api.ok('enterprise-a', 'POST', `/grants/${grantId}/suspend`, {});
      // A later event everyone receives: once the outsider has it, the ones before it were decided.
      await api.ok('enterprise-a', 'POST', '/certificates', application());
      await streams.party.until('CertificateApplied');
      await streams.outsider.until('CertificateApplied');
      expect(streams.party.names).to.deep.equal(['GrantUsageRecorded', 'GrantSuspended', 'CertificateApplied']);
      expect(streams.outsider.names).to.deep.equal(['CertificateApplied']);
    } finally {
      streams.party.close();
      streams.outsider.close();
    }
  });
});
