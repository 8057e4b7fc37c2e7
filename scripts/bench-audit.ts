/**
 * `npm run bench:audit`: the auditor's reads at size (issue #13, Benchmark). It starts the gateway
 * as `npm start` does (build/scripts/start.js) on a fresh embedded ledger in a temporary directory,
 * and through the HTTP API:
 *
 * 1. gives one certificate a long life: `--versions` changes (变更, one version each, one at a
 *    time since each rewrites the record) and `--uses` metered uses of one licence, recorded by
 *    `--workers` concurrent clients — every one a lifecycle entry;
 * 2. measures GET /certificates/{id}/lifecycle: the first page (uses folded into counts, and with
 *    `uses=all`) `--samples` times, p50/p99, target ≤ 200 ms; and the full export (every entry,
 *    pages of 500 followed to the end) `--exports` times, target ≤ 2 s;
 * 3. registers a `--nodes`-certificate lineage graph (a tree three wide, with a second parent for
 *    every tenth product, issued level by level) and measures GET /certificates/{root}/lineage
 *    down to the leaves, as {nodes, edges} and as PROV-JSON, target ≤ 500 ms.
 *
 * Every wait is bounded: the whole run is stopped after `--limit` seconds, and the child gateway
 * is always stopped and its directory removed.
 */
import { randomBytes } from 'node:crypto';
import { numberArg } from './lib/args';
import { withEmbeddedGateway, type Credentials } from './lib/embedded-gateway';
import { createHttpClient } from './lib/http-client';
import { createProgress } from './lib/progress';
import { percentile } from './lib/stats';
import { benchApplication } from './lib/bench-application';

const HELP = `npm run bench:audit [-- options]

Lifecycle and lineage reads at size, through the HTTP API of a fresh embedded gateway.

  --uses N       metered uses of one licence on the certificate (default 9000)
  --versions N   changes (new versions) of the certificate (default 1000)
  --workers N    concurrent clients recording uses (default 32)
  --samples N    first-page requests measured (default 200)
  --exports N    full exports measured (default 10)
  --nodes N      certificates in the lineage graph (default 1000)
  --limit S      stop the whole run after S seconds (default 1500)
  --help         this text`;

const HOLDER = '91321200MA1ABC123N';
const http = createHttpClient(64);
const ok = http.ok;

function application(parents: readonly string[] = []): Record<string, unknown> {
  return benchApplication(HOLDER, {
    assetType: parents.length > 0 ? 'product' : 'resource',
    name: `bench:audit ${randomBytes(4).toString('hex')}`,
    ...(parents.length > 0 ? { parents } : {}),
  });
}

async function issue(url: string, keys: Keys, parents: readonly string[] = []): Promise<string> {
  const applied = await ok(url, 'POST', '/api/v1/certificates', keys.holder, application(parents));
  const approved = await ok(url, 'POST', `/api/v1/certificates/${String(applied.id)}/review`, keys.registrar, { decision: 'approve', publicityDays: 0 });
  await ok(url, 'POST', `/api/v1/certificates/${String(approved.id)}/issue`, keys.registrar);
  return String(approved.id);
}

interface Keys {
  readonly holder: string;
  readonly grantee: string;
  readonly registrar: string;
  readonly auditor: string;
}

/** Runs `count` tasks with `width` in flight. */
async function pool(count: number, width: number, task: (i: number) => Promise<void>, label: string): Promise<void> {
  const progress = createProgress(label);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      await task(i);
      progress.update(++done, count);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, worker));
  progress.finish();
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function figures(label: string, ms: readonly number[], target: number): void {
  const p50 = percentile(ms, 50);
  const p99 = percentile(ms, 99);
  const verdict = p99 <= target ? 'met' : 'NOT met';
  console.log(`${label.padEnd(44)} p50 ${p50.toFixed(1).padStart(7)} ms  p99 ${p99.toFixed(1).padStart(7)} ms  max ${Math.max(...ms).toFixed(1).padStart(7)} ms  (n=${ms.length}; target ≤ ${target} ms: ${verdict})`);
}

async function lifecycleRound(url: string, keys: Keys, argv: readonly string[]): Promise<void> {
  const uses = numberArg(argv, 'uses', 9000);
  const versions = numberArg(argv, 'versions', 1000);
  const workers = numberArg(argv, 'workers', 32);
  const cert = await issue(url, keys);
  const grant = await ok(url, 'POST', '/api/v1/grants', keys.holder, {
    assetId: cert,
    type: 'licence',
    grantee: '91320900MA2DEF341G',
    rights: ['processing'],
    purposes: ['credit-scoring'],
    validFrom: '2020-01-01T00:00:00Z',
    validTo: '2099-12-31T00:00:00Z',
    paid: false,
  });
  let started = Date.now();
  await pool(versions, 1, (i) => ok(url, 'POST', `/api/v1/certificates/${cert}/changes`, keys.registrar, { description: `version ${i + 2}`, reason: 'bench:audit' }).then(() => undefined), 'versions');
  const versionSeconds = (Date.now() - started) / 1000;
  started = Date.now();
  const usage = { purpose: 'credit-scoring', quantity: 1, resultHash: 'c'.repeat(64) };
  await pool(uses, workers, () => ok(url, 'POST', `/api/v1/grants/${String(grant.id)}/usages`, keys.grantee, usage).then(() => undefined), 'uses');
  const useSeconds = (Date.now() - started) / 1000;
  console.log(`setup: ${versions} versions in ${versionSeconds.toFixed(1)} s, ${uses} uses in ${useSeconds.toFixed(1)} s (${(uses / useSeconds).toFixed(0)} writes/s)`);

  const path = `/api/v1/certificates/${cert}/lifecycle`;
  // the first read waits for the read model to have processed every block committed so far
  const catchUp = await timed(() => ok(url, 'GET', path, keys.auditor));
  const exportAll = async (): Promise<number> => {
    let bookmark = '';
    let count = 0;
    do {
      const page = await ok(url, 'GET', `${path}?uses=all&limit=500${bookmark ? `&bookmark=${bookmark}` : ''}`, keys.auditor);
      count += (page.items as unknown[]).length;
      bookmark = String(page.bookmark);
    } while (bookmark !== '');
    return count;
  };
  const total = await exportAll();
  const summary = await ok(url, 'GET', `${path}?limit=1`, keys.auditor);
  const counted = (summary.usage as { count: number }[]).reduce((n, u) => n + u.count, 0);
  console.log(`lifecycle of ${cert}: ${total} entries (${counted} metered uses counted in 1 grant), first read after the load ${catchUp.toFixed(0)} ms (read model catching up)`);

  const samples = numberArg(argv, 'samples', 200);
  const first: number[] = [];
  const firstAll: number[] = [];
  for (let i = 0; i < samples; i++) {
    first.push(await timed(() => ok(url, 'GET', path, keys.auditor)));
    firstAll.push(await timed(() => ok(url, 'GET', `${path}?uses=all`, keys.auditor)));
  }
  figures('lifecycle first page (uses counted per grant)', first, 200);
  figures('lifecycle first page (uses=all)', firstAll, 200);
  const exports: number[] = [];
  for (let i = 0; i < numberArg(argv, 'exports', 10); i++) exports.push(await timed(exportAll));
  figures(`lifecycle full export (${total} entries, pages of 500)`, exports, 2000);
}

async function lineageRound(url: string, keys: Keys, argv: readonly string[]): Promise<void> {
  const nodes = numberArg(argv, 'nodes', 1000);
  const ids: string[] = [];
  const started = Date.now();
  // level by level: a parent is issued before its children apply
  for (let from = 0, width = 1; from < nodes; from += width, width *= 3) {
    const level = Array.from({ length: Math.min(width, nodes - from) }, (_, k) => from + k);
    await pool(
      level.length,
      32,
      async (k) => {
        const i = level[k]!;
        const parent = Math.floor((i - 1) / 3);
        const parents = i === 0 ? [] : i % 10 === 0 && parent > 0 ? [ids[parent]!, ids[parent - 1]!] : [ids[parent]!];
        ids[i] = await issue(url, keys, parents);
      },
      `lineage level from ${from}`,
    );
  }
  console.log(`setup: ${nodes} certificates in the lineage graph in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const path = `/api/v1/certificates/${ids[0]}/lineage?direction=down&depth=100`;
  const graph = await ok(url, 'GET', path, keys.auditor);
  console.log(`lineage of ${ids[0]}: ${(graph.nodes as unknown[]).length} nodes, ${(graph.edges as unknown[]).length} edges, truncated ${String(graph.truncated)}`);
  const json: number[] = [];
  const prov: number[] = [];
  for (let i = 0; i < numberArg(argv, 'samples', 200) / 4; i++) {
    json.push(await timed(() => ok(url, 'GET', path, keys.auditor)));
    prov.push(await timed(() => ok(url, 'GET', `${path}&format=prov-json`, keys.auditor)));
  }
  figures(`lineage, ${nodes} nodes ({nodes, edges})`, json, 500);
  figures(`lineage, ${nodes} nodes (PROV-JSON)`, prov, 500);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    console.log(HELP);
    return;
  }
  const limit = numberArg(argv, 'limit', 1500);
  const killer = setTimeout(() => {
    console.error(`bench:audit: still running after ${limit} s; stopping`);
    process.exit(1);
  }, limit * 1000);
  killer.unref();
  await withEmbeddedGateway('audit', async (url: string, credentials: Credentials) => {
    const key = (name: string): string => credentials[name]?.apiKey ?? '';
    const keys: Keys = { holder: key('enterprise-a'), grantee: key('enterprise-b'), registrar: key('taizhou-registrar'), auditor: key('auditor') };
    await lifecycleRound(url, keys, argv);
    await lineageRound(url, keys, argv);
  });
  http.close();
  clearTimeout(killer);
}

main().catch((err: unknown) => {
  console.error(`bench:audit failed: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
