/**
 * The authorization matrix over HTTP, generated from the route declarations × every demo
 * identity and a caller without a key, with the expected status of each cell from the table
 * below: every read route of the gateway on records prepared once (200, or 403 to those its
 * rule does not name), and every write route without a key (401; a public route is never
 * refused for want of one). Who may write what, identity by identity, is the chaincode's
 * matrix (test/chaincode/authorization-matrix.test.ts), simulated without ordering; its
 * refusals reach HTTP through the one mapping tested here for the reads (FORBIDDEN → 403).
 * A route added without a row here fails the first test.
 */
import { expect } from 'chai';
import { loadConsortium } from '../../network/src/consortium';
import type { RouteDefinition } from '../../gateway/src/routes/route';
import { licenceBody, usageBody } from '../support/grant-bodies';
import { DAL_CHAINCODE } from '../support/test-network';
import { declaredRoutes } from './support/route-transactions';
import { startGateway, type TestGateway } from './support/start-gateway';
import { ENTERPRISE_A, YANCHENG, apiClient, fingerprint, issueViaApi, type ApiClient } from './support/api-client';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** `public`: 200 to everyone, with or without a key; `members`: 200 to every identity, 401 without a key; a list: 200 to those, 403 to the other identities. */
type Rule = 'public' | 'members' | readonly string[];

const SUPERVISORS = ['regulator', 'auditor'];
// enterprise-a (Taizhou) grants to enterprise-b (Yancheng): both parties and both registries
const GRANT_PARTIES = ['enterprise-a', 'enterprise-b', 'taizhou-registrar', 'yancheng-registrar', ...SUPERVISORS];
// enterprise-a pledges to Jiangsu Bank
const PLEDGE_PARTIES = ['enterprise-a', 'taizhou-registrar', 'bank-officer', ...SUPERVISORS];

/** Expected outcome of every read route, by `METHOD path` as declared. */
const READS: Readonly<Record<string, Rule>> = {
  'GET /api/v1/health': 'public',
  'GET /api/v1/me': 'members',
  'GET /api/v1/certificates': 'members',
  'GET /api/v1/certificates/:id': 'members',
  'GET /api/v1/certificates/:id/evidence/:index/valuation': ['taizhou-registrar', 'enterprise-a', 'appraiser', ...SUPERVISORS],
  'GET /api/v1/certificates/:id/history': 'members',
  'GET /api/v1/certificates/:id/bundle': 'members',
  'GET /api/v1/certificates/:id/recognitions': 'members',
  'GET /api/v1/agreements': 'members',
  'GET /api/v1/agreements/:id': 'members',
  'GET /api/v1/grants': 'members',
  'GET /api/v1/grants/check': 'members',
  'GET /api/v1/grants/:id/usages': GRANT_PARTIES,
  'GET /api/v1/grants/:id': 'members',
  'GET /api/v1/grants/:id/history': GRANT_PARTIES,
  'GET /api/v1/listings': 'members',
  'GET /api/v1/listings/:id': 'members',
  // an order: the buyer, the seller, the exchange, the certificate's registry and the supervisors
  'GET /api/v1/orders/:id': ['enterprise-a', 'enterprise-b', 'exchange-operator', 'taizhou-registrar', ...SUPERVISORS],
  'GET /api/v1/orders/:id/terms': ['enterprise-a', 'enterprise-b', 'exchange-operator', ...SUPERVISORS],
  'GET /api/v1/market/prices': 'public',
  'GET /api/v1/market/prices/exact': SUPERVISORS,
  'GET /api/v1/market/disclosures': 'public',
  'GET /api/v1/pledges': ['bank-officer', 'suzhou-bank-officer'],
  'GET /api/v1/pledges/:id': PLEDGE_PARTIES,
  'GET /api/v1/pledges/:id/terms': PLEDGE_PARTIES,
  'GET /api/v1/certificates/:id/verification': 'public',
  'GET /api/v1/verification/:queryCode': 'public',
  // the bank's dossier: the holder (no pledgee bank here) and the supervisors
  'GET /api/v1/certificates/:id/provenance': ['enterprise-a', ...SUPERVISORS],
  'GET /api/v1/certificates/:id/provenance/dossier': ['enterprise-a', ...SUPERVISORS],
  'GET /api/v1/negative-list': 'members',
  'GET /api/v1/filings': 'members',
  'GET /api/v1/filings/:id': 'members',
  'GET /api/v1/entities/:code/credit': 'members',
  'GET /api/v1/entities/:code/credit/history': 'members',
  // raw ledger facts are the auditors' and the regulator's
  'GET /api/v1/transactions/:txId': SUPERVISORS,
  'GET /api/v1/blocks/:n': SUPERVISORS,
  'GET /api/v1/ledger/integrity': SUPERVISORS,
  'GET /api/v1/events': 'members',
  'GET /api/openapi.json': 'public',
  'GET /api/docs': 'public',
  // the lifecycle: the holder, the issuing registry and the supervisors
  'GET /api/v1/certificates/:id/lifecycle': ['enterprise-a', 'taizhou-registrar', ...SUPERVISORS],
  // lineage (parents and derived products) is for any member who may read the certificate
  'GET /api/v1/certificates/:id/lineage': 'members',
  'GET /api/v1/publicity': 'public',
  'GET /api/v1/publicity/members': 'members',
  'GET /api/v1/publicity/feed': 'public',
};

const key = (r: RouteDefinition): string => `${r.method.toUpperCase()} ${r.path}`;

describe('authorization matrix over HTTP: every route × every demo identity', function () {
  this.timeout(300_000);
  let gw: TestGateway;
  let api: ApiClient;
  let routes: RouteDefinition[];
  const identities = loadConsortium().demoIdentities.map((d) => d.name);
  /** Path parameters and queries of the prepared records. */
  let params: Record<string, string>;
  let queries: Record<string, string>;

  before(async function () {
    gw = await startGateway({ chaincode: DAL_CHAINCODE });
    api = apiClient(gw);
    routes = declaredRoutes(gw.net);
    const cert = await issueViaApi(api);
    await api.ok('appraiser', 'POST', `/certificates/${cert.id}/evidence`, { kind: 'valuation', reportHash: fingerprint(), amount: 1_250_000_00, method: 'income' });
    const grant = await api.ok('enterprise-a', 'POST', '/grants', licenceBody(cert.id as string));
    await api.ok('enterprise-b', 'POST', `/grants/${grant.id}/usages`, usageBody());
    const traded = await issueViaApi(api);
    const terms = { purposes: ['credit-scoring'], termDays: 30, deliveryMethod: 'api' };
    const listing = await api.ok('enterprise-a', 'POST', '/listings', { assetId: traded.id, exchange: 'JiangsuExchangeMSP', askingPriceFen: 10_000, terms });
    const order = await api.ok('enterprise-b', 'POST', '/orders', { listingId: listing.id, offerPrice: 9_000 });
    const collateral = await issueViaApi(api);
    const pledge = await api.ok('enterprise-a', 'POST', '/pledges', { certificateId: collateral.id, pledgee: 'JiangsuBankMSP', amount: 1_000_000, termDays: 365 });
    await api.ok('bank-officer', 'POST', `/pledges/${pledge.id}/accept`);
    const validity = { validFrom: new Date(Date.now() - 60_000).toISOString(), validTo: new Date(Date.now() + 365 * 86_400_000).toISOString() };
    const agreement = await api.ok('taizhou-registrar', 'POST', '/agreements', { counterparty: YANCHENG, scope: { assetTypes: ['resource'], grades: ['general'] }, ...validity });
    const filing = await api.ok('enterprise-a', 'POST', '/filings', { certificateId: cert.id, purpose: 'research sale', termDays: 30 });
    const month = new Date().toISOString().slice(0, 7);
    // a record's own id by the resource its route reads
    params = {
      certificates: cert.id,
      grants: grant.id,
      listings: listing.id,
      orders: order.id,
      pledges: pledge.id,
      agreements: agreement.id,
      filings: filing.id,
      index: '0',
      code: ENTERPRISE_A,
      txId: cert.txId,
      n: '1',
      queryCode: cert.queryCode,
    };
    queries = {
      'GET /api/v1/grants': `assetId=${cert.id}`,
      'GET /api/v1/grants/check': `assetId=${cert.id}&grantee=${encodeURIComponent('91320900MA2DEF341G')}&purpose=credit-scoring`,
      'GET /api/v1/market/prices': `category=manufacturing&from=${month}&to=${month}`,
      'GET /api/v1/market/prices/exact': `category=manufacturing&from=${month}&to=${month}`,
      'GET /api/v1/market/disclosures': `category=manufacturing&month=${month}`,
      'GET /api/v1/filings': `certificateId=${cert.id}`,
      'GET /api/v1/agreements': 'registry=TaizhouRegistryMSP',
      'GET /api/v1/listings': 'exchange=JiangsuExchangeMSP',
      'GET /api/v1/pledges': 'role=pledgee',
      'GET /api/v1/ledger/integrity': 'from=0&to=2',
    };
  });
  after(async () => gw?.close());

  /** The declared path with the prepared records' ids in it. */
  const concrete = (route: RouteDefinition): string => {
    const resource = /^\/api\/v1\/([a-z-]+)\//.exec(route.path)?.[1] ?? '';
    const path = route.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => encodeURIComponent(name === 'id' ? params[resource]! : params[name]!));
    const query = queries[key(route)];
    return query === undefined ? path : `${path}?${query}`;
  };

  /** The status `who` (null: no key) gets; an event stream is closed once its status is known. */
  const statusOf = async (who: string | null, route: RouteDefinition): Promise<number> => {
    const abort = new AbortController();
    const res = await fetch(`${gw.url}${concrete(route)}`, { headers: who === null ? {} : { authorization: `Bearer ${gw.apiKey(who)}` }, signal: abort.signal });
    if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) abort.abort();
    else await res.arrayBuffer();
    return res.status;
  };

  const expectedOf = (rule: Rule, who: string | null): number => {
    if (rule === 'public') return 200;
    if (who === null) return 401;
    if (rule === 'members') return 200;
    return rule.includes(who) ? 200 : 403;
  };

  it('has a row for every read route the gateway declares', function () {
    const reads = routes.filter((r) => r.method === 'get').map(key);
    expect(reads.filter((r) => READS[r] === undefined), 'read routes without a row').to.deep.equal([]);
    expect(Object.keys(READS).filter((r) => !reads.includes(r)), 'rows of routes that no longer exist').to.deep.equal([]);
  });

  it('answers every read route as its row says, to every demo identity and to a caller without a key', async function () {
    const wrong: string[] = [];
    for (const route of routes.filter((r) => r.method === 'get')) {
      const rule = READS[key(route)]!;
      for (const who of [null, ...identities]) {
        const status = await statusOf(who, route);
        const want = expectedOf(rule, who);
        if (status !== want) wrong.push(`${key(route)} as ${who ?? '(no key)'}: ${status}, expected ${want}`);
      }
    }
    expect(wrong).to.deep.equal([]);
  });

  it('refuses every authenticated write without a key (401) and never refuses a public one for want of it', async function () {
    const wrong: string[] = [];
    const height = await gw.net.ledger.height();
    for (const route of routes.filter((r) => r.method !== 'get')) {
      const path = concrete(route);
      const res = await fetch(`${gw.url}${path}`, { method: route.method.toUpperCase(), headers: { 'content-type': 'application/json' }, body: '{}' });
      const body = (await res.json()) as Json;
      if (route.access === 'authenticated' && res.status !== 401) wrong.push(`${key(route)}: ${res.status}`);
      if (route.access === 'public' && res.status === 401) wrong.push(`${key(route)} (public): 401`);
      if (res.status >= 400 && body.code === undefined) wrong.push(`${key(route)}: not a problem`);
    }
    expect(wrong).to.deep.equal([]);
    expect(await gw.net.ledger.height()).to.equal(height);
  });
});
