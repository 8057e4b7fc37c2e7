/**
 * The admin API's credential: a random token the gateway writes at every start, with the
 * admin API's URL, to `<data dir>/admin-api.json` (0600). Whoever may read the gateway's data
 * directory on its host — the organisation's operator, the account the gateway runs as — can
 * use the admin API; nobody else can, even on the same host. `npm run users` reads the file.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writePrivateFile } from '../storage/private-file';

export const ADMIN_CREDENTIAL_FILE = 'admin-api.json';

export interface AdminCredential {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly token: string;
}

/** A new token for this run (written once the admin API listens, see writeAdminCredential). */
export function newAdminToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function writeAdminCredential(dataDir: string, credential: AdminCredential): Promise<string> {
  const file = join(dataDir, ADMIN_CREDENTIAL_FILE);
  await writePrivateFile(file, `${JSON.stringify(credential, null, 2)}\n`);
  return file;
}

export async function readAdminCredential(dataDir: string): Promise<AdminCredential> {
  const file = join(dataDir, ADMIN_CREDENTIAL_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`${file} does not exist: start the gateway (npm start) with this DAL_DATA_DIR first`);
    if (code === 'EACCES') throw new Error(`${file} is not readable by this account: run as the account the gateway runs as`);
    throw err;
  }
  return JSON.parse(text) as AdminCredential;
}

/** Constant-time comparison of a presented token with the expected one. */
export function tokenMatches(presented: string, expected: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
