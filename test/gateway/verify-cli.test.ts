import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, type TestGateway } from './support/start-gateway';
import { DAL_CHAINCODE, REPO_ROOT } from '../support/test-network';
import { issueCertificate } from '../support/certificates';
import { commitTogether, prepare, TAIZHOU, YANCHENG } from '../support/flow';
import { buildBundleForTransaction, buildCertificateBundle } from '../../gateway/src/bundles/build-bundle';

const CLI = join(REPO_ROOT, 'build', 'scripts', 'verify-bundle.js');

function run(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr });
    });
  });
}

describe('npm run verify (the bundle CLI)', function () {
  let gw: TestGateway;
  let dir: string;
  let good: string;
  let ghost: string;
  before(async function () {
    gw = await startGateway({ chaincode: DAL_CHAINCODE });
    dir = await mkdtemp(join(tmpdir(), 'dal-verify-cli-'));
    const cert = await issueCertificate(gw.net);
    const orgs = gw.net.consortium.organizations;
    const names = (m: string): { name?: string; nameZh?: string } | undefined => orgs.find((o) => o.mspId === m);
    good = join(dir, 'good.json');
    await writeFile(good, JSON.stringify(await buildCertificateBundle(gw.net.ledger, gw.net.identities['enterprise-a']!, cert.id, names)));
    const change = (name: string): string[] => ['Certificate:Change', cert.id, JSON.stringify({ reason: 'rename', name })];
    const first = await prepare(gw.net, 'taizhou-registrar', change('one'), [TAIZHOU, YANCHENG]);
    const second = await prepare(gw.net, 'taizhou-registrar', change('never took effect'), [TAIZHOU, YANCHENG]);
    await commitTogether(gw.net, [first, second]);
    ghost = join(dir, 'ghost.json');
    await writeFile(ghost, JSON.stringify(await buildBundleForTransaction(gw.net.ledger, second.txId, cert.id, names)));
  });
  after(async () => {
    await gw?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 when the offline proof holds and the gateway confirms the transaction committed VALID', async function () {
    const r = await run([good, '--gateway', gw.url]);
    expect(r.code, r.out).to.equal(0);
    expect(r.out).to.match(/✔ committed-valid/);
    expect(r.out).to.match(/bundle VALID: every check passed, and the ledger confirms the transaction/);
  });

  it('exits 1 for a transaction the ledger invalidated, even though every offline check passes', async function () {
    const r = await run([ghost, '--gateway', gw.url]);
    expect(r.code, r.out).to.equal(1);
    expect(r.out).to.match(/✘ committed-valid/);
  });

  it('exits 1 without trust anchors: a bundle cannot vouch for itself', async function () {
    const r = await run([good]);
    expect(r.code, r.out).to.equal(1);
    expect(r.out).to.match(/✘ trust-anchors/);
  });

  it('exits 2 for a file that is not JSON', async function () {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, 'not json');
    expect((await run([bad])).code).to.equal(2);
  });
});
