/**
 * The users of one organisation on the live Fabric network (issue 14): Taizhou's gateway,
 * started as `npm start` does with DAL_ORG, DAL_MODE=production and a wallet holding only its
 * public verifier, and `npm run users` against its loopback admin API. `add` registers and
 * enrols a registrar at Taizhou's fabric-ca with `dal.role`, stores it in the wallet (0600) and
 * prints its key once; the key writes; `rotate-key` keeps the old key within the grace period
 * and refuses it after; `revoke` refuses the key at once, revokes the certificate at fabric-ca
 * and writes the CA's CRL, which lists the certificate; `push-crl` puts that CRL into Taizhou's
 * MSP in the channel config (a config update signed with Taizhou's admin key), after which
 * the peers refuse a proposal signed with a copy of the revoked certificate and key that they
 * endorsed just before. Skipped, saying why, without a network.
 */
import 'reflect-metadata'; // @peculiar/x509 resolves its ASN.1 schemas through tsyringe, which needs it
import { expect } from 'chai';
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as x509 from '@peculiar/x509';
import { Wallets } from 'fabric-network';
import { openFabricLedger } from '../../gateway/src/ledger/fabric/fabric-ledger';
import type { Ledger } from '../../gateway/src/ledger/ledger';
import { loadConsortium } from '../../network/src/consortium';
import { normalizeSerial } from '../../network/src/protocol/msp';
import { REPO_ROOT } from '../support/test-network';

const profile = process.env.FABRIC_CONNECTION_PROFILE;
const sharedWallet = process.env.FABRIC_WALLET;
const START = join(REPO_ROOT, 'build', 'scripts', 'start.js');
const USERS = join(REPO_ROOT, 'build', 'scripts', 'users.js');
const TAIZHOU = 'TaizhouRegistryMSP';
const KEY = /^(dal_([0-9a-f]{16})_[A-Za-z0-9_-]{43})$/m;
const GRACE_SECONDS = 3;
const consortium = loadConsortium();

async function waitFor(output: () => string, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(output());
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output so far:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

if (!profile || !sharedWallet) {
  describe('users of one organisation on Fabric', function () {
    it('is skipped because no running Fabric network is configured', function () {
      console.log('  SKIPPED: FABRIC_CONNECTION_PROFILE and FABRIC_WALLET are not set, so there is no running Fabric network to test.');
      this.skip();
    });
  });
} else {
  describe("users of one organisation on Fabric: production mode and npm run users against Taizhou's gateway", function () {
    let dir: string;
    let walletDir: string;
    let dataDir: string;
    let gateway: ChildProcessWithoutNullStreams;
    let output = '';
    let url = '';
    const clerk = `tz-clerk-${Date.now().toString(36)}`;

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
    const proposeAgreement = (key: string): Promise<Response> =>
      fetch(`${url}/api/v1/agreements`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          counterparty: 'YanchengRegistryMSP',
          scope: { assetTypes: ['resource'], grades: ['general'] },
          validFrom: new Date(Date.now() - 60_000).toISOString(),
          validTo: new Date(Date.now() + 365 * 86_400_000).toISOString(),
        }),
      });

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'dal-users-fabric-'));
      walletDir = join(dir, 'wallet');
      dataDir = join(dir, 'data');
      // Taizhou's wallet starts with its gateway's public verifier only (enrolled by the live leg)
      const from = await Wallets.newFileSystemWallet(sharedWallet);
      const to = await Wallets.newFileSystemWallet(walletDir);
      const verifier = await from.get(`public-verifier@${TAIZHOU}`);
      if (!verifier) throw new Error(`no public-verifier@${TAIZHOU} in ${sharedWallet}`);
      await to.put(`public-verifier@${TAIZHOU}`, verifier);
      gateway = spawn(process.execPath, [START], {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          LEDGER_BACKEND: 'fabric',
          FABRIC_CONNECTION_PROFILE: profile,
          FABRIC_WALLET: walletDir,
          DAL_ORG: TAIZHOU,
          DAL_MODE: 'production',
          DAL_CA_REGISTRAR_SECRET: 'adminpw',
          DAL_DATA_DIR: dataDir,
          PORT: '0',
          LOG_LEVEL: 'info',
        },
      });
      gateway.stdout.on('data', (d: Buffer) => (output += d.toString()));
      gateway.stderr.on('data', (d: Buffer) => (output += d.toString()));
      [, url = ''] = await waitFor(() => output, /listening on (http:\/\/127\.0\.0\.1:\d+)/, 180_000);
      await waitFor(() => output, /admin API: +http:\/\/127\.0\.0\.1:\d+ /, 5_000);
    });
    after(async () => {
      await copied?.close();
      if (gateway && gateway.exitCode === null) {
        gateway.kill('SIGTERM');
        await once(gateway, 'exit');
      }
      await rm(dir, { recursive: true, force: true });
    });

    let copyDir = '';
    let copied: Ledger;
    let first = { key: '', keyId: '' };
    let second = { key: '', keyId: '' };
    let certificate = '';

    it('adds a registrar at fabric-ca with dal.role, into the wallet (0600), whose key writes (201)', async function () {
      expect(output).to.include('production mode (DAL_MODE=production)');
      expect(await stat(join(dataDir, 'demo-credentials.json')).then(() => 'exists', () => 'absent')).to.equal('absent');
      const added = await users('add', clerk, '--role', 'registrar');
      expect(added).to.include(`registered and enrolled ${clerk}@${TAIZHOU} (dal.role=registrar)`);
      first = keyOf(added);
      const walletFile = join(walletDir, `${clerk}@${TAIZHOU}.id`);
      expect((await stat(walletFile)).mode & 0o777).to.equal(0o600);
      certificate = (JSON.parse(await readFile(walletFile, 'utf8')) as { credentials: { certificate: string } }).credentials.certificate;
      const attrs = new x509.X509Certificate(certificate).getExtension('1.2.3.4.5.6.7.8.1');
      expect(Buffer.from(attrs!.value).toString('utf8')).to.include('"dal.role":"registrar"');

      const whoami = await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${first.key}` } });
      expect(await whoami.json()).to.deep.include({ mspId: TAIZHOU, enrollmentId: clerk, roles: ['registrar'] });
      const written = await proposeAgreement(first.key);
      expect(written.status, await written.clone().text()).to.equal(201);
      await waitFor(() => output, new RegExp(`access POST /api/v1/agreements 201 \\d+ms user=${clerk}@${TAIZHOU} key=${first.keyId}`), 5_000);
      expect(output).not.to.include(first.key);
    });

    it('rotates: the old key works within the grace period and is refused after it', async function () {
      const stdout = await users('rotate-key', clerk, '--grace', String(GRACE_SECONDS));
      const rotatedAt = Date.now();
      second = keyOf(stdout);
      expect(await me(first.key)).to.equal(200);
      expect(await me(second.key)).to.equal(200);
      expect(Date.now() - rotatedAt).to.be.below(GRACE_SECONDS * 1000);
      await new Promise((r) => setTimeout(r, GRACE_SECONDS * 1000 + 200 - (Date.now() - rotatedAt)));
      expect(await me(first.key)).to.equal(401);
      expect(await me(second.key)).to.equal(200);
    });

    it('revokes: the key is refused at once, fabric-ca revokes the certificate and its CRL lists it', async function () {
      // a copy of the identity, as someone who kept one would hold it, signing through its own client
      copyDir = join(dir, 'copy');
      const copy = await Wallets.newFileSystemWallet(copyDir);
      await copy.put(`${clerk}@${TAIZHOU}`, (await (await Wallets.newFileSystemWallet(walletDir)).get(`${clerk}@${TAIZHOU}`))!);
      copied = await openFabricLedger({
        connectionProfile: profile,
        wallet: copyDir,
        channelName: consortium.channelName,
        chaincodeName: consortium.chaincode.name,
        asLocalhost: process.env.FABRIC_AS_LOCALHOST !== 'false',
        organization: TAIZHOU,
        checkpointDir: join(dir, 'checkpoints'),
      });
      expect(JSON.parse(Buffer.from(await copied.evaluate({ mspId: TAIZHOU, enrollmentId: clerk }, 'Consortium:Get', [])).toString('utf8'))).to.have.property('organizations');

      const stdout = await users('revoke', clerk);
      expect(stdout).to.match(/REVOKED/).and.to.match(/revoked at the CA; fabric-ca revoked the certificate and wrote its CRL to .*TaizhouRegistryMSP\.crl\.pem/);
      expect(await me(second.key)).to.equal(401);
      expect((await proposeAgreement(second.key)).status).to.equal(401);
      const crl = new x509.X509Crl(await readFile(join(dataDir, 'crls', `${TAIZHOU}.crl.pem`), 'utf8'));
      const serial = normalizeSerial(new X509Certificate(certificate).serialNumber);
      expect(crl.entries.map((e) => normalizeSerial(e.serialNumber))).to.include(serial);
      expect(await Wallets.newFileSystemWallet(walletDir).then((w) => w.get(`${clerk}@${TAIZHOU}`))).to.equal(undefined);
      // until the CRL is in the channel config the peers know nothing of it: the copy still signs
      expect(await copied.evaluate({ mspId: TAIZHOU, enrollmentId: clerk }, 'Consortium:Get', [])).to.have.property('length').above(0);
    });

    it("pushes the CRL into Taizhou's MSP in the channel config, signed by Taizhou's admin, and the peers then refuse the revoked certificate", async function () {
      const orgs = join(REPO_ROOT, 'network', 'fabric', 'organizations');
      const stdout = await users(
        'push-crl',
        '--admin-msp',
        join(orgs, 'peerOrganizations', 'taizhou.dal.example.com', 'users', 'Admin@taizhou.dal.example.com', 'msp'),
        '--orderer',
        'grpcs://localhost:7050',
        '--orderer-tls-ca',
        join(orgs, 'ordererOrganizations', 'orderer.dal.example.com', 'tlsca', 'tlsca-cert.pem'),
        '--orderer-tls-hostname',
        'orderer1.orderer.dal.example.com',
      );
      expect(stdout).to.match(/TaizhouRegistryMSP's CRL is in channel dataasset's config \(block \d+\)/);
      const refused = await copied.evaluate({ mspId: TAIZHOU, enrollmentId: clerk }, 'Consortium:Get', []).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      console.log(`      the peers' answer: ${refused?.message ?? '(none)'}`);
      expect(refused?.message, 'a proposal of the revoked certificate').to.match(/access denied/);
      // pushing again changes nothing
      expect(await users('push-crl', '--admin-msp', join(orgs, 'peerOrganizations', 'taizhou.dal.example.com', 'users', 'Admin@taizhou.dal.example.com', 'msp'), '--orderer', 'grpcs://localhost:7050', '--orderer-tls-ca', join(orgs, 'ordererOrganizations', 'orderer.dal.example.com', 'tlsca', 'tlsca-cert.pem'))).to.match(/already holds TaizhouRegistryMSP's CRL/);
    });
  });
}
