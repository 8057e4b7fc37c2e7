/**
 * Registers and enrols every demo identity of the consortium with its organisation's
 * fabric-ca (fabric-ca-client, no shell-out), with the `dal.role` and `dal.entity`
 * attributes in the enrolment certificate (`ecert: true`), into the FileSystemWallet the
 * fabric ledger backend reads. Safe to run again: registered identities are enrolled anew.
 *
 * Usage: node build/scripts/fabric-enroll.js [--profiles DIR] [--wallet DIR]
 */
import type FabricCAServices from 'fabric-ca-client';
import { Wallets, type Wallet } from 'fabric-network';
import { join } from 'node:path';
import { loadConsortium, organization, type DemoIdentity } from '../network/src/consortium';
import { CA_REGISTRAR } from '../network/src/fabric/fabric-ca-config';
import { caClient, putPrivately, registrarUser, x509 } from '../gateway/src/ledger/fabric/ca-client';
import { loadConnectionProfiles } from '../gateway/src/ledger/fabric/connection-profiles';
import { walletLabel } from '../gateway/src/ledger/fabric/wallet-label';
import { publicVerifierOf } from '../gateway/src/verification/public-verifier';

const FABRIC_DIR = join(__dirname, '..', '..', 'network', 'fabric');

/** Demo enrolment secret; fabric-ca keeps it, so a second run can enrol again. */
function secretOf(id: DemoIdentity): string {
  return `${id.enrollmentId}-pw`;
}

async function enrollIdentity(wallet: Wallet, walletPath: string, ca: FabricCAServices, orgKey: string, id: DemoIdentity): Promise<string> {
  const registrar = await registrarUser(ca, wallet, id.mspId, CA_REGISTRAR);

  // the public verifier has no role at all: no dal.role attribute rather than an empty one
  const attrs: FabricCAServices.IKeyValueAttribute[] = id.roles.length > 0 ? [{ name: 'dal.role', value: id.roles.join(','), ecert: true }] : [];
  if (id.entity) attrs.push({ name: 'dal.entity', value: id.entity, ecert: true });
  const known = await ca.newIdentityService().getOne(id.enrollmentId, registrar).then((r) => r.success, () => false);
  if (!known) {
    await ca.register({ enrollmentID: id.enrollmentId, enrollmentSecret: secretOf(id), role: 'client', affiliation: `${orgKey}.users`, maxEnrollments: -1, attrs }, registrar);
  }
  const enrollment = await ca.enroll({
    enrollmentID: id.enrollmentId,
    enrollmentSecret: secretOf(id),
    attr_reqs: attrs.map((a) => ({ name: a.name, optional: false })),
  });
  const label = walletLabel(id);
  await putPrivately(wallet, walletPath, label, x509(id.mspId, enrollment.certificate, enrollment.key.toBytes()));
  return known ? `re-enrolled ${label}` : `registered and enrolled ${label}`;
}

async function main(argv: readonly string[]): Promise<void> {
  const option = (name: string, fallback: string): string => {
    const i = argv.indexOf(name);
    return i >= 0 && argv[i + 1] ? argv[i + 1]! : fallback;
  };
  const profilesPath = option('--profiles', join(FABRIC_DIR, 'connection-profiles'));
  const walletPath = option('--wallet', join(FABRIC_DIR, 'wallet'));
  const consortium = loadConsortium();
  const profiles = loadConnectionProfiles(profilesPath);
  const wallet = await Wallets.newFileSystemWallet(walletPath);
  // a gateway signs public verification queries as this role-less identity of its own organisation
  // (gateway/src/verification/public-verifier.ts), so every organisation gets one
  const publicVerifiers: DemoIdentity[] = consortium.organizations.map((org) => {
    const verifier = publicVerifierOf(consortium, org.mspId);
    return { name: `${verifier.enrollmentId}@${org.key}`, mspId: verifier.mspId, enrollmentId: verifier.enrollmentId, roles: [] };
  });
  for (const id of [...consortium.demoIdentities, ...publicVerifiers]) {
    const org = organization(consortium, id.mspId);
    const profile = profiles.get(id.mspId);
    if (!org || !profile) throw new Error(`no connection profile for ${id.mspId} in ${profilesPath}`);
    const what = await enrollIdentity(wallet, walletPath, caClient(profile, id.mspId), org.key, id);
    console.log(`${what} (${id.roles.length > 0 ? `dal.role=${id.roles.join(',')}` : 'no dal.role'}${id.entity ? `, dal.entity=${id.entity}` : ''})`);
  }
  console.log(`wallet ${walletPath}: ${(await wallet.list()).length} identities`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`fabric-enroll failed: ${(err as Error).message}`);
  process.exitCode = 1;
});
