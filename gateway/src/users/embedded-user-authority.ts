/** The embedded network's CAs as the organisation's user authority (every organisation lives in this process). */
import type { EmbeddedLedger } from '../ledger/embedded-ledger';
import { userAttributes, type UserAuthority } from './user-authority';

export function embeddedUserAuthority(ledger: EmbeddedLedger): UserAuthority {
  return {
    isEnrolled: async (identity) => (await ledger.network.signer(identity.mspId, identity.enrollmentId)) !== undefined,
    async enroll(user) {
      await ledger.enroll({ mspId: user.mspId, enrollmentId: user.enrollmentId, attributes: userAttributes(user) });
    },
    async revoke(identity) {
      const revoked = await ledger.revoke(identity);
      return {
        ...(revoked ? { serialNumber: revoked.serialNumber } : {}),
        channel: `the embedded CA's new CRL is in ${identity.mspId}'s channel MSP now: the network refuses the certificate's proposals`,
      };
    },
  };
}
