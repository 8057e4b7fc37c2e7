/**
 * Two organisations' gateways side by side on the live Fabric network (issue 14): Taizhou's and
 * Yancheng's, each with DAL_ORG set, its own data directory and a wallet holding only its own
 * identities (copied out of the live leg's shared wallet). An application filed through
 * Taizhou's gateway is read through Yancheng's at once with X-Min-Block; public verification
 * answers the same on both; neither honours the other's keys, and the chaincode refuses one
 * city's registrar acting on the other's application. Skipped, saying why, without a network.
 */
import { expect } from 'chai';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Wallets } from 'fabric-network';
import { createApp } from '../../gateway/src/app';
import { openApiKeyStore } from '../../gateway/src/auth/api-key-store';
import { loadConfig } from '../../gateway/src/config';
import { bootstrapDemo, type DemoBootstrap } from '../../gateway/src/demo/bootstrap-demo';
import { openLedgerBackend } from '../../gateway/src/ledger-backend';
import { openIdempotencyStore } from '../../gateway/src/ledger-service/idempotency-store';
import type { Ledger } from '../../gateway/src/ledger/ledger';
import type { Logger } from '../../gateway/src/logger';
import { loadConsortium } from '../../network/src/consortium';
import { applicationBody, ENTERPRISE_B, TAIZHOU, YANCHENG } from '../support/demo-parties';
import { DAL_CHAINCODE } from '../support/test-network';

const profile = process.env.FABRIC_CONNECTION_PROFILE;
const wallet = process.env.FABRIC_WALLET;

interface OrgGateway {
  readonly url: string;
  readonly demo: DemoBootstrap;
  close(): Promise<void>;
}

/** A wallet with only `mspId`'s identities from the shared one, as that organisation would hold. */
async function ownWallet(shared: string, mspId: string, dir: string): Promise<void> {
  const from = await Wallets.newFileSystemWallet(shared);
  const to = await Wallets.newFileSystemWallet(dir);
  for (const label of await from.list()) {
    const identity = await from.get(label);
    if (identity?.mspId === mspId) await to.put(label, identity);
  }
}

async function startOrgGateway(mspId: string): Promise<OrgGateway> {
  const dataDir = await mkdtemp(join(tmpdir(), `dal-${mspId}-`));
  const walletDir = join(dataDir, 'wallet');
  await ownWallet(wallet!, mspId, walletDir);
  const config = loadConfig({
    LEDGER_BACKEND: 'fabric',
    FABRIC_CONNECTION_PROFILE: profile,
    FABRIC_WALLET: walletDir,
    FABRIC_AS_LOCALHOST: process.env.FABRIC_AS_LOCALHOST ?? 'true',
    DAL_DATA_DIR: join(dataDir, 'data'),
    DAL_ORG: mspId,
    DAL_MIN_BLOCK_TIMEOUT_MS: '30000',
    PORT: '0',
  });
  const consortium = loadConsortium();
  const log: Logger = { error: console.error, warn: console.warn, info: () => undefined, debug: () => undefined };
  let ledger: Ledger | undefined;
  let server: Server | undefined;
  try {
    ledger = await openLedgerBackend({ config, consortium, chaincodePath: DAL_CHAINCODE, log });
    const keys = await openApiKeyStore({ file: join(config.dataDir, 'api-keys.json'), organization: mspId });
    const idempotency = await openIdempotencyStore({ file: join(config.dataDir, 'idempotency.jsonl') });
    const demo = await bootstrapDemo({ ledger, consortium, keys, dataDir: config.dataDir, log, organization: mspId });
    server = createApp({ ledger, identities: keys, idempotency, config, consortium, log }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const running = server;
    const open = ledger;
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`,
      demo,
      async close() {
        running.closeAllConnections();
        await new Promise<void>((resolve) => running.close(() => resolve()));
        await idempotency.close();
        await open.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    server?.close();
    await ledger?.close();
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(gw: OrgGateway, key: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${gw.url}${path}`, {
    method,
    headers: { ...(key !== null ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

function keyOf(gw: OrgGateway, name: string): string {
  const credential = gw.demo.credentials[name];
  if (!credential) throw new Error(`no demo credential ${name} on this gateway`);
  return credential.apiKey;
}

if (!profile || !wallet) {
  describe('two organisations’ gateways on Fabric', function () {
    it('is skipped because no running Fabric network is configured', function () {
      console.log('  SKIPPED: FABRIC_CONNECTION_PROFILE and FABRIC_WALLET are not set, so there is no running Fabric network to test.');
      this.skip();
    });
  });
} else {
  describe('two organisations’ gateways on Fabric (Taizhou and Yancheng, DAL_ORG)', function () {
    let taizhou: OrgGateway;
    let yancheng: OrgGateway;
    before(async () => {
      taizhou = await startOrgGateway(TAIZHOU);
      yancheng = await startOrgGateway(YANCHENG);
    });
    after(async () => {
      await taizhou?.close();
      await yancheng?.close();
    });

    it('gives each gateway keys for its own organisation’s identities only, and neither honours the other’s', async function () {
      expect(Object.values(taizhou.demo.credentials).map((c) => c.mspId)).to.satisfy((ids: string[]) => ids.length > 0 && ids.every((id) => id === TAIZHOU));
      expect(Object.values(yancheng.demo.credentials).map((c) => c.mspId)).to.satisfy((ids: string[]) => ids.length > 0 && ids.every((id) => id === YANCHENG));
      expect((await call(yancheng, keyOf(taizhou, 'taizhou-registrar'), 'GET', '/me')).status).to.equal(401);
      expect((await call(taizhou, keyOf(yancheng, 'yancheng-registrar'), 'GET', '/me')).status).to.equal(401);
    });

    it('reads through Yancheng’s gateway, with X-Min-Block, an application filed and issued through Taizhou’s, and public verification agrees on both', async function () {
      const applied = await call(taizhou, keyOf(taizhou, 'enterprise-a'), 'POST', '/certificates', applicationBody());
      expect(applied.status, JSON.stringify(applied.body)).to.equal(201);
      const seen = await call(yancheng, null, 'GET', `/certificates/${applied.body.id}/verification`, undefined, { 'X-Min-Block': String(applied.body.blockNumber) });
      expect(seen.status, JSON.stringify(seen.body)).to.equal(200);
      expect(seen.body).to.include({ exists: true, valid: false });

      const registrar = keyOf(taizhou, 'taizhou-registrar');
      const reviewed = await call(taizhou, registrar, 'POST', `/certificates/${applied.body.id}/review`, { decision: 'approve', publicityDays: 0 });
      expect(reviewed.status, JSON.stringify(reviewed.body)).to.equal(200);
      const issued = await call(taizhou, registrar, 'POST', `/certificates/${reviewed.body.id}/issue`);
      expect(issued.status, JSON.stringify(issued.body)).to.equal(200);

      const minBlock = { 'X-Min-Block': String(issued.body.blockNumber) };
      const onYancheng = await call(yancheng, null, 'GET', `/certificates/${issued.body.id}/verification`, undefined, minBlock);
      const onTaizhou = await call(taizhou, null, 'GET', `/certificates/${issued.body.id}/verification`, undefined, minBlock);
      expect(onYancheng.status).to.equal(200);
      expect(onYancheng.body).to.include({ exists: true, valid: true, status: 'issued' });
      const { checkedAt: _y, ...yanchengVerdict } = onYancheng.body;
      const { checkedAt: _t, ...taizhouVerdict } = onTaizhou.body;
      expect(yanchengVerdict).to.deep.equal(taizhouVerdict);
    });

    it('leaves the other city’s applications to the chaincode: Yancheng’s registrar may not review one filed at Taizhou (403)', async function () {
      const applied = await call(taizhou, keyOf(taizhou, 'enterprise-a'), 'POST', '/certificates', applicationBody());
      expect(applied.status, JSON.stringify(applied.body)).to.equal(201);
      const review = await call(yancheng, keyOf(yancheng, 'yancheng-registrar'), 'POST', `/certificates/${applied.body.id}/review`, { decision: 'approve', publicityDays: 0 }, { 'Idempotency-Key': `two-gw-${applied.body.id}` });
      expect(review.status, JSON.stringify(review.body)).to.equal(403);
      // and an application at Yancheng is filed through Yancheng's own gateway
      const atYancheng = await call(yancheng, keyOf(yancheng, 'enterprise-b'), 'POST', '/certificates', applicationBody({ registry: YANCHENG, rights: [{ type: 'holding', holder: ENTERPRISE_B }] }));
      expect(atYancheng.status, JSON.stringify(atYancheng.body)).to.equal(201);
    });
  });
}
