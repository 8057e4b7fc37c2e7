import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, type TestGateway } from './support/start-gateway';
import { DAL_CHAINCODE, REPO_ROOT } from '../support/test-network';
import { issueCertificateTx } from '../support/certificates';
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
  let trust: string;
  const names = (m: string): { name?: string; nameZh?: string } | undefined => gw.net.consortium.organizations.find((o) => o.mspId === m);
  /** Writes the bundle of certificate `id` as the ledger holds it now; answers its path. */
  const takeBundle = async (id: string, file: string): Promise<string> => {
    const path = join(dir, file);
    await writeFile(path, JSON.stringify(await buildCertificateBundle(gw.net.ledger, gw.net.identities['enterprise-a']!, id, names)));
    return path;
  };
  before(async function () {
    gw = await startGateway({ chaincode: DAL_CHAINCODE });
    dir = await mkdtemp(join(tmpdir(), 'dal-verify-cli-'));
    trust = join(dir, 'trust.json');
    await writeFile(trust, await (await fetch(`${gw.url}/verify/trust.json`)).text());
    const cert = await issueCertificateTx(gw.net);
    good = await takeBundle(cert.id, 'good.json');
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

  it('exits 0 when the proof holds, the gateway confirms the transaction committed VALID and the certificate holds now', async function () {
    const r = await run([good, '--gateway', gw.url]);
    expect(r.code, r.out).to.equal(0);
    expect(r.out).to.match(/✔ committed-valid/);
    expect(r.out).to.match(/holds now\s+true/);
    // the certificate was changed after this bundle was taken (see before): still issued, so it still holds
    expect(r.out).to.match(/\(changed since this bundle was made\)/);
    expect(r.out).to.match(/^verdict VALID: the proof holds and the ledger says the certificate holds now \(status issued\)/m);
  });

  for (const [reason, end] of [
    ['revoked', (id: string) => gw.net.submit('regulator', 'Certificate:Revoke', id, JSON.stringify({ reason: 'fraud' }))],
    ['cancelled', (id: string) => gw.net.submit('enterprise-a', 'Certificate:Cancel', id, JSON.stringify({ reason: 'asset retired' }))],
  ] as const) {
    it(`exits 3 and prints why for a bundle taken before the certificate was ${reason}, whose proof still holds`, async function () {
      const cert = await issueCertificateTx(gw.net);
      const taken = await takeBundle(cert.id, `${reason}.json`);
      await end(cert.id);
      const r = await run([taken, '--gateway', gw.url]);
      expect(r.code, r.out).to.equal(3);
      expect(r.out).to.not.match(/✘/);
      expect(r.out).to.match(new RegExp(`^verdict NOT VALID \\(${reason}\\): the proof holds`, 'm'));
      expect(r.out).to.match(new RegExp(`status\\s+${reason} since `));
    });
  }

  it('exits 3, reason expired, for a genuine bundle of a certificate whose term ended in ledger time', async function () {
    const old = await issueCertificateTx(gw.net, { at: new Date(Date.now() - (3 * 365 + 3) * 86_400_000) });
    const r = await run([await takeBundle(old.id, 'expired.json'), '--gateway', gw.url]);
    expect(r.code, r.out).to.equal(3);
    expect(r.out).to.match(/^verdict NOT VALID \(expired\): the proof holds .* its term ended \(已过期\) at \S+, by ledger time/m);
    expect(r.out).to.match(/status\s+expired since /);
  });

  it('exits 1 and names the failing check for a tampered bundle, with or without a gateway', async function () {
    const tampered = JSON.parse(await readFile(good, 'utf8')) as { credentialSubject: Record<string, unknown> };
    tampered.credentialSubject.grade = 'important';
    const file = join(dir, 'tampered.json');
    await writeFile(file, JSON.stringify(tampered));
    for (const how of [['--gateway', gw.url], ['--trust', trust]]) {
      const r = await run([file, ...how]);
      expect(r.code, r.out).to.equal(1);
      expect(r.out).to.match(/✘ credential-subject/);
      expect(r.out).to.match(/^verdict NOT VALID \(proof-failed: credential-subject\)/m);
    }
  });

  it('exits 4 offline: the proof holds, and it says plainly that the current status could not be checked', async function () {
    const cert = await issueCertificateTx(gw.net);
    const taken = await takeBundle(cert.id, 'offline.json');
    await gw.net.submit('regulator', 'Certificate:Revoke', cert.id, JSON.stringify({ reason: 'fraud' }));
    const r = await run([taken, '--trust', trust]);
    expect(r.code, r.out).to.equal(4);
    expect(r.out).to.not.match(/✘/);
    expect(r.out).to.match(/^verdict STATUS NOT CHECKED: the proof holds, but the current status could not be checked offline/m);
  });

  it('documents its exit codes in --help', async function () {
    const r = await run(['--help']);
    expect(r.code, r.out).to.equal(0);
    for (const code of ['0  valid', '1  proof failed', '2  cannot check', '3  no longer holds', '4  status unchecked']) expect(r.out).to.contain(code);
  });

  it('exits 1 for a transaction the ledger invalidated, even though every offline check passes', async function () {
    const r = await run([ghost, '--gateway', gw.url]);
    expect(r.code, r.out).to.equal(1);
    expect(r.out).to.match(/✘ committed-valid/);
    expect(r.out).to.match(/^verdict NOT VALID \(proof-failed: committed-valid\)/m);
  });

  it('exits 1 without trust anchors: a bundle cannot vouch for itself', async function () {
    const r = await run([good]);
    expect(r.code, r.out).to.equal(1);
    expect(r.out).to.match(/✘ trust-anchors/);
    expect(r.out).to.match(/^verdict NOT VALID \(proof-failed: trust-anchors\)/m);
  });

  it('exits 2 for a file that is not JSON', async function () {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, 'not json');
    expect((await run([bad])).code).to.equal(2);
  });
});
