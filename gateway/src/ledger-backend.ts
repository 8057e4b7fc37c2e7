/**
 * Chooses the ledger backend once, from config (style: one backend interface, two
 * implementations; routes never know which).
 */
import type { Consortium } from '../../network/src/consortium';
import { ConfigError, type GatewayConfig } from './config';
import { openEmbeddedLedger, type EmbeddedLedger } from './ledger/embedded-ledger';
import type { Ledger } from './ledger/ledger';
import type { Logger } from './logger';

export interface LedgerBackendOptions {
  readonly config: GatewayConfig;
  readonly consortium: Consortium;
  /** Package directory of the chaincode (the embedded backend runs it in-process). */
  readonly chaincodePath: string;
  readonly log: Logger;
}

/** Opens the configured backend; the embedded one can also enrol identities. */
export async function openLedgerBackend(options: Readonly<LedgerBackendOptions>): Promise<Ledger | EmbeddedLedger> {
  const { config, consortium, chaincodePath, log } = options;
  if (config.ledgerBackend === 'fabric') {
    throw new ConfigError(
      'LEDGER_BACKEND=fabric is not available in this build yet (the fabric-network backend is not wired into the gateway); use LEDGER_BACKEND=embedded',
    );
  }
  return openEmbeddedLedger({
    dataDir: config.dataDir,
    consortium,
    chaincodePath,
    log: (line) => log.debug(`ledger: ${line}`),
  });
}
