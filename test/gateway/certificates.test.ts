import { expect } from 'chai';
import { DAL_CHAINCODE } from '../support/test-network';
import { startGateway, type TestGateway } from './support/start-gateway';
import { ENTERPRISE_A, ENTERPRISE_B, TAIZHOU, YANCHENG, apiClient, application, expectIdempotentReplay, expectProblem, fingerprint, issueViaApi, type ApiClient } from './support/api-client';

describe('certificate endpoints over HTTP', function () {
  let gw: TestGateway;
  let api: ApiClient;
  before(async function () {
    gw = await startGateway({ chaincode: DAL_CHAINCODE });
    api = apiClient(gw);
  });
  after(async () => gw?.close());

  describe('lifecycle', function () {
    it('applies, reviews, issues, takes evidence, a transfer, a change and a renewal, then cancels, each answer committed with txId and blockNumber', async function () {
      const applied = await api.call('enterprise-a', 'POST', '/certificates', application());
      expect(applied.status).to.equal(201);
      expect(applied.body).to.include({ status: 'applied', registry: TAIZHOU, version: 1 });
      expect(applied.body.id).to.match(/^321200-\d{4}-A[0-9A-Z]{10}$/);
      expect(applied.body.txId).to.match(/^[0-9a-f]{64}$/);
      expect(applied.body.blockNumber).to.be.a('number');

      const reviewed = await api.ok('taizhou-registrar', 'POST', `/certificates/${applied.body.id}/review`, { decision: 'approve', publicityDays: 0, comment: 'complete' });
      expect(reviewed).to.include({ status: 'publicizing', applicationId: applied.body.id });
      expect(reviewed.id).to.match(/^321200-\d{4}-\d{6}$/);
      expect(reviewed.publicityEndsAt).to.be.a('string');
      expect(reviewed.blockNumber).to.be.greaterThan(applied.body.blockNumber);

      const id = reviewed.id as string;
      const issued = await api.ok('taizhou-registrar', 'POST', `/certificates/${id}/issue`);
      expect(issued).to.include({ id, status: 'issued' });
      expect(issued.queryCode).to.match(/^[0-9A-Z]{10}$/);
      expect(issued.expiresAt > issued.issuedAt).to.equal(true);

      const valued = await api.ok('appraiser', 'POST', `/certificates/${id}/evidence`, { kind: 'valuation', reportHash: fingerprint(), amount: 1_250_000_00, method: 'income' });
      expect(valued.evidence).to.have.length(1);
      expect(valued.evidence[0]).to.include({ kind: 'valuation', method: 'income' }).and.not.have.property('amount');
      expect(valued.salt).to.match(/^[0-9a-f]{64}$/);
      const amount = await api.ok('appraiser', 'GET', `/certificates/${id}/evidence/0/valuation`);
      expect(amount).to.include({ amount: 1_250_000_00, salt: valued.salt, commitment: valued.evidence[0].valuation.commitment });
      // an idempotent repeat hands back the salt that opens what was committed, not a new one
      const report = { kind: 'valuation', reportHash: fingerprint(), amount: 1_300_000_00, method: 'market' };
      const once = await api.ok('appraiser', 'POST', `/certificates/${id}/evidence`, report, { 'Idempotency-Key': `valuation-${id}` });
      const again = await api.call('appraiser', 'POST', `/certificates/${id}/evidence`, report, { 'Idempotency-Key': `valuation-${id}` });
      expect(again.headers.get('idempotent-replayed')).to.equal('true');
      expect((again.body as { salt: string }).salt).to.equal(once.salt);
      expect(await api.ok('regulator', 'GET', `/certificates/${id}/evidence/1/valuation`)).to.include({ amount: 1_300_000_00, salt: once.salt });
      // an amount belongs to a valuation only, and is never sent for another kind of report
      const stray = await api.call('appraiser', 'POST', `/certificates/${id}/evidence`, { kind: 'quality', reportHash: fingerprint(), amount: 5 });
      expect(stray.status).to.equal(400);

      const transferred = await api.ok('taizhou-registrar', 'POST', `/certificates/${id}/transfer`, { right: 'operating', to: ENTERPRISE_B, reason: 'sold' });
      expect(transferred.version).to.equal(2);
      expect(transferred.rights).to.deep.include({ type: 'operating', holder: ENTERPRISE_B });

      const changed = await api.ok('taizhou-registrar', 'POST', `/certificates/${id}/changes`, { reason: 'renamed', name: 'Taizhou sensor data v2' });
      expect(changed).to.include({ version: 3, name: 'Taizhou sensor data v2' });
      expect(changed.lastChange).to.include({ kind: 'change', reason: 'renamed' });

      // 续展 opens only in the last 90 days before expiresAt (ledger time); on the day of issue it is refused.
      expect(expectProblem(await api.call('taizhou-registrar', 'POST', `/certificates/${id}/renew`), 409, 'conflict')).to.match(/last 90 days/);

      const record = await api.ok('enterprise-b', 'GET', `/certificates/${applied.body.id}`);
      expect(record).to.include({ id, status: 'issued', effectiveStatus: 'issued', version: 3 });

      const history = await api.ok('auditor', 'GET', `/certificates/${id}/history`);
      // The application key keeps an alias to the certificate id once approved: it is a version too.
      const versions = history.items.map((e: { value: { lastAction?: string; docType: string } }) => e.value.lastAction ?? e.value.docType);
      expect(versions).to.deep.equal(['Change', 'TransferRight', 'AddEvidence', 'AddEvidence', 'Issue', 'Review', 'certificateAlias', 'Apply']);
      expect(history.items[0]).to.include({ txId: changed.txId, blockNumber: changed.blockNumber });

      const cancelled = await api.ok('enterprise-a', 'POST', `/certificates/${id}/cancel`, { reason: 'no longer offered' });
      expect(cancelled).to.include({ status: 'cancelled' });
      expect(cancelled.closure).to.include({ kind: 'cancelled', reason: 'no longer offered' });
    });

    it('lists certificates by holder, status and registry in pages that follow the bookmark', async function () {
      const holder = ENTERPRISE_B;
      for (let i = 0; i < 3; i++) {
        await api.ok('enterprise-b', 'POST', '/certificates', application({ registry: YANCHENG, rights: [{ type: 'holding', holder }] }));
      }
      const first = await api.ok('regulator', 'GET', `/certificates?holder=${holder}&status=applied&limit=2`);
      expect(first.items).to.have.length.at.most(2);
      expect(first.bookmark).to.be.a('string').and.not.equal('');
      const second = await api.ok('regulator', 'GET', `/certificates?holder=${holder}&status=applied&limit=2&bookmark=${encodeURIComponent(first.bookmark)}`);
      const all = [...first.items, ...second.items];
      expect(all.filter((c: { registry: string }) => c.registry === YANCHENG)).to.have.length.at.least(3);
      expect(new Set(all.map((c: { id: string }) => c.id)).size).to.equal(all.length);
      const byRegistry = await api.ok('enterprise-a', 'GET', `/certificates?registry=${YANCHENG}&category=manufacturing`);
      expect(byRegistry.items.every((c: { registry: string }) => c.registry === YANCHENG)).to.equal(true);
      expect(Object.keys(byRegistry)).to.deep.equal(['items', 'bookmark']);
    });

    it('rejects the certificate when the registrar upholds an objection raised during publicity', async function () {
      const applied = await api.ok('enterprise-a', 'POST', '/certificates', application());
      const reviewed = await api.ok('taizhou-registrar', 'POST', `/certificates/${applied.id}/review`, { decision: 'approve', publicityDays: 10 });
      const raised = await api.call('enterprise-b', 'POST', `/certificates/${reviewed.id}/objections`, { reason: 'we collected this data', evidenceHash: fingerprint() });
      expect(raised.status).to.equal(201);
      expect(raised.body).to.include({ status: 'open', certificateId: reviewed.id });
      expect(raised.body.id).to.match(/^OBJ-/);
      expectProblem(await api.call('taizhou-registrar', 'POST', `/certificates/${reviewed.id}/issue`), 409, 'conflict');
      const resolved = await api.ok('taizhou-registrar', 'POST', `/certificates/${reviewed.id}/objections/${raised.body.id}/resolve`, { upheld: true, comment: 'proven' });
      expect(resolved).to.include({ status: 'upheld', certificateStatus: 'rejected' });
      expect((await api.ok('enterprise-a', 'GET', `/certificates/${reviewed.id}`)).status).to.equal('rejected');
    });

    it('gives 20 concurrent applications at one registry 201 each, with distinct ids', async function () {
      const answers = await Promise.all(Array.from({ length: 20 }, () => api.call('enterprise-a', 'POST', '/certificates', application())));
      expect(answers.map((a) => a.status)).to.deep.equal(Array(20).fill(201));
      expect(new Set(answers.map((a) => a.body.id)).size).to.equal(20);
    });

    it('answers a repeat of POST /certificates with the same Idempotency-Key with the first answer and writes nothing', async function () {
      const body = application();
      await expectIdempotentReplay(api, gw, 'enterprise-a', '/certificates', body);
      const page = await api.ok('enterprise-a', 'GET', `/certificates?holder=${ENTERPRISE_A}&status=applied&limit=500`);
      expect(page.items.filter((c: { fingerprint: string }) => c.fingerprint === body.fingerprint)).to.have.length(1);
    });
  });

  describe('refusals', function () {
    let issuedId: string;
    before(async function () {
      issuedId = (await issueViaApi(api)).id;
    });

    it('answers 403 to a registrar of another registry (wrong organisation)', async function () {
      const applied = await api.ok('enterprise-a', 'POST', '/certificates', application());
      expectProblem(await api.call('yancheng-registrar', 'POST', `/certificates/${applied.id}/review`, { decision: 'approve' }), 403, 'forbidden');
      expectProblem(await api.call('yancheng-registrar', 'POST', `/certificates/${issuedId}/revoke`, { reason: 'not ours' }), 403, 'forbidden');
    });

    it('answers 403 to a caller without the role (a holder reviewing, a bank applying, a registrar filing evidence)', async function () {
      const applied = await api.ok('enterprise-a', 'POST', '/certificates', application());
      expectProblem(await api.call('enterprise-a', 'POST', `/certificates/${applied.id}/review`, { decision: 'approve' }), 403, 'forbidden');
      expectProblem(await api.call('bank-officer', 'POST', '/certificates', application()), 403, 'forbidden');
      expectProblem(await api.call('taizhou-registrar', 'POST', `/certificates/${issuedId}/evidence`, { kind: 'quality', reportHash: fingerprint() }), 403, 'forbidden');
    });

    it('answers 409 to a transition from the wrong state (issue before review, review twice)', async function () {
      const applied = await api.ok('enterprise-a', 'POST', '/certificates', application());
      expectProblem(await api.call('taizhou-registrar', 'POST', `/certificates/${applied.id}/issue`), 409, 'conflict');
      expectProblem(await api.call('taizhou-registrar', 'POST', `/certificates/${issuedId}/review`, { decision: 'approve' }), 409, 'conflict');
    });

    it('answers 409 to a fingerprint already registered in another city, naming the existing certificate', async function () {
      const taken = (await api.ok('enterprise-a', 'GET', `/certificates/${issuedId}`)).fingerprint as string;
      const res = await api.call('enterprise-b', 'POST', '/certificates', application({ registry: YANCHENG, fingerprint: taken, rights: [{ type: 'holding', holder: ENTERPRISE_B }] }));
      expect(expectProblem(res, 409, 'conflict')).to.contain(issuedId);
    });

    it('answers 409 to issuing while the publicity period runs', async function () {
      const applied = await api.ok('enterprise-a', 'POST', '/certificates', application());
      await api.ok('taizhou-registrar', 'POST', `/certificates/${applied.id}/review`, { decision: 'approve', publicityDays: 10 });
      expect(expectProblem(await api.call('taizhou-registrar', 'POST', `/certificates/${applied.id}/issue`), 409, 'conflict')).to.match(/public/i);
    });

    it('answers 422 to core-grade data', async function () {
      expectProblem(await api.call('enterprise-a', 'POST', '/certificates', application({ grade: 'core' })), 422, 'policy_violation');
    });

    it('answers 400 naming the field for malformed bodies, ids and queries, and writes nothing', async function () {
      const height = await gw.net.ledger.height();
      expect(expectProblem(await api.call('enterprise-a', 'POST', '/certificates', application({ fingerprint: 'XYZ' })), 400, 'invalid_request')).to.match(/^\/fingerprint /);
      const { rights: _dropped, ...withoutRights } = application();
      expect(expectProblem(await api.call('enterprise-a', 'POST', '/certificates', withoutRights), 400, 'invalid_request')).to.equal('/rights is required');
      expect(expectProblem(await api.call('enterprise-a', 'POST', '/certificates', application({ color: 'red' })), 400, 'invalid_request')).to.equal('/color is not allowed');
      expect(expectProblem(await api.call('taizhou-registrar', 'POST', `/certificates/${issuedId}/review`, { decision: 'maybe' }), 400, 'invalid_request')).to.match(/^\/decision /);
      expect(expectProblem(await api.call('taizhou-registrar', 'POST', `/certificates/${issuedId}/review`, { decision: 'approve', publicityDays: 31 }), 400, 'invalid_request')).to.match(/^\/publicityDays /);
      expect(expectProblem(await api.call('taizhou-registrar', 'POST', `/certificates/${issuedId}/revoke`, {}), 400, 'invalid_request')).to.equal('/reason is required');
      expect(expectProblem(await api.call('enterprise-a', 'GET', '/certificates/not-an-id'), 400, 'invalid_request')).to.match(/path parameter id/);
      expect(expectProblem(await api.call('enterprise-a', 'GET', '/certificates?limit=501'), 400, 'invalid_request')).to.match(/query parameter limit/);
      expect(expectProblem(await api.call('taizhou-registrar', 'POST', '/agreements', { counterparty: YANCHENG, scope: { assetTypes: [], grades: ['general'] }, validFrom: 'x', validTo: 'y' }), 400, 'invalid_request')).to.match(/^\/scope\/assetTypes /);
      expect(await gw.net.ledger.height()).to.equal(height);
    });

    it('answers 404 for an unknown certificate, objection or agreement', async function () {
      expectProblem(await api.call('enterprise-a', 'GET', '/certificates/321200-2026-999999'), 404, 'not_found');
      expectProblem(await api.call('taizhou-registrar', 'POST', '/certificates/321200-2026-999999/issue'), 404, 'not_found');
      expectProblem(await api.call('enterprise-a', 'GET', '/certificates/321200-2026-999999/history'), 404, 'not_found');
      expectProblem(await api.call('taizhou-registrar', 'GET', '/agreements/AGR-0000000000'), 404, 'not_found');
    });

    it('answers 401 to writes and member reads without an API key', async function () {
      expectProblem(await api.call(null, 'POST', '/certificates', application()), 401, 'unauthenticated');
      expectProblem(await api.call(null, 'GET', `/certificates/${issuedId}`), 401, 'unauthenticated');
      expectProblem(await api.call(null, 'GET', `/certificates/${issuedId}/bundle`), 401, 'unauthenticated');
    });
  });

  describe('mutual recognition', function () {
    const scope = { assetTypes: ['resource', 'element', 'product'], grades: ['general', 'important'] };
    const term = (): { validFrom: string; validTo: string } => ({ validFrom: new Date(Date.now() - 60_000).toISOString(), validTo: new Date(Date.now() + 365 * 86_400_000).toISOString() });

    it('proposes an agreement (pending), approves it as the counterparty (active) and recognises a certificate under it (201)', async function () {
      const cert = await issueViaApi(api);
      const proposed = await api.call('taizhou-registrar', 'POST', '/agreements', { counterparty: YANCHENG, scope, ...term() });
      expect(proposed.status).to.equal(201);
      expect(proposed.body).to.include({ status: 'pending', proposer: TAIZHOU, counterparty: YANCHENG });
      expectProblem(await api.call('taizhou-registrar', 'POST', `/agreements/${proposed.body.id}/approve`), 403, 'forbidden');
      const approved = await api.ok('yancheng-registrar', 'POST', `/agreements/${proposed.body.id}/approve`);
      expect(approved).to.include({ id: proposed.body.id, status: 'active' });
      expect((await api.ok('huaian-registrar', 'GET', `/agreements/${proposed.body.id}`)).status).to.equal('active');
      expect((await api.ok('yancheng-registrar', 'GET', `/agreements?registry=${YANCHENG}`)).items.map((a: { id: string }) => a.id)).to.include(proposed.body.id);

      const recognised = await api.call('yancheng-registrar', 'POST', '/recognitions', { certificateId: cert.id });
      expect(recognised.status).to.equal(201);
      expect(recognised.body).to.include({ id: `${cert.id}@${YANCHENG}`, certificateId: cert.id, registry: YANCHENG, valid: true, agreementId: proposed.body.id });
      expectProblem(await api.call('yancheng-registrar', 'POST', '/recognitions', { certificateId: cert.id }), 409, 'conflict');
      const listed = await api.ok('enterprise-a', 'GET', `/certificates/${cert.id}/recognitions`);
      expect(listed.items).to.have.length(1);
      expect(listed.items[0]).to.include({ registry: YANCHENG, valid: true });

      const terminated = await api.ok('yancheng-registrar', 'POST', `/agreements/${proposed.body.id}/terminate`, { reason: 'renegotiating' });
      expect(terminated.status).to.equal('terminated');
    });

    it('answers 422 to a recognition without an agreement between the two registries', async function () {
      const cert = await issueViaApi(api);
      expectProblem(await api.call('huaian-registrar', 'POST', '/recognitions', { certificateId: cert.id }), 422, 'policy_violation');
    });

    it("answers 422 to a recognition outside the agreement's scope", async function () {
      const cert = await issueViaApi(api);
      const proposed = await api.ok('taizhou-registrar', 'POST', '/agreements', { counterparty: 'ShanghaiRegistryMSP', scope: { assetTypes: ['product'], grades: ['general'] }, ...term() });
      await api.ok('shanghai-registrar', 'POST', `/agreements/${proposed.id}/approve`);
      expectProblem(await api.call('shanghai-registrar', 'POST', '/recognitions', { certificateId: cert.id }), 422, 'policy_violation');
    });

    it('answers 409 to a recognition of a revoked certificate, and voids the recognitions it had', async function () {
      const proposed = await api.ok('taizhou-registrar', 'POST', '/agreements', { counterparty: 'HuaianRegistryMSP', scope, ...term() });
      await api.ok('huaian-registrar', 'POST', `/agreements/${proposed.id}/approve`);
      const recognisedThenRevoked = await issueViaApi(api);
      await api.ok('huaian-registrar', 'POST', '/recognitions', { certificateId: recognisedThenRevoked.id });
      const revokedFirst = await issueViaApi(api);
      await api.ok('regulator', 'POST', `/certificates/${revokedFirst.id}/revoke`, { reason: 'fraudulent application' });
      await api.ok('taizhou-registrar', 'POST', `/certificates/${recognisedThenRevoked.id}/revoke`, { reason: 'court order' });
      expect(expectProblem(await api.call('huaian-registrar', 'POST', '/recognitions', { certificateId: revokedFirst.id }), 409, 'conflict')).to.contain('revoked');
      const listed = await api.ok('enterprise-a', 'GET', `/certificates/${recognisedThenRevoked.id}/recognitions`);
      expect(listed.items[0]).to.include({ valid: false, voidReason: 'certificate is revoked' });
    });
  });
});
