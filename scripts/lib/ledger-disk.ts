/**
 * What an embedded ledger takes on disk, by part: LevelDB's own estimate of the bytes each key
 * range occupies in its table files (ledger-db.ts lays the parts out under prefixes), and the
 * directories' total sizes. The ledger must not be open elsewhere (LevelDB allows one process).
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { openLedgerDb } from '../../network/src/embedded/ledger-db';

export interface DiskUsage {
  /** World state (`st/`). */
  readonly state: number;
  /** The block store and its transaction index (`blk/`, `tx/`). */
  readonly blocks: number;
  /** History (`hi/`). */
  readonly history: number;
  /** Private data, its hashes and its expiry schedule (`pv/`, `ph/`, `px/`). */
  readonly privateData: number;
  /** Every file of `<dataDir>/ledger` (tables, log, manifest). */
  readonly ledgerDir: number;
  /** Every file of the gateway's lifecycle read model, `<dataDir>/lifecycle`. */
  readonly lifecycleDir: number;
}

export async function ledgerDiskUsage(dataDir: string): Promise<DiskUsage> {
  const db = await openLedgerDb(join(dataDir, 'ledger'));
  // `level` is classic-level on Node, which has approximateSize; its types are the browser's too
  const sized = db as unknown as { approximateSize(start: string, end: string): Promise<number> };
  try {
    const size = async (...prefixes: string[]): Promise<number> => {
      let total = 0;
      for (const p of prefixes) total += await sized.approximateSize(p, `${p}\uffff`);
      return total;
    };
    return {
      state: await size('st/'),
      blocks: await size('blk/', 'tx/'),
      history: await size('hi/'),
      privateData: await size('pv/', 'ph/', 'px/'),
      ledgerDir: await directoryBytes(join(dataDir, 'ledger')),
      lifecycleDir: await lifecycleDirBytes(dataDir),
    };
  } finally {
    await db.close();
  }
}

/** The gateway's lifecycle read model on disk (file sizes: readable while the gateway runs). */
export function lifecycleDirBytes(dataDir: string): Promise<number> {
  return directoryBytes(join(dataDir, 'lifecycle'));
}

async function directoryBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await directoryBytes(path) : (await stat(path)).size;
  }
  return total;
}
