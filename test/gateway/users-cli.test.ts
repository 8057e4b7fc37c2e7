/**
 * The users of an organisation without the demo, end to end: `npm start` in production mode
 * (no demo identities, no demo-credentials.json) and `npm run users` talking to the running
 * gateway's loopback admin API. Add a registrar and write with its key, rotate (the old key
 * works within the grace period and is refused after it), revoke (refused at once with 401),
 * and the revoked certificate's later proposals are refused by the embedded network's MSP.
 * The access log names the user and the key id, never the key.
 */
import { expect } from 'chai';
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadConsortium } from '../../network/src/consortium';
import { openEmbeddedNetwork } from '../../network/src/embedded/network';
import { createSigner } from '../../network/src/embedded/signer';
import { ADMIN_CREDENTIAL_FILE } from '../../gateway/src/admin/admin-credential';
import { DAL_CHAINCODE, REPO_ROOT } from '../support/test-network';

const START = join(REPO_ROOT, 'build', 'scripts', 'start.js');
const USERS = join(REPO_ROOT, 'build', 'scripts', 'users.js');
const TAIZHOU = 'TaizhouRegistryMSP';
const REGULATOR = 'JiangsuRegulatorMSP';
const KEY = /^(dal_([0-9a-f]{16})_[A-Za-z0-9_-]{43})$/m;
const GRACE_SECONDS = 3;

const rejection = (p: Promise<unknown>): Promise<Error | undefined> =>
  p.then(
    () => undefined,
    (e: unknown) => e as Error,
  );

async function waitFor(output: () => string, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(output());
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output so far:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('users without the demo: production mode and npm run users against the running gateway', function () {
  this.timeout(180_000);
  let dataDir: string;
  let gateway: ChildProcessWithoutNullStreams;
  let output = '';
  let url = '';

  /** `npm run users -- <args>` against the gateway's data directory; resolves with stdout, rejects with stderr. */
  const users = async (...args: string[]): Promise<string> => {
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [USERS, ...args, '--data-dir', dataDir], { cwd: REPO_ROOT });
      return stdout;
    } catch (err) {
      throw new Error(`users ${args.join(' ')} failed: ${(err as { stderr?: string }).stderr ?? String(err)}`);
    }
  };
  const keyOf = (stdout: string): { key: string; keyId: string } => {
    const [, key, keyId] = KEY.exec(stdout) ?? [];
    if (!key || !keyId) throw new Error(`no API key printed in:\n${stdout}`);
    return { key, keyId };
  };
  const me = async (key: string): Promise<number> => (await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${key}` } })).status;
  const term = (): { validFrom: string; validTo: string } => ({ validFrom: new Date(Date.now() - 60_000).toISOString(), validTo: new Date(Date.now() + 365 * 86_400_000).toISOString() });
  const proposeAgreement = (key: string): Promise<Response> =>
    fetch(`${url}/api/v1/agreements`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ counterparty: 'YanchengRegistryMSP', scope: { assetTypes: ['resource'], grades: ['general'] }, ...term() }),
    });

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dal-users-'));
    gateway = spawn(process.execPath, [START], { cwd: REPO_ROOT, env: { ...process.env, DAL_DATA_DIR: dataDir, PORT: '0', DAL_MODE: 'production', LOG_LEVEL: 'info' } });
    gateway.stdout.on('data', (d: Buffer) => (output += d.toString()));
    gateway.stderr.on('data', (d: Buffer) => (output += d.toString()));
    [, url = ''] = await waitFor(() => output, /listening on (http:\/\/127\.0\.0\.1:\d+)/, 120_000);
    await waitFor(() => output, /admin API: +http:\/\/127\.0\.0\.1:\d+ /, 5_000);
  });
  after(async () => {
    if (gateway && gateway.exitCode === null) {
      gateway.kill('SIGTERM');
      await once(gateway, 'exit');
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  let registrar = { key: '', keyId: '' };
  let rotated = { key: '', keyId: '' };
  let certificateFile = '';

  it('starts in production mode with no demo identities, no demo-credentials.json and no API keys', async function () {
    expect(output).to.include('production mode (DAL_MODE=production)').and.not.to.include('demo API keys');
    expect((await rejection(stat(join(dataDir, 'demo-credentials.json'))))?.message).to.match(/ENOENT/);
    const consortium = loadConsortium();
    for (const org of consortium.organizations) {
      const enrolled = await readdir(join(dataDir, 'crypto', org.mspId, 'identities')).catch(() => [] as string[]);
      // the network's own peer, and the gateway's public verifier in the regulator's organisation: nobody else
      expect(enrolled.filter((f) => f !== 'peer0.json' && f !== 'public-verifier.json'), org.mspId).to.deep.equal([]);
    }
    expect((await stat(join(dataDir, ADMIN_CREDENTIAL_FILE))).mode & 0o777).to.equal(0o600);
    expect(await users('list')).to.match(/no users with API keys yet/);
  });

  it('refuses the admin API without the token of admin-api.json', async function () {
    const { url: adminUrl } = JSON.parse(await readFile(join(dataDir, ADMIN_CREDENTIAL_FILE), 'utf8')) as { url: string };
    expect(adminUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    const anonymous = await fetch(`${adminUrl}/admin/v1/users`);
    expect(anonymous.status).to.equal(401);
    expect(anonymous.headers.get('content-type')).to.match(/problem\+json/);
    expect((await fetch(`${adminUrl}/admin/v1/users`, { headers: { authorization: 'Bearer guessed' } })).status).to.equal(401);
    // and the public port does not serve it
    expect((await fetch(`${url}/admin/v1/users`)).status).to.equal(404);
  });

  it('adds an admin who initialises the chaincode, and a registrar whose key writes at once (201)', async function () {
    keyOf(await users('add', 'ops-admin', '--role', 'admin', '--org', REGULATOR));
    expect(await users('init-consortium', 'ops-admin', '--org', REGULATOR)).to.match(/chaincode initialised .* as ops-admin \(tx [0-9a-f]{64}, block \d+\)/);

    const added = await users('add', 'tz-registrar', '--role', 'registrar', '--org', TAIZHOU);
    expect(added).to.match(/registered and enrolled tz-registrar@TaizhouRegistryMSP \(dal\.role=registrar\)/);
    registrar = keyOf(added);
    const whoami = await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${registrar.key}` } });
    expect(await whoami.json()).to.deep.include({ mspId: TAIZHOU, enrollmentId: 'tz-registrar', roles: ['registrar'] });
    expect((await proposeAgreement(registrar.key)).status).to.equal(201);

    // the identity is in the organisation's wallet, owner-only
    certificateFile = join(dataDir, 'crypto', TAIZHOU, 'identities', 'tz-registrar.json');
    expect((await stat(certificateFile)).mode & 0o777).to.equal(0o600);
    const identity = JSON.parse(await readFile(certificateFile, 'utf8')) as { attributes: Record<string, string> };
    expect(identity.attributes).to.deep.equal({ 'dal.role': 'registrar' });
    // a second add of the same user is refused
    expect((await rejection(users('add', 'tz-registrar', '--role', 'registrar', '--org', TAIZHOU)))?.message).to.match(/409 conflict: .*already enrolled/);
  });

  it('names the user and the key id in the access log, never the key', async function () {
    await waitFor(() => output, new RegExp(`access POST /api/v1/agreements 201 \\d+ms user=tz-registrar@TaizhouRegistryMSP key=${registrar.keyId}`), 5_000);
    expect(output).not.to.include(registrar.key).and.not.to.include(registrar.key.slice(22));
    expect(output).not.to.include('PRIVATE KEY');
  });

  it('rotates the key: the old key works within the grace period and is refused after it', async function () {
    const stdout = await users('rotate-key', 'tz-registrar', '--grace', String(GRACE_SECONDS), '--org', TAIZHOU);
    const rotatedAt = Date.now();
    rotated = keyOf(stdout);
    expect(rotated.keyId).not.to.equal(registrar.keyId);
    expect(await me(rotated.key)).to.equal(200);
    expect(await me(registrar.key)).to.equal(200);
    expect(Date.now() - rotatedAt, 'still within the grace period when checked').to.be.below(GRACE_SECONDS * 1000);

    await new Promise((r) => setTimeout(r, GRACE_SECONDS * 1000 + 200 - (Date.now() - rotatedAt)));
    expect(await me(registrar.key)).to.equal(401);
    expect((await proposeAgreement(registrar.key)).status).to.equal(401);
    expect((await proposeAgreement(rotated.key)).status).to.equal(201);
    const listed = await users('list', '--org', TAIZHOU);
    expect(listed).to.include(`${registrar.keyId} rotated`).and.include(`${rotated.keyId} live`);
  });

  it('revokes: the key is refused at once (401) and the certificate is revoked at the CA', async function () {
    const certificate = JSON.parse(await readFile(certificateFile, 'utf8')) as { certificate: string; privateKey: string };
    const stdout = await users('revoke', 'tz-registrar', '--org', TAIZHOU);
    expect(stdout).to.match(/revoked: tz-registrar@TaizhouRegistryMSP .*REVOKED/);
    expect(stdout).to.match(/certificate [0-9a-f]+ revoked at the CA; the embedded CA's new CRL is in TaizhouRegistryMSP's channel MSP now/);
    expect(await me(rotated.key)).to.equal(401);
    const refused = await proposeAgreement(rotated.key);
    expect(refused.status).to.equal(401);
    expect(((await refused.json()) as { code: string }).code).to.equal('unauthenticated');
    // its key left the wallet; the enrolment id is not reused
    expect((await rejection(stat(certificateFile)))?.message).to.match(/ENOENT/);
    expect((await rejection(users('rotate-key', 'tz-registrar', '--org', TAIZHOU)))?.message).to.match(/409 conflict: .*was revoked/);
    expect((await rejection(users('add', 'tz-registrar', '--role', 'registrar', '--org', TAIZHOU)))?.message).to.match(/409 conflict: .*was revoked/);

    // whoever kept a copy of the certificate and key cannot sign with it: the network's MSP refuses
    gateway.kill('SIGTERM');
    await once(gateway, 'exit');
    const network = await openEmbeddedNetwork({ dataDir, consortium: loadConsortium(), chaincodePath: DAL_CHAINCODE, chaincodeWorkers: 1 });
    try {
      const signer = createSigner(TAIZHOU, certificate.certificate, certificate.privateKey);
      const error = await rejection(network.submit(signer, ['Consortium:Get']));
      expect(error?.message).to.match(/creator is not valid: the certificate of tz-registrar@TaizhouRegistryMSP has been revoked/);
    } finally {
      await network.close();
    }
  });
});
