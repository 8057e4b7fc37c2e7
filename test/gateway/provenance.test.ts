import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, type TestGateway } from './support/start-gateway';
import { apiClient, expectProblem, issueViaApi, type ApiClient } from './support/api-client';
import { DAL_CHAINCODE, REPO_ROOT } from '../support/test-network';
import { provenanceProduct, type ProvenanceProduct } from '../support/provenance';

const CLI = join(REPO_ROOT, 'build', 'scripts', 'verify-bundle.js');

function run(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr });
    });
  });
}

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('GET /certificates/{id}/provenance and its dossier (HTTP, CLI)', function () {
  let gw: TestGateway;
  let api: ApiClient;
  let product: ProvenanceProduct;
  let dir: string;
  let dossier: Json;
  before(async function () {
    gw = await startGateway({ chaincode: DAL_CHAINCODE });
    api = apiClient(gw);
    product = await provenanceProduct(gw.net);
    dir = await mkdtemp(join(tmpdir(), 'dal-dossier-'));
    await writeFile(join(dir, 'trust.json'), await (await fetch(`${gw.url}/verify/trust.json`)).text());
    dossier = await api.ok('enterprise-a', 'GET', `/certificates/${product.productId}/provenance/dossier`);
    await writeFile(join(dir, 'dossier.json'), JSON.stringify(dossier));
  });
  after(async () => {
    await gw?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers the holder and the auditor every fact with txId, blockNumber, timestamp and actor', async function () {
    for (const who of ['enterprise-a', 'auditor']) {
      const body = await api.ok(who, 'GET', `/certificates/${product.productId}/provenance`);
      expect(body.certificateId).to.equal(product.productId);
      expect(body.sources).to.have.length(2);
      const kinds = new Set(body.facts.map((f: Json) => f.kind));
      for (const kind of ['certificate', 'evidence', 'source', 'recognition', 'grant', 'listing', 'order', 'settlement', 'dispute']) expect(kinds).to.include(kind);
      for (const f of body.facts) {
        expect(f.txId).to.match(/^[0-9a-f]{64}$/);
        expect(f.blockNumber).to.be.a('number');
        expect(f.actor.mspId).to.match(/MSP$/);
        expect(f).to.not.have.property('key');
      }
    }
  });

  it('answers 403 to the buyer, another registry and a bank that holds no pledge', async function () {
    for (const who of ['enterprise-b', 'yancheng-registrar', 'bank-officer']) {
      expectProblem(await api.call(who, 'GET', `/certificates/${product.productId}/provenance`), 403, 'forbidden');
      expectProblem(await api.call(who, 'GET', `/certificates/${product.productId}/provenance/dossier`), 403, 'forbidden');
    }
  });

  it('lets the bank a pledge was requested from read the dossier before it accepts, and lists the pledge once accepted; the other bank stays refused', async function () {
    const cert = await issueViaApi(api);
    const path = `/certificates/${cert.id}/provenance`;
    expectProblem(await api.call('bank-officer', 'GET', path), 403, 'forbidden');
    const requested = await api.call('enterprise-a', 'POST', '/pledges', { certificateId: cert.id, pledgee: 'JiangsuBankMSP', amount: 5_000_000, termDays: 90 });
    expect(requested.status, JSON.stringify(requested.body)).to.equal(201);
    expect((await api.ok('bank-officer', 'GET', path)).certificateId).to.equal(cert.id);
    expectProblem(await api.call('suzhou-bank-officer', 'GET', path), 403, 'forbidden');
    await api.ok('bank-officer', 'POST', `/pledges/${requested.body.id as string}/accept`, {});
    const facts = (await api.ok('bank-officer', 'GET', path)).facts as Json[];
    expect(facts.filter((f) => f.kind === 'pledge')).to.have.length.greaterThan(0);
    expect(JSON.stringify(facts)).not.to.include('5000000');
    // and the auditor's lifecycle of the collateral lists both pledge steps, in order, as phrases
    const lifecycle = await api.ok('auditor', 'GET', `/certificates/${cert.id}/lifecycle`);
    const steps = (lifecycle.items as Json[]).filter((e) => String(e.type).startsWith('Pledge'));
    expect(steps.map((e) => e.type)).to.deep.equal(['PledgeRequested', 'PledgeAccepted']);
    expect(steps[1].summary).to.include('bank-officer').and.include('accepted the pledge');
  });

  it('verifies the downloaded dossier offline with the CLI, every check passing', async function () {
    const r = await run([join(dir, 'dossier.json'), '--trust', join(dir, 'trust.json')]);
    expect(r.code, r.out).to.equal(4);
    for (const check of ['trust-anchors', 'endorsements', 'fact-write', 'fact-value', 'dossier-subject', 'block-inclusion', 'block-signature']) {
      expect(r.out).to.match(new RegExp(`✔ ${check}`));
    }
    expect(r.out).to.match(/verdict STATUS NOT CHECKED: the dossier holds/);
  });

  it('exits 1 from the CLI naming fact-value when a fact of the saved dossier was changed', async function () {
    const tampered = JSON.parse(JSON.stringify(dossier));
    tampered.credentialSubject.facts.find((f: Json) => f.kind === 'settlement').value.disclosed = true;
    await writeFile(join(dir, 'tampered.json'), JSON.stringify(tampered));
    const r = await run([join(dir, 'tampered.json'), '--trust', join(dir, 'trust.json')]);
    expect(r.code, r.out).to.equal(1);
    expect(r.out).to.match(/✘ fact-value/);
    expect(r.out).to.match(/verdict NOT VALID \(proof-failed: fact-value\)/);
  });

  it('is confirmed by POST /verify: every transaction committed VALID and the certificate holds now', async function () {
    const r = await api.ok(null, 'POST', '/verify', dossier);
    expect(r.proofValid).to.equal(true);
    expect(r.valid).to.equal(true);
    expect(r.checks.find((c: Json) => c.name === 'committed-valid').ok).to.equal(true);
    expect(r.live.status).to.equal('issued');
    const cli = await run([join(dir, 'dossier.json'), '--gateway', gw.url]);
    expect(cli.code, cli.out).to.equal(0);
  });

  it('stays under 1 MiB', function () {
    expect(Buffer.byteLength(JSON.stringify(dossier))).to.be.lessThan(1024 * 1024);
  });
});
