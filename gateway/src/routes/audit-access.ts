/**
 * Who may read the raw ledger: auditors, and regulators who supervise them. These routes never
 * reach the chaincode, so the gateway itself enforces the role, from the caller's enrolled
 * identity (the `dal.role` attribute its API key maps to).
 */
import type { CallerIdentity } from '../auth/identity';
import { NotAllowedError } from '../http/errors';

export const AUDIT_ROLES: readonly string[] = ['auditor', 'regulator'];

/** For the OpenAPI description of each audit route. */
export const AUDIT_ACCESS_NOTE = `Roles: ${AUDIT_ROLES.join(', ')} (enforced by the gateway; others get 403).`;

/** Throws NotAllowedError (403) unless the caller holds an audit role. */
export function requireAuditor(caller: CallerIdentity): void {
  if (!caller.roles.some((role) => AUDIT_ROLES.includes(role))) {
    throw new NotAllowedError(
      `only an ${AUDIT_ROLES.join(' or ')} may read raw ledger facts; ${caller.enrollmentId} of ${caller.mspId} has roles ${caller.roles.join(', ') || 'none'}`,
    );
  }
}
