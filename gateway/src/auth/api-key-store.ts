/**
 * API keys, stored hashed. A key is `dal_<keyId>_<secret>`: the key id finds the record,
 * and SHA-256 of the 256-bit secret is compared in constant time. A fast hash is enough
 * because the secret is random, not a password; a leaked api-keys.json yields no usable key.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, readFile } from 'node:fs/promises';
import { writePrivateFile } from '../storage/private-file';
import type { CallerIdentity, IdentityStore } from './identity';

export interface ApiKeyStoreOptions {
  /** The JSON file the hashed keys live in (created 0600). */
  readonly file: string;
  /**
   * The one organisation the gateway serves (DAL_ORG): a key of another organisation's identity
   * is neither issued nor honoured, even if an earlier all-in-one run left it in the file.
   */
  readonly organization?: string;
  /** The clock keys retire by (ms since epoch); default Date.now. */
  readonly now?: () => number;
}

/** Issuing a key for an identity of another organisation than the gateway's. */
export class ForeignKeyIdentityError extends Error {
  override readonly name = 'ForeignKeyIdentityError';
}

export interface ApiKeyStore extends IdentityStore {
  /** Creates a new key for `identity`, persists its hash, and returns the key (the only time it exists in clear). */
  issue(identity: CallerIdentity): Promise<string>;
  /**
   * Retires every live key of the identity (`mspId` + `enrollmentId`) at `at` (ms since epoch):
   * until then they still resolve, from then on they are refused. A key already retiring
   * earlier keeps its earlier time. `because` is recorded for the operator's listing (a
   * revocation is recorded on every key of the identity).
   * Answers the key ids it retired.
   */
  retire(identity: Pick<CallerIdentity, 'mspId' | 'enrollmentId'>, at: number, because: KeyRetirement): Promise<string[]>;
  /** Every key record (never a secret or a hash), oldest first. */
  list(): ApiKeyRecord[];
}

/** Why a key stopped (or will stop) being honoured. */
export type KeyRetirement = 'rotated' | 'revoked';

export interface ApiKeyRecord {
  readonly keyId: string;
  readonly identity: CallerIdentity;
  readonly createdAt: string;
  /** ISO-8601: from then on the key is refused. */
  readonly retiresAt?: string;
  readonly retiredBecause?: KeyRetirement;
}

interface StoredKey extends ApiKeyRecord {
  /** Hex SHA-256 of the secret part. */
  readonly sha256: string;
}

interface KeyFile {
  readonly version: 1;
  readonly keys: readonly StoredKey[];
}

const KEY_PATTERN = /^dal_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const DUMMY_HASH = Buffer.alloc(32);

/** The key id of a well-formed API key (safe to log), or undefined; never any part of the secret. */
export function apiKeyId(apiKey: string): string | undefined {
  return KEY_PATTERN.exec(apiKey)?.[1];
}

/** Opens (or starts) the key file. */
export async function openApiKeyStore(options: Readonly<ApiKeyStoreOptions>): Promise<ApiKeyStore> {
  const keys = new Map<string, StoredKey>();
  let content: string | undefined;
  try {
    content = await readFile(options.file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (content !== undefined) {
    const parsed = JSON.parse(content) as KeyFile;
    for (const key of parsed.keys) keys.set(key.keyId, key);
    // An older copy may have been created with a looser umask; keys are credentials.
    await chmod(options.file, 0o600);
  }
  return new FileApiKeyStore(options.file, keys, options.organization, options.now ?? Date.now);
}

class FileApiKeyStore implements ApiKeyStore {
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly keys: Map<string, StoredKey>,
    private readonly organization: string | undefined,
    private readonly now: () => number,
  ) {}

  resolve(apiKey: string): CallerIdentity | undefined {
    const match = KEY_PATTERN.exec(apiKey);
    if (!match) return undefined;
    const stored = this.keys.get(match[1] ?? '');
    const presented = sha256(match[2] ?? '');
    // Compare even when the key id is unknown so that both paths cost the same.
    const expected = stored ? Buffer.from(stored.sha256, 'hex') : DUMMY_HASH;
    const valid = timingSafeEqual(presented, expected) && stored !== undefined;
    return valid && this.serves(stored.identity) && this.live(stored) ? stored.identity : undefined;
  }

  async retire(identity: Pick<CallerIdentity, 'mspId' | 'enrollmentId'>, at: number, because: KeyRetirement): Promise<string[]> {
    const retired: string[] = [];
    let changed = false;
    for (const key of this.keys.values()) {
      if (key.identity.mspId !== identity.mspId || key.identity.enrollmentId !== identity.enrollmentId) continue;
      const earlier = key.retiresAt !== undefined && Date.parse(key.retiresAt) <= at;
      // a revocation also marks keys already retired by a rotation, so the listing says so
      if (earlier && (because !== 'revoked' || key.retiredBecause === 'revoked')) continue;
      this.keys.set(key.keyId, { ...key, retiresAt: earlier ? key.retiresAt : new Date(at).toISOString(), retiredBecause: because });
      changed = true;
      if (!earlier) retired.push(key.keyId);
    }
    if (changed) await this.persist();
    return retired;
  }

  list(): ApiKeyRecord[] {
    return [...this.keys.values()].map(({ sha256: _hash, ...record }) => record).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  private live(key: StoredKey): boolean {
    return key.retiresAt === undefined || this.now() < Date.parse(key.retiresAt);
  }

  async issue(identity: CallerIdentity): Promise<string> {
    if (!this.serves(identity)) {
      throw new ForeignKeyIdentityError(
        `${identity.enrollmentId} belongs to ${identity.mspId}; this gateway serves ${this.organization} and issues API keys for its identities only`,
      );
    }
    const keyId = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const stored: StoredKey = {
      keyId,
      sha256: sha256(secret).toString('hex'),
      identity: Object.freeze({ ...identity, roles: Object.freeze([...identity.roles]) }),
      createdAt: new Date(this.now()).toISOString(),
    };
    this.keys.set(keyId, stored);
    await this.persist();
    return `dal_${keyId}_${secret}`;
  }

  private serves(identity: CallerIdentity): boolean {
    return this.organization === undefined || identity.mspId === this.organization;
  }

  /** Writes are chained so two concurrent issues never interleave; each write is atomic (tmp + rename). */
  private persist(): Promise<void> {
    const next = this.writing.then(() => writePrivateFile(this.file, JSON.stringify({ version: 1, keys: [...this.keys.values()] }, null, 2)));
    this.writing = next.catch(() => undefined);
    return next;
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
