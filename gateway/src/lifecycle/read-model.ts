/**
 * The lifecycle read model: follows the channel's committed blocks and keeps, per certificate,
 * every transaction that touched it (lifecycle-store.ts). Each block is fetched and decoded once
 * (Ledger.getRawBlock), valid or not; a chaincode event is only a signal that a block is there to
 * read, and a slow timer picks up blocks whose transactions were all invalidated (no event).
 *
 * Answers never scan the ledger: a page is one LevelDB range read, the per-grant counts one more.
 * `waitFor(n)` makes a read wait until block n is processed (X-Min-Block read after write).
 * `rebuild()` forgets everything and reads the chain again from block 0.
 */
import { rm } from 'node:fs/promises';
import type { Ledger } from '../ledger/ledger';
import { LedgerBehindError } from '../http/errors';
import { attribute, type CertificateRecordFacts } from './attribution';
import { transactionsOf, type TransactionFacts } from './block-facts';
import { summarise } from './summary';
import { BlockBatch, keys, openLifecycleDb, position, range, type Db, type LifecycleEntry, type LineageNode, type UsageCount } from './lifecycle-store';

export type { LifecycleEntry, LineageNode, UsageCount } from './lifecycle-store';

/** Which entries a page lists: uses folded into counts, every entry, or the uses of one grant. */
export type LifecycleView = { readonly kind: 'summary' } | { readonly kind: 'all' } | { readonly kind: 'uses'; readonly grantId: string };

export interface LifecyclePage {
  readonly items: readonly LifecycleEntry[];
  /** The last item's position when there may be more; '' when this is the last page. */
  readonly next: string;
}

export interface LifecycleReadModel {
  /** Starts following the ledger (idempotent). */
  start(): void;
  /** Resolves once block `blockNumber` is processed; LedgerBehindError after `timeoutMs`. */
  waitFor(blockNumber: number, timeoutMs: number): Promise<void>;
  /** The last block processed (-1 before the first). */
  checkpoint(): Promise<number>;
  page(certificateId: string, view: LifecycleView, limit: number, after?: string): Promise<LifecyclePage>;
  usage(certificateId: string): Promise<readonly UsageCount[]>;
  /** Certificates as lineage shows them, in the order asked (one read for all). */
  nodes(ids: readonly string[]): Promise<readonly (LineageNode | undefined)[]>;
  /** The children of each certificate asked, in the order asked (one read for all). */
  children(ids: readonly string[]): Promise<readonly (readonly string[])[]>;
  /** The certificate an id stands for (itself, its application id, a record of it). */
  certificateOf(id: string): Promise<string | undefined>;
  /** Forgets everything and reads the chain again from block 0; resolves when caught up. */
  rebuild(): Promise<void>;
  close(): Promise<void>;
}

export interface LifecycleReadModelOptions {
  readonly ledger: Ledger;
  /** Its own directory, e.g. `<data dir>/lifecycle`. */
  readonly directory: string;
  /** How often to look for blocks no event announced (default 2 s). */
  readonly pollMs?: number;
  /** Stop after this block (tests simulate a crash mid-way). */
  readonly stopAfterBlock?: number;
  readonly log?: (line: string) => void;
}

export function createLifecycleReadModel(options: Readonly<LifecycleReadModelOptions>): LifecycleReadModel {
  return new FollowingReadModel(options);
}

const POLL_MS = 2000;

class FollowingReadModel implements LifecycleReadModel {
  private db: Promise<Db> | undefined;
  private processed = -2; // unknown until read from the checkpoint
  private running: Promise<void> | undefined;
  private again = false;
  private started = false;
  private closed = false;
  /** While the database is being deleted, nothing may open it. */
  private rebuilding = false;
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly waiters = new Set<{ block: number; resolve: () => void }>();

  constructor(private readonly options: Readonly<LifecycleReadModelOptions>) {}

  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.unsubscribe = this.options.ledger.onEvent(() => this.kick());
    this.timer = setInterval(() => this.kick(), this.options.pollMs ?? POLL_MS);
    this.timer.unref();
    this.kick();
  }

  async waitFor(blockNumber: number, timeoutMs: number): Promise<void> {
    this.start();
    if ((await this.checkpoint()) >= blockNumber) return;
    await new Promise<void>((resolve, reject) => {
      const waiter = {
        block: blockNumber,
        resolve: (): void => {
          clearTimeout(timeout);
          resolve();
        },
      };
      const timeout = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(
          new LedgerBehindError(
            `the lifecycle read model has processed up to block ${this.processed}; block ${blockNumber} was not reached within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(waiter);
      this.kick();
    });
  }

  async checkpoint(): Promise<number> {
    if (this.processed === -2) {
      const stored = await (await this.open()).get(keys.checkpoint);
      if (this.processed === -2) this.processed = typeof stored === 'number' ? stored : -1;
    }
    return this.processed;
  }

  async page(certificateId: string, view: LifecycleView, limit: number, after?: string): Promise<LifecyclePage> {
    const db = await this.open();
    const prefix =
      view.kind === 'summary'
        ? keys.summaryEntry(certificateId, '')
        : view.kind === 'all'
          ? keys.entry(certificateId, '')
          : keys.use(certificateId, view.grantId, '');
    const rows = await range<LifecycleEntry>(db, prefix, limit + 1, after !== undefined ? prefix + after : undefined);
    const items = rows.slice(0, limit).map((r) => r.value);
    const last = rows.length > limit ? rows[limit - 1]! : undefined;
    return { items, next: last ? last.key.slice(prefix.length) : '' };
  }

  async usage(certificateId: string): Promise<readonly UsageCount[]> {
    return (await range<UsageCount>(await this.open(), keys.usage(certificateId, ''), 10_000)).map((r) => r.value);
  }

  async nodes(ids: readonly string[]): Promise<readonly (LineageNode | undefined)[]> {
    return (await (await this.open()).getMany(ids.map(keys.node))) as (LineageNode | undefined)[];
  }

  async children(ids: readonly string[]): Promise<readonly (readonly string[])[]> {
    return ((await (await this.open()).getMany(ids.map(keys.children))) as (readonly string[] | undefined)[]).map((c) => c ?? []);
  }

  async certificateOf(id: string): Promise<string | undefined> {
    return (await (await this.open()).get(keys.id(id))) as string | undefined;
  }

  async rebuild(): Promise<void> {
    this.rebuilding = true;
    try {
      await this.running;
      const db = await this.open();
      this.db = undefined;
      await db.close();
      await rm(this.options.directory, { recursive: true, force: true });
      this.processed = -2;
    } finally {
      this.rebuilding = false;
    }
    this.start();
    const height = await this.options.ledger.height();
    await this.waitFor(height - 1, 10 * 60_000);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    await this.running;
    if (this.db) await (await this.db).close();
    this.db = undefined;
  }

  private open(): Promise<Db> {
    this.db ??= openLifecycleDb(this.options.directory);
    return this.db;
  }

  /** One catch-up at a time; a signal during one runs another after it. */
  private kick(): void {
    if (this.closed || this.rebuilding) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.catchUp()
      .catch((err: unknown) => this.options.log?.(`lifecycle read model: ${(err as Error).message}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async catchUp(): Promise<void> {
    const height = await this.options.ledger.height();
    const stop = this.options.stopAfterBlock ?? Number.MAX_SAFE_INTEGER;
    for (let n = (await this.checkpoint()) + 1; n < height && n <= stop && !this.closed; n++) {
      await this.process(n);
      this.processed = n;
      for (const w of this.waiters) {
        if (w.block <= n) {
          this.waiters.delete(w);
          w.resolve();
        }
      }
    }
  }

  private async process(blockNumber: number): Promise<void> {
    const db = await this.open();
    const { transactions } = transactionsOf(await this.options.ledger.getRawBlock(blockNumber));
    const batch = new BlockBatch(db);
    for (const tx of transactions) {
      if (tx.chaincodeName !== this.options.ledger.chaincodeName) continue; // e.g. _lifecycle on real Fabric
      await record(batch, tx);
    }
    await batch.commit(blockNumber);
  }
}

async function record(batch: BlockBatch, tx: TransactionFacts): Promise<void> {
  const attribution = await attribute(tx, { certificateOf: (id) => batch.get<string>(keys.id(id)) });
  for (const c of attribution.certificates) await learnCertificate(batch, c, tx);
  for (const [recordId, cert] of attribution.owners) if ((await batch.get(keys.id(recordId))) === undefined) batch.put(keys.id(recordId), cert);

  const pos = position(tx.blockNumber, tx.txIndex);
  for (const [cert, { type, related }] of attribution.touched) {
    const use = attribution.usageOf?.certificateId === cert ? attribution.usageOf.grantId : undefined;
    const summary = summarise(type, tx.actor, tx.validationCode, related);
    const entry: LifecycleEntry = {
      type,
      function: tx.function,
      txId: tx.txId,
      blockNumber: tx.blockNumber,
      txIndex: tx.txIndex,
      timestamp: tx.timestamp,
      actor: tx.actor,
      validationCode: tx.validationCode,
      summary: summary.en,
      summaryZh: summary.zh,
      ...(related !== undefined ? { related } : {}),
      ...(use !== undefined ? { grantId: use } : {}),
    };
    batch.put(keys.entry(cert, pos), entry);
    if (use === undefined) {
      batch.put(keys.summaryEntry(cert, pos), entry);
    } else {
      batch.put(keys.use(cert, use, pos), entry);
      const count = await batch.get<UsageCount>(keys.usage(cert, use));
      batch.put(keys.usage(cert, use), {
        grantId: use,
        count: (count?.count ?? 0) + 1,
        firstTxId: count?.firstTxId ?? tx.txId,
        firstBlockNumber: count?.firstBlockNumber ?? tx.blockNumber,
        firstAt: count?.firstAt ?? tx.timestamp,
        lastTxId: tx.txId,
        lastBlockNumber: tx.blockNumber,
        lastAt: tx.timestamp,
      });
    }
  }
}

/**
 * A certificate record: lineage facts, and on approval (its id changes from the application id
 * to the certificate id) the entries recorded under the application id are copied to the
 * certificate id, so one key holds the whole life. Only a handful precede approval.
 */
async function learnCertificate(batch: BlockBatch, c: CertificateRecordFacts, tx: TransactionFacts): Promise<void> {
  const before = (await batch.get<LineageNode>(keys.node(c.id))) ?? (await batch.get<LineageNode>(keys.node(c.applicationId)));
  const node: LineageNode = {
    id: c.id,
    applicationId: c.applicationId,
    name: c.name,
    registry: c.registry,
    assetType: c.assetType,
    status: c.status,
    ...(c.holder !== undefined ? { holder: c.holder } : {}),
    parents: c.parents,
    created: before?.created ?? { txId: tx.txId, blockNumber: tx.blockNumber, txIndex: tx.txIndex, timestamp: tx.timestamp, actor: tx.actor },
  };
  batch.put(keys.node(c.id), node);
  batch.put(keys.id(c.id), c.id);
  for (const parent of c.parents) await addChild(batch, parent, c.id, c.applicationId);
  if (c.applicationId === c.id || (await batch.get<string>(keys.id(c.applicationId))) === c.id) return;
  // approval: the application becomes the certificate
  batch.put(keys.id(c.applicationId), c.id);
  batch.del(keys.node(c.applicationId));
  if (before) await renameDerived(batch, c.parents, position(before.created.blockNumber, before.created.txIndex), c.id);
  await copyEntries(batch, c.applicationId, c.id);
}

/** The parents' `Derived` entries name the product by its certificate id once it has one. */
async function renameDerived(batch: BlockBatch, parents: readonly string[], pos: string, id: string): Promise<void> {
  for (const parent of parents) {
    for (const key of [keys.entry(parent, pos), keys.summaryEntry(parent, pos)]) {
      const entry = await batch.get<LifecycleEntry>(key);
      if (entry?.type !== 'Derived') continue;
      const summary = summarise(entry.type, entry.actor, entry.validationCode, id);
      batch.put(key, { ...entry, related: id, summary: summary.en, summaryZh: summary.zh });
    }
  }
}

/** Records `child` under `parent` (in place of the application id it had before approval). */
async function addChild(batch: BlockBatch, parent: string, child: string, applicationId: string): Promise<void> {
  const children = (await batch.get<readonly string[]>(keys.children(parent))) ?? [];
  if (children.includes(child)) return;
  batch.put(keys.children(parent), [...children.filter((c) => c !== applicationId), child].sort());
}

async function copyEntries(batch: BlockBatch, from: string, to: string): Promise<void> {
  const db = batch.database;
  for (const prefix of [keys.entry(from, ''), keys.summaryEntry(from, ''), `u!${from}!`, `g!${from}!`]) {
    const target = prefix.replace(`!${from}!`, `!${to}!`);
    for (const row of await range(db, prefix, 100_000)) batch.put(target + row.key.slice(prefix.length), row.value);
  }
}
