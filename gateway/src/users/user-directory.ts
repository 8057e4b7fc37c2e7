/**
 * The organisation's users, as its operator manages them (scripts/users.ts through the admin
 * API): add (register and enrol with the CA, issue the first API key), list, rotate a key
 * (a new key now, the old ones retire after a grace period) and revoke (keys refused at once,
 * certificate revoked at the CA). Keys live in the API key store, identities in the wallet;
 * neither a key nor a private key is ever logged or returned twice.
 */
import { ROLES } from '../../../network/src/consortium';
import type { ApiKeyStore } from '../auth/api-key-store';
import type { CallerIdentity } from '../auth/identity';
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '../http/errors';
import type { LedgerIdentity } from '../ledger/ledger';
import type { Logger } from '../logger';
import { PUBLIC_VERIFIER_ENROLLMENT_ID } from '../verification/public-verifier';
import type { Revocation, UserAuthority } from './user-authority';

export interface UserDirectoryOptions {
  readonly keys: ApiKeyStore;
  readonly authority: UserAuthority;
  /** DAL_ORG: users are of this organisation only. Absent (all-in-one): each request names one of `organizations`. */
  readonly organization?: string;
  readonly organizations: readonly string[];
  /** How long a rotated key is still honoured, unless a rotation names its own grace (ms). */
  readonly rotationGraceMs: number;
  readonly log: Logger;
  readonly now?: () => number;
}

export interface NewUserRequest {
  readonly enrollmentId: string;
  readonly roles: readonly string[];
  readonly entity?: string;
  readonly mspId?: string;
}

export interface UserKey {
  readonly keyId: string;
  readonly createdAt: string;
  readonly retiresAt?: string;
  readonly retiredBecause?: string;
  /** False once `retiresAt` has passed. */
  readonly live: boolean;
}

export interface UserSummary extends CallerIdentity {
  readonly keys: readonly UserKey[];
  /** True once the user was revoked. */
  readonly revoked: boolean;
}

export interface IssuedKey {
  readonly user: UserSummary;
  /** The API key, in clear this once. */
  readonly apiKey: string;
  readonly keyId: string;
}

export interface UserDirectory {
  add(request: NewUserRequest): Promise<IssuedKey>;
  list(mspId?: string): UserSummary[];
  rotateKey(enrollmentId: string, options?: { readonly mspId?: string; readonly graceMs?: number }): Promise<IssuedKey>;
  revoke(enrollmentId: string, options?: { readonly mspId?: string }): Promise<{ readonly user: UserSummary; readonly revocation: Revocation }>;
}

const ENROLLMENT_ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
/** Identities the network and the gateway themselves use. */
const RESERVED = new Set([PUBLIC_VERIFIER_ENROLLMENT_ID, 'peer0', 'orderer0', 'admin']);
const MAX_GRACE_MS = 30 * 24 * 3600 * 1000;

export function createUserDirectory(options: Readonly<UserDirectoryOptions>): UserDirectory {
  const { keys, authority, log } = options;
  const now = options.now ?? Date.now;

  const mspOf = (mspId: string | undefined): string => {
    if (options.organization !== undefined) {
      if (mspId !== undefined && mspId !== options.organization) {
        throw new NotAllowedError(`this gateway serves ${options.organization} (DAL_ORG) and manages its users only, not ${mspId}'s`);
      }
      return options.organization;
    }
    if (mspId === undefined)
      throw new InputError(`this gateway serves every organisation: name the user's organisation (mspId, one of ${options.organizations.join(', ')})`);
    if (!options.organizations.includes(mspId)) throw new InputError(`mspId must be one of ${options.organizations.join(', ')}, got "${mspId}"`);
    return mspId;
  };

  const summary = (identity: LedgerIdentity): UserSummary | undefined => {
    const records = keys.list().filter((k) => k.identity.mspId === identity.mspId && k.identity.enrollmentId === identity.enrollmentId);
    const latest = records.at(-1);
    if (!latest) return undefined;
    const at = now();
    return {
      ...latest.identity,
      keys: records.map((k) => ({
        keyId: k.keyId,
        createdAt: k.createdAt,
        ...(k.retiresAt !== undefined ? { retiresAt: k.retiresAt, retiredBecause: k.retiredBecause ?? 'rotated' } : {}),
        live: k.retiresAt === undefined || at < Date.parse(k.retiresAt),
      })),
      revoked: records.some((k) => k.retiredBecause === 'revoked'),
    };
  };

  const existing = (enrollmentId: string, mspId: string | undefined): UserSummary => {
    const identity = { mspId: mspOf(mspId), enrollmentId };
    const user = summary(identity);
    if (!user) throw new NotFoundError(`no user ${enrollmentId} of ${identity.mspId} has an API key on this gateway`);
    return user;
  };

  const issue = async (identity: CallerIdentity): Promise<IssuedKey> => {
    const apiKey = await keys.issue(identity);
    const keyId = /^dal_([0-9a-f]{16})_/.exec(apiKey)?.[1] ?? '';
    return { user: summary(identity)!, apiKey, keyId };
  };

  return {
    async add(request) {
      const mspId = mspOf(request.mspId);
      const { enrollmentId } = request;
      if (!ENROLLMENT_ID.test(enrollmentId)) throw new InputError('enrollmentId must be 1 to 64 letters, digits, . _ @ - starting with a letter or digit');
      if (RESERVED.has(enrollmentId)) throw new InputError(`enrollmentId "${enrollmentId}" is reserved for the network and the gateway`);
      const roles = [...new Set(request.roles)];
      if (roles.length === 0) throw new InputError(`a user needs at least one role (${ROLES.join(', ')})`);
      const unknown = roles.find((r) => !(ROLES as readonly string[]).includes(r));
      if (unknown !== undefined) throw new InputError(`unknown role "${unknown}"; roles are ${ROLES.join(', ')}`);
      const entity = request.entity;
      if (entity !== undefined && !/^[^\s,]{1,128}$/.test(entity))
        throw new InputError('entity must be the unified social credit code (or np: hash) the user acts for, without spaces or commas');
      const identity: CallerIdentity = { mspId, enrollmentId, roles, ...(entity !== undefined ? { entity } : {}) };
      const before = summary(identity);
      if (before?.revoked) throw new ConflictError(`${enrollmentId} of ${mspId} was revoked; its enrolment id is not reused: choose another`);
      if (before || (await authority.isEnrolled(identity))) throw new ConflictError(`${enrollmentId} of ${mspId} is already enrolled; rotate its key instead`);
      await authority.enroll(identity);
      const issued = await issue(identity);
      log.info(
        `users: added ${enrollmentId}@${mspId} (dal.role=${roles.join(',')}${entity !== undefined ? `, dal.entity=${entity}` : ''}) with key ${issued.keyId}`,
      );
      return issued;
    },

    list(mspId) {
      const wanted = options.organization ?? mspId;
      const seen = new Map<string, LedgerIdentity>();
      for (const k of keys.list()) {
        if (wanted === undefined || k.identity.mspId === wanted) seen.set(`${k.identity.enrollmentId}@${k.identity.mspId}`, k.identity);
      }
      return [...seen.values()].map((id) => summary(id)!);
    },

    async rotateKey(enrollmentId, rotation = {}) {
      const user = existing(enrollmentId, rotation.mspId);
      if (user.revoked) throw new ConflictError(`${enrollmentId} of ${user.mspId} was revoked; it gets no new key`);
      const graceMs = rotation.graceMs ?? options.rotationGraceMs;
      if (!Number.isSafeInteger(graceMs) || graceMs < 0 || graceMs > MAX_GRACE_MS)
        throw new InputError('graceSeconds must be a whole number of seconds between 0 and 30 days');
      const identity: CallerIdentity = {
        mspId: user.mspId,
        enrollmentId: user.enrollmentId,
        roles: user.roles,
        ...(user.entity !== undefined ? { entity: user.entity } : {}),
      };
      const retiring = await keys.retire(identity, now() + graceMs, 'rotated');
      const issued = await issue(identity);
      log.info(
        `users: rotated the key of ${enrollmentId}@${user.mspId}: new key ${issued.keyId}, ${retiring.join(', ') || 'no key'} retiring in ${Math.round(graceMs / 1000)} s`,
      );
      return issued;
    },

    async revoke(enrollmentId, revocation = {}) {
      const user = existing(enrollmentId, revocation.mspId);
      const retired = await keys.retire(user, now(), 'revoked');
      const outcome = await authority.revoke(user);
      log.info(
        `users: revoked ${enrollmentId}@${user.mspId}: keys ${retired.join(', ') || '(none live)'} refused, certificate ${outcome.serialNumber ?? '(not in the wallet)'} revoked at the CA`,
      );
      return { user: summary(user)!, revocation: outcome };
    },
  };
}
