/**
 * Public verification served from memory, with the ledger as the source of truth.
 *
 * A chaincode query costs 1–2 ms of CPU; verification by id must answer thousands of requests
 * a second. So the public facts of a certificate are read once from the chaincode
 * (`Certificate:Verification`, evaluated as the public verifier, which already leaves out
 * everything personal) and kept until a committed chaincode event names the certificate.
 * That makes this a read-through cache invalidated by commits rather than a projection
 * rebuilt from events: it starts empty and subscribes before it serves its first answer, so
 * there is nothing to replay from an earlier block, and no chaincode rule is re-implemented
 * here. Time-dependent facts (`valid`, `expired`, a recognition's effect) are computed
 * at answer time from the stored `expiresAt`, never cached.
 *
 * Which clock decides expiry: ledger time of a query, which is the gateway's clock. The
 * chaincode judges `expired` by the transaction timestamp (stub.getTxTimestamp), and for a
 * query that timestamp is the one the client — this gateway — put in the proposal header, from
 * its own clock; `checkedAt` below is the same clock read at answer time, so an answer from
 * memory says what a fresh `Certificate:Verification` query would.
 *
 * Never stale after a commit the gateway has seen: the embedded network delivers a block's
 * events before the writer's submit resolves, writes through this gateway also invalidate
 * what they touched, and a query that was running while an event named its certificate is
 * thrown away and asked again (the per-key invalidation sequence below).
 */
import type { Ledger, LedgerIdentity } from '../ledger/ledger';
import { statusReason, type VerdictReason } from './verdict';
import type { Verification as ChaincodeVerification, VerificationEncumbrance, VerificationPledgee } from '../../../chaincode/src/vocabulary';
import { evaluateTransaction, type EvaluateTransaction } from '../ledger-service/transaction';

const VERIFICATION = evaluateTransaction('Certificate:Verification');
const BY_QUERY_CODE = evaluateTransaction('Certificate:GetByQueryCode');
/** The chaincode queries public verification reads (checked against the chaincode's metadata with the routes' declarations). */
export const VERIFICATION_QUERIES: readonly EvaluateTransaction[] = [VERIFICATION, BY_QUERY_CODE];

/** The public answer (api.md GET /certificates/{id}/verification): nothing personal. */
export interface PublicVerification {
  readonly id: string;
  readonly exists: boolean;
  /** The certificate holds now: issued, within its term at `checkedAt` (verdict.ts), encumbered or not. */
  readonly valid: boolean;
  /** Why it does not hold, when `valid` is false. */
  readonly reason?: VerdictReason;
  readonly status?: string;
  /** When the current status began: revoked, cancelled, rejected (its transaction's time) or expired (`expiresAt`). */
  readonly since?: string;
  readonly pledged?: boolean;
  /** The bank holding the active pledge and since when (never the amount), when `pledged`. */
  readonly pledgee?: VerificationPledgee;
  /** Active encumbrances (kind, since, reference; never amounts): reported beside `valid`, never a reason. */
  readonly encumbrances?: readonly VerificationEncumbrance[];
  readonly issuer?: Issuer;
  readonly assetType?: string;
  readonly fingerprint?: string;
  readonly issuedAt?: string;
  readonly expiresAt?: string;
  readonly version?: number;
  readonly recognitions?: readonly { registry: string; recognisedAt: string; valid: boolean; txId: string; blockNumber: number }[];
  /** The transaction that last wrote the certificate, and its block. */
  readonly txId?: string;
  readonly blockNumber?: number;
  readonly checkedAt: string;
}

interface Issuer {
  readonly mspId: string;
  readonly cityCode: string;
  readonly name?: string;
  readonly nameZh?: string;
}

/**
 * `fresh`: read the ledger now rather than answer from memory. For a read sent with X-Min-Block:
 * the ledger has that block, but the event that would refresh memory may not have arrived yet
 * (on Fabric the peer's event stream and its queries are separate paths).
 */
interface ReadOptions {
  readonly fresh?: boolean;
}

export interface VerificationReadModel {
  /** By certificate id (or the application id it had before approval); `exists: false` when unknown. */
  byId(id: string, options?: ReadOptions): Promise<PublicVerification>;
  /** By query code (查询码), case-insensitive; the chaincode's NOT_FOUND when unknown. */
  byQueryCode(code: string, options?: ReadOptions): Promise<PublicVerification>;
  /** Forgets these ids: a write through this gateway touched them (events do the same for every write). */
  invalidate(ids: readonly unknown[]): void;
  /** Stops listening to events. */
  close(): void;
}

export interface VerificationReadModelOptions {
  readonly ledger: Ledger;
  /** Who the chaincode queries are signed as (publicVerifierOf). */
  readonly identity: LedgerIdentity;
  /** Certificates kept in memory; the oldest entry goes first (default 100,000). */
  readonly maxEntries?: number;
  /** The clock for time-dependent facts (tests move it). */
  readonly now?: () => Date;
}

/** What the chaincode said, with block numbers added; everything here is fixed until the next commit. */
interface CertificateFacts {
  readonly id: string;
  /** As the chaincode computed it when loaded; `expired` is recomputed at answer time. */
  readonly status: string;
  readonly pledged: boolean;
  readonly pledgee?: VerificationPledgee;
  readonly encumbrances: readonly VerificationEncumbrance[];
  readonly issuer: Issuer;
  readonly assetType: string;
  readonly fingerprint: string;
  readonly issuedAt?: string;
  readonly expiresAt?: string;
  readonly version: number;
  readonly recognitions: readonly { registry: string; recognisedAt: string; txId: string; blockNumber: number }[];
  readonly txId: string;
  readonly blockNumber: number;
  /** Timestamp of `txId`. */
  readonly writtenAt: string;
}

const DEFAULT_MAX_ENTRIES = 100_000;
/** A load overtaken by commits this many times answers what it read last, uncached. */
const MAX_LOAD_ATTEMPTS = 5;
const CLOSED_STATUSES: ReadonlySet<string> = new Set(['revoked', 'cancelled', 'rejected']);
const ID_FIELDS = ['id', 'applicationId', 'certificateId'] as const;

export function createVerificationReadModel(options: Readonly<VerificationReadModelOptions>): VerificationReadModel {
  return new CachedVerifications(options);
}

class CachedVerifications implements VerificationReadModel {
  private readonly ledger: Ledger;
  private readonly identity: LedgerIdentity;
  private readonly maxEntries: number;
  private readonly now: () => Date;
  private readonly facts = new Map<string, CertificateFacts>();
  private readonly queryCodes = new Map<string, string>();
  private readonly loading = new Map<string, Promise<CertificateFacts | undefined>>();
  /** Invalidation sequence; only recorded per id while loads run, which is all it is for. */
  private sequence = 0;
  private freshLoads = 0;
  private readonly invalidatedAt = new Map<string, number>();
  private readonly unsubscribe: () => void;

  constructor(options: Readonly<VerificationReadModelOptions>) {
    this.ledger = options.ledger;
    this.identity = options.identity;
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.now = options.now ?? ((): Date => new Date());
    this.unsubscribe = this.ledger.onEvent((event) => this.invalidate(idsIn(event.payload)));
  }

  async byId(id: string, options: ReadOptions = {}): Promise<PublicVerification> {
    const key = id.trim();
    // a fresh read does not join a load in flight: that one may have read before the caller's block
    const facts = options.fresh ? await this.loadOwn(key) : (this.facts.get(key) ?? (await this.loadShared(key)));
    const checkedAt = this.now().toISOString();
    return facts ? answer(facts, checkedAt) : { id: key, exists: false, valid: false, reason: 'not-found', checkedAt };
  }

  async byQueryCode(code: string, options: ReadOptions = {}): Promise<PublicVerification> {
    const normalised = code.trim().toUpperCase();
    let id = this.queryCodes.get(normalised);
    if (id === undefined) {
      // A query code is set once, at issue, and never moves to another certificate.
      id = (await this.query<ChaincodeVerification>(BY_QUERY_CODE, normalised)).id;
      remember(this.queryCodes, normalised, id, this.maxEntries);
    }
    return this.byId(id, options);
  }

  invalidate(ids: readonly unknown[]): void {
    const running = this.loading.size > 0;
    if (running) this.sequence++;
    for (const id of ids) {
      if (typeof id !== 'string') continue;
      this.facts.delete(id);
      if (running) this.invalidatedAt.set(id, this.sequence);
    }
  }

  close(): void {
    this.unsubscribe();
  }

  /** A load of its own, still registered as running so that invalidations during it are seen. */
  private async loadOwn(key: string): Promise<CertificateFacts | undefined> {
    const token = `${key}\u0000fresh\u0000${++this.freshLoads}`;
    const pending = this.load(key);
    this.loading.set(token, pending);
    try {
      return await pending;
    } finally {
      this.loading.delete(token);
      if (this.loading.size === 0) this.invalidatedAt.clear();
    }
  }

  /** Concurrent misses for one id share one load. */
  private loadShared(key: string): Promise<CertificateFacts | undefined> {
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.load(key).finally(() => {
        this.loading.delete(key);
        if (this.loading.size === 0) this.invalidatedAt.clear();
      });
      this.loading.set(key, pending);
    }
    return pending;
  }

  private async load(key: string): Promise<CertificateFacts | undefined> {
    for (let attempt = 1; ; attempt++) {
      const startedAt = this.sequence;
      const facts = await this.fetch(key);
      const overtaken = [key, facts?.id].some((id) => id !== undefined && (this.invalidatedAt.get(id) ?? -1) > startedAt);
      if (!overtaken) {
        // Unknown ids are not cached: anyone can ask for any id, and memory is for certificates.
        if (facts) remember(this.facts, key, facts, this.maxEntries);
        return facts;
      }
      if (attempt >= MAX_LOAD_ATTEMPTS) return facts;
    }
  }

  private async fetch(key: string): Promise<CertificateFacts | undefined> {
    const v = await this.query<ChaincodeVerification>(VERIFICATION, key);
    if (!v.exists || v.txId === undefined || v.issuer === undefined) return undefined;
    const [written, ...recognised] = await Promise.all([
      this.ledger.getTransaction(v.txId),
      ...(v.recognitions ?? []).map((r) => this.ledger.getTransaction(r.txId)),
    ]);
    return {
      id: v.id,
      status: v.status ?? 'applied',
      pledged: v.pledged === true,
      ...(v.pledgee !== undefined ? { pledgee: v.pledgee } : {}),
      encumbrances: (v.encumbrances ?? []).map((e) => ({ kind: e.kind, since: e.since, ...(e.reference !== undefined ? { reference: e.reference } : {}) })),
      issuer: v.issuer,
      assetType: v.assetType ?? '',
      fingerprint: v.fingerprint ?? '',
      ...(v.issuedAt !== undefined ? { issuedAt: v.issuedAt } : {}),
      ...(v.expiresAt !== undefined ? { expiresAt: v.expiresAt } : {}),
      version: v.version ?? 1,
      recognitions: (v.recognitions ?? []).map((r, i) => ({
        registry: r.registry,
        recognisedAt: r.recognisedAt,
        txId: r.txId,
        blockNumber: recognised[i]?.blockNumber ?? -1,
      })),
      txId: v.txId,
      blockNumber: written!.blockNumber,
      writtenAt: written!.timestamp,
    };
  }

  private async query<T>(query: EvaluateTransaction, arg: string): Promise<T> {
    const payload = await this.ledger.evaluate(this.identity, query.name, [arg]);
    return JSON.parse(Buffer.from(payload).toString('utf8')) as T;
  }
}

/** The public answer at `checkedAt`: status and validity as the chaincode computes them (rules/certificate.ts). */
function answer(f: CertificateFacts, checkedAt: string): PublicVerification {
  const status = f.status === 'issued' && f.expiresAt !== undefined && checkedAt >= f.expiresAt ? 'expired' : f.status;
  const reason = statusReason(true, status);
  const valid = reason === undefined;
  const since = CLOSED_STATUSES.has(status) ? f.writtenAt : status === 'expired' ? f.expiresAt : undefined;
  return {
    id: f.id,
    exists: true,
    valid,
    ...(reason !== undefined ? { reason } : {}),
    status,
    ...(since !== undefined ? { since } : {}),
    pledged: f.pledged,
    ...(f.pledgee !== undefined ? { pledgee: f.pledgee } : {}),
    encumbrances: f.encumbrances,
    issuer: f.issuer,
    assetType: f.assetType,
    fingerprint: f.fingerprint,
    ...(f.issuedAt !== undefined ? { issuedAt: f.issuedAt } : {}),
    ...(f.expiresAt !== undefined ? { expiresAt: f.expiresAt } : {}),
    version: f.version,
    // A recognition has effect exactly while its certificate is valid.
    recognitions: f.recognitions.map((r) => ({ registry: r.registry, recognisedAt: r.recognisedAt, valid, txId: r.txId, blockNumber: r.blockNumber })),
    txId: f.txId,
    blockNumber: f.blockNumber,
    checkedAt,
  };
}

/** Certificate ids an event names: the record's own id, its application id, or the certificate it concerns. */
function idsIn(payload: Uint8Array): unknown[] {
  try {
    const record = JSON.parse(Buffer.from(payload).toString('utf8')) as Record<string, unknown>;
    return record !== null && typeof record === 'object' ? ID_FIELDS.map((f) => record[f]) : [];
  } catch {
    return [];
  }
}

/** Map insertion order is age order: the oldest entry makes room. */
function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  if (map.size >= max) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
  map.set(key, value);
}
