/**
 * Refuses a write before anything is proposed when the data directory could not store it: less
 * free space than the reserve the gateway keeps (DAL_MIN_FREE_MB), or a read-only filesystem.
 * The ledger never meets a full disk in the middle of a block that way, and the check is made
 * again for every write, so writes resume by themselves once space is freed. Reads never ask.
 */
import { constants } from 'node:fs';
import { access, statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StorageUnavailableError } from '../http/errors';

export interface StorageState {
  readonly freeBytes: number;
  readonly readOnly: boolean;
}

/** Looks at the directory's filesystem; tests pass their own to stage a fault the kernel will not produce on demand. */
export type StorageProbe = (dir: string) => Promise<StorageState>;

export interface StorageGuard {
  /** Resolves when a write may go ahead; throws StorageUnavailableError (503) otherwise. */
  ensureWritable(): Promise<void>;
}

export interface StorageGuardOptions {
  readonly dir: string;
  /** Free space kept in reserve; 0 turns the space check off. */
  readonly minFreeBytes: number;
  readonly probe?: StorageProbe;
}

const MB = 1024 * 1024;

export function createStorageGuard(options: Readonly<StorageGuardOptions>): StorageGuard {
  const probe = options.probe ?? probeDirectory;
  return {
    async ensureWritable() {
      const { freeBytes, readOnly } = await probe(options.dir);
      if (readOnly) {
        throw new StorageUnavailableError(
          `the gateway's data directory (DAL_DATA_DIR) is on a read-only filesystem, so nothing was written; reads still work, and writes resume once it is writable again`,
        );
      }
      if (freeBytes < options.minFreeBytes) {
        throw new StorageUnavailableError(
          `the gateway's data directory (DAL_DATA_DIR) has ${(freeBytes / MB).toFixed(1)} MB free, below the ${(options.minFreeBytes / MB).toFixed(0)} MB it keeps in reserve (DAL_MIN_FREE_MB), so nothing was written; reads still work, and writes resume once space is freed`,
        );
      }
    },
  };
}

/** The filesystem holding `dir`; a directory not made yet is on its nearest existing parent's. */
async function probeDirectory(dir: string): Promise<StorageState> {
  let fs;
  for (;;) {
    try {
      fs = await statfs(dir);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(dir) === dir) throw err;
      dir = dirname(dir);
    }
  }
  let readOnly = false;
  try {
    await access(dir, constants.W_OK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EROFS') throw err;
    readOnly = true;
  }
  return { freeBytes: fs.bavail * fs.bsize, readOnly };
}
