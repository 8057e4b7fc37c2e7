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
 *
 * Options: --org MSPID (only on a gateway serving every organisation), --data-dir DIR
 * (default $DAL_DATA_DIR or .data).
 */
import { readAdminCredential, type AdminCredential } from '../gateway/src/admin/admin-credential';
import type { IssuedKey, UserSummary } from '../gateway/src/users/user-directory';
import { dataDirFromArgs } from './lib/args';

const USAGE = `usage: npm run users -- <command> [options]
  add <enrollmentId> --role ROLE[,ROLE] [--entity CODE]   register and enrol a user, print its API key once
  list                                                     list users, key ids and key states
  rotate-key <enrollmentId> [--grace SECONDS]              issue a new key; old keys retire after the grace period
  revoke <enrollmentId>                                    refuse the user's keys now and revoke its certificate
  init-consortium <enrollmentId>                           initialise the chaincode as that admin user
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
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof UsageError ? `${err.message}\n${USAGE}` : `users: ${(err as Error).message}`);
  process.exitCode = 1;
});
