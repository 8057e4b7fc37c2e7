/**
 * `npm start`: read config, open the ledger (embedded by default), create the demo
 * identities on first start (DAL_MODE=demo, the default; none in production mode), serve the
 * gateway and, on 127.0.0.1 only, the admin API that `npm run users` talks to, and shut down
 * cleanly on SIGINT/SIGTERM.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loadConsortium } from '../network/src/consortium';
import { createApp } from '../gateway/src/app';
import { openWriteJournal, WRITE_JOURNAL_FILE } from '../gateway/src/http/write-journal';
import { createAdminApp } from '../gateway/src/admin/admin-app';
import { newAdminToken, writeAdminCredential } from '../gateway/src/admin/admin-credential';
import { openApiKeyStore } from '../gateway/src/auth/api-key-store';
import { ConfigError, loadConfig } from '../gateway/src/config';
import { banner } from '../gateway/src/demo/banner';
import { bootstrapDemo } from '../gateway/src/demo/bootstrap-demo';
import { openLedgerBackend } from '../gateway/src/ledger-backend';
import { openIdempotencyStore } from '../gateway/src/ledger-service/idempotency-store';
import { createLifecycleReadModel } from '../gateway/src/lifecycle/read-model';
import { ForeignIdentityError } from '../gateway/src/ledger/fabric/wallet-organization';
import { createLogger } from '../gateway/src/logger';
import { isStorageFault } from '../gateway/src/storage/storage-fault';
import { embeddedUserAuthorityOf, fabricUserAuthorityOf } from '../gateway/src/users/open-user-authority';
import { ensureGatewayIdentity, type UserAuthority } from '../gateway/src/users/user-authority';
import { createUserDirectory } from '../gateway/src/users/user-directory';
import { publicVerifierOf } from '../gateway/src/verification/public-verifier';
import { answerClientErrors } from '../gateway/src/http/client-errors';

// Compiled to build/scripts/start.js; the repository root is two levels up.
const REPO_ROOT = join(__dirname, '..', '..');
/** How long open connections get to finish after a shutdown signal before they are cut. */
const SHUTDOWN_GRACE_MS = 10_000;
/** The admin API never listens beyond this host: managing users is for the operator on the gateway's machine. */
const ADMIN_HOST = '127.0.0.1';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const consortium = loadConsortium();
  const organization = config.organization !== undefined ? { organization: config.organization } : {};
  const production = config.mode === 'production';
  const publicVerifier = publicVerifierOf(consortium, config.organization);
  // on Fabric the wallet must hold the gateway's own identity before the ledger opens
  const fabricUsers = await fabricUserAuthorityOf(config, consortium);
  if (production && fabricUsers && (await ensureGatewayIdentity(fabricUsers, publicVerifier))) log.info(`enrolled the gateway's ${publicVerifier.enrollmentId} identity`);
  const ledger = await openLedgerBackend({ config, consortium, chaincodePath: join(REPO_ROOT, 'chaincode'), log });
  const authority: UserAuthority | undefined = fabricUsers ?? embeddedUserAuthorityOf(ledger);
  const keys = await openApiKeyStore({ file: join(config.dataDir, 'api-keys.json'), ...organization });
  const idempotency = await openIdempotencyStore({ file: join(config.dataDir, 'idempotency.jsonl') });
  const demo = production ? undefined : await bootstrapDemo({ ledger, consortium, keys, dataDir: config.dataDir, log, ...organization });
  if (production && authority && (await ensureGatewayIdentity(authority, publicVerifier))) log.info(`enrolled the gateway's ${publicVerifier.enrollmentId} identity`);
  if (production) log.info('production mode (DAL_MODE=production): no demo identities; add users with npm run users');
  if (config.organization !== undefined) log.info(`serving ${config.organization} only (DAL_ORG)`);

  // the auditors' lifecycle read model follows the chain from start-up; `--rebuild-lifecycle` reads it again from block 0
  const lifecycle = createLifecycleReadModel({ ledger, directory: join(config.dataDir, 'lifecycle'), log: (line) => log.warn(line) });
  if (process.argv.includes('--rebuild-lifecycle')) {
    log.info('rebuilding the lifecycle read model from block 0');
    await lifecycle.rebuild();
  }
  lifecycle.start();
  const writeJournal = openWriteJournal(join(config.dataDir, WRITE_JOURNAL_FILE), log);
  const app = createApp({ ledger, identities: keys, idempotency, config, consortium, log, lifecycle, writeJournal });
  const server = app.listen(config.port, config.host);
  answerClientErrors(server);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  // the admin API: loopback only, with a token written to the data directory (0600) for npm run users
  let admin: Server | undefined;
  let adminLine = '';
  if (authority) {
    const token = newAdminToken();
    const users = createUserDirectory({
      keys,
      authority,
      ...organization,
      organizations: consortium.organizations.map((o) => o.mspId),
      rotationGraceMs: config.keyRotationGraceMs,
      log,
    });
    admin = createAdminApp({ users, token, ledger, consortium, ...organization, log }).listen(config.adminPort, ADMIN_HOST);
    await once(admin, 'listening');
    const adminUrl = `http://${ADMIN_HOST}:${(admin.address() as AddressInfo).port}`;
    const file = await writeAdminCredential(config.dataDir, { url: adminUrl, token });
    adminLine = `  admin API:      ${adminUrl}   (loopback only; npm run users, credential in ${file})`;
  }
  console.log([banner({ url: `http://${host}:${port}`, backend: ledger.backend, height: await ledger.height(), ...(demo ? { demo } : {}) }), adminLine].filter((l) => l !== '').join('\n'));

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down`);
    // Stop accepting, let requests in flight finish (a write waits for its commit), then close the ledger.
    admin?.close();
    admin?.closeAllConnections();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const grace = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    await closed;
    clearTimeout(grace);
    await idempotency.close();
    await writeJournal.close();
    await lifecycle.close();
    await ledger.close();
    log.info('stopped');
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stop(signal).then(
        () => process.exit(0),
        (err: unknown) => {
          log.error(`shutdown failed: ${(err as Error).stack ?? String(err)}`);
          process.exit(1);
        },
      );
    });
  }
}

/** Start-up failures a user can fix deserve one clear line, not a stack trace. */
function describeStartupError(err: unknown): string | undefined {
  if (err instanceof ConfigError) return `configuration error: ${err.message}`;
  if (err instanceof ForeignIdentityError) return `refusing to start: ${err.message}`;
  const e = err as { code?: string; cause?: unknown; message?: string; port?: number; address?: string };
  if (e.code === 'EADDRINUSE') return `cannot listen on ${e.address ?? 'the address'}:${e.port ?? ''}: the port is in use by another process; stop it or set PORT`;
  if (e.code === 'EACCES') return `cannot listen on ${e.address ?? 'the address'}:${e.port ?? ''}: permission denied; choose a PORT above 1023`;
  if (isStorageFault(err)) {
    const what = /read-only|EROFS/i.test(`${String(e.message)} ${String(e.cause ?? '')}`) ? 'is on a read-only filesystem' : 'is full';
    return `cannot start: the data directory (DAL_DATA_DIR) ${what}, and the ledger must write there to open; free space or make it writable, then start again`;
  }
  if (e.code === 'LEVEL_DATABASE_NOT_OPEN' && /lock/i.test(String(e.cause ?? ''))) {
    return `the ledger in DAL_DATA_DIR is open in another running gateway (LevelDB allows one process); stop it or set another DAL_DATA_DIR`;
  }
  return undefined;
}

main().catch((err: unknown) => {
  console.error(describeStartupError(err) ?? (err instanceof Error ? (err.stack ?? err.message) : String(err)));
  process.exit(1);
});
