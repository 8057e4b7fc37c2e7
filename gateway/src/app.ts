/**
 * The gateway's Express app, built from its dependencies (no listen, no globals): tests start
 * it on a random port over a real ledger, scripts/start.ts over the configured one.
 */
import express, { type Express } from 'express';
import { join } from 'node:path';
import type { Consortium } from '../../network/src/consortium';
import type { IdentityStore } from './auth/identity';
import type { GatewayConfig } from './config';
import { accessLog } from './http/access-log';
import { jsonBody } from './http/json-body';
import { mountRoutes } from './http/mount-routes';
import { notFoundHandler, problemHandler } from './http/problem';
import { createRateLimiter } from './http/rate-limit';
import { requestTimeout } from './http/request-timeout';
import { openWriteJournal, WRITE_JOURNAL_FILE, type WriteJournal } from './http/write-journal';
import type { Ledger } from './ledger/ledger';
import type { IdempotencyStore } from './ledger-service/idempotency-store';
import { createEndorsementPlanner } from './ledger-service/endorsement-plan';
import { createLedgerReader } from './ledger-service/ledger-reader';
import { awaitMinBlock } from './ledger-service/min-block';
import { createLedgerWriter } from './ledger-service/ledger-writer';
import { createStorageGuard, type StorageGuard } from './storage/storage-guard';
import { createLifecycleReadModel, type LifecycleReadModel } from './lifecycle/read-model';
import { createPriceFiguresCache, type PriceFiguresCache } from './market/price-figures-cache';
import { silentLogger, type Logger } from './logger';
import { docsAssets } from './openapi/docs-page';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi/document';
import { schemas } from './openapi/schemas';
import { createRequestValidator } from './openapi/validator';
import { allRoutes } from './routes';
import type { EventStreamOptions } from './routes/events';
import { chaincodeBinder } from './routes/chaincode-call';
import { verifyPage } from './pages/verify-page';
import { consolePage } from './pages/console-page';
import { publicityPage } from './pages/publicity-page';
import { createPublicityBoard } from './publicity/publicity-board';
import { channelTrustSource } from './verification/channel-trust';
import { publicVerifierOf } from './verification/public-verifier';

/** The largest document POST /verify accepts: a certificate bundle or a provenance dossier. */
const VERIFY_BODY_LIMIT_BYTES = 4 * 1024 * 1024;

export interface AppDependencies {
  readonly ledger: Ledger;
  /** Resolves API keys to enrolled identities. */
  readonly identities: IdentityStore;
  /** Remembers answers to writes sent with an Idempotency-Key. */
  readonly idempotency: IdempotencyStore;
  readonly config: GatewayConfig;
  /**
   * The consortium the ledger's channel was made from (network/consortium.json): its
   * organisations and chaincode-level policy plan endorsements, its regulator hosts the public
   * verifier, its names are the issuers' display names and trust anchors.
   */
  readonly consortium: Consortium;
  readonly log?: Logger;
  /**
   * The lifecycle read model (lifecycle/read-model.ts). Absent: one in `<dataDir>/lifecycle`, opened
   * and started by the first lifecycle or lineage request (its owner never closes it).
   */
  readonly lifecycle?: LifecycleReadModel;
  /** Refuses writes when the data directory is full or read-only; default: DAL_DATA_DIR's filesystem with DAL_MIN_FREE_MB in reserve. */
  readonly storage?: StorageGuard;
  /**
   * The append-only journal of writes (http/write-journal.ts). Absent: one appending to
   * `<dataDir>/access-log.jsonl`, open as long as the process (its owner never closes it).
   */
  readonly writeJournal?: WriteJournal;
  /** The public price figures' cache (market/price-figures-cache.ts). Absent: one over `ledger`, signed as the public verifier. */
  readonly priceFigures?: PriceFiguresCache;
  /** Limits of GET /events streams (routes/events.ts); default its own (tests make them small). */
  readonly eventStreams?: EventStreamOptions;
}

export const API_INFO = {
  title: 'Data Asset Ledger gateway',
  version: '1.0.0',
  description:
    'Data-asset registration certificates (数据资产登记凭证) on a Fabric-compatible consortium ledger. ' +
    'Every write is answered after its transaction is committed, with `txId` and `blockNumber`. ' +
    'Errors are `application/problem+json` with a stable `code`.',
} as const;

export function createApp(deps: Readonly<AppDependencies>): Express {
  const log = deps.log ?? silentLogger;
  const { consortium } = deps;
  const reader = createLedgerReader(deps.ledger);
  const writer = createLedgerWriter({
    ledger: deps.ledger,
    idempotency: deps.idempotency,
    planner: createEndorsementPlanner({ ledger: deps.ledger, consortium }),
    storage: deps.storage ?? createStorageGuard({ dir: deps.config.dataDir, minFreeBytes: deps.config.minFreeBytes }),
  });
  const lifecycle =
    deps.lifecycle ?? createLifecycleReadModel({ ledger: deps.ledger, directory: join(deps.config.dataDir, 'lifecycle'), log: (line) => log.warn(line) });
  const publicVerifier = publicVerifierOf(consortium, deps.config.organization);
  const services = {
    ledger: deps.ledger,
    reader,
    consortium,
    publicVerifier,
    lifecycle,
    minBlockTimeoutMs: deps.config.minBlockTimeoutMs,
    priceFigures: deps.priceFigures ?? createPriceFiguresCache({ ledger: deps.ledger, identity: publicVerifier }),
    ...(deps.eventStreams ? { eventStreams: deps.eventStreams } : {}),
  };
  let document: OpenApiDocument | undefined;
  const routes = allRoutes(services, () => (document ??= buildOpenApiDocument(routes, schemas, API_INFO)));

  const app = express();
  app.disable('x-powered-by');
  // No conditional GETs on the API: a 304 is not in the published contract, and a ledger read is
  // cheap to answer whole. Static assets (the console, /verify's script) keep their own ETags.
  app.set('etag', false);
  app.use((_req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.use(accessLog(log));
  const problems = problemHandler(log);
  app.use(requestTimeout(deps.config.requestTimeoutMs, problems));
  // a provenance dossier posted to /verify carries its transactions and blocks (docs/provenance.md: under 1 MiB for 50 facts)
  app.use('/api/v1/verify', jsonBody(Math.max(deps.config.bodyLimitBytes, VERIFY_BODY_LIMIT_BYTES)));
  app.use(jsonBody(deps.config.bodyLimitBytes));
  app.use(
    mountRoutes(routes, {
      identities: deps.identities,
      validator: createRequestValidator(schemas),
      chaincode: chaincodeBinder({ writer, reader }),
      minBlock: (blockNumber) => awaitMinBlock(deps.ledger, blockNumber, { timeoutMs: deps.config.minBlockTimeoutMs }),
      rateLimit: createRateLimiter(deps.config.rateLimit),
      writeJournal: deps.writeJournal ?? openWriteJournal(join(deps.config.dataDir, WRITE_JOURNAL_FILE), log),
    }),
  );
  app.use(docsAssets());
  app.use(verifyPage({ trust: channelTrustSource(deps.ledger, consortium) }));
  app.use(consolePage());
  app.use(publicityPage({ board: createPublicityBoard({ ledger: deps.ledger, identity: services.publicVerifier }), consortium }));
  app.use(notFoundHandler);
  app.use(problems);
  return app;
}
