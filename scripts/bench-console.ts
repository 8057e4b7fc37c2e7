/**
 * bench:console — the web console's budgets, measured rather than asserted:
 *  - the initial JavaScript (the entry and every chunk it imports statically), gzipped, from
 *    the metafile `npm run build` writes; the pages' chunks (charts, QR code) listed apart;
 *  - first load to interactive on loopback in Debian Chromium: a fresh browser context (cold
 *    HTTP cache) opens `/` of a fresh embedded gateway, and the time is taken when the sign-in
 *    field is in the page and can take the focus (React mounted, Ant Design styled), from the
 *    navigation's start — measured in the page (the field appears, a frame is painted, the main
 *    thread is free), and as the driver sees it (which adds its own round trips, long on a busy
 *    machine); then, signed in, the time to the shell.
 * Prints the figures; the load average is printed too, since the machine may be shared.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../test/support/browser';
import { serveSyntheticLifecycle, SYNTHETIC_CERTIFICATE } from '../test/support/synthetic-lifecycle';
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

/**
 * Run in the page before its scripts: the moment the sign-in field is in the document and
 * enabled, then one frame (painted) and one task later (the main thread free to take a key),
 * is the page's time to interactive, without the driver's own round trips on a busy machine.
 */
const INTERACTIVE_PROBE = (): void => {
  const w = window as unknown as { __interactive?: number };
  const seen = (): boolean => {
    const field = document.getElementById('signin_apiKey') as HTMLInputElement | null;
    return field !== null && !field.disabled;
  };
  const observer = new MutationObserver(() => {
    if (!seen()) return;
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => (w.__interactive = performance.now()), 0));
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
};

const TIMELINE_STEPS = 10_000;

/**
 * The auditor's timeline with a 10,000-step lifecycle (answered in the browser in the API's page
 * shape, test/support/synthetic-lifecycle.ts): from "load all" to every step listed, the longest
 * main-thread task meanwhile (what a person would feel as a freeze), the rows actually in the
 * page, and the time to draw the last step after scrolling to the end.
 */
async function timelineFigures(browser: Browser, url: string, auditorKey: string): Promise<void> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${url}/`);
  await page.fill('#signin_apiKey', auditorKey);
  await page.press('#signin_apiKey', 'Enter');
  await page.waitForSelector('#me-enrollment');
  await serveSyntheticLifecycle(page, SYNTHETIC_CERTIFICATE, TIMELINE_STEPS);
  await page.goto(`${url}/#/audit/lifecycle/${SYNTHETIC_CERTIFICATE}`);
  await page.waitForSelector('#lifecycle-all');
  await page.evaluate(() => {
    const w = window as unknown as { __longest: number };
    w.__longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
    }).observe({ type: 'longtask' });
  });
  const start = await page.evaluate(() => performance.now());
  await page.click('#lifecycle-all');
  await page.waitForSelector(`#lifecycle-count[data-complete=true][data-count="${String(TIMELINE_STEPS)}"]`, { timeout: 300_000 });
  const loaded = (await page.evaluate(() => performance.now())) - start;
  const longest = await page.evaluate(() => (window as unknown as { __longest: number }).__longest);
  const rows = await page.locator('#lifecycle-steps [data-tx]').count();
  const last = (TIMELINE_STEPS - 1).toString(16).padStart(64, '0');
  const scrolled = await page.evaluate(async (tx) => {
    const holder = document.querySelector('.ant-table-tbody-virtual-holder');
    if (!holder) return NaN;
    const t0 = performance.now();
    holder.scrollTo({ top: holder.scrollHeight });
    while (!document.querySelector(`#lifecycle-steps [data-tx="${tx}"]`)) await new Promise((r) => requestAnimationFrame(r));
    return performance.now() - t0;
  }, last);
  console.log(
    `auditor timeline, ${String(TIMELINE_STEPS)} steps (${String(TIMELINE_STEPS / 500)} pages of 500): all listed in ${loaded.toFixed(0)} ms, longest main-thread task ${longest.toFixed(0)} ms, ${String(rows)} rows in the page, last step drawn ${scrolled.toFixed(0)} ms after scrolling to the end`,
  );
  await context.close();
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

async function loadFigures(): Promise<void> {
  await withEmbeddedGateway('bench-console', async (url, credentials) => {
    const browser = await launchChromium();
    try {
      const toInteractive: number[] = [];
      const inPage: number[] = [];
      const toShell: number[] = [];
      for (let run = 0; run < RUNS + 1; run++) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.addInitScript(INTERACTIVE_PROBE);
        await page.goto(`${url}/`);
        const field = await page.waitForSelector('#signin_apiKey:not([disabled])');
        await field.focus();
        const interactive = await page.evaluate(() => performance.now());
        const probed = await page.waitForFunction(() => (window as unknown as { __interactive?: number }).__interactive);
        const interactiveInPage = (await probed.jsonValue()) as number;
        const key = credentials['enterprise-a']?.apiKey ?? '';
        const start = await page.evaluate(() => performance.now());
        await page.fill('#signin_apiKey', key);
        await page.press('#signin_apiKey', 'Enter');
        await page.waitForSelector('#me-enrollment');
        const shell = (await page.evaluate(() => performance.now())) - start;
        await context.close();
        if (run === 0) continue; // the first run warms Chromium itself (its own caches, fonts), not the page
        toInteractive.push(interactive);
        inPage.push(interactiveInPage);
        toShell.push(shell);
      }
      const ms = (v: number): string => `${v.toFixed(0)} ms`;
      const sorted = [...toInteractive].sort((a, b) => a - b);
      const shells = [...toShell].sort((a, b) => a - b);
      const probedSorted = [...inPage].sort((a, b) => a - b);
      console.log(`first load to interactive, in the page (cold HTTP cache, ${String(RUNS)} runs): p50 ${ms(quantile(probedSorted, 0.5))}, min ${ms(probedSorted[0]!)}, max ${ms(probedSorted.at(-1)!)} (budget 1000 ms)`);
      console.log(`  the same, as the driver sees it (after its own round trips to find and focus the field): p50 ${ms(quantile(sorted, 0.5))}, max ${ms(sorted.at(-1)!)}`);
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
      await timelineFigures(browser, url, credentials['auditor']?.apiKey ?? '');
      const verify = quantile([...baseline].sort((a, b) => a - b), 0.5);
      console.log(`baseline, /verify to interactive as the driver sees it, on the same machine: p50 ${ms(verify)} (console ÷ /verify: ${(quantile(sorted, 0.5) / verify).toFixed(2)})`);
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
