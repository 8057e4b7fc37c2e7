/**
 * Public routes (verification by id or query code, POST /verify) have no caller, yet every
 * chaincode query must be signed by an enrolled identity. They all use one dedicated
 * identity: `public-verifier` with no `dal.role`, so the chaincode grants it nothing beyond
 * what any channel member may read. It belongs to the organisation the gateway serves
 * (DAL_ORG), whose wallet holds it, or to the regulator's on an all-in-one gateway. Its key stays in the
 * gateway's wallet; it has no API key and is not in demo-credentials.json, and the gateway
 * only ever evaluates the public, non-personal queries with it.
 */
import type { Consortium } from '../../../network/src/consortium';
import type { LedgerIdentity } from '../ledger/ledger';

export const PUBLIC_VERIFIER_ENROLLMENT_ID = 'public-verifier';

/** The public verifier: `public-verifier` in `organization` (DAL_ORG) when given, else in the consortium's regulator organisation. */
export function publicVerifierOf(consortium: Pick<Consortium, 'organizations'>, organization?: string): LedgerIdentity {
  if (organization !== undefined) return { mspId: organization, enrollmentId: PUBLIC_VERIFIER_ENROLLMENT_ID };
  const regulator = consortium.organizations.find((o) => o.type === 'regulator');
  if (!regulator) throw new Error('the consortium has no regulator organisation to enrol the public verifier in');
  return { mspId: regulator.mspId, enrollmentId: PUBLIC_VERIFIER_ENROLLMENT_ID };
}
