/**
 * Lifecycle and lineage for auditors (GET /certificates/{id}/lifecycle and /lineage), through the
 * real app on the embedded ledger. Expected entries are never a hard-coded list: they are checked
 * against what the ledger itself says of each transaction (GET /transactions/{txId}).
 */
import { expect } from 'chai';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commitTogether, prepare } from '../support/flow';
import { freeLicenceBody, usageBody } from '../support/grant-bodies';
import { EXCHANGE, listingBody, submitSecret } from '../support/market';
import { DAL_CHAINCODE, REPO_ROOT } from '../support/test-network';
import { issueCertificate } from '../support/certificates';
import { activeAgreement, application } from '../chaincode/certificate-flows';
import { TAIZHOU, fingerprint } from '../support/demo-parties';
import { startGateway, type TestGateway } from './support/start-gateway';
import { apiClient, expectProblem, type ApiClient } from './support/api-client';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The W3C PROV-JSON schema (test/fixtures/prov-json). It is draft-04; ajv 8 reads it as draft-07
 * once its `$schema` is dropped and `id` spelt `$id` — the keywords it uses mean the same in both.
 */
function provJsonValidator(): ReturnType<Ajv['compile']> {
  const { $schema, id, ...schema } = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'prov-json', 'schema.json'), 'utf8')) as Record<string, unknown>;
  expect($schema).to.equal('http://json-schema.org/draft-04/schema#');
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile({ $id: id as string, ...schema });
}

describe('lifecycle and lineage for auditors over HTTP', function () {
  this.timeout(300_000);
  let gw: TestGateway;
  let api: ApiClient;
  /** The product derived from two sources, with everything that happened to it. */
  let product: Json;
  let sources: Json[];
  let grantId: string;
  let orderId: string;
  /** Transactions the scenario committed on the product, in submission order: the lifecycle must hold each, in ledger order. */
  const productTxIds: string[] = [];
  let invalidTxId: string;

  const submit = async (as: string, fn: string, ...args: string[]): Promise<Json> => {
    const r = await gw.net.submit(as, fn, ...args);
    return { ...r.result, txId: r.txId, blockNumber: r.blockNumber };
  };

  before(async function () {
    gw = await startGateway({ chaincode: DAL_CHAINCODE });
    api = apiClient(gw);
    const net = gw.net;
    await activeAgreement(net, 'yancheng-registrar', TAIZHOU);
    sources = [await issueCertificate(net), await issueCertificate(net)];
    // the product: enterprise-a holds the processing right of both sources
    const applied = await submit('enterprise-a', 'Certificate:Apply', application({ assetType: 'product', parents: sources.map((s) => s.id) }));
    productTxIds.push(applied.txId);
    const approved = await submit('taizhou-registrar', 'Certificate:Review', applied.id, JSON.stringify({ decision: 'approve', publicityDays: 0 }));
    productTxIds.push(approved.txId);
    const issued = await submit('taizhou-registrar', 'Certificate:Issue', approved.id);
    productTxIds.push(issued.txId);
    product = issued;
    // recognition (互认) in Yancheng
    productTxIds.push((await submit('yancheng-registrar', 'Recognition:Recognise', JSON.stringify({ certificateId: product.id }))).txId);
    // a licence with metered uses
    const grant = await submit('enterprise-a', 'Grant:Create', JSON.stringify(freeLicenceBody(product.id)));
    grantId = grant.id;
    productTxIds.push(grant.txId);
    for (let i = 0; i < 3; i++) productTxIds.push((await submit('enterprise-b', 'Grant:RecordUsage', grantId, JSON.stringify(usageBody('credit-scoring', 10 + i)))).txId);
    // a trade at the exchange, then a dispute on it
    const listing = await submit('enterprise-a', 'Market:CreateListing', listingBody(product.id));
    productTxIds.push(listing.txId);
    const salt = randomBytes(16);
    const order = await submitSecret(net, 'enterprise-b', 'Market:PlaceOrder', [JSON.stringify({ listingId: listing.id })], { price: 4_000_000 }, salt);
    orderId = order.id;
    productTxIds.push(order.createdTxId);
    productTxIds.push((await submit('enterprise-a', 'Market:Accept', orderId)).txId);
    productTxIds.push((await submit('enterprise-a', 'Market:Deliver', orderId, JSON.stringify({ deliverableHash: fingerprint() }))).txId);
    // the dispute and a racing order in one block: the order is invalidated (phantom read), yet recorded with its code
    const dispute = await prepare(net, 'enterprise-b', ['Market:Dispute', orderId, JSON.stringify({ reason: 'rows missing', evidenceHash: fingerprint() })], [EXCHANGE, TAIZHOU]);
    const racing = await prepare(net, 'data-group', ['Market:PlaceOrder', JSON.stringify({ listingId: listing.id })], [EXCHANGE, 'JiangsuRegulatorMSP', TAIZHOU], {
      'dal.confidential': Buffer.from('{"price":7}'),
      'dal.salt': randomBytes(16),
    });
    expect((await commitTogether(net, [dispute, racing])).codes).to.deep.equal(['VALID', 'PHANTOM_READ_CONFLICT']);
    productTxIds.push(dispute.txId, racing.txId);
    invalidTxId = racing.txId;
  });
  after(async () => gw?.close());

  async function everyEntry(who: string, id: string, query = 'uses=all'): Promise<Json[]> {
    const items: Json[] = [];
    let bookmark = '';
    do {
      const page = await api.ok(who, 'GET', `/certificates/${id}/lifecycle?${query}&limit=4${bookmark ? `&bookmark=${bookmark}` : ''}`);
      items.push(...page.items);
      bookmark = page.bookmark;
    } while (bookmark !== '');
    return items;
  }

  it('lists every transaction of a product with two sources, a recognition, a grant with uses, a trade and a dispute, in ledger order, as the ledger records them', async function () {
    const entries = await everyEntry('auditor', product.id);
    const txIds = entries.map((e) => e.txId);
    for (const txId of productTxIds) expect(txIds, `transaction ${txId}`).to.include(txId);
    expect(new Set(txIds).size).to.equal(txIds.length);
    const order = entries.map((e) => [e.blockNumber, e.txIndex]);
    expect(order).to.deep.equal([...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    for (const entry of entries) {
      const tx = await api.ok('auditor', 'GET', `/transactions/${entry.txId}`);
      expect(entry).to.include({ blockNumber: tx.blockNumber, txIndex: tx.txIndex, validationCode: tx.validationCode, timestamp: tx.timestamp, function: tx.function });
      expect(entry.actor.mspId).to.equal(tx.creator.mspId);
      expect(tx.creator.id).to.include(`CN=${entry.actor.id}`);
      expect(entry.type).to.equal(tx.validationCode === 'VALID' && tx.event ? tx.event.name : tx.function);
      expect(entry.summary).to.be.a('string').and.include(entry.actor.id);
      expect(entry.summaryZh).to.be.a('string');
    }
    const invalid = entries.find((e) => e.txId === invalidTxId);
    expect(invalid).to.include({ validationCode: 'PHANTOM_READ_CONFLICT', type: 'Market:PlaceOrder' });
    expect(invalid.summary).to.match(/invalidated \(PHANTOM_READ_CONFLICT\) and changed nothing/);
    // the application's steps before approval are in the certificate's lifecycle too
    expect(entries[0]).to.include({ type: 'CertificateApplied', txId: productTxIds[0] });
  });

  it('folds metered uses into a count per grant by default, and pages through one grant\'s uses on request', async function () {
    const summary = await everyEntry('enterprise-a', product.id, 'uses=summary');
    expect(summary.some((e) => e.type === 'GrantUsageRecorded')).to.equal(false);
    const page = await api.ok('enterprise-a', 'GET', `/certificates/${product.id}/lifecycle`);
    expect(page.usage).to.have.length(1);
    expect(page.usage[0]).to.include({ grantId, count: 3 });
    const uses = await everyEntry('enterprise-a', product.id, `grantId=${grantId}`);
    expect(uses.map((u) => u.txId)).to.deep.equal(productTxIds.slice(5, 8));
    expect(uses.every((u) => u.grantId === grantId && u.type === 'GrantUsageRecorded')).to.equal(true);
    expect(page.usage[0]).to.include({ firstTxId: uses[0].txId, lastTxId: uses[2].txId });
  });

  it('pages with limit and an opaque bookmark, the pages together being the whole lifecycle once', async function () {
    const all = (await api.ok('auditor', 'GET', `/certificates/${product.id}/lifecycle?uses=all&limit=500`)).items;
    const paged = await everyEntry('auditor', product.id);
    expect(paged.map((e) => e.txId)).to.deep.equal(all.map((e: Json) => e.txId));
    const first = await api.ok('auditor', 'GET', `/certificates/${product.id}/lifecycle?uses=all&limit=2`);
    expect(first.items).to.have.length(2);
    expect(first.bookmark).to.be.a('string').and.not.equal('');
    expectProblem(await api.call('auditor', 'GET', `/certificates/${product.id}/lifecycle?bookmark=bm90IGEgYm9va21hcms`), 400, 'invalid_request');
    expectProblem(await api.call('auditor', 'GET', `/certificates/${product.id}/lifecycle?limit=501`), 400, 'invalid_request');
  });

  it('answers the auditor, the issuing registrar and the holder; 403 to anyone else, 404 for an unknown certificate', async function () {
    for (const who of ['auditor', 'taizhou-registrar', 'enterprise-a']) {
      expect((await api.ok(who, 'GET', `/certificates/${product.id}/lifecycle?limit=1`)).certificateId).to.equal(product.id);
    }
    for (const who of ['enterprise-b', 'yancheng-registrar', 'bank-officer', 'exchange-operator']) {
      expectProblem(await api.call(who, 'GET', `/certificates/${product.id}/lifecycle`), 403, 'forbidden');
    }
    expectProblem(await api.call('auditor', 'GET', '/certificates/321200-2026-999999/lifecycle'), 404, 'not_found');
  });

  it('sees a write at once when asked with X-Min-Block (read after write)', async function () {
    const changed = await submit('taizhou-registrar', 'Certificate:Change', sources[0].id, JSON.stringify({ description: 'v2', reason: 'clarified' }));
    const res = await api.call('auditor', 'GET', `/certificates/${sources[0].id}/lifecycle?limit=500`, undefined, { 'X-Min-Block': String(changed.blockNumber) });
    expect(res.status).to.equal(200);
    expect(res.body.items.map((e: Json) => e.txId)).to.include(changed.txId);
    expect(res.body.processedBlock).to.be.at.least(changed.blockNumber);
  });

  it('shows on each source that the product was derived from it', async function () {
    for (const source of sources) {
      const entries = await everyEntry('auditor', source.id);
      const derived = entries.filter((e) => e.type === 'Derived');
      expect(derived.map((e) => e.txId)).to.deep.equal([productTxIds[0]]);
      expect(derived[0]).to.include({ related: product.id }); // the product's certificate id, not the application id it applied under
    }
  });

  it('gives the lineage both ways as {nodes, edges}: two sources upstream of the product, the product downstream of each', async function () {
    const up = await api.ok('enterprise-b', 'GET', `/certificates/${product.id}/lineage?direction=up`);
    expect(up.nodes.map((n: Json) => n.id).sort()).to.deep.equal([product.id, ...sources.map((s) => s.id)].sort());
    expect(up.edges).to.have.deep.members(sources.map((s) => ({ child: product.id, parent: s.id })));
    const down = await api.ok('enterprise-b', 'GET', `/certificates/${sources[0].id}/lineage?direction=down`);
    expect(down.nodes.map((n: Json) => n.id)).to.deep.equal([sources[0].id, product.id]);
    expect(down.nodes[1]).to.include({ distance: 1, known: true, registry: TAIZHOU });
    expect((await api.ok('enterprise-b', 'GET', `/certificates/${sources[0].id}/lineage?direction=down&depth=0`)).nodes).to.have.length(1);
    expectProblem(await api.call('enterprise-b', 'GET', `/certificates/${product.id}/lineage?direction=sideways`), 400, 'invalid_request');
  });

  describe('lineage to a depth limit, and as PROV-JSON', function () {
    /** product → c1 → c2 → c3, each derived from the one before by enterprise-a. */
    const chain: string[] = [];
    before(async function () {
      let parent = product.id as string;
      for (let i = 0; i < 3; i++) {
        parent = (await issueCertificate(gw.net, { body: { assetType: 'product', parents: [parent] } })).id as string;
        chain.push(parent);
      }
    });

    const ids = async (id: string, query: string): Promise<string[]> => (await api.ok('auditor', 'GET', `/certificates/${id}/lineage?${query}`)).nodes.map((n: Json) => n.id);

    it('follows as many derivation steps downstream as depth allows', async function () {
      expect(await ids(product.id, 'direction=down&depth=1')).to.deep.equal([product.id, chain[0]]);
      expect(await ids(product.id, 'direction=down&depth=2')).to.deep.equal([product.id, chain[0], chain[1]]);
      expect(await ids(product.id, 'direction=down&depth=50')).to.deep.equal([product.id, ...chain]);
    });

    it('follows as many derivation steps upstream as depth allows, and both ways at once', async function () {
      expect(await ids(chain[2]!, 'direction=up&depth=1')).to.deep.equal([chain[2], chain[1]]);
      expect(await ids(chain[2]!, 'direction=up&depth=3')).to.deep.equal([chain[2], chain[1], chain[0], product.id]);
      expect((await ids(chain[2]!, 'direction=up&depth=4')).slice(4).sort()).to.deep.equal(sources.map((s) => s.id).sort());
      const both = await api.ok('auditor', 'GET', `/certificates/${chain[0]}/lineage?direction=both&depth=1`);
      expect(both.nodes.map((n: Json) => [n.id, n.distance])).to.have.deep.members([
        [chain[0], 0],
        [product.id, -1],
        [chain[1], 1],
      ]);
      expect(both.truncated).to.equal(false);
    });

    it('answers W3C PROV-JSON that the PROV-JSON schema accepts, with entities, activities, agents and their relations', async function () {
      const validate = provJsonValidator();
      const doc = await api.ok('enterprise-b', 'GET', `/certificates/${chain[0]}/lineage?format=prov-json&direction=both&depth=10`);
      expect(validate(doc), JSON.stringify(validate.errors)).to.equal(true);
      for (const part of ['entity', 'activity', 'agent', 'wasDerivedFrom', 'wasGeneratedBy', 'wasAttributedTo', 'used']) expect(Object.keys(doc[part]).length, part).to.be.greaterThan(0);
      const entities = Object.keys(doc.entity);
      expect(entities).to.include.members([product.id, ...chain, ...sources.map((s) => s.id)].map((id) => `cert:${id}`));
      const derivations = Object.values(doc.wasDerivedFrom) as Json[];
      expect(derivations).to.deep.include({ 'prov:generatedEntity': `cert:${chain[0]}`, 'prov:usedEntity': `cert:${product.id}`, 'prov:activity': derivations.find((d) => d['prov:generatedEntity'] === `cert:${chain[0]}`)['prov:activity'] });
      expect(Object.values(doc.wasAttributedTo)).to.deep.include({ 'prov:entity': `cert:${product.id}`, 'prov:agent': `org:${TAIZHOU}` });
      // the validator is not vacuous: a derivation without its used entity is refused
      const broken = { ...doc, wasDerivedFrom: { '_:x': { 'prov:generatedEntity': `cert:${chain[0]}` } } };
      expect(validate(broken)).to.equal(false);
    });
  });
});
