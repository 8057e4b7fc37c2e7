/**
 * Files that hold credentials or callers' data: written atomically (a reader or a crash
 * never sees half a file) and readable by the owner only.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Atomically replaces `file` with `content`, readable by the owner only. */
export async function writePrivateFile(file: string, content: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
  await chmod(file, 0o600);
}
