import { expect } from 'chai';
import { DAL_CHAINCODE } from '../support/test-network';
import { startGateway, type TestGateway } from './support/start-gateway';
import { ENTERPRISE_A, ENTERPRISE_B, apiClient, expectIdempotentReplay, expectProblem, fingerprint, issueViaApi, type ApiClient } from './support/api-client';

const DAY_MS = 86_400_000;

describe('regulation endpoints over HTTP', function () {
  let gw: TestGateway;
  let api: ApiClient;
  before(async function () {
    gw = await startGateway({ chaincode: DAL_CHAINCODE });
    api = apiClient(gw);
  });
  after(async () => gw?.close());

  describe('the negative list (负面清单)', function () {
    it('lists a fingerprint for the regulator, shows it to any member and lifts it, each answer committed', async function () {
      const fp = fingerprint();
      const added = await api.call('regulator', 'POST', '/negative-list', { fingerprint: fp, level: 'prohibited', reason: 'illegally collected' });
      expect(added.status, JSON.stringify(added.body)).to.equal(201);
      expect(added.body).to.include({ target: 'fingerprint', value: fp, level: 'prohibited', status: 'active' });
      expect(added.body.txId).to.match(/^[0-9a-f]{64}$/);
      const listed = await api.ok('enterprise-b', 'GET', '/negative-list?limit=500');
      expect(listed.items.map((e: { id: string }) => e.id)).to.include(added.body.id);
      expect(listed).to.have.property('bookmark');
      const lifted = await api.ok('regulator', 'POST', `/negative-list/${added.body.id}/lift`, { reason: 'court ruled the collection lawful' });
      expect(lifted).to.include({ id: added.body.id, status: 'lifted' });
      expect(expectProblem(await api.call('regulator', 'POST', `/negative-list/${added.body.id}/lift`, { reason: 'again' }), 409, 'conflict')).to.match(/already lifted/);
    });

    it('answers 403 to anyone but the regulator, 400 to a malformed entry, 404 to an unknown one', async function () {
      expectProblem(await api.call('taizhou-registrar', 'POST', '/negative-list', { category: 'finance', level: 'restricted', reason: 'r' }), 403, 'forbidden');
      expectProblem(await api.call('regulator', 'POST', '/negative-list', { level: 'restricted', reason: 'r' }), 400, 'invalid_request');
      expectProblem(await api.call('regulator', 'POST', '/negative-list', { category: 'finance', fingerprint: fingerprint(), level: 'restricted', reason: 'r' }), 400, 'invalid_request');
      expectProblem(await api.call('regulator', 'POST', '/negative-list', { category: 'finance', level: 'banned', reason: 'r' }), 400, 'invalid_request');
      expectProblem(await api.call('regulator', 'POST', '/negative-list', { category: 'finance', level: 'restricted', reason: 'r', extra: 1 }), 400, 'invalid_request');
      expectProblem(await api.call('regulator', 'POST', '/negative-list/NLE-0000000000/lift', { reason: 'r' }), 404, 'not_found');
      expectProblem(await api.call('regulator', 'POST', '/negative-list/nope/lift', { reason: 'r' }), 400, 'invalid_request');
    });

    it('replays a listing sent twice under one Idempotency-Key', async function () {
      await expectIdempotentReplay(api, gw, 'regulator', '/negative-list', { fingerprint: fingerprint(), level: 'restricted', reason: 'r' });
    });
  });

  describe('important-data filings (重要数据流通备案)', function () {
    it('files as the right holder, approves as the regulator, and reads it by id and by certificate', async function () {
      const cert = await issueViaApi(api, { body: { grade: 'important' } });
      const filed = await api.call('enterprise-a', 'POST', '/filings', { certificateId: cert.id, purpose: 'research sale', recipients: [ENTERPRISE_B], termDays: 90 });
      expect(filed.status, JSON.stringify(filed.body)).to.equal(201);
      expect(filed.body).to.include({ status: 'filed', certificateId: cert.id, filer: ENTERPRISE_A, inForce: false });
      const approved = await api.ok('regulator', 'POST', `/filings/${filed.body.id}/approve`, {});
      expect(approved).to.include({ status: 'approved', inForce: true });
      expect(Date.parse(approved.validUntil) - Date.parse(approved.decision.at)).to.equal(90 * DAY_MS);
      expect(await api.ok('enterprise-b', 'GET', `/filings/${filed.body.id}`)).to.include({ id: filed.body.id, inForce: true });
      const page = await api.ok('enterprise-b', 'GET', `/filings?certificateId=${cert.id}`);
      expect(page.items.map((f: { id: string }) => f.id)).to.deep.equal([filed.body.id]);
      expect(page.bookmark).to.equal('');
      expectProblem(await api.call('regulator', 'POST', `/filings/${filed.body.id}/reject`, { reason: 'late' }), 409, 'conflict');
    });

    it('rejects with a reason as the regulator', async function () {
      const cert = await issueViaApi(api);
      const filed = await api.ok('enterprise-a', 'POST', '/filings', { certificateId: cert.id, purpose: 'export', termDays: 30 });
      const rejected = await api.ok('regulator', 'POST', `/filings/${filed.id}/reject`, { reason: 'recipient abroad' });
      expect(rejected).to.include({ status: 'rejected', inForce: false });
      expect(rejected.decision).to.include({ reason: 'recipient abroad' });
    });

    it('answers 403 to a filing by a non-holder or a decision by a non-regulator, 400 to bad input, 404 to unknown records', async function () {
      const cert = await issueViaApi(api);
      expectProblem(await api.call('enterprise-b', 'POST', '/filings', { certificateId: cert.id, purpose: 'p', termDays: 30 }), 403, 'forbidden');
      expectProblem(await api.call('enterprise-a', 'POST', '/filings', { certificateId: cert.id, purpose: 'p', termDays: 0 }), 400, 'invalid_request');
      expectProblem(await api.call('enterprise-a', 'POST', '/filings', { certificateId: cert.id, purpose: 'p' }), 400, 'invalid_request');
      expectProblem(await api.call('enterprise-a', 'POST', '/filings', { certificateId: '321200-2026-999999', purpose: 'p', termDays: 30 }), 404, 'not_found');
      const filed = await api.ok('enterprise-a', 'POST', '/filings', { certificateId: cert.id, purpose: 'p', termDays: 30 });
      expectProblem(await api.call('taizhou-registrar', 'POST', `/filings/${filed.id}/approve`, {}), 403, 'forbidden');
      expectProblem(await api.call('regulator', 'POST', `/filings/${filed.id}/approve`, { validUntil: '2020-01-01T00:00:00Z' }), 400, 'invalid_request');
      expectProblem(await api.call('regulator', 'POST', `/filings/${filed.id}/reject`, {}), 400, 'invalid_request');
      expectProblem(await api.call('auditor', 'GET', '/filings/FIL-0000000000'), 404, 'not_found');
      expectProblem(await api.call('auditor', 'GET', '/filings'), 400, 'invalid_request');
    });
  });

  describe('credit flags (信用监管)', function () {
    it('answers normal by default, sets dishonest and back as the regulator, and keeps the history with block numbers', async function () {
      const code = '91321200MA3GHJ5624';
      expect(await api.ok('enterprise-a', 'GET', `/entities/${code}/credit`)).to.deep.equal({ entity: code, status: 'normal' });
      const flagged = await api.ok('regulator', 'POST', `/entities/${code}/credit`, { status: 'dishonest', reason: 'contract fraud' });
      expect(flagged).to.include({ entity: code, status: 'dishonest' });
      expect(flagged.txId).to.match(/^[0-9a-f]{64}$/);
      await api.ok('regulator', 'POST', `/entities/${code}/credit`, { status: 'normal', reason: 'rehabilitated' });
      expect(await api.ok('enterprise-a', 'GET', `/entities/${code}/credit`)).to.include({ status: 'normal', reason: 'rehabilitated' });
      const history = await api.ok('auditor', 'GET', `/entities/${code}/credit/history`);
      expect(history.items.map((h: { value: { status: string } }) => h.value.status)).to.deep.equal(['normal', 'dishonest']);
      expect(history.items[0].blockNumber).to.be.a('number');
    });

    it('answers 403 to anyone but the regulator and 400 to a malformed code or body', async function () {
      expectProblem(await api.call('taizhou-registrar', 'POST', `/entities/${ENTERPRISE_B}/credit`, { status: 'dishonest', reason: 'r' }), 403, 'forbidden');
      expectProblem(await api.call('regulator', 'POST', '/entities/not-a-code/credit', { status: 'dishonest', reason: 'r' }), 400, 'invalid_request');
      expectProblem(await api.call('regulator', 'POST', `/entities/${ENTERPRISE_B}/credit`, { status: 'suspicious', reason: 'r' }), 400, 'invalid_request');
      expectProblem(await api.call('regulator', 'POST', `/entities/${ENTERPRISE_B}/credit`, { status: 'dishonest' }), 400, 'invalid_request');
    });
  });

  it('publishes every regulation route and its schemas in the OpenAPI document', async function () {
    const doc = (await (await fetch(`${gw.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, { operationId: string }>>; components: { schemas: Record<string, unknown> } };
    expect(doc.paths['/api/v1/negative-list']).to.have.keys('get', 'post');
    expect(doc.paths['/api/v1/filings/{id}/approve']?.post?.operationId).to.equal('approveFiling');
    expect(doc.paths['/api/v1/entities/{code}/credit']).to.have.keys('get', 'post');
    expect(doc.components.schemas).to.include.keys('NegativeListRequest', 'Filing', 'CreditRequest');
  });
});
