/**
 * Who is calling: MSP id from the creator certificate, and the fabric-ca attributes
 * `dal.role` (one role or a comma-separated list) and `dal.entity` (USCC or `np:<city code>:<hash>`).
 * Authorization is decided inside the chaincode from these, never only in the gateway.
 */
import type { ClientIdentity } from 'fabric-shim';

export type Role = 'registrar' | 'holder' | 'operator' | 'appraiser' | 'exchange' | 'bank' | 'regulator' | 'auditor' | 'admin';

export interface Caller {
  readonly mspId: string;
  /** `x509::<subject>::<issuer>` as the Node shim formats it; recorded as the actor. */
  readonly id: string;
  readonly roles: readonly string[];
  readonly entity?: string;
}

export function parseRoles(attribute: string | null | undefined): string[] {
  if (!attribute) return [];
  const roles = attribute
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r.length > 0);
  return [...new Set(roles)].sort();
}

/** The caller as the creator's certificate names it; contracts read it as `ctx.caller` (context.ts). */
export function callerOf(ci: Pick<ClientIdentity, 'getAttributeValue' | 'getMSPID' | 'getID'>): Caller {
  const entity = ci.getAttributeValue('dal.entity');
  return {
    mspId: ci.getMSPID(),
    id: ci.getID(),
    roles: parseRoles(ci.getAttributeValue('dal.role')),
    ...(entity ? { entity } : {}),
  };
}

export function hasRole(caller: Caller, role: Role): boolean {
  return caller.roles.includes(role);
}

/** The actor stamp written into records: enough for audit, no personal data beyond the enrolment DN. */
export interface Actor {
  mspId: string;
  id: string;
  entity?: string;
}

export function actorOf(caller: Caller): Actor {
  return { mspId: caller.mspId, id: caller.id, ...(caller.entity ? { entity: caller.entity } : {}) };
}
