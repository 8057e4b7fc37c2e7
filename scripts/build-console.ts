/**
 * Builds the web console (gateway/web) into build/public/console: esbuild bundles the React app
 * as ES modules split at every dynamic import (each page, the chart library, the QR code), so
 * the first load fetches only the shell. The metafile it writes lets bench:console count the
 * initial JavaScript. Run by `npm run build` after tsc has type-checked gateway/web.
 */
import { build, type Metafile } from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { consoleHtml } from '../gateway/src/pages/console-html';

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
  const antd = await antdStyleSheet();
  const own = await readFile(join(ROOT, 'gateway', 'web', 'console.css'), 'utf8');
  // Ant Design's sheet first: the console's own rules come after it, as they did after the styles it injected
  await writeFile(join(CONSOLE_OUT, 'console.css'), `${antd}\n${own}`);
  await writeFile(join(CONSOLE_OUT, 'index.html'), consoleHtml(initialChunks(result.metafile)));
}

/**
 * Ant Design's styles for the components the console uses, computed here once rather than in
 * every browser on every first load (gateway/web/src/style-catalogue.tsx): the catalogue is
 * bundled from the same sources for Node (the ES modules, as in the browser) and run.
 */
async function antdStyleSheet(): Promise<string> {
  const outfile = join(ROOT, 'build', 'console-style-catalogue.js');
  await build({
    entryPoints: [join(ROOT, 'gateway', 'web', 'src', 'style-catalogue.tsx')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    jsx: 'automatic',
    outfile,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  const catalogue = (await import(outfile)) as { consoleStyleSheet: () => string };
  return catalogue.consoleStyleSheet();
}

/** The entry's static imports, transitively: what the first load needs, announced in the page so the browser fetches them at once. */
function initialChunks(meta: Metafile): string[] {
  const entry = Object.keys(meta.outputs).find((f) => f.endsWith('/console.js'));
  const seen = new Set<string>();
  const walk = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const i of meta.outputs[file]?.imports ?? []) if (i.kind === 'import-statement') walk(i.path);
  };
  if (entry) walk(entry);
  return [...seen].map((f) => `/console/${relative(CONSOLE_OUT, join(ROOT, f)).split(sep).join('/')}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
