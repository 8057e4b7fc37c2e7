/**
 * One connected fabric-network Gateway per identity, created on first use and cached: a
 * Gateway signs as exactly one wallet identity, and connecting (discovery, event services)
 * is too slow to repeat per request.
 */
import { Gateway, type Wallet } from 'fabric-network';
import { LedgerUnavailableError, UnknownIdentityError } from '../errors';
import type { LedgerIdentity } from '../ledger';
import type { ConnectionProfile } from './connection-profiles';
import { walletLabel } from './wallet-label';

export interface GatewayPoolOptions {
  readonly profiles: ReadonlyMap<string, ConnectionProfile>;
  readonly wallet: Wallet;
  readonly asLocalhost: boolean;
  readonly commitTimeoutSeconds: number;
}

export class GatewayPool {
  private readonly gateways = new Map<string, Promise<Gateway>>();

  constructor(private readonly options: Readonly<GatewayPoolOptions>) {}

  get(identity: LedgerIdentity): Promise<Gateway> {
    const label = walletLabel(identity);
    let gateway = this.gateways.get(label);
    if (!gateway) {
      gateway = this.connect(identity, label);
      this.gateways.set(label, gateway);
      // A failed connection is not cached: the next call tries again (the network may be starting).
      gateway.catch(() => this.gateways.delete(label));
    }
    return gateway;
  }

  /** The first wallet identity whose organisation has a connection profile. */
  async firstIdentity(): Promise<LedgerIdentity> {
    for (const label of (await this.options.wallet.list()).sort()) {
      const identity = await this.options.wallet.get(label);
      const at = label.lastIndexOf('@');
      if (identity && at > 0 && this.options.profiles.has(identity.mspId)) {
        return { mspId: identity.mspId, enrollmentId: label.slice(0, at) };
      }
    }
    throw new UnknownIdentityError('no wallet identity belongs to an organisation with a connection profile');
  }

  private async connect(identity: LedgerIdentity, label: string): Promise<Gateway> {
    const stored = await this.options.wallet.get(label);
    if (!stored || stored.mspId !== identity.mspId) {
      throw new UnknownIdentityError(`no enrolled identity ${identity.enrollmentId} in ${identity.mspId} (wallet label ${label})`);
    }
    const profile = this.options.profiles.get(identity.mspId) ?? this.options.profiles.values().next().value;
    if (!profile) throw new UnknownIdentityError(`no connection profile for ${identity.mspId}`);
    const gateway = new Gateway();
    try {
      await gateway.connect(profile, {
        wallet: this.options.wallet,
        identity: label,
        discovery: { enabled: true, asLocalhost: this.options.asLocalhost },
        eventHandlerOptions: { commitTimeout: this.options.commitTimeoutSeconds },
      });
    } catch (err) {
      gateway.disconnect();
      throw new LedgerUnavailableError(`cannot connect to Fabric as ${label}: ${(err as Error).message}`);
    }
    return gateway;
  }

  close(): void {
    for (const gateway of this.gateways.values()) void gateway.then((g) => g.disconnect(), () => undefined);
    this.gateways.clear();
  }
}
