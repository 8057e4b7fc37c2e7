import { expect } from 'chai';
import type { CallerIdentity } from '../../gateway/src/auth/identity';
import { createLedgerReader } from '../../gateway/src/ledger-service/ledger-reader';
import { startGateway, type TestGateway } from './support/start-gateway';

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
}

async function expectProblem(res: Response, status: number, code: string): Promise<ProblemBody> {
  expect(res.status, `status of ${res.url}`).to.equal(status);
  expect(res.headers.get('content-type')).to.match(/^application\/problem\+json(;|$)/);
  const body = (await res.json()) as ProblemBody;
  expect(body).to.have.all.keys('type', 'title', 'status', 'detail', 'code');
  expect(body).to.include({ status, code, type: `urn:dal:problem:${code}` });
  expect(body.detail).to.be.a('string').and.not.equal('');
  return body;
}

describe('gateway app', function () {
  let gw: TestGateway;
  before(async function () {
    gw = await startGateway({ env: { BODY_LIMIT: '1kb' } });
  });
  after(async () => gw?.close());

  describe('GET /api/v1/health', function () {
    it('is public and reports the backend and the block height', async function () {
      const res = await fetch(`${gw.url}/api/v1/health`);
      expect(res.status).to.equal(200);
      const body = (await res.json()) as { status: string; backend: string; height: number };
      expect(body).to.deep.equal({ status: 'ok', backend: 'embedded', height: await gw.net.ledger.height() });
      expect(body.height).to.be.greaterThan(0);
    });
  });

  describe('GET /api/v1/me', function () {
    it('answers 401 problem+json with a Bearer challenge when no API key is sent', async function () {
      const res = await fetch(`${gw.url}/api/v1/me`);
      expect(res.headers.get('www-authenticate')).to.match(/^Bearer/);
      await expectProblem(res, 401, 'unauthenticated');
    });

    it('answers 401 problem+json for an unknown key, a tampered key and a non-Bearer header', async function () {
      const real = gw.apiKey('enterprise-a');
      const tampered = `${real.slice(0, -1)}${real.endsWith('A') ? 'B' : 'A'}`;
      for (const authorization of ['Bearer dal_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', `Bearer ${tampered}`, `Basic ${real}`, 'Bearer']) {
        const res = await fetch(`${gw.url}/api/v1/me`, { headers: { authorization } });
        await expectProblem(res, 401, 'unauthenticated');
      }
    });

    it('returns the enrolled identity the API key maps to', async function () {
      const res = await fetch(`${gw.url}/api/v1/me`, { headers: { authorization: `Bearer ${gw.apiKey('enterprise-a')}` } });
      expect(res.status).to.equal(200);
      expect(await res.json()).to.deep.equal({
        mspId: 'TaizhouRegistryMSP',
        enrollmentId: 'enterprise-a',
        roles: ['holder'],
        entity: '91321200MA1ABC123N',
      });
      const registrar = await fetch(`${gw.url}/api/v1/me`, { headers: { authorization: `Bearer ${gw.apiKey('yancheng-registrar')}` } });
      expect(await registrar.json()).to.deep.equal({ mspId: 'YanchengRegistryMSP', enrollmentId: 'yancheng-registrar', roles: ['registrar'] });
    });

    it('answers a conditional GET of the API whole (200, no ETag): a 304 is not in the published contract', async function () {
      const headers = { authorization: `Bearer ${gw.apiKey('enterprise-a')}` };
      const first = await fetch(`${gw.url}/api/v1/me`, { headers });
      expect(first.headers.get('etag')).to.equal(null);
      const again = await fetch(`${gw.url}/api/v1/me`, { headers: { ...headers, 'if-none-match': '*' } });
      expect(again.status).to.equal(200);
      expect((await again.json()).enrollmentId).to.equal('enterprise-a');
    });

    it('maps each key to an identity the ledger knows: the chaincode sees the same MSP id, role and entity', async function () {
      const res = await fetch(`${gw.url}/api/v1/me`, { headers: { authorization: `Bearer ${gw.apiKey('enterprise-b')}` } });
      const me = (await res.json()) as CallerIdentity;
      const seen = await createLedgerReader(gw.net.ledger).read(me, 'KV:Whoami', []);
      expect(seen).to.include({ mspId: 'YanchengRegistryMSP', role: 'holder', entity: '91320900MA2DEF341G' });
    });
  });

  describe('refusals are 4xx problem+json, never 5xx', function () {
    it('answers an unknown route with 404', async function () {
      await expectProblem(await fetch(`${gw.url}/api/v1/no-such-thing`), 404, 'not_found');
      await expectProblem(await fetch(`${gw.url}/no-such-page`), 404, 'not_found');
    });

    it('serves the web console at / and sends a query code of a printed QR (/v/{code}) to the public verification page', async function () {
      const root = await fetch(`${gw.url}/`);
      expect(root.status).to.equal(200);
      expect(root.headers.get('content-type')).to.match(/^text\/html/);
      expect(await root.text()).to.contain('<script type="module" src="/console/console.js">');
      expect((await fetch(`${gw.url}/console/console.js`)).status).to.equal(200);
      const qr = await fetch(`${gw.url}/v/abc234xyz9`, { redirect: 'manual' });
      expect(qr.status).to.equal(302);
      expect(qr.headers.get('location')).to.equal('/verify?q=ABC234XYZ9');
      await expectProblem(await fetch(`${gw.url}/v/not%20a%20code`, { redirect: 'manual' }), 400, 'invalid_request');
    });

    it('answers a known path with another method with 405 and an Allow header', async function () {
      const res = await fetch(`${gw.url}/api/v1/health`, { method: 'DELETE' });
      expect(res.headers.get('allow')).to.include('GET');
      await expectProblem(res, 405, 'method_not_allowed');
    });

    it('answers malformed JSON with 400 invalid_request', async function () {
      const res = await fetch(`${gw.url}/api/v1/me`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"unterminated": ',
      });
      await expectProblem(res, 400, 'invalid_request');
    });

    it('answers a body that is valid JSON but not an object, such as null, with 400 saying an object is expected', async function () {
      for (const body of ['null', '"text"', '3']) {
        const res = await fetch(`${gw.url}/api/v1/me`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        expect(res.status).to.equal(400);
        expect(((await res.json()) as { detail: string }).detail).to.match(/must be a JSON object/);
      }
    });

    it('answers a body over BODY_LIMIT with 413 saying the limit', async function () {
      const res = await fetch(`${gw.url}/api/v1/me`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ padding: 'x'.repeat(4096) }),
      });
      const problem = await expectProblem(res, 413, 'payload_too_large');
      expect(problem.detail).to.equal('the request body is larger than the gateway accepts: at most 1024 bytes (BODY_LIMIT) (this one is 4110 bytes)');
    });

    it('answers a body that is not JSON with 415', async function () {
      for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
        const res = await fetch(`${gw.url}/api/v1/me`, { method: 'POST', headers: { 'content-type': contentType }, body: 'a=1' });
        await expectProblem(res, 415, 'unsupported_media_type');
      }
    });

    it('answers a JSON body in another charset with 415', async function () {
      const res = await fetch(`${gw.url}/api/v1/me`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=latin1' },
        body: '{}',
      });
      await expectProblem(res, 415, 'unsupported_media_type');
    });

    it('answers broken percent-encoding in a path with 4xx', async function () {
      for (const path of ['/api/docs/assets/%E0%A4%A', '/api/v1/%ZZ', '/api/v1/me%00']) {
        const res = await fetch(`${gw.url}${path}`);
        expect(res.status, path).to.be.within(400, 499);
        expect(res.headers.get('content-type'), path).to.match(/^application\/problem\+json/);
      }
    });
  });

  describe('API documentation', function () {
    it('serves an OpenAPI 3.1 document listing every route with security schemes and problem responses', async function () {
      const res = await fetch(`${gw.url}/api/openapi.json`);
      expect(res.status).to.equal(200);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const doc = (await res.json()) as any;
      expect(doc.openapi).to.equal('3.1.0');
      expect(doc.info.title).to.be.a('string');
      expect(doc.info.version).to.be.a('string');
      expect(doc.paths).to.include.all.keys('/api/v1/health', '/api/v1/me', '/api/openapi.json', '/api/docs');
      expect(doc.components.securitySchemes.apiKey).to.include({ type: 'http', scheme: 'bearer' });
      expect(doc.paths['/api/v1/health'].get.security).to.deep.equal([]);
      expect(doc.paths['/api/v1/me'].get.security).to.equal(undefined, 'inherits the global apiKey requirement');
      expect(doc.security).to.deep.equal([{ apiKey: [] }]);
      expect(doc.paths['/api/v1/me'].get.responses['401']).to.deep.equal({ $ref: '#/components/responses/Problem401' });
      expect(doc.paths['/api/v1/me'].get.responses['200'].content['application/json'].schema).to.deep.equal({ $ref: '#/components/schemas/Identity' });
      const problem401 = doc.components.responses.Problem401.content['application/problem+json'];
      expect(problem401.schema).to.deep.equal({ $ref: '#/components/schemas/Problem' });
      expect(problem401.example).to.include({ status: 401, code: 'unauthenticated' });
      expect(doc.components.schemas.Health.examples).to.be.an('array').with.length.greaterThan(0);
      // Every $ref points at something that exists.
      const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
      for (const ref of refs) {
        const [, ...path] = (JSON.parse(`{${ref}}`) as { $ref: string }).$ref.split('/');
        const target = path.reduce((node, key) => node?.[key], doc);
        expect(target, ref).to.not.equal(undefined);
      }
    });

    it('serves /api/docs as an HTML page that loads Swagger UI and /api/openapi.json', async function () {
      const page = await fetch(`${gw.url}/api/docs`);
      expect(page.status).to.equal(200);
      expect(page.headers.get('content-type')).to.match(/^text\/html/);
      const html = await page.text();
      expect(html).to.include('/api/docs/assets/swagger-ui-bundle.js').and.include('/api/docs/init.js');
      const init = await fetch(`${gw.url}/api/docs/init.js`);
      expect(await init.text()).to.include("'/api/openapi.json'");
      const bundle = await fetch(`${gw.url}/api/docs/assets/swagger-ui-bundle.js`);
      expect(bundle.status).to.equal(200);
      expect(bundle.headers.get('content-type')).to.match(/javascript/);
      await bundle.arrayBuffer();
      await expectProblem(await fetch(`${gw.url}/api/docs/assets/index.html`), 404, 'not_found');
    });
  });
});
