/**
 * The lifecycle read model's LevelDB, under the gateway's data directory. Everything one block
 * teaches is written in ONE batch together with the checkpoint (the last block processed), so a
 * crash at any point leaves either the whole block or none of it: a restart resumes at the block
 * after the checkpoint and never loses or duplicates an entry. Entry keys are positions in the
 * ledger, so a block processed twice (it cannot be, but) would overwrite, not add.
 *
 * Key layout (UTF-8, `!`-separated; a position is `<block, 12 digits>.<tx index, 6 digits>`):
 *   meta!checkpoint                  last block whose transactions are all recorded
 *   e!<cert>!<position>              every entry of the certificate, metered uses included
 *   s!<cert>!<position>              the same entries without the metered uses (the summary view)
 *   u!<cert>!<grant>!<position>      the metered uses of one grant
 *   g!<cert>!<grant>                 per-grant use counts {count, first…, last…}
 *   id!<id>                          the certificate an id stands for (its own, its application's, a record's)
 *   n!<cert>                         the certificate as lineage shows it (parents, registry, holder, when created and by whom)
 *   k!<cert>                         its children: the certificates that name it as a parent (downstream lineage)
 */
import { Level } from 'level';
import type { Actor } from './block-facts';

export interface LifecycleEntry {
  /** The chaincode event's name, or `Contract:Function` when there is none (an invalid transaction). */
  readonly type: string;
  readonly function: string;
  readonly txId: string;
  readonly blockNumber: number;
  readonly txIndex: number;
  readonly timestamp: string;
  readonly actor: Actor;
  readonly validationCode: string;
  readonly summary: string;
  readonly summaryZh: string;
  /** The record the transaction concerns when it is not the certificate itself (a grant, an order, a derived product…). */
  readonly related?: string;
  /** For a metered use: its grant. */
  readonly grantId?: string;
}

export interface UsageCount {
  readonly grantId: string;
  readonly count: number;
  readonly firstTxId: string;
  readonly firstBlockNumber: number;
  readonly firstAt: string;
  readonly lastTxId: string;
  readonly lastBlockNumber: number;
  readonly lastAt: string;
}

export interface LineageNode {
  readonly id: string;
  readonly applicationId: string;
  readonly name: string;
  readonly registry: string;
  readonly assetType: string;
  readonly status: string;
  readonly holder?: string;
  readonly parents: readonly string[];
  /** The transaction that applied for it. */
  readonly created: { readonly txId: string; readonly blockNumber: number; readonly txIndex: number; readonly timestamp: string; readonly actor: Actor };
}

export type Value = LifecycleEntry | UsageCount | LineageNode | readonly string[] | string | number;

export function position(blockNumber: number, txIndex: number): string {
  return `${String(blockNumber).padStart(12, '0')}.${String(txIndex).padStart(6, '0')}`;
}

export const keys = {
  checkpoint: 'meta!checkpoint',
  entry: (cert: string, pos: string): string => `e!${cert}!${pos}`,
  summaryEntry: (cert: string, pos: string): string => `s!${cert}!${pos}`,
  use: (cert: string, grant: string, pos: string): string => `u!${cert}!${grant}!${pos}`,
  usage: (cert: string, grant: string): string => `g!${cert}!${grant}`,
  id: (id: string): string => `id!${id}`,
  node: (cert: string): string => `n!${cert}`,
  children: (cert: string): string => `k!${cert}`,
} as const;

export type Db = Level<string, Value>;

export async function openLifecycleDb(path: string): Promise<Db> {
  const db = new Level<string, Value>(path, { keyEncoding: 'utf8', valueEncoding: 'json' });
  await db.open();
  return db;
}

/** Values under `prefix` whose key comes after `after` (a full key), in key order, at most `limit`. */
export async function range<V extends Value>(db: Db, prefix: string, limit: number, after?: string): Promise<{ key: string; value: V }[]> {
  const out: { key: string; value: V }[] = [];
  const options = { ...(after !== undefined ? { gt: after } : { gte: prefix }), lt: `${prefix}\uffff`, limit };
  for await (const [key, value] of db.iterator(options)) out.push({ key, value: value as V });
  return out;
}

/**
 * The writes of one block, read through: what the block already decided is seen by its later
 * transactions before it is on disk. `commit` writes it all with the checkpoint in one batch.
 */
export class BlockBatch {
  private readonly pending = new Map<string, Value | undefined>();

  constructor(private readonly db: Db) {}

  /** The database as committed so far (without this block). */
  get database(): Db {
    return this.db;
  }

  async get<V extends Value>(key: string): Promise<V | undefined> {
    if (this.pending.has(key)) return this.pending.get(key) as V | undefined;
    return (await this.db.get(key)) as V | undefined;
  }

  put(key: string, value: Value): void {
    this.pending.set(key, value);
  }

  del(key: string): void {
    this.pending.set(key, undefined);
  }

  async commit(blockNumber: number): Promise<void> {
    const ops = [...this.pending].map(([key, value]) => (value === undefined ? { type: 'del' as const, key } : { type: 'put' as const, key, value }));
    ops.push({ type: 'put', key: keys.checkpoint, value: blockNumber });
    await this.db.batch(ops);
  }
}
