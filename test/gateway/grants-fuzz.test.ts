/**
 * The grant endpoints under hostile input: fuzzes the grant routes over HTTP against the real
 * app on the embedded ledger and records every answer that breaks the contract (a 5xx, a 4xx
 * that wrote, a status the OpenAPI document does not list, a 2xx body that does not match its
 * published schema); the same lifecycle with fabric-network-style endorser discovery; and the
 * Fabric backend's duplicate-transaction translation, which chaincode text must not fool.
 */
import { expect } from 'chai';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createApp } from '../../gateway/src/app';
import { openApiKeyStore } from '../../gateway/src/auth/api-key-store';
import { loadConfig } from '../../gateway/src/config';
import { bootstrapDemo } from '../../gateway/src/demo/bootstrap-demo';
import { openIdempotencyStore } from '../../gateway/src/ledger-service/idempotency-store';
import { DuplicateTransactionError, EndorsementError } from '../../gateway/src/ledger/errors';
import type { Ledger } from '../../gateway/src/ledger/ledger';
import { translateFabricError } from '../../gateway/src/ledger/fabric/fabric-errors';
import { GRANT_TO, licenceBody } from '../support/grant-bodies';
import { DAL_CHAINCODE, startTestNetwork } from '../support/test-network';
import { startGateway, type TestGateway } from './support/start-gateway';
import { DATA_GROUP } from '../support/demo-parties';
import { ENTERPRISE_A, ENTERPRISE_B, PERSON_1, apiClient, fingerprint, issueViaApi, type ApiClient, type ApiResponse } from './support/api-client';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A paid licence without a revenue share (the fuzzing varies it). */
function licence(assetId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return licenceBody(assetId, { revenueShareBps: undefined, ...overrides });
}

interface Finding {
  what: string;
  status: number;
  detail: string;
}

/** Calls through `api` and records contract breaches. `opPath` is the OpenAPI path template. */
function contractChecker(gw: { url: string; height(): Promise<number> }, api: ApiClient) {
  const findings: Finding[] = [];
  let doc: Json | undefined;
  let ajv: Ajv2020 | undefined;
  const load = async (): Promise<void> => {
    if (doc) return;
    doc = (await (await fetch(`${gw.url}/api/openapi.json`)).json()) as Json;
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addKeyword({ keyword: 'components' });
    ajv.addSchema({ $id: 'urn:dal:reviewdoc', components: doc.components });
  };
  return {
    findings,
    async call(who: string | null, method: string, path: string, opPath: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse> {
      await load();
      const before = await gw.height();
      let res: ApiResponse;
      try {
        res = await api.call(who, method, path, body, headers);
      } catch (err) {
        findings.push({ what: `${method} ${path} ${JSON.stringify(body)}`, status: -1, detail: String(err) });
        throw err;
      }
      const after = await gw.height();
      if (process.env.REVIEW_TRACE) console.log(res.status, method, path.slice(0, 120), JSON.stringify(body)?.slice(0, 160), '=>', JSON.stringify(res.body)?.slice(0, 200));
      const what = `${who} ${method} ${path.slice(0, 200)} ${JSON.stringify(body)?.slice(0, 300)}`;
      const detail = JSON.stringify(res.body)?.slice(0, 400) ?? '';
      if (res.status >= 500) findings.push({ what, status: res.status, detail: `5xx: ${detail}` });
      if (res.status >= 400 && after !== before) findings.push({ what, status: res.status, detail: `wrote (height ${before} -> ${after}) while answering ${res.status}: ${detail}` });
      const op = doc!.paths?.[opPath]?.[method.toLowerCase()];
      if (!op) findings.push({ what, status: res.status, detail: `no operation ${method} ${opPath} in the document` });
      else if (!op.responses?.[String(res.status)]) findings.push({ what, status: res.status, detail: `status ${res.status} not documented for ${method} ${opPath}: ${detail}` });
      else if (res.status < 300) {
        const ref = op.responses[String(res.status)]?.content?.['application/json']?.schema?.$ref as string | undefined;
        if (ref) {
          const validate = ajv!.compile({ $ref: `urn:dal:reviewdoc${ref}` });
          if (!validate(res.body)) findings.push({ what, status: res.status, detail: `body does not match ${ref}: ${ajv!.errorsText(validate.errors)}` });
        }
      }
      return res;
    },
  };
}

describe('grant routes under hostile input over HTTP', function () {
  let gw: TestGateway;
  let api: ApiClient;
  let checker: ReturnType<typeof contractChecker>;
  let assetId: string;
  let grant: Json;

  before(async function () {
    gw = await startGateway({ chaincode: DAL_CHAINCODE });
    api = apiClient(gw);
    checker = contractChecker({ url: gw.url, height: () => gw.net.ledger.height() }, api);
    assetId = (await issueViaApi(api)).id as string;
    grant = await api.ok('enterprise-a', 'POST', '/grants', licence(assetId, { maxUses: 1000 }));
  });
  after(async () => gw?.close());

  it('POST /grants: targeted edge cases answer 2xx/4xx as documented, never 5xx, never write on 4xx', async function () {
    const other = (await issueViaApi(api)).id as string;
    const otherGrant = await api.ok('enterprise-a', 'POST', '/grants', licence(other));
    const applied = await api.ok('enterprise-a', 'POST', '/certificates', {
      registry: 'TaizhouRegistryMSP', assetType: 'resource', name: 'n', source: 'enterprise', category: 'manufacturing', grade: 'general',
      containsPersonalInfo: false, fingerprint: fingerprint(), rights: ['holding', 'processing', 'operating'].map((type) => ({ type, holder: ENTERPRISE_A })),
    });
    const cases: [string, Record<string, unknown>][] = [
      ['purposes distinct only before trimming', licence(assetId, { purposes: [' a', 'a'] })],
      ['lone surrogate vs replacement char', licence(assetId, { purposes: ['\ud800', '\ufffd'] })],
      ['leap second validFrom', licence(assetId, { validFrom: '2026-06-30T23:59:60Z' })],
      ['leap second validTo', licence(assetId, { validTo: '2098-12-31T23:59:60Z' })],
      ['year 0000', licence(assetId, { validFrom: '0000-01-01T00:00:00Z' })],
      ['validFrom == validTo', licence(assetId, { validFrom: GRANT_TO })],
      ['validTo past', licence(assetId, { validFrom: '2000-01-01T00:00:00Z', validTo: '2001-01-01T00:00:00Z' })],
      ['grantee == grantor', licence(assetId, { grantee: ENTERPRISE_A })],
      ['grantee bad check character', licence(assetId, { grantee: '91321200MA1ABC123X' })],
      ['personal by an enterprise', licence(assetId, { type: 'personal', purposes: ['x'], paid: false, fee: undefined })],
      ['public_operation on enterprise data', licence(assetId, { type: 'public_operation' })],
      ['unknown parent grant', licence(assetId, { parentGrantId: 'GRT-0000000000' })],
      ['parent grant of another asset', licence(assetId, { parentGrantId: otherGrant.id })],
      ['public_operation with a parent', licence(assetId, { type: 'public_operation', parentGrantId: grant.id })],
      ['unknown certificate', licence('321200-2026-999999')],
      ['application (not issued)', licence(applied.id as string)],
      ['fee max safe integer', licence(assetId, { fee: Number.MAX_SAFE_INTEGER })],
      ['free with fee 0', licence(assetId, { paid: false, fee: 0 })],
      ['rights both, reversed', licence(assetId, { rights: ['operating', 'processing'] })],
      ['rawDataStaysInDomain false', licence(assetId, { rawDataStaysInDomain: false })],
      ['purpose of 200 chars with spaces', licence(assetId, { purposes: [` ${'p'.repeat(199)}`] })],
      ['validFrom far future (scheduled)', licence(assetId, { validFrom: '2099-01-01T00:00:00.5Z' })],
    ];
    for (const [, body] of cases) await checker.call('enterprise-a', 'POST', '/grants', '/api/v1/grants', body);
    // as others
    for (const who of ['enterprise-b', 'taizhou-registrar', 'auditor', 'person-1', 'data-group', 'regulator']) {
      await checker.call(who, 'POST', '/grants', '/api/v1/grants', licence(assetId));
    }
    expect(checker.findings, JSON.stringify(checker.findings, null, 1)).to.deep.equal([]);
  });

  it('POST /grants: random mutations of a valid body never answer 5xx nor write on 4xx', async function () {
    const values: unknown[] = [null, true, 0, -1, 1.5, 1e308, '', ' ', 'x', '\u0000', '\ud800', [], {}, [''], ['processing'], 'GRT-0000000000', '2026-01-01T00:00:00Z', ENTERPRISE_B, PERSON_1];
    const fields = ['assetId', 'type', 'grantee', 'rights', 'purposes', 'validFrom', 'validTo', 'paid', 'fee', 'maxUses', 'revenueShareBps', 'rawDataStaysInDomain', 'parentGrantId'];
    let seed = 42;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 60; i++) {
      const body = licence(assetId, { fee: rnd(2) ? 1 : undefined, paid: rnd(2) === 1 });
      for (let m = 0; m <= rnd(3); m++) body[fields[rnd(fields.length)]!] = values[rnd(values.length)];
      await checker.call('enterprise-a', 'POST', '/grants', '/api/v1/grants', body);
    }
    expect(checker.findings, JSON.stringify(checker.findings, null, 1)).to.deep.equal([]);
  });

  it('suspend/resume/revoke/usages: state edge cases never answer 5xx nor write on 4xx', async function () {
    const g = await api.ok('enterprise-a', 'POST', '/grants', licence(assetId, { maxUses: 2 }));
    const p = (s: string): string => `/grants/${g.id}/${s}`;
    const t = (s: string): string => `/api/v1/grants/{id}/${s}`;
    await checker.call('enterprise-a', 'POST', p('resume'), t('resume'), {});
    await checker.call('enterprise-a', 'POST', p('suspend'), t('suspend'), { reason: '理由 \ud800' });
    await checker.call('enterprise-a', 'POST', p('suspend'), t('suspend'), {});
    await checker.call('enterprise-b', 'POST', p('usages'), t('usages'), { purpose: 'credit-scoring', quantity: 1 });
    await checker.call('enterprise-a', 'POST', p('resume'), t('resume'), {});
    await checker.call('enterprise-b', 'POST', p('usages'), t('usages'), { purpose: ' credit-scoring ', quantity: Number.MAX_SAFE_INTEGER });
    await checker.call('enterprise-b', 'POST', p('usages'), t('usages'), { purpose: 'credit-scoring', quantity: 1, resultHash: null });
    await checker.call('enterprise-b', 'POST', p('usages'), t('usages'), { purpose: 'credit-scoring', quantity: 1 });
    await checker.call('enterprise-b', 'POST', p('usages'), t('usages'), { purpose: 'credit-scoring', quantity: 1 });
    await checker.call('enterprise-a', 'POST', p('revoke'), t('revoke'), { reason: 'x'.repeat(2000) });
    await checker.call('enterprise-a', 'POST', p('revoke'), t('revoke'), {});
    await checker.call('enterprise-a', 'POST', p('suspend'), t('suspend'), {});
    await checker.call('enterprise-a', 'POST', p('suspend'), t('suspend'), undefined);
    await checker.call('enterprise-a', 'POST', p('suspend'), t('suspend'), null);
    await checker.call('enterprise-a', 'POST', p('suspend'), t('suspend'), []);
    await checker.call('enterprise-a', 'POST', '/grants/GRT-0000000000/suspend', t('suspend'), {});
    await checker.call('enterprise-b', 'POST', '/grants/GRT-0000000000/usages', t('usages'), { purpose: 'x', quantity: 1 });
    // a scheduled grant: suspend then resume, use before term
    const s = await api.ok('enterprise-a', 'POST', '/grants', licence(assetId, { validFrom: '2098-01-01T00:00:00Z' }));
    await checker.call('enterprise-b', 'POST', `/grants/${s.id}/usages`, t('usages'), { purpose: 'credit-scoring', quantity: 1 });
    await checker.call('enterprise-a', 'POST', `/grants/${s.id}/suspend`, t('suspend'), {});
    await checker.call('enterprise-a', 'POST', `/grants/${s.id}/resume`, t('resume'), {});
    expect(checker.findings, JSON.stringify(checker.findings, null, 1)).to.deep.equal([]);
  });

  it('lists and checks: hostile bookmarks and queries never answer 5xx, and each status is documented', async function () {
    const asset = `\u0000dal.grant.asset\u0000${assetId}\u0000`;
    const usage = `\u0000dal.grant.usage\u0000${grant.id}\u0000`;
    const marks = [asset, `${asset}\u{10ffff}`, `${asset}\u{10ffff}\u{10ffff}`, `${asset}${'z'.repeat(900)}`, `${asset}\uffff`, `${asset.slice(0, -1)}`, `\u0000dal.grant.asset\u0000`, 'x', '\u0000'];
    // Raw keys (as bookmarks were before they were encoded) and the same keys encoded as a listing hands them out.
    for (const m of [...marks, ...marks.map((raw) => Buffer.from(raw, 'utf8').toString('base64url'))]) {
      await checker.call('auditor', 'GET', `/grants?assetId=${assetId}&limit=1&bookmark=${encodeURIComponent(m)}`, '/api/v1/grants');
      await checker.call('auditor', 'GET', `/grants?assetId=${assetId}&grantor=${ENTERPRISE_A}&limit=1&bookmark=${encodeURIComponent(m)}`, '/api/v1/grants');
    }
    const usageMarks = [usage, `${usage}\u{10ffff}`, `${usage}${'z'.repeat(900)}`, 'garbage'];
    for (const m of [...usageMarks, ...usageMarks.map((raw) => Buffer.from(raw, 'utf8').toString('base64url'))]) {
      await checker.call('auditor', 'GET', `/grants/${grant.id}/usages?limit=1&bookmark=${encodeURIComponent(m)}`, '/api/v1/grants/{id}/usages');
    }
    await checker.call('auditor', 'GET', `/grants?grantor=${PERSON_1}`, '/api/v1/grants');
    await checker.call('auditor', 'GET', `/grants?grantee=${ENTERPRISE_B}&grantor=${ENTERPRISE_A}&limit=500`, '/api/v1/grants');
    await checker.call('auditor', 'GET', `/grants?assetId=321200-2026-999999`, '/api/v1/grants');
    await checker.call('auditor', 'GET', `/grants?assetId=${assetId}&assetId=${assetId}`, '/api/v1/grants');
    await checker.call('auditor', 'GET', `/grants?assetId=${assetId}&limit=1e2`, '/api/v1/grants');
    await checker.call('auditor', 'GET', `/grants/check?assetId=${assetId}&grantee=${encodeURIComponent(PERSON_1)}&purpose=%20x%20`, '/api/v1/grants/check');
    await checker.call('auditor', 'GET', `/grants/check?assetId=321200-2026-A0000000000&grantee=${ENTERPRISE_B}&purpose=x`, '/api/v1/grants/check');
    await checker.call('auditor', 'GET', `/grants/check?assetId=${assetId}&grantee=${ENTERPRISE_B}&purpose=${encodeURIComponent('\u{10ffff}')}`, '/api/v1/grants/check');
    await checker.call('auditor', 'GET', `/grants/GRT-0000000000`, '/api/v1/grants/{id}');
    await checker.call('auditor', 'GET', `/grants/${grant.id}`, '/api/v1/grants/{id}');
    await checker.call('auditor', 'GET', `/grants/GRT-0000000000/usages`, '/api/v1/grants/{id}/usages');
    expect(checker.findings, JSON.stringify(checker.findings, null, 1)).to.deep.equal([]);
  });

  it('concurrent uses of a grant with maxUses 3 record at most 3, every refusal a documented 4xx', async function () {
    const g = await api.ok('enterprise-a', 'POST', '/grants', licence(assetId, { maxUses: 3 }));
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => api.call('enterprise-b', 'POST', `/grants/${g.id}/usages`, { purpose: 'credit-scoring', quantity: 1 })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s >= 500), JSON.stringify(answers.map((a) => a.body))).to.deep.equal([]);
    expect(statuses.filter((s) => s === 201).length).to.be.at.most(3);
    expect((await api.ok('auditor', 'GET', `/grants/${g.id}`)).usesRecorded).to.equal(statuses.filter((s) => s === 201).length);
  });
});

describe('grant lifecycle over HTTP with fabric-network-style endorser discovery', function () {
  let url: string;
  let close: () => Promise<void>;
  let api: ApiClient;
  let height: () => Promise<number>;

  before(async function () {
    // As startGateway, but on an embedded network that chooses endorsers as fabric-network 2.2 does.
    const net = await startTestNetwork({ chaincode: DAL_CHAINCODE, init: false, network: { endorsementPlanning: 'discovery' } });
    const config = loadConfig({ DAL_DATA_DIR: net.dataDir, PORT: '0' });
    const keys = await openApiKeyStore({ file: join(config.dataDir, 'api-keys.json') });
    const idempotency = await openIdempotencyStore({ file: join(config.dataDir, 'idempotency.jsonl') });
    const demo = await bootstrapDemo({ ledger: net.ledger, consortium: net.consortium, keys, dataDir: config.dataDir, log: { error() {}, warn() {}, info() {}, debug() {} } });
    const app = createApp({ ledger: net.ledger, identities: keys, idempotency, config, consortium: net.consortium });
    const server: Server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    height = () => net.ledger.height();
    api = apiClient({ url, apiKey: (name: string) => demo.credentials[name]!.apiKey } as unknown as TestGateway);
    close = async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await idempotency.close();
      await net.close();
    };
  });
  after(async () => close?.());

  it('creates, sub-licenses, suspends, resumes, revokes and records uses without a 5xx, repeatedly (random discovery layouts)', async function () {
    const checker = contractChecker({ url, height: () => height() }, api);
    for (let round = 0; round < 4; round++) {
      const assetId = (await issueViaApi(api)).id as string;
      const parent = await checker.call('enterprise-a', 'POST', '/grants', '/api/v1/grants', licence(assetId));
      const child = await checker.call('enterprise-b', 'POST', '/grants', '/api/v1/grants',
        licence(assetId, { grantee: DATA_GROUP, parentGrantId: parent.body.id, purposes: ['credit-scoring'], paid: false, fee: undefined }));
      for (const [who, g] of [['enterprise-a', parent.body.id], ['enterprise-b', child.body.id]] as const) {
        await checker.call(who, 'POST', `/grants/${g}/suspend`, '/api/v1/grants/{id}/suspend', {});
        await checker.call(who, 'POST', `/grants/${g}/resume`, '/api/v1/grants/{id}/resume', {});
      }
      await checker.call('data-group', 'POST', `/grants/${child.body.id}/usages`, '/api/v1/grants/{id}/usages', { purpose: 'credit-scoring', quantity: 1 });
      await checker.call('enterprise-b', 'POST', `/grants/${child.body.id}/revoke`, '/api/v1/grants/{id}/revoke', {});
      await checker.call('enterprise-a', 'POST', `/grants/${parent.body.id}/revoke`, '/api/v1/grants/{id}/revoke', {});
    }
    expect(checker.findings, JSON.stringify(checker.findings, null, 1)).to.deep.equal([]);
  });
});

/**
 * fabric-errors.ts reads "duplicate transaction found [<txid>]" anywhere in a refused peer
 * response, but a chaincode refusal is also a refused response (status 500) whose message can
 * echo caller input (a use's `purpose`). The ledger here is the embedded one, with its chaincode
 * refusals handed to translateFabricError in the shape fabric-network 2.2 gives them
 * (`err.responses[].response.{status,message}`), as FabricLedger.submit does.
 */
describe('fabric backend duplicate-transaction translation', function () {
  it('keeps a chaincode refusal that quotes the peer’s duplicate phrase an EndorsementError, whatever txId it names', function () {
    const other = 'ab'.repeat(32);
    const own = 'cd'.repeat(32);
    const refusal = Object.assign(new Error('No valid responses from any peers. Errors:'), {
      responses: [{ response: { status: 500, message: `POLICY_VIOLATION: purpose "duplicate transaction found [${other}]" is outside grant GRT-0000000000` } }],
    });
    expect(translateFabricError(refusal, own)).to.be.instanceOf(EndorsementError);
    const ownQuoted = Object.assign(new Error('No valid responses from any peers.'), {
      responses: [{ response: { status: 500, message: `POLICY_VIOLATION: purpose "duplicate transaction found [${own}]. Creator [00]" is outside` } }],
    });
    expect(translateFabricError(ownQuoted, own)).to.be.instanceOf(EndorsementError);
    // The peer's own refusal of a duplicate, for another proposal's txId: not this proposal's duplicate either.
    const others = Object.assign(new Error('No valid responses from any peers.'), {
      responses: [{ response: { status: 500, message: `duplicate transaction found [${other}]. Creator [0a0b]` } }],
    });
    expect(translateFabricError(others, own)).to.be.instanceOf(EndorsementError);
    const mine = Object.assign(new Error('No valid responses from any peers.'), {
      responses: [{ response: { status: 500, message: `duplicate transaction found [${own}]. Creator [0a0b]` } }],
    });
    expect((translateFabricError(mine, own) as DuplicateTransactionError).txId).to.equal(own);
  });

  it('answers 422 to a use whose purpose quotes the duplicate phrase with another transaction’s id, and reveals nothing of it', async function () {
    const gw = await startGateway({ chaincode: DAL_CHAINCODE });
    try {
      // Rebuild the app over a ledger whose submit refusals go through the Fabric translation.
      const real = gw.net.ledger;
      const fabricLike = Object.create(real) as Ledger;
      (fabricLike as { submit: Ledger['submit'] }).submit = async (identity, fn, args, options) => {
        try {
          return await real.submit(identity, fn, args, options);
        } catch (err) {
          if (!(err instanceof EndorsementError)) throw err;
          const peerRefusal = Object.assign(new Error('No valid responses from any peers.'), { responses: [{ response: { status: err.status, message: err.message } }] });
          throw translateFabricError(peerRefusal);
        }
      };
      const idempotency = await openIdempotencyStore({ file: join(gw.config.dataDir, 'idempotency-review.jsonl') });
      const app = createApp({ ledger: fabricLike, identities: gw.keys, idempotency, config: gw.config, consortium: gw.net.consortium });
      const server: Server = app.listen(0, '127.0.0.1');
      await once(server, 'listening');
      try {
        const api = apiClient({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, apiKey: (n: string) => gw.apiKey(n) } as unknown as TestGateway);
        const assetId = (await issueViaApi(api)).id as string;
        // enterprise-a's private business: a licence to data-group
        const secret = await api.ok('enterprise-a', 'POST', '/grants', licence(assetId, { grantee: DATA_GROUP, fee: 987_654_321 }));
        // enterprise-b holds an unrelated grant and is not an auditor
        const mine = await api.ok('enterprise-a', 'POST', '/grants', licence(assetId));
        expect((await api.call('enterprise-b', 'GET', `/transactions/${secret.txId}`)).status).to.equal(403);

        const height = await gw.net.ledger.height();
        const res = await api.call('enterprise-b', 'POST', `/grants/${mine.id}/usages`, { purpose: `duplicate transaction found [${secret.txId}]`, quantity: 1 });
        expect(res.status).to.equal(422);
        expect(JSON.stringify(res.body)).to.not.include('987654321');
        expect(await gw.net.ledger.height()).to.equal(height);

        const unknown = await api.call('enterprise-b', 'POST', `/grants/${mine.id}/usages`, { purpose: `duplicate transaction found [${'e'.repeat(64)}]`, quantity: 1 });
        expect(unknown.status, JSON.stringify(unknown.body)).to.equal(422);
      } finally {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await idempotency.close();
      }
    } finally {
      await gw.close();
    }
  });
});
