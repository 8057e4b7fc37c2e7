/**
 * Chooses the ledger backend once, from config (style: one backend interface, two
 * implementations; routes never know which).
 */
import { join } from 'node:path';
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
    // loadConfig guarantees the fabric block when the backend is fabric; this narrows the type.
    if (!config.fabric) throw new ConfigError('LEDGER_BACKEND=fabric needs FABRIC_CONNECTION_PROFILE and FABRIC_WALLET');
    // Loaded only when chosen: fabric-network and its gRPC stack are heavy and unused by the embedded default.
    const { openFabricLedger } = await import('./ledger/fabric/fabric-ledger');
    return openFabricLedger({
      connectionProfile: config.fabric.connectionProfile,
      wallet: config.fabric.wallet,
      asLocalhost: config.fabric.asLocalhost,
      channelName: consortium.channelName,
      chaincodeName: consortium.chaincode.name,
      // Event checkpoints beside the gateway's other state, so /events resumes after a restart.
      checkpointDir: join(config.dataDir, 'fabric-checkpoints'),
      ...(config.organization !== undefined ? { organization: config.organization } : {}),
      log: (line) => log.warn(`fabric: ${line}`),
    });
  }
  return openEmbeddedLedger({
    dataDir: config.dataDir,
    consortium,
    chaincodePath,
    log: (line) => log.debug(`ledger: ${line}`),
  });
}
