/**
 * The embedded network's key material on disk: each organisation's CA and every enrolled
 * identity (certificate + private key), as files readable only by their owner (0600 in 0700
 * folders). It is the embedded counterpart of fabric-ca's database plus a fabric-network wallet.
 */
import { X509Certificate } from 'node:crypto';
import { mkdir, readFile, writeFile, readdir, chmod, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createCa, enroll, type CaMaterial, type EnrolledIdentity } from './ca';
import { createRevocationList, type RevokedCertificate } from './crl';
import { normalizeSerial } from '../protocol/msp';
import type { NodeType } from '../protocol/msp';

export interface Wallet {
  ca(mspId: string): Promise<CaMaterial>;
  get(mspId: string, enrollmentId: string): Promise<EnrolledIdentity | undefined>;
  /** Enrols an identity unless it exists; an existing one is returned as it is. */
  enroll(mspId: string, request: { enrollmentId: string; nodeType: NodeType; attributes?: Readonly<Record<string, string>>; validForMs?: number }): Promise<EnrolledIdentity>;
  list(mspId: string): Promise<EnrolledIdentity[]>;
  /**
   * Revokes an enrolled identity as `fabric-ca-client revoke --gencrl` does: its serial joins
   * the CA's revocation list, a new CRL is signed, and its key is deleted from the wallet.
   * Undefined when no such identity is enrolled.
   */
  revoke(mspId: string, enrollmentId: string): Promise<{ readonly serialNumber: string; readonly crl: string } | undefined>;
  /** The organisation's current CRL (PEM), or undefined if its CA never revoked anything. */
  crl(mspId: string): Promise<string | undefined>;
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/;

export class WalletError extends Error {
  override readonly name = 'WalletError';
}

export function openWallet(dir: string): Wallet {
  const cas = new Map<string, Promise<CaMaterial>>();
  const identities = new Map<string, Promise<EnrolledIdentity>>();
  const orgDir = (mspId: string): string => join(dir, checkName(mspId));

  const readJson = async <T>(file: string): Promise<T | undefined> => {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as T;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  };
  const writeSecret = async (file: string, value: unknown): Promise<void> => {
    await writeFile(file, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
    await chmod(file, 0o600);
  };

  const ca = (mspId: string): Promise<CaMaterial> => {
    let p = cas.get(mspId);
    if (!p) {
      p = (async () => {
        const d = orgDir(mspId);
        await mkdir(join(d, 'identities'), { recursive: true, mode: 0o700 });
        const file = join(d, 'ca.json');
        const existing = await readJson<CaMaterial>(file);
        if (existing) return existing;
        const created = await createCa(mspId, `ca.${mspId.replace(/MSP$/, '').toLowerCase()}`);
        await writeSecret(file, created);
        return created;
      })();
      cas.set(mspId, p);
    }
    return p;
  };

  const identityFile = (mspId: string, enrollmentId: string): string => join(orgDir(mspId), 'identities', `${checkName(enrollmentId)}.json`);

  return {
    ca,
    async get(mspId, enrollmentId) {
      const cached = identities.get(`${mspId}/${enrollmentId}`);
      if (cached) return cached;
      return readJson<EnrolledIdentity>(identityFile(mspId, enrollmentId));
    },
    enroll(mspId, request) {
      const id = `${mspId}/${request.enrollmentId}`;
      let p = identities.get(id);
      if (!p) {
        p = (async () => {
          const file = identityFile(mspId, request.enrollmentId);
          const existing = await readJson<EnrolledIdentity>(file);
          if (existing) return existing;
          const created = await enroll(await ca(mspId), request);
          await writeSecret(file, created);
          return created;
        })();
        identities.set(id, p);
        p.catch(() => identities.delete(id));
      }
      return p;
    },
    async revoke(mspId, enrollmentId) {
      const file = identityFile(mspId, enrollmentId);
      const identity = await readJson<EnrolledIdentity>(file);
      if (!identity) return undefined;
      const serialNumber = normalizeSerial(new X509Certificate(identity.certificate).serialNumber);
      const listFile = join(orgDir(mspId), 'revoked.json');
      const revoked = (await readJson<RevokedCertificate[]>(listFile)) ?? [];
      if (!revoked.some((r) => r.serialNumber === serialNumber)) revoked.push({ serialNumber, revokedAt: new Date().toISOString() });
      const crl = await createRevocationList(await ca(mspId), revoked);
      await writeSecret(listFile, revoked);
      await writeFile(join(orgDir(mspId), 'crl.pem'), crl, { mode: 0o644 });
      identities.delete(`${mspId}/${enrollmentId}`);
      await rm(file, { force: true });
      return { serialNumber, crl };
    },
    async crl(mspId) {
      try {
        return await readFile(join(orgDir(mspId), 'crl.pem'), 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },
    async list(mspId) {
      let names: string[];
      try {
        names = await readdir(join(orgDir(mspId), 'identities'));
      } catch {
        return [];
      }
      const out: EnrolledIdentity[] = [];
      for (const n of names.filter((f) => f.endsWith('.json')).sort()) {
        const v = await readJson<EnrolledIdentity>(join(orgDir(mspId), 'identities', n));
        if (v) out.push(v);
      }
      return out;
    },
  };
}

function checkName(name: string): string {
  if (!SAFE_NAME.test(name)) throw new WalletError(`'${name}' is not a valid MSP or enrolment id (letters, digits, . _ @ -; at most 128)`);
  return name;
}
