/** Grant endpoints (授权, 可控可计量) over HTTP, through the real app on the embedded ledger. */
import { expect } from 'chai';
import { GRANT_FROM, GRANT_TO, licenceBody as licence, usageBody } from '../support/grant-bodies';
import { DAL_CHAINCODE } from '../support/test-network';
import { startGateway, type TestGateway } from './support/start-gateway';
import { ENTERPRISE_A, ENTERPRISE_B, PERSON_1, TAIZHOU, apiClient, expectIdempotentReplay, expectProblem, fingerprint, issueViaApi, type ApiClient } from './support/api-client';

const DATA_GROUP = '91321200MA3GHJ5624';
function use(purpose = 'credit-scoring', quantity = 1000): Record<string, unknown> {
  return { ...usageBody(purpose, quantity), resultHash: fingerprint() };
}

describe('grant endpoints over HTTP', function () {
  let gw: TestGateway;
  let api: ApiClient;
  before(async function () {
    gw = await startGateway({ chaincode: DAL_CHAINCODE });
    api = apiClient(gw);
  });
  after(async () => gw?.close());

  /** A certificate issued to enterprise-a, which holds all three rights. */
  const issued = async (): Promise<string> => (await issueViaApi(api)).id as string;
  const grant = async (grantor: string, body: Record<string, unknown>): Promise<any> => api.ok(grantor, 'POST', '/grants', body); // eslint-disable-line @typescript-eslint/no-explicit-any
  const check = async (assetId: string, grantee: string, purpose: string): Promise<any> => // eslint-disable-line @typescript-eslint/no-explicit-any
    api.ok('auditor', 'GET', `/grants/check?assetId=${assetId}&grantee=${encodeURIComponent(grantee)}&purpose=${encodeURIComponent(purpose)}`);

  describe('licences and metered use', function () {
    it('lets enterprise-a license processing to enterprise-b (201, committed with txId and blockNumber) and enterprise-b record a use (201)', async function () {
      const assetId = await issued();
      const created = await api.call('enterprise-a', 'POST', '/grants', licence(assetId));
      expect(created.status).to.equal(201);
      expect(created.body).to.include({ assetId, type: 'licence', grantor: ENTERPRISE_A, grantee: ENTERPRISE_B, status: 'active', effectiveStatus: 'active', registry: TAIZHOU, paid: true, fee: 12_000_000 });
      expect(created.body.id).to.match(/^GRT-[0-9A-HJKMNP-TV-Z]{10}$/);
      expect(created.body.purposes).to.deep.equal(['credit-scoring', 'risk-model-training']);
      expect(created.body.rawDataStaysInDomain).to.equal(true);
      expect(created.body.txId).to.match(/^[0-9a-f]{64}$/);
      expect(created.body.blockNumber).to.be.a('number');

      const recorded = await api.call('enterprise-b', 'POST', `/grants/${created.body.id}/usages`, use('credit-scoring', 250));
      expect(recorded.status).to.equal(201);
      expect(recorded.body).to.include({ grantId: created.body.id, assetId, grantee: ENTERPRISE_B, purpose: 'credit-scoring', quantity: 250 });
      expect(recorded.body.id).to.match(/^USE-/);
      expect(recorded.body.blockNumber).to.be.greaterThan(created.body.blockNumber);

      const usages = await api.ok('enterprise-a', 'GET', `/grants/${created.body.id}/usages`);
      expect(Object.keys(usages)).to.deep.equal(['items', 'bookmark']);
      expect(usages.items.map((u: { id: string }) => u.id)).to.deep.equal([recorded.body.id]);
      expect((await api.ok('regulator', 'GET', `/grants/${created.body.id}`)).id).to.equal(created.body.id);
    });

    it('answers 422 policy_violation to a use for a purpose outside the grant', async function () {
      const g = await grant('enterprise-a', licence(await issued()));
      const detail = expectProblem(await api.call('enterprise-b', 'POST', `/grants/${g.id}/usages`, use('marketing')), 422, 'policy_violation');
      expect(detail).to.match(/purpose "marketing" is outside/);
    });

    it('answers 403 to a use recorded by anyone but the grantee', async function () {
      const g = await grant('enterprise-a', licence(await issued()));
      for (const who of ['enterprise-a', 'data-group', 'taizhou-registrar']) {
        expectProblem(await api.call(who, 'POST', `/grants/${g.id}/usages`, use()), 403, 'forbidden');
      }
    });

    it('answers 403 when someone other than the grantor suspends or revokes', async function () {
      const g = await grant('enterprise-a', licence(await issued()));
      expectProblem(await api.call('enterprise-b', 'POST', `/grants/${g.id}/suspend`, {}), 403, 'forbidden');
      expectProblem(await api.call('taizhou-registrar', 'POST', `/grants/${g.id}/revoke`, { reason: 'not mine' }), 403, 'forbidden');
    });

    it('refuses uses while suspended (check says not allowed, with the reason), allows them once resumed, and refuses them for good once revoked', async function () {
      const assetId = await issued();
      const g = await grant('enterprise-a', licence(assetId));
      const suspended = await api.ok('enterprise-a', 'POST', `/grants/${g.id}/suspend`, { reason: 'audit pending' });
      expect(suspended).to.include({ status: 'suspended', effectiveStatus: 'suspended' });
      expect(suspended.lastStatusChange).to.include({ status: 'suspended', reason: 'audit pending' });
      expect(expectProblem(await api.call('enterprise-b', 'POST', `/grants/${g.id}/usages`, use()), 422, 'policy_violation')).to.match(/suspended/);
      const refused = await check(assetId, ENTERPRISE_B, 'credit-scoring');
      expect(refused).to.include({ allowed: false, assetId, grantee: ENTERPRISE_B, purpose: 'credit-scoring' });
      expect(refused.reason).to.match(new RegExp(`grant ${g.id} is suspended`));
      expectProblem(await api.call('enterprise-a', 'POST', `/grants/${g.id}/suspend`, {}), 409, 'conflict');

      expect(await api.ok('enterprise-a', 'POST', `/grants/${g.id}/resume`, {})).to.include({ status: 'active', effectiveStatus: 'active' });
      expect(await check(assetId, ENTERPRISE_B, 'credit-scoring')).to.include({ allowed: true, basis: 'grant', grantId: g.id });
      await api.ok('enterprise-b', 'POST', `/grants/${g.id}/usages`, use());

      expect(await api.ok('enterprise-a', 'POST', `/grants/${g.id}/revoke`, { reason: 'contract ended' })).to.include({ status: 'revoked', effectiveStatus: 'revoked' });
      expect(expectProblem(await api.call('enterprise-b', 'POST', `/grants/${g.id}/usages`, use()), 422, 'policy_violation')).to.match(/revoked/);
      expectProblem(await api.call('enterprise-a', 'POST', `/grants/${g.id}/resume`, {}), 409, 'conflict');
      expectProblem(await api.call('enterprise-a', 'POST', `/grants/${g.id}/revoke`, {}), 409, 'conflict');
    });

    it('answers the grant’s history newest first: created, suspended, resumed, revoked, each with its txId and block', async function () {
      const assetId = await issued();
      const g = await grant('enterprise-a', licence(assetId));
      const suspended = await api.ok('enterprise-a', 'POST', `/grants/${g.id}/suspend`, {});
      const resumed = await api.ok('enterprise-a', 'POST', `/grants/${g.id}/resume`, {});
      await api.ok('enterprise-b', 'POST', `/grants/${g.id}/usages`, use());
      const revoked = await api.ok('enterprise-a', 'POST', `/grants/${g.id}/revoke`, { reason: 'ended' });
      const history = await api.ok('auditor', 'GET', `/grants/${g.id}/history`);
      expect(history.items.map((v: { value: { status: string } }) => v.value.status)).to.deep.equal(['revoked', 'active', 'suspended', 'active']);
      expect(history.items.map((v: { txId: string; blockNumber: number }) => [v.txId, v.blockNumber])).to.deep.equal(
        [revoked, resumed, suspended, g].map((w: { txId: string; blockNumber: number }) => [w.txId, w.blockNumber]),
      );
      expectProblem(await api.call('auditor', 'GET', '/grants/GRT-0000000000/history'), 404, 'not_found');
    });

    it('counts uses under maxUses 2 and refuses the third with 422', async function () {
      const g = await grant('enterprise-a', licence(await issued(), { maxUses: 2 }));
      expect(g).to.include({ maxUses: 2, usesRecorded: 0 });
      expect(await api.ok('enterprise-b', 'POST', `/grants/${g.id}/usages`, use())).to.include({ sequence: 1, usesRemaining: 1 });
      expect(await api.ok('enterprise-b', 'POST', `/grants/${g.id}/usages`, use('risk-model-training'))).to.include({ sequence: 2, usesRemaining: 0 });
      expect(expectProblem(await api.call('enterprise-b', 'POST', `/grants/${g.id}/usages`, use()), 422, 'policy_violation')).to.match(/allows 2 use\(s\), all recorded/);
      expect(await api.ok('enterprise-b', 'GET', `/grants/${g.id}`)).to.include({ usesRecorded: 2 });
    });
  });

  describe('grants chain and personal grants', function () {
    it('stops a sub-licence from enterprise-b to data-group at once when enterprise-a revokes the parent grant (void, stoppedBy)', async function () {
      const assetId = await issued();
      const parent = await grant('enterprise-a', licence(assetId));
      const child = await api.call('enterprise-b', 'POST', '/grants', licence(assetId, { grantee: DATA_GROUP, parentGrantId: parent.id, purposes: ['credit-scoring'], paid: false, fee: undefined }));
      expect(child.status).to.equal(201);
      expect(child.body).to.include({ grantor: ENTERPRISE_B, grantee: DATA_GROUP, parentGrantId: parent.id, depth: 1, effectiveStatus: 'active' });
      await api.ok('data-group', 'POST', `/grants/${child.body.id}/usages`, use());
      // Passing on more than it got is refused.
      expectProblem(await api.call('enterprise-b', 'POST', '/grants', licence(assetId, { grantee: DATA_GROUP, parentGrantId: parent.id, purposes: ['marketing'] })), 422, 'policy_violation');

      await api.ok('enterprise-a', 'POST', `/grants/${parent.id}/revoke`, { reason: 'breach' });
      const after = await api.ok('data-group', 'GET', `/grants/${child.body.id}`);
      expect(after).to.include({ status: 'active', effectiveStatus: 'void', stoppedBy: `upstream grant ${parent.id} is revoked` });
      expect(expectProblem(await api.call('data-group', 'POST', `/grants/${child.body.id}/usages`, use()), 422, 'policy_violation')).to.match(/upstream grant .* is revoked/);
      expect((await check(assetId, DATA_GROUP, 'credit-scoring')).allowed).to.equal(false);
    });

    it('lets person-1 authorise one processor for ONE purpose (201) and answers 422 to a personal grant with two purposes (一揽子授权)', async function () {
      const cert = await issueViaApi(api, {
        applicant: 'person-1',
        body: { source: 'personal', containsPersonalInfo: true, category: 'healthcare', rights: [{ type: 'holding', holder: PERSON_1 }, { type: 'processing', holder: PERSON_1 }] },
      });
      const personal = (purposes: string[]): Record<string, unknown> =>
        licence(cert.id, {
          type: 'personal', grantee: ENTERPRISE_A, purposes, paid: false, fee: undefined, revenueShareBps: undefined,
          // time-limited: at most a year
          validFrom: new Date(Date.now() - 86_400_000).toISOString(), validTo: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        });
      const bundled = await api.call('person-1', 'POST', '/grants', personal(['diabetes-study', 'marketing']));
      expect(expectProblem(bundled, 422, 'policy_violation')).to.match(/exactly one declared purpose/);
      const one = await api.call('person-1', 'POST', '/grants', personal(['diabetes-study']));
      expect(one.status).to.equal(201);
      expect(one.body).to.include({ type: 'personal', grantor: PERSON_1, grantee: ENTERPRISE_A, paid: false, effectiveStatus: 'active' });
      // Consent is withdrawn at any time.
      await api.ok('person-1', 'POST', `/grants/${one.body.id}/revoke`, { reason: 'consent withdrawn' });
      expectProblem(await api.call('enterprise-a', 'POST', `/grants/${one.body.id}/usages`, use('diabetes-study')), 422, 'policy_violation');
    });
  });

  describe('reads', function () {
    it('lists the grants of an asset and the grants to a grantee in pages of limit, following the bookmark', async function () {
      const assetId = await issued();
      const made = [
        await grant('enterprise-a', licence(assetId)),
        await grant('enterprise-a', licence(assetId, { grantee: DATA_GROUP })),
        await grant('enterprise-a', licence(assetId, { grantee: PERSON_1 })),
      ];
      const first = await api.ok('auditor', 'GET', `/grants?assetId=${assetId}&limit=2`);
      expect(Object.keys(first)).to.deep.equal(['items', 'bookmark']);
      expect(first.items).to.have.length(2);
      expect(first.bookmark).to.be.a('string').and.not.equal('');
      const second = await api.ok('auditor', 'GET', `/grants?assetId=${assetId}&limit=2&bookmark=${encodeURIComponent(first.bookmark)}`);
      expect(second.items).to.have.length(1);
      const ids = [...first.items, ...second.items].map((g: { id: string }) => g.id);
      expect([...ids].sort()).to.deep.equal(made.map((g) => g.id as string).sort());

      const toB: string[] = [];
      let bookmark = '';
      for (let pages = 0; pages < 100; pages++) {
        const page = await api.ok('enterprise-b', 'GET', `/grants?grantee=${ENTERPRISE_B}&limit=2&bookmark=${encodeURIComponent(bookmark)}`);
        expect(page.items.length).to.be.at.most(2);
        expect(page.items.every((g: { grantee: string }) => g.grantee === ENTERPRISE_B)).to.equal(true);
        toB.push(...page.items.map((g: { id: string }) => g.id));
        bookmark = page.bookmark;
        if (bookmark === '') break;
      }
      expect(bookmark).to.equal('');
      expect(new Set(toB).size).to.equal(toB.length);
      expect(toB).to.include(made[0].id);

      // The application id the certificate had before approval lists the same grants.
      const certificate = await api.ok('auditor', 'GET', `/certificates/${assetId}`);
      const byApplication = await api.ok('auditor', 'GET', `/grants?assetId=${certificate.applicationId}&limit=500`);
      expect(byApplication.items.map((g: { id: string }) => g.id).sort()).to.deep.equal(made.map((g) => g.id as string).sort());

      const ofAssetToB = await api.ok('auditor', 'GET', `/grants?assetId=${assetId}&grantee=${ENTERPRISE_B}`);
      expect(ofAssetToB.items.map((g: { id: string }) => g.id)).to.deep.equal([made[0].id]);
      const byA = await api.ok('auditor', 'GET', `/grants?grantor=${ENTERPRISE_A}&limit=500`);
      expect(byA.items.map((g: { id: string }) => g.id)).to.include.members(made.map((g) => g.id));
      const ofAssetByB = await api.ok('auditor', 'GET', `/grants?assetId=${assetId}&grantor=${ENTERPRISE_B}`);
      expect(ofAssetByB.items).to.deep.equal([]);
    });

    it('answers GET /grants/check for a right holder, a grantee, an unlisted purpose and an entity with no grant', async function () {
      const assetId = await issued();
      expect(await check(assetId, ENTERPRISE_A, 'anything')).to.include({ allowed: true, basis: 'right' });
      expect(await check(assetId, ENTERPRISE_B, 'credit-scoring')).to.include({ allowed: false, reason: `no grant of ${assetId} to ${ENTERPRISE_B}` });
      const g = await grant('enterprise-a', licence(assetId));
      const allowed = await api.ok('bank-officer', 'GET', `/grants/check?assetId=${assetId}&grantee=${ENTERPRISE_B}&purpose=credit-scoring`);
      expect(allowed).to.include({ allowed: true, basis: 'grant', grantId: g.id, assetId, grantee: ENTERPRISE_B, purpose: 'credit-scoring' });
      expect(allowed.checkedAt).to.be.a('string');
      const other = await check(assetId, ENTERPRISE_B, 'marketing');
      expect(other.allowed).to.equal(false);
      expect(other.reason).to.match(/purpose "marketing" is outside/);
      expectProblem(await api.call('auditor', 'GET', `/grants/check?assetId=321200-2026-999999&grantee=${ENTERPRISE_B}&purpose=x`), 404, 'not_found');
    });

    it('answers 404 for an unknown grant and 401 without an API key', async function () {
      expectProblem(await api.call('auditor', 'GET', '/grants/GRT-0000000000'), 404, 'not_found');
      expectProblem(await api.call('enterprise-a', 'POST', '/grants/GRT-0000000000/revoke', {}), 404, 'not_found');
      expectProblem(await api.call('enterprise-b', 'GET', '/grants/GRT-0000000000/usages'), 404, 'not_found');
      expectProblem(await api.call(null, 'GET', '/grants/GRT-0000000000'), 401, 'unauthenticated');
      expectProblem(await api.call(null, 'GET', `/grants/check?assetId=321200-2026-000001&grantee=${ENTERPRISE_B}&purpose=x`), 401, 'unauthenticated');
      expectProblem(await api.call(null, 'POST', '/grants', licence('321200-2026-000001')), 401, 'unauthenticated');
    });
  });

  describe('malformed requests and idempotency', function () {
    it('answers 400 naming the field to malformed bodies, ids and queries, and writes nothing', async function () {
      const assetId = await issued();
      const g = await grant('enterprise-a', licence(assetId));
      const height = await gw.net.ledger.height();
      const bad = async (who: string, method: string, path: string, body?: unknown): Promise<string> => expectProblem(await api.call(who, method, path, body), 400, 'invalid_request');

      expect(await bad('enterprise-a', 'POST', '/grants', licence(assetId, { exclusive: true }))).to.equal('/exclusive is not allowed');
      expect(await bad('enterprise-a', 'POST', '/grants', licence(assetId, { type: 'gift' }))).to.match(/^\/type must be equal to one of the allowed values/);
      expect(await bad('enterprise-a', 'POST', '/grants', licence(assetId, { rights: ['holding'] }))).to.match(/^\/rights\/0 /);
      expect(await bad('enterprise-a', 'POST', '/grants', licence(assetId, { fee: undefined }))).to.equal('/fee is required');
      expect(await bad('enterprise-a', 'POST', '/grants', licence(assetId, { fee: 0 }))).to.equal('/fee must be >= 1');
      expect(await bad('enterprise-a', 'POST', '/grants', licence(assetId, { paid: false, fee: 12_000_000 }))).to.equal('/fee must be <= 0');
      expect(await bad('enterprise-a', 'POST', '/grants', licence(assetId, { fee: 1.5 }))).to.equal('/fee must be integer');
      expect(await bad('enterprise-a', 'POST', '/grants', licence(assetId, { revenueShareBps: 10_001 }))).to.match(/^\/revenueShareBps /);
      expect(await bad('enterprise-a', 'POST', '/grants', licence(assetId, { maxUses: 0 }))).to.match(/^\/maxUses /);
      expect(await bad('enterprise-a', 'POST', '/grants', licence(assetId, { purposes: [] }))).to.match(/^\/purposes /);
      expect(await bad('enterprise-a', 'POST', '/grants', licence(assetId, { purposes: ['a', 'a'] }))).to.match(/^\/purposes /);
      expect(await bad('enterprise-a', 'POST', '/grants', licence(assetId, { validTo: '2099-12-31T08:00:00+08:00' }))).to.match(/^\/validTo /);
      expect(await bad('enterprise-a', 'POST', '/grants', licence(assetId, { grantee: 'acme' }))).to.match(/^\/grantee /);
      expect(await bad('enterprise-a', 'POST', '/grants', licence(assetId, { parentGrantId: 'GRT-1' }))).to.match(/^\/parentGrantId /);
      // Well-formed, but refused by the chaincode's own parsing: still a 400 before any write.
      expect(await bad('enterprise-a', 'POST', '/grants', licence(assetId, { validFrom: GRANT_TO, validTo: GRANT_FROM }))).to.match(/validTo must be after validFrom/);

      expect(await bad('enterprise-b', 'POST', `/grants/${g.id}/usages`, { ...use(), resultHash: 'ABC' })).to.match(/^\/resultHash must match pattern/);
      expect(await bad('enterprise-b', 'POST', `/grants/${g.id}/usages`, { ...use(), resultHash: 'F'.repeat(64) })).to.match(/^\/resultHash /);
      expect(await bad('enterprise-b', 'POST', `/grants/${g.id}/usages`, use('credit-scoring', 0))).to.match(/^\/quantity /);
      expect(await bad('enterprise-b', 'POST', `/grants/${g.id}/usages`, { purpose: 'credit-scoring' })).to.equal('/quantity is required');
      expect(await bad('enterprise-b', 'POST', `/grants/${g.id}/usages`, { ...use(), at: 'now' })).to.equal('/at is not allowed');
      expect(await bad('enterprise-a', 'POST', `/grants/${g.id}/suspend`, { reason: '' })).to.match(/^\/reason /);
      expect(await bad('enterprise-a', 'POST', `/grants/${g.id}/revoke`, { because: 'x' })).to.equal('/because is not allowed');
      expect(await bad('enterprise-a', 'POST', '/grants/not-a-grant/revoke', {})).to.match(/path parameter id/);

      expect(await bad('auditor', 'GET', '/grants')).to.equal('one of the query parameters assetId, grantee, grantor is required');
      expect(await bad('auditor', 'GET', '/grants?limit=10')).to.equal('one of the query parameters assetId, grantee, grantor is required');
      expect(await bad('auditor', 'GET', `/grants?assetId=${assetId}&limit=501`)).to.match(/query parameter limit/);
      expect(await bad('auditor', 'GET', '/grants?assetId=321200-2026-X0000000000')).to.match(/query parameter assetId must match pattern/);
      expect(await bad('auditor', 'GET', `/grants?assetId=${assetId}&holder=${ENTERPRISE_A}`)).to.equal('query parameter holder is not allowed');
      expect(await bad('auditor', 'GET', `/grants/check?assetId=${assetId}&grantee=${ENTERPRISE_B}`)).to.equal('query parameter purpose is required');
      expect(await bad('auditor', 'GET', `/grants/${g.id}/usages?limit=0`)).to.match(/query parameter limit/);
      expect(await gw.net.ledger.height()).to.equal(height);
    });

    it('answers a repeat of POST /grants and of a use with the same Idempotency-Key with the first answer and writes nothing', async function () {
      const assetId = await issued();
      const first = await expectIdempotentReplay(api, gw, 'enterprise-a', '/grants', licence(assetId));
      expect((await api.ok('auditor', 'GET', `/grants?assetId=${assetId}`)).items).to.have.length(1);

      const useBody = use();
      const useHeaders = { 'Idempotency-Key': `use-${fingerprint().slice(0, 16)}` };
      const recorded = await api.call('enterprise-b', 'POST', `/grants/${first.body.id}/usages`, useBody, useHeaders);
      expect(recorded.status).to.equal(201);
      const replayed = await api.call('enterprise-b', 'POST', `/grants/${first.body.id}/usages`, useBody, useHeaders);
      expect(replayed.status).to.equal(201);
      expect(replayed.body).to.deep.equal(recorded.body);
      expect((await api.ok('enterprise-b', 'GET', `/grants/${first.body.id}/usages`)).items).to.have.length(1);
      expectProblem(await api.call('enterprise-b', 'POST', `/grants/${first.body.id}/usages`, use(), useHeaders), 409, 'conflict');
    });
  });

  describe('API documentation', function () {
    it('lists every grant route in the OpenAPI document with its request and answer schemas', async function () {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const doc = (await (await fetch(`${gw.url}/api/openapi.json`)).json()) as any;
      const expected: Record<string, string[]> = {
        '/api/v1/grants': ['get', 'post'],
        '/api/v1/grants/check': ['get'],
        '/api/v1/grants/{id}': ['get'],
        '/api/v1/grants/{id}/suspend': ['post'],
        '/api/v1/grants/{id}/resume': ['post'],
        '/api/v1/grants/{id}/revoke': ['post'],
        '/api/v1/grants/{id}/usages': ['get', 'post'],
      };
      for (const [path, methods] of Object.entries(expected)) {
        expect(doc.paths, path).to.have.property(path);
        expect(Object.keys(doc.paths[path]).sort(), path).to.deep.equal(methods);
      }
      const create = doc.paths['/api/v1/grants'].post;
      expect(create.requestBody.content['application/json'].schema).to.deep.equal({ $ref: '#/components/schemas/GrantRequest' });
      expect(create.responses['201'].content['application/json'].schema).to.deep.equal({ $ref: '#/components/schemas/Grant' });
      expect(create.responses).to.include.keys('400', '401', '403', '409', '422');
      expect(doc.paths['/api/v1/grants/{id}/usages'].post.requestBody.content['application/json'].schema).to.deep.equal({ $ref: '#/components/schemas/UsageRequest' });
      // its query parameters inline, then the read-after-write header every read refers to
      expect(doc.paths['/api/v1/grants/check'].get.parameters.map((p: { name?: string; $ref?: string }) => p.name ?? p.$ref)).to.deep.equal([
        'assetId',
        'grantee',
        'purpose',
        '#/components/parameters/MinBlock',
      ]);
      expect(doc.components.schemas.GrantRequest.additionalProperties).to.equal(false);
    });
  });
});
