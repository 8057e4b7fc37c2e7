/**
 * bench:console — the web console's budgets, measured rather than asserted:
 *  - the initial JavaScript (the entry and every chunk it imports statically), gzipped, from
 *    the metafile `npm run build` writes; the pages' chunks (charts, QR code) listed apart;
 *  - first load to interactive on loopback in Debian Chromium: a fresh browser context (cold
 *    HTTP cache) opens `/` of a fresh embedded gateway, and the time is taken when the sign-in
 *    field is in the page and can take the focus (React mounted, Ant Design styled), from the
 *    navigation's start; then, signed in, the time to the shell.
 * Prints the figures; the load average is printed too, since the machine may be shared.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../test/support/browser';
import { CONSOLE_META } from './build-console';
import { withEmbeddedGateway } from './lib/embedded-gateway';

const RUNS = Number(process.env.RUNS ?? 7);
const ROOT = join(__dirname, '..', '..');

interface Metafile {
  readonly outputs: Readonly<Record<string, { readonly imports: readonly { path: string; kind: string }[]; readonly entryPoint?: string }>>;
}

function gzipped(file: string): number {
  return gzipSync(readFileSync(join(ROOT, file)), { level: 9 }).length;
}

function bundleFigures(): void {
  const meta = JSON.parse(readFileSync(CONSOLE_META, 'utf8')) as Metafile;
  const entry = Object.keys(meta.outputs).find((f) => f.endsWith('/console.js'));
  if (!entry) throw new Error(`no console.js in ${CONSOLE_META}: run npm run build`);
  const initial = new Set<string>();
  const walk = (file: string): void => {
    if (initial.has(file)) return;
    initial.add(file);
    for (const i of meta.outputs[file]?.imports ?? []) if (i.kind === 'import-statement') walk(i.path);
  };
  walk(entry);
  const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
  const initialGz = [...initial].reduce((sum, f) => sum + gzipped(f), 0);
  console.log(`initial JS (entry + static imports, ${initial.size} files): ${kb(initialGz)} gzipped (budget 400 KB)`);
  for (const [file, out] of Object.entries(meta.outputs)) {
    if (!file.endsWith('.js') || initial.has(file)) continue;
    const what = out.entryPoint ? ` (${out.entryPoint.replace(/^.*\/src\//, '')})` : ' (shared by pages)';
    console.log(`  on demand: ${file.replace(/^.*\//, '')}${what}: ${kb(gzipped(file))} gzipped`);
  }
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

async function loadFigures(): Promise<void> {
  await withEmbeddedGateway('bench-console', async (url, credentials) => {
    const browser = await launchChromium();
    try {
      const toInteractive: number[] = [];
      const toShell: number[] = [];
      for (let run = 0; run < RUNS + 1; run++) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`${url}/`);
        const field = await page.waitForSelector('#signin_apiKey:not([disabled])');
        await field.focus();
        const interactive = await page.evaluate(() => performance.now());
        const key = credentials['enterprise-a']?.apiKey ?? '';
        const start = await page.evaluate(() => performance.now());
        await page.fill('#signin_apiKey', key);
        await page.press('#signin_apiKey', 'Enter');
        await page.waitForSelector('#me-enrollment');
        const shell = (await page.evaluate(() => performance.now())) - start;
        await context.close();
        if (run === 0) continue; // the first run warms Chromium itself (its own caches, fonts), not the page
        toInteractive.push(interactive);
        toShell.push(shell);
      }
      const ms = (v: number): string => `${v.toFixed(0)} ms`;
      const sorted = [...toInteractive].sort((a, b) => a - b);
      const shells = [...toShell].sort((a, b) => a - b);
      console.log(`first load to interactive (cold HTTP cache, ${String(RUNS)} runs): p50 ${ms(quantile(sorted, 0.5))}, min ${ms(sorted[0]!)}, max ${ms(sorted.at(-1)!)} (budget 1000 ms)`);
      console.log(`sign-in to the signed-in shell: p50 ${ms(quantile(shells, 0.5))}, max ${ms(shells.at(-1)!)}`);
      // the same measure on the plain /verify page (no framework): how busy the machine is, to read the above by
      const baseline: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`${url}/verify`);
        await (await page.waitForSelector('#lookup-input')).focus();
        baseline.push(await page.evaluate(() => performance.now()));
        await context.close();
      }
      console.log(`baseline, /verify to interactive on the same machine: p50 ${ms(quantile([...baseline].sort((a, b) => a - b), 0.5))}`);
    } finally {
      await browser.close();
    }
  });
}

async function main(): Promise<void> {
  bundleFigures();
  await loadFigures();
  console.log(`load average (1/5/15 min): ${loadavg().map((l) => l.toFixed(2)).join(' / ')}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
