/**
 * `npm run users -- <command>`: the organisation's operator manages its users through the
 * RUNNING gateway's admin API (loopback only; URL and token in `<data dir>/admin-api.json`,
 * readable by the gateway's account only). It never opens the ledger or the wallet itself.
 *
 *   add <enrollmentId> --role ROLE[,ROLE] [--entity CODE]   register and enrol with the CA, print the API key once
 *   list                                                     users with API keys, their key ids and states
 *   rotate-key <enrollmentId> [--grace SECONDS]              a new key now; the old ones retire after the grace
 *   revoke <enrollmentId>                                    keys refused at once, certificate revoked at the CA
 *   init-consortium <enrollmentId>                           Consortium:Init as that user (role admin, regulator)
 *   push-crl --admin-msp DIR --orderer grpcs://HOST:PORT --orderer-tls-ca FILE [--orderer-tls-hostname NAME]
 *                                                            Fabric: the channel config update putting the CA's CRL
 *                                                            (written by revoke) into the organisation's MSP,
 *                                                            signed here with the organisation admin's key
 *
 * Options: --org MSPID (only on a gateway serving every organisation), --data-dir DIR
 * (default $DAL_DATA_DIR or .data).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readAdminCredential, type AdminCredential } from '../gateway/src/admin/admin-credential';
import { revocationListUpdate, signedConfigUpdateEnvelope, type OrganizationAdmin } from '../gateway/src/ledger/fabric/crl-config-update';
import type { IssuedKey, UserSummary } from '../gateway/src/users/user-directory';
import { dataDirFromArgs } from './lib/args';

const USAGE = `usage: npm run users -- <command> [options]
  add <enrollmentId> --role ROLE[,ROLE] [--entity CODE]   register and enrol a user, print its API key once
  list                                                     list users, key ids and key states
  rotate-key <enrollmentId> [--grace SECONDS]              issue a new key; old keys retire after the grace period
  revoke <enrollmentId>                                    refuse the user's keys now and revoke its certificate
  init-consortium <enrollmentId>                           initialise the chaincode as that admin user
  push-crl --admin-msp DIR --orderer grpcs://HOST:PORT --orderer-tls-ca FILE [--orderer-tls-hostname NAME]
                                                           Fabric: put the CA's CRL into the organisation's MSP
                                                           in the channel config (signed with the admin's key in DIR)
options: --org MSPID (gateways serving every organisation), --data-dir DIR (default $DAL_DATA_DIR or .data)`;

class UsageError extends Error {}

function option(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const value = argv[i + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
  return value;
}

function subject(argv: readonly string[], command: string): string {
  const id = argv[1];
  if (id === undefined || id.startsWith('--')) throw new UsageError(`${command} needs the user's enrolment id`);
  return id;
}

async function call(admin: AdminCredential, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${admin.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${admin.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (err) {
    throw new Error(`cannot reach the gateway's admin API at ${admin.url} (${(err as Error).message}): is the gateway running with this data directory?`);
  }
  const answer = (await res.json().catch(() => ({}))) as { detail?: string; code?: string };
  if (!res.ok) throw new Error(`${res.status} ${answer.code ?? ''}: ${answer.detail ?? 'the admin API refused the request'}`);
  return answer;
}

function describe(user: UserSummary): string {
  const roles = `dal.role=${user.roles.join(',')}${user.entity !== undefined ? `, dal.entity=${user.entity}` : ''}`;
  const keys = user.keys.map((k) => `${k.keyId} ${k.live ? (k.retiresAt ? `retires ${k.retiresAt}` : 'live') : `${k.retiredBecause ?? 'retired'} ${k.retiresAt ?? ''}`.trim()}`);
  return `${user.enrollmentId}@${user.mspId} (${roles})${user.revoked ? ' REVOKED' : ''}\n    keys: ${keys.join('; ')}`;
}

function printKey(issued: IssuedKey): void {
  console.log(`API key of ${issued.user.enrollmentId}@${issued.user.mspId} (key id ${issued.keyId}); shown this once, store it now:`);
  console.log(issued.apiKey);
}

/** The first file of an MSP folder's subfolder (signcerts/, keystore/), as the peer CLI reads an admin MSP. */
async function firstFile(dir: string, sub: string): Promise<string> {
  const names = (await readdir(join(dir, sub))).sort();
  if (names.length === 0) throw new UsageError(`${join(dir, sub)} is empty: --admin-msp must be an admin's MSP folder (signcerts/, keystore/)`);
  return readFile(join(dir, sub, names[0]!), 'utf8');
}

async function pushCrl(admin: AdminCredential, argv: readonly string[], org: string | undefined): Promise<void> {
  const adminMsp = option(argv, 'admin-msp');
  const orderer = option(argv, 'orderer');
  const tlsCa = option(argv, 'orderer-tls-ca');
  if (adminMsp === undefined || orderer === undefined || tlsCa === undefined) throw new UsageError('push-crl needs --admin-msp, --orderer and --orderer-tls-ca');
  const tlsHostName = option(argv, 'orderer-tls-hostname');
  const config = async (): Promise<{ blockNumber: number; block: Uint8Array; organization?: string }> => {
    const answer = (await call(admin, 'GET', '/admin/v1/channel/config-block')) as { blockNumber: number; block: string; organization?: string };
    return { ...answer, block: Buffer.from(answer.block, 'base64') };
  };
  const current = await config();
  const mspId = org ?? current.organization;
  if (mspId === undefined) throw new UsageError('this gateway serves every organisation: name the one whose CRL to push with --org');
  const crlFile = join(dataDirFromArgs(argv), 'crls', `${mspId}.crl.pem`);
  const crl = await readFile(crlFile, 'utf8').catch(() => {
    throw new Error(`${crlFile} does not exist: no user of ${mspId} was revoked through this gateway`);
  });
  const update = revocationListUpdate(current.block, mspId, crl);
  if (!update) {
    console.log(`the channel's config (block ${current.blockNumber}) already holds ${mspId}'s CRL`);
    return;
  }
  const signer: OrganizationAdmin = { mspId, certificate: await firstFile(adminMsp, 'signcerts'), privateKey: await firstFile(adminMsp, 'keystore') };
  const envelope = signedConfigUpdateEnvelope(update.channelId, update.configUpdate, signer);
  // loaded only here: fabric-common's gRPC stack is heavy and the other commands need none of it
  const { broadcastEnvelope } = await import('../gateway/src/ledger/fabric/orderer-broadcast');
  const answer = await broadcastEnvelope({ url: orderer, tlsCaCertificate: await readFile(tlsCa, 'utf8'), ...(tlsHostName !== undefined ? { tlsHostName } : {}) }, envelope);
  if (answer.status !== 'SUCCESS') throw new Error(`the orderer refused the config update: ${answer.status} ${answer.info}`);
  // the peers apply it once the config block is committed: wait until the gateway's peer has it
  for (let attempt = 0; attempt < 60; attempt++) {
    const after = await config();
    if (after.blockNumber !== current.blockNumber && revocationListUpdate(after.block, mspId, crl) === undefined) {
      console.log(`${mspId}'s CRL is in channel ${update.channelId}'s config (block ${after.blockNumber}): the peers refuse its revoked certificates`);
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the orderer accepted the config update, but the gateway\'s peer has not committed it within 30 s');
}

async function main(argv: readonly string[]): Promise<void> {
  const command = argv[0];
  if (command === undefined || command === 'help' || command === '--help') {
    console.log(USAGE);
    return;
  }
  const org = option(argv, 'org');
  const mspId = org !== undefined ? { mspId: org } : {};
  const admin = await readAdminCredential(dataDirFromArgs(argv));
  switch (command) {
    case 'add': {
      const enrollmentId = subject(argv, command);
      const roles = option(argv, 'role');
      if (roles === undefined) throw new UsageError('add needs --role ROLE[,ROLE]');
      const entity = option(argv, 'entity');
      const issued = (await call(admin, 'POST', '/admin/v1/users', { enrollmentId, roles: roles.split(','), ...(entity !== undefined ? { entity } : {}), ...mspId })) as IssuedKey;
      console.log(`registered and enrolled ${describe(issued.user)}`);
      printKey(issued);
      return;
    }
    case 'list': {
      const query = org !== undefined ? `?mspId=${encodeURIComponent(org)}` : '';
      const { users } = (await call(admin, 'GET', `/admin/v1/users${query}`)) as { users: UserSummary[] };
      if (users.length === 0) console.log('no users with API keys yet: npm run users -- add <enrollmentId> --role ROLE');
      for (const user of users) console.log(describe(user));
      return;
    }
    case 'rotate-key': {
      const enrollmentId = subject(argv, command);
      const grace = option(argv, 'grace');
      if (grace !== undefined && !/^\d+$/.test(grace)) throw new UsageError('--grace needs a whole number of seconds');
      const issued = (await call(admin, 'POST', `/admin/v1/users/${encodeURIComponent(enrollmentId)}/rotate-key`, {
        ...mspId,
        ...(grace !== undefined ? { graceSeconds: Number(grace) } : {}),
      })) as IssuedKey;
      console.log(`rotated: ${describe(issued.user)}`);
      printKey(issued);
      return;
    }
    case 'revoke': {
      const enrollmentId = subject(argv, command);
      const { user, revocation } = (await call(admin, 'POST', `/admin/v1/users/${encodeURIComponent(enrollmentId)}/revoke`, mspId)) as {
        user: UserSummary;
        revocation: { serialNumber?: string; channel: string };
      };
      console.log(`revoked: ${describe(user)}`);
      console.log(`certificate ${revocation.serialNumber ?? '(none in the wallet)'} revoked at the CA; ${revocation.channel}`);
      return;
    }
    case 'init-consortium': {
      const enrollmentId = subject(argv, command);
      const tx = (await call(admin, 'POST', '/admin/v1/consortium/init', { enrollmentId, ...mspId })) as { txId: string; blockNumber: number };
      console.log(`chaincode initialised with the consortium definition as ${enrollmentId} (tx ${tx.txId}, block ${tx.blockNumber})`);
      return;
    }
    case 'push-crl':
      await pushCrl(admin, argv, org);
      return;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof UsageError ? `${err.message}\n${USAGE}` : `users: ${(err as Error).message}`);
  process.exitCode = 1;
});
