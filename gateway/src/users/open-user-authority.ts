/** The user authority of the configured backend: fabric-ca on Fabric, the embedded CA otherwise. */
import { join } from 'node:path';
import type { Consortium } from '../../../network/src/consortium';
import type { GatewayConfig } from '../config';
import type { EmbeddedLedger } from '../ledger/embedded-ledger';
import { loadConnectionProfiles } from '../ledger/fabric/connection-profiles';
import { embeddedUserAuthority } from './embedded-user-authority';
import type { UserAuthority } from './user-authority';

/** On Fabric: fabric-ca through the organisation's connection profile (needs no open ledger, so it can enrol the gateway's own identity first). */
export async function fabricUserAuthorityOf(config: GatewayConfig, consortium: Consortium): Promise<UserAuthority | undefined> {
  if (config.ledgerBackend !== 'fabric' || !config.fabric) return undefined;
  const { fabricUserAuthority } = await import('./fabric-user-authority');
  return fabricUserAuthority({
    profiles: loadConnectionProfiles(config.fabric.connectionProfile, config.organization),
    organizationKeys: new Map(consortium.organizations.map((o) => [o.mspId, o.key])),
    walletPath: config.fabric.wallet,
    registrar: config.fabric.caRegistrar,
    crlDir: join(config.dataDir, 'crls'),
    channelName: consortium.channelName,
  });
}

/** The embedded CAs, when the ledger is the embedded network. */
export function embeddedUserAuthorityOf(ledger: { readonly backend: string }): UserAuthority | undefined {
  return ledger.backend === 'embedded' ? embeddedUserAuthority(ledger as EmbeddedLedger) : undefined;
}
