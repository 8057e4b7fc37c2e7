/**
 * The HTTP scenario (test/conformance/http-scenario.ts) against a gateway over real Fabric,
 * in the live leg (`npm run test:fabric`): the backend is opened from LEDGER_BACKEND=fabric
 * config by openLedgerBackend and the demo identities get API keys, as `npm start` does.
 * Skipped, saying why, when FABRIC_CONNECTION_PROFILE and FABRIC_WALLET are not set.
 */
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../gateway/src/app';
import { openApiKeyStore } from '../../gateway/src/auth/api-key-store';
import { loadConfig } from '../../gateway/src/config';
import { bootstrapDemo } from '../../gateway/src/demo/bootstrap-demo';
import { openLedgerBackend } from '../../gateway/src/ledger-backend';
import { openIdempotencyStore } from '../../gateway/src/ledger-service/idempotency-store';
import { createLifecycleReadModel } from '../../gateway/src/lifecycle/read-model';
import type { Logger } from '../../gateway/src/logger';
import { loadConsortium } from '../../network/src/consortium';
import { defineHttpScenario } from '../conformance/http-scenario';
import { DAL_CHAINCODE } from '../support/test-network';

const profile = process.env.FABRIC_CONNECTION_PROFILE;
const wallet = process.env.FABRIC_WALLET;

if (!profile || !wallet) {
  describe('HTTP scenario: gateway over the fabric backend', function () {
    it('is skipped because no running Fabric network is configured', function () {
      console.log('  SKIPPED: FABRIC_CONNECTION_PROFILE and FABRIC_WALLET are not set, so there is no running Fabric network to test.');
      this.skip();
    });
  });
} else {
  defineHttpScenario('gateway over the fabric backend', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'dal-fabric-http-'));
    const config = loadConfig({
      LEDGER_BACKEND: 'fabric',
      FABRIC_CONNECTION_PROFILE: profile,
      FABRIC_WALLET: wallet,
      FABRIC_AS_LOCALHOST: process.env.FABRIC_AS_LOCALHOST ?? 'true',
      DAL_DATA_DIR: dataDir,
      PORT: '0',
    });
    const consortium = loadConsortium();
    const log: Logger = { error: console.error, warn: console.warn, info: () => undefined, debug: () => undefined };
    const ledger = await openLedgerBackend({ config, consortium, chaincodePath: DAL_CHAINCODE, log });
    const keys = await openApiKeyStore({ file: join(dataDir, 'api-keys.json') });
    const idempotency = await openIdempotencyStore({ file: join(dataDir, 'idempotency.jsonl') });
    const demo = await bootstrapDemo({ ledger, consortium, keys, dataDir, log });
    const lifecycle = createLifecycleReadModel({ ledger, directory: join(dataDir, 'lifecycle'), log: console.warn });
    const server = createApp({ ledger, identities: keys, idempotency, config, consortium, log, lifecycle }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      backend: 'fabric',
      apiKey(name) {
        const credential = demo.credentials[name];
        if (!credential) throw new Error(`no demo credential ${name}`);
        return credential.apiKey;
      },
      async close() {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await idempotency.close();
        await lifecycle.close();
        await ledger.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }, { settleTimeoutMs: 60_000 });
}
