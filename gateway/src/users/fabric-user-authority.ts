/**
 * fabric-ca as the organisation's user authority, through fabric-ca-client (no shell-out):
 * register with `dal.role`/`dal.entity` as enrolment-certificate attributes, enrol once with
 * a one-time secret nobody keeps, store the identity in the gateway's FileSystemWallet (0600);
 * revoke as `fabric-ca-client revoke --gencrl` does and write the CA's new CRL next to the
 * gateway's data. Peers refuse the certificate once that CRL is in the organisation's MSP
 * of the channel config, which takes a config update signed by the organisation's admin
 * (`npm run users -- push-crl`, docs/deployment.md "Revoking on Fabric"); the answer says so.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type FabricCAServices from 'fabric-ca-client';
import { Wallets } from 'fabric-network';
import { caClient, putPrivately, registrarUser, x509 } from '../ledger/fabric/ca-client';
import type { ConnectionProfile } from '../ledger/fabric/connection-profiles';
import { walletLabel } from '../ledger/fabric/wallet-label';
import { writePrivateFile } from '../storage/private-file';
import { userAttributes, type UserAuthority } from './user-authority';

export interface FabricUserAuthorityOptions {
  /** Connection profiles by MSP id (each names its organisation's CA). */
  readonly profiles: ReadonlyMap<string, ConnectionProfile>;
  /** The organisation key (consortium.json) of each MSP id: users are registered under the `<key>.users` affiliation. */
  readonly organizationKeys: ReadonlyMap<string, string>;
  readonly walletPath: string;
  /** The CA's registrar (DAL_CA_REGISTRAR_ID / DAL_CA_REGISTRAR_SECRET). */
  readonly registrar: { readonly enrollmentId: string; readonly secret: string };
  /** Where the CA's CRLs are written (`<mspId>.crl.pem`). */
  readonly crlDir: string;
  readonly channelName: string;
}

export async function fabricUserAuthority(options: Readonly<FabricUserAuthorityOptions>): Promise<UserAuthority> {
  const wallet = await Wallets.newFileSystemWallet(options.walletPath);
  const ca = (mspId: string): FabricCAServices => {
    const profile = options.profiles.get(mspId);
    if (!profile) throw new Error(`no connection profile of ${mspId}: its CA cannot be reached from this gateway`);
    return caClient(profile, mspId);
  };
  return {
    isEnrolled: async (identity) => (await wallet.get(walletLabel(identity))) !== undefined,

    async enroll(user) {
      const client = ca(user.mspId);
      const registrar = await registrarUser(client, wallet, user.mspId, options.registrar);
      const attributes = userAttributes(user);
      const attrs = Object.entries(attributes).map(([name, value]) => ({ name, value, ecert: true }));
      const secret = randomBytes(24).toString('base64url');
      const orgKey = options.organizationKeys.get(user.mspId) ?? '';
      await client.register(
        { enrollmentID: user.enrollmentId, enrollmentSecret: secret, role: 'client', affiliation: `${orgKey}.users`, maxEnrollments: 1, attrs },
        registrar,
      );
      const enrollment = await client.enroll({
        enrollmentID: user.enrollmentId,
        enrollmentSecret: secret,
        attr_reqs: attrs.map((a) => ({ name: a.name, optional: false })),
      });
      await putPrivately(wallet, options.walletPath, walletLabel(user), x509(user.mspId, enrollment.certificate, enrollment.key.toBytes()));
    },

    async revoke(identity) {
      const client = ca(identity.mspId);
      const registrar = await registrarUser(client, wallet, identity.mspId, options.registrar);
      const answer = (await client.revoke(
        { enrollmentID: identity.enrollmentId, reason: 'keycompromise', gencrl: true } as FabricCAServices.IRevokeRequest,
        registrar,
      )) as {
        result?: { RevokedCerts?: { Serial?: string }[]; CRL?: string };
      };
      await wallet.remove(walletLabel(identity));
      const crlFile = join(options.crlDir, `${identity.mspId}.crl.pem`);
      const crl = answer.result?.CRL;
      if (crl) await writePrivateFile(crlFile, Buffer.from(crl, 'base64').toString('utf8'));
      const serialNumber = answer.result?.RevokedCerts?.[0]?.Serial;
      return {
        ...(serialNumber !== undefined ? { serialNumber } : {}),
        channel:
          `fabric-ca revoked the certificate and wrote its CRL to ${crl ? crlFile : '(no CRL returned)'}; ` +
          `peers refuse it once that CRL is in the revocation_list of ${identity.mspId}'s MSP in channel ${options.channelName}'s config: ` +
          `run npm run users -- push-crl with ${identity.mspId}'s admin MSP (a config update signed by its admin; docs/deployment.md, "Revoking on Fabric"). The API key is refused already.`,
      };
    },
  };
}
