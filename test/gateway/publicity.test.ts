/**
 * The 公示 board over HTTP: public (no key, served from memory and refreshed by commits),
 * members' (important grade too), the Atom feed parsed back as XML, and objections a registrar
 * records on someone's behalf.
 */
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { xml2js, type Element } from 'xml-js';
import { canonicalBytes } from '../../chaincode/src/canonical-json';
import { DAL_CHAINCODE } from '../support/test-network';
import { startGateway, type TestGateway } from './support/start-gateway';
import { ENTERPRISE_A, ENTERPRISE_B, PERSON_1, YANCHENG, apiClient, application, expectProblem, type ApiClient } from './support/api-client';

interface Entry {
  certificateId: string;
  holder: string;
  grade: string;
  openObjections: number;
  acceptingObjections: boolean;
}

describe('the 公示 board over HTTP', function () {
  this.timeout(180_000);
  let gw: TestGateway;
  let api: ApiClient;
  before(async function () {
    gw = await startGateway({ chaincode: DAL_CHAINCODE });
    api = apiClient(gw);
  });
  after(async () => gw?.close());

  const apply = async (body: Record<string, unknown> = {}, who = 'enterprise-a'): Promise<string> => (await api.ok(who, 'POST', '/certificates', application(body))).id as string;
  const approve = async (id: string, registrar = 'taizhou-registrar', publicityDays = 10): Promise<string> =>
    (await api.ok(registrar, 'POST', `/certificates/${id}/review`, { decision: 'approve', publicityDays })).id as string;
  const publicIds = async (query = ''): Promise<string[]> => ((await api.ok(null, 'GET', `/publicity${query}`)).items as Entry[]).map((e) => e.certificateId);
  const feedXml = async (query = ''): Promise<{ status: number; type: string | null; text: string }> => {
    const res = await fetch(`${gw.url}/api/v1/publicity/feed${query}`);
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };

  it('lists an application without an API key from its approval, and drops it at issue and at rejection — straight after each commit', async function () {
    const toIssue = await apply({ category: 'healthcare' });
    const toReject = await apply({ category: 'healthcare' });
    expect(await publicIds('?category=healthcare')).to.deep.equal([]); // cached now
    const issuedId = await approve(toIssue, 'taizhou-registrar', 0);
    const rejectedId = await approve(toReject);
    expect(await publicIds('?category=healthcare')).to.deep.equal([rejectedId, issuedId]);

    await api.ok('taizhou-registrar', 'POST', `/certificates/${issuedId}/issue`);
    expect(await publicIds('?category=healthcare')).to.deep.equal([rejectedId]);

    const objection = await api.ok('enterprise-b', 'POST', `/certificates/${rejectedId}/objections`, { reason: 'this is our data' });
    const listed = (await api.ok(null, 'GET', '/publicity?category=healthcare')).items as Entry[];
    expect(listed[0]).to.include({ certificateId: rejectedId, openObjections: 1, acceptingObjections: true });
    await api.ok('taizhou-registrar', 'POST', `/certificates/${rejectedId}/objections/${objection.id}/resolve`, { upheld: true });
    expect(await publicIds('?category=healthcare')).to.deep.equal([]);
  });

  it('never shows a natural person’s identity: the holder is 个人 in the board, the members’ board and the feed', async function () {
    const id = await approve(await apply({ category: 'culture-tourism', source: 'personal', containsPersonalInfo: true, rights: [{ type: 'holding', holder: PERSON_1 }] }, 'person-1'));
    const bodies = [await api.call(null, 'GET', '/publicity?category=culture-tourism'), await api.call('enterprise-b', 'GET', '/publicity/members?category=culture-tourism')];
    for (const res of bodies) {
      expect(res.status).to.equal(200);
      expect((res.body.items as Entry[]).find((e) => e.certificateId === id)?.holder).to.equal('个人');
      const text = JSON.stringify(res.body);
      expect(text).to.not.include(PERSON_1.slice(10)).and.not.include('np:');
    }
    const feed = await feedXml('?category=culture-tourism');
    expect(feed.text).to.include(id).and.not.include(PERSON_1.slice(10)).and.not.include('np:');
  });

  it('keeps important-grade applications off the public board and feed, and lists them for members with a key', async function () {
    const important = await approve(await apply({ category: 'finance', grade: 'important' }));
    const general = await approve(await apply({ category: 'finance' }));
    expect(await publicIds('?category=finance')).to.deep.equal([general]);
    expect((await feedXml('?category=finance')).text).to.not.include(important);
    const members = await api.ok('yancheng-registrar', 'GET', '/publicity/members?category=finance');
    expect(members.audience).to.equal('members');
    expect((members.items as Entry[]).map((e) => e.certificateId)).to.deep.equal([general, important]);
    expectProblem(await api.call(null, 'GET', '/publicity/members'), 401, 'unauthenticated');
  });

  it('pages newest first with an opaque bookmark and filters by registry, category and asset type', async function () {
    const taizhou: string[] = [];
    for (let i = 0; i < 3; i++) taizhou.push(await approve(await apply({ category: 'agriculture', assetType: 'product' })));
    const yancheng = await approve(await apply({ category: 'agriculture', assetType: 'product', registry: YANCHENG, rights: [{ type: 'holding', holder: ENTERPRISE_B }] }, 'enterprise-b'), 'yancheng-registrar');
    const element = await approve(await apply({ category: 'agriculture', assetType: 'element' }));

    const first = await api.ok(null, 'GET', '/publicity?category=agriculture&assetType=product&registry=TaizhouRegistryMSP&limit=2');
    expect((first.items as Entry[]).map((e) => e.certificateId)).to.deep.equal([taizhou[2], taizhou[1]]);
    expect(first.bookmark).to.match(/^[A-Za-z0-9_-]+$/);
    const second = await api.ok(null, 'GET', `/publicity?category=agriculture&assetType=product&registry=TaizhouRegistryMSP&limit=2&bookmark=${first.bookmark as string}`);
    expect((second.items as Entry[]).map((e) => e.certificateId)).to.deep.equal([taizhou[0]]);
    expect(second.bookmark).to.equal('');

    expect(await publicIds('?category=agriculture')).to.deep.equal([element, yancheng, ...[...taizhou].reverse()]);
    expect(await publicIds(`?registry=${YANCHENG}&category=agriculture`)).to.deep.equal([yancheng]);
    expect(await publicIds('?assetType=element&category=agriculture')).to.deep.equal([element]);
    expectProblem(await api.call(null, 'GET', '/publicity?category=nonsense'), 400, 'invalid_request');
    expectProblem(await api.call(null, 'GET', '/publicity?limit=1000'), 400, 'invalid_request');
  });

  it('publishes the public board as an Atom feed that parses back: feed id, title, updated, self link, and one entry per application', async function () {
    const id = await approve(await apply({ category: 'new-energy', name: 'Wind <farm> & "turbine" data' }));
    const feed = await feedXml('?category=new-energy');
    expect(feed.status).to.equal(200);
    expect(feed.type).to.match(/^application\/atom\+xml/);
    const doc = xml2js(feed.text, { compact: false }) as Element;
    const root = doc.elements?.find((e) => e.type === 'element');
    expect(root?.name).to.equal('feed');
    expect(root?.attributes?.xmlns).to.equal('http://www.w3.org/2005/Atom');
    const child = (e: Element | undefined, name: string): Element[] => (e?.elements ?? []).filter((c) => c.name === name);
    const textOf = (e: Element | undefined): string => (e?.elements ?? []).map((c) => String(c.text ?? c.cdata ?? '')).join('');
    for (const required of ['id', 'title', 'updated', 'author']) expect(child(root, required), required).to.have.length(1);
    expect(child(root, 'link').map((l) => l.attributes?.rel)).to.include('self');
    expect(Number.isNaN(Date.parse(textOf(child(root, 'updated')[0])))).to.equal(false);
    const entries = child(root, 'entry');
    expect(entries).to.have.length(1);
    const entry = entries[0];
    expect(textOf(child(entry, 'id')[0])).to.equal(`urn:data-asset-ledger:publicity:${id}`);
    expect(textOf(child(entry, 'title')[0])).to.equal(`Wind &#60;farm&#62; &#38; &#34;turbine&#34; data (${id})`);
    expect(child(entry, 'link')[0]?.attributes?.href).to.match(new RegExp(`/publicity#${id}$`));
    expect(Number.isNaN(Date.parse(textOf(child(entry, 'updated')[0])))).to.equal(false);
    expect(textOf(child(entry, 'summary')[0])).to.include(ENTERPRISE_A);
  });

  describe('an objection a registrar records on behalf of someone outside the consortium', function () {
    let id: string;
    before(async () => {
      id = await approve(await apply({ category: 'public-service' }));
    });
    const onBehalfOf = { contact: 'wang@example.cn, +86 139 0000 0000', name: '王某' };

    it('keeps the contact off the ledger: the objection has its salted hash, and the registrar gets the salt', async function () {
      const res = await api.call('taizhou-registrar', 'POST', `/certificates/${id}/objections`, { reason: 'these are my photographs', onBehalfOf });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      const salt = Buffer.from(res.body.salt as string, 'hex');
      const expected = createHash('sha256').update(Buffer.concat([salt, Buffer.from(canonicalBytes(onBehalfOf))])).digest('hex');
      expect(res.body.onBehalfOf).to.deep.equal({ contactHash: expected });
      expect(res.body.raisedBy.mspId).to.equal('TaizhouRegistryMSP');
      const record = JSON.stringify(await api.ok('auditor', 'GET', `/certificates/${id}`));
      expect(record).to.include(expected).and.not.include('wang@example.cn').and.not.include('王某');
      const board = (await api.ok(null, 'GET', '/publicity?category=public-service')).items as Entry[];
      expect(board.find((e) => e.certificateId === id)?.openObjections).to.equal(1);
    });

    it('refuses it from a registrar of another registry and from a non-registrar, and a salt without onBehalfOf', async function () {
      expectProblem(await api.call('yancheng-registrar', 'POST', `/certificates/${id}/objections`, { reason: 'x', onBehalfOf }), 403, 'forbidden');
      expectProblem(await api.call('enterprise-b', 'POST', `/certificates/${id}/objections`, { reason: 'x', onBehalfOf }), 403, 'forbidden');
      expectProblem(await api.call('enterprise-b', 'POST', `/certificates/${id}/objections`, { reason: 'x', salt: 'ab'.repeat(32) }), 400, 'invalid_request');
    });
  });

  it('serves the page at /publicity without a key, and a paging link that is not the board’s as a 400 page pointing to the first page', async function () {
    const page = await fetch(`${gw.url}/publicity`);
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-type')).to.match(/^text\/html/);
    expect(await page.text()).to.contain('数据资产登记公示').and.contain('部分条目仅对联盟成员可见');
    const stale = await fetch(`${gw.url}/publicity?category=finance&bookmark=${Buffer.from('not a bookmark').toString('base64url')}`);
    expect(stale.status).to.equal(400);
    const html = await stale.text();
    expect(html).to.contain('这个分页链接已失效').and.contain('href="/publicity?category=finance"');
  });

  it('back-fills the index only for a registrar, answering what it indexed', async function () {
    const r = await api.ok('taizhou-registrar', 'POST', '/publicity/backfill', { limit: 10 });
    expect(r).to.include({ registry: 'TaizhouRegistryMSP', remaining: false });
    expect(r.indexed).to.deep.equal([]);
    expectProblem(await api.call('enterprise-a', 'POST', '/publicity/backfill', {}), 403, 'forbidden');
  });
});
