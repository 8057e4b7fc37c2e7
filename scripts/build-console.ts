/**
 * Builds the web console (gateway/web) into build/public/console: esbuild bundles the React app
 * as ES modules split at every dynamic import (each page, the chart library, the QR code), so
 * the first load fetches only the shell. The metafile it writes lets bench:console count the
 * initial JavaScript. Run by `npm run build` after tsc has type-checked gateway/web.
 */
import { build } from 'esbuild';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const CONSOLE_OUT = join(ROOT, 'build', 'public', 'console');
/** What esbuild wrote, chunk by chunk, with each chunk's static imports (read by bench:console). */
export const CONSOLE_META = join(ROOT, 'build', 'console-meta.json');

async function main(): Promise<void> {
  await rm(CONSOLE_OUT, { recursive: true, force: true });
  await mkdir(CONSOLE_OUT, { recursive: true });
  const result = await build({
    entryPoints: { console: join(ROOT, 'gateway', 'web', 'src', 'main.tsx') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    jsx: 'automatic',
    outdir: CONSOLE_OUT,
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  await writeFile(CONSOLE_META, JSON.stringify(result.metafile));
  await copyFile(join(ROOT, 'gateway', 'web', 'console.css'), join(CONSOLE_OUT, 'console.css'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
