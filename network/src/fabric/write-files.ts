/** Writes generated files under a root folder and compares them with what is there (drift). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { GeneratedFile } from './generate';

export function writeGeneratedFiles(root: string, files: readonly GeneratedFile[]): string[] {
  const written: string[] = [];
  for (const f of files) {
    const target = join(root, f.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, f.content);
    written.push(target);
  }
  return written;
}

/** Paths whose content on disk differs from the generator's (missing files count as differing). */
export function driftedFiles(root: string, files: readonly GeneratedFile[]): string[] {
  return files.filter((f) => {
    try {
      return readFileSync(join(root, f.path), 'utf8') !== f.content;
    } catch {
      return true;
    }
  }).map((f) => f.path);
}
