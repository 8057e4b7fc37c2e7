/**
 * The wallet label of an identity. Enrolment ids are unique only within one CA, so the label
 * carries the MSP id too; scripts/fabric-enroll.ts writes identities under the same label.
 */
import type { LedgerIdentity } from '../ledger';

export function walletLabel(identity: LedgerIdentity): string {
  return `${identity.enrollmentId}@${identity.mspId}`;
}
