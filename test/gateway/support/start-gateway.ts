/**
 * A real gateway for HTTP tests: the Express app from createApp, listening on a random port,
 * over an embedded ledger from the shared test-network fixture, with the demo identities
 * bootstrapped exactly as `npm start` does. Nothing is mocked.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { join } from 'node:path';
import express from 'express';
import { API_INFO, createApp } from '../../../gateway/src/app';
import { buildOpenApiDocument } from '../../../gateway/src/openapi/document';
import { schemas } from '../../../gateway/src/openapi/schemas';
import { openApiKeyStore, type ApiKeyStore } from '../../../gateway/src/auth/api-key-store';
import { loadConfig, type GatewayConfig } from '../../../gateway/src/config';
import { bootstrapDemo, type DemoBootstrap } from '../../../gateway/src/demo/bootstrap-demo';
import { openIdempotencyStore, type IdempotencyStore } from '../../../gateway/src/ledger-service/idempotency-store';
import type { Logger } from '../../../gateway/src/logger';
import { createLifecycleReadModel, type LifecycleReadModel } from '../../../gateway/src/lifecycle/read-model';
import { openWriteJournal, WRITE_JOURNAL_FILE, type WriteJournal } from '../../../gateway/src/http/write-journal';
import { responseCheck, type ResponseCheck } from './response-check';
import { declaredRoutes } from './route-transactions';
import type { StorageGuard } from '../../../gateway/src/storage/storage-guard';
import type { PriceFiguresCache } from '../../../gateway/src/market/price-figures-cache';
import { answerClientErrors } from '../../../gateway/src/http/client-errors';
import type { EventStreamOptions } from '../../../gateway/src/routes/events';
import { KV_CHAINCODE, startTestNetwork, type TestNetwork, type TestNetworkOptions } from '../../support/test-network';

export interface TestGateway {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly net: TestNetwork;
  readonly config: GatewayConfig;
  readonly keys: ApiKeyStore;
  readonly demo: DemoBootstrap;
  /** The lifecycle read model the app serves from (started by the first lifecycle or lineage request). */
  readonly lifecycle: LifecycleReadModel;
  /** The append-only journal of writes, in the data dir. */
  readonly writeJournal: WriteJournal;
  /** Log lines written during start and requests, `LEVEL message`. */
  readonly logLines: readonly string[];
  /** The demo API key of a demo identity. */
  apiKey(name: string): string;
  /** Every answer checked against the published OpenAPI document (response-check.ts). */
  readonly responses: ResponseCheck;
  /**
   * Stops the server, the stores and the ledger (and removes the data dir unless it was given);
   * then fails if any answer did not match the published document.
   */
  close(): Promise<void>;
}

export interface StartGatewayOptions {
  /** Reuse a data directory (restart tests); default a fresh temporary one. */
  readonly dataDir?: string;
  /** Chaincode package; default the small kv test chaincode, which has no Consortium:Init. */
  readonly chaincode?: string;
  /** Environment for loadConfig, e.g. `{ BODY_LIMIT: '1kb' }`. */
  readonly env?: Readonly<Record<string, string>>;
  /** Embedded network options, e.g. `{ endorsementPlanning: 'discovery' }` to plan as fabric-network 2.2 does. */
  readonly network?: TestNetworkOptions['network'];
  /** The app's storage guard, e.g. one whose probe stages a full or read-only disk. */
  readonly storage?: StorageGuard;
  /** The app's price figures cache, made over the test network (e.g. one counting its evaluations); default the app's own. */
  readonly priceFigures?: (net: TestNetwork) => PriceFiguresCache;
  /** Limits of GET /events streams, e.g. a small buffer bound; default the app's own. */
  readonly eventStreams?: EventStreamOptions;
}

export async function startGateway(options: StartGatewayOptions = {}): Promise<TestGateway> {
  const net = await startTestNetwork({
    chaincode: options.chaincode ?? KV_CHAINCODE,
    init: false,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.network ? { network: options.network } : {}),
  });
  const config = loadConfig({ ...options.env, DAL_DATA_DIR: net.dataDir, PORT: '0' });
  const logLines: string[] = [];
  const record = (level: string) => (line: string): void => {
    logLines.push(`${level} ${line}`);
  };
  const log: Logger = { error: record('ERROR'), warn: record('WARN'), info: record('INFO'), debug: record('DEBUG') };

  let keys: ApiKeyStore | undefined;
  let idempotency: IdempotencyStore | undefined;
  let server: Server | undefined;
  const lifecycle = createLifecycleReadModel({ ledger: net.ledger, directory: join(config.dataDir, 'lifecycle'), log: record('WARN') });
  const writeJournal = openWriteJournal(join(config.dataDir, WRITE_JOURNAL_FILE), log);
  try {
    const organization = config.organization !== undefined ? { organization: config.organization } : {};
    keys = await openApiKeyStore({ file: join(config.dataDir, 'api-keys.json'), ...organization });
    idempotency = await openIdempotencyStore({ file: join(config.dataDir, 'idempotency.jsonl') });
    const demo = await bootstrapDemo({ ledger: net.ledger, consortium: net.consortium, keys, dataDir: config.dataDir, log, ...organization });
    const app = createApp({ ledger: net.ledger, identities: keys, idempotency, config, consortium: net.consortium, log, lifecycle, writeJournal, ...(options.storage ? { storage: options.storage } : {}), ...(options.priceFigures ? { priceFigures: options.priceFigures(net) } : {}), ...(options.eventStreams ? { eventStreams: options.eventStreams } : {}) });
    const responses = responseCheck(buildOpenApiDocument(declaredRoutes(net), schemas, API_INFO));
    server = express().use(responses.middleware, app).listen(0, '127.0.0.1');
    answerClientErrors(server);
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const running = server;
    const store = idempotency;
    return {
      url: `http://127.0.0.1:${port}`,
      net,
      config,
      keys,
      demo,
      lifecycle,
      writeJournal,
      logLines,
      apiKey(name) {
        const credential = demo.credentials[name];
        if (!credential) throw new Error(`no demo credential ${name}`);
        return credential.apiKey;
      },
      responses,
      async close() {
        running.closeAllConnections();
        await new Promise<void>((resolve) => running.close(() => resolve()));
        await store.close();
        await writeJournal.close();
        await lifecycle.close();
        await net.close();
        if (responses.failures.length > 0) {
          throw new Error(`answers that do not match the published OpenAPI document:\n${responses.failures.join('\n')}`);
        }
      },
    };
  } catch (err) {
    server?.close();
    await idempotency?.close();
    await writeJournal.close();
    await lifecycle.close();
    await net.close();
    throw err;
  }
}
