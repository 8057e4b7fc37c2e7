/**
 * Whether an error is the filesystem refusing to store: no space left (ENOSPC, EDQUOT) or a
 * read-only filesystem (EROFS) — as a Node errno error, or as LevelDB's IO error text, also
 * when wrapped (`cause`) or carried in a message (the embedded network's commit failure).
 */
const CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS']);
const TEXT = /no space left on device|disk quota exceeded|read-only file system/i;

export function isStorageFault(err: unknown): boolean {
  for (let e = err, depth = 0; e !== null && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && CODES.has(code)) return true;
    if (typeof message === 'string' && TEXT.test(message)) return true;
  }
  return false;
}
