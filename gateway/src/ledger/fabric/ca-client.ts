/**
 * The fabric-ca client of one organisation, from its connection profile (TLS verified against
 * the CA's certificate), and the registrar acting at that CA. Shared by scripts/fabric-enroll
 * (demo identities) and the users service (gateway/src/users/fabric-user-authority.ts).
 */
import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import FabricCAServices from 'fabric-ca-client';
import type { User } from 'fabric-common';
import type { Wallet, X509Identity } from 'fabric-network';
import type { ConnectionProfile } from './connection-profiles';

interface CaEntry {
  readonly url: string;
  readonly caName: string;
  readonly tlsCACerts: { readonly pem: string };
}

export function caClient(profile: ConnectionProfile, mspId: string): FabricCAServices {
  const orgs = profile.organizations as Record<string, { mspid: string; certificateAuthorities: string[] }>;
  const org = Object.values(orgs).find((o) => o.mspid === mspId);
  const caHost = org?.certificateAuthorities[0];
  const ca = caHost ? (profile.certificateAuthorities as Record<string, CaEntry>)[caHost] : undefined;
  if (!ca) throw new Error(`connection profile of ${mspId} names no certificate authority`);
  return new FabricCAServices(ca.url, { trustedRoots: [ca.tlsCACerts.pem], verify: true }, ca.caName);
}

export function x509(mspId: string, certificate: string, privateKey: string): X509Identity {
  return { credentials: { certificate, privateKey }, mspId, type: 'X.509' };
}

/** Enrols the CA's registrar (kept in memory only) and returns it as the user registrations and revocations are signed by. */
export async function registrarUser(ca: FabricCAServices, wallet: Wallet, mspId: string, registrar: { readonly enrollmentId: string; readonly secret: string }): Promise<User> {
  const enrollment = await ca.enroll({ enrollmentID: registrar.enrollmentId, enrollmentSecret: registrar.secret });
  const identity = x509(mspId, enrollment.certificate, enrollment.key.toBytes());
  return wallet.getProviderRegistry().getProvider('X.509').getUserContext(identity, registrar.enrollmentId);
}

/** Puts an identity into a FileSystemWallet and makes its file readable by the owner only (fabric-network writes it with the umask's mode). */
export async function putPrivately(wallet: Wallet, walletPath: string, label: string, identity: X509Identity): Promise<void> {
  await wallet.put(label, identity);
  await chmod(join(walletPath, `${label}.id`), 0o600);
}
