/**
 * The organisation's certificate authority and wallet, as the users service sees them: enrol
 * a user with the `dal.role` and `dal.entity` attributes into the wallet the gateway signs
 * from, and revoke one. Two implementations: the embedded CA (embedded-user-authority.ts) and
 * fabric-ca through fabric-ca-client (fabric-user-authority.ts).
 */
import type { LedgerIdentity } from '../ledger/ledger';

export interface NewUser extends LedgerIdentity {
  readonly roles: readonly string[];
  readonly entity?: string;
}

export interface Revocation {
  /** Serial number (hex) of the revoked enrolment certificate. */
  readonly serialNumber?: string;
  /**
   * How the CA's new CRL reaches the channel's MSP of the organisation: done (embedded), or
   * what the organisation's admin must still do (Fabric: a channel config update).
   */
  readonly channel: string;
}

export interface UserAuthority {
  /** True when the wallet holds an identity under this enrolment id. */
  isEnrolled(identity: LedgerIdentity): Promise<boolean>;
  /** Registers (if new) and enrols the user; its certificate and key land in the wallet (files 0600). */
  enroll(user: NewUser): Promise<void>;
  /** Revokes the user's certificate at the CA and removes its key from the wallet. */
  revoke(identity: LedgerIdentity): Promise<Revocation>;
}

/**
 * The fabric-ca attributes of a user: `dal.role` (comma-separated) and `dal.entity` when it
 * acts for one. An identity with no role (the gateway's public verifier) has no `dal.role` at all.
 */
export function userAttributes(user: Pick<NewUser, 'roles' | 'entity'>): Record<string, string> {
  return {
    ...(user.roles.length > 0 ? { 'dal.role': user.roles.join(',') } : {}),
    ...(user.entity !== undefined ? { 'dal.entity': user.entity } : {}),
  };
}

/**
 * Enrols an identity the gateway itself signs with (the public verifier, no role) unless the
 * wallet holds it: in production mode nothing else does.
 */
export async function ensureGatewayIdentity(authority: UserAuthority, identity: LedgerIdentity): Promise<boolean> {
  if (await authority.isEnrolled(identity)) return false;
  await authority.enroll({ ...identity, roles: [] });
  return true;
}
