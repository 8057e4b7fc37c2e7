/**
 * `npm run bench:publicity`: the public 公示 board under load. Starts the gateway as `npm start`
 * does over a fresh embedded ledger (scripts/lib/embedded-gateway.ts), puts `--count`
 * applications (default 10,000) into publicity through the HTTP API — apply as enterprise-a at
 * Taizhou or enterprise-b at Yancheng, approve as that registry's registrar; the approvals of
 * one registry queue in its serial-counter lane, so two registries write two at a time — then
 * measures GET /api/v1/publicity, the board's first page (no key):
 *   1. served from memory, one request in flight (`--requests`, default 2,000): p50/p99;
 *   2. the same at 16 in flight: requests/s, p50/p99;
 *   3. read from the ledger every time (`X-Min-Block`, the chaincode's index range and 20
 *      records), one in flight, 200 requests: p50/p99 — what the cache saves;
 *   4. a filtered first page (registry + category + asset type) and the Atom feed, from memory;
 *   and, as a control, a static asset of the same gateway at 1 in flight: on a shared machine the
 *   scheduler and the garbage collector set the tail of every request, and this shows how much;
 * and checks the board holds every application by paging through it (100 per page).
 * Options: `--count N`, `--requests N`, `--workers N` (writers in flight, default 64).
 */
import { numberArg } from './lib/args';
import { withEmbeddedGateway, type Credentials } from './lib/embedded-gateway';
import { createHttpClient, type HttpClient } from './lib/http-client';
import { percentile } from './lib/stats';
import { benchApplication } from './lib/bench-application';

const CATEGORIES = ['manufacturing', 'transport', 'healthcare', 'finance', 'agriculture'] as const;
const PARTIES = [
  { registry: 'TaizhouRegistryMSP', applicant: 'enterprise-a', registrar: 'taizhou-registrar', holder: '91321200MA1ABC123N' },
  { registry: 'YanchengRegistryMSP', applicant: 'enterprise-b', registrar: 'yancheng-registrar', holder: '91320900MA2DEF341G' },
] as const;

function application(i: number): { party: (typeof PARTIES)[number]; body: Record<string, unknown> } {
  const party = PARTIES[i % PARTIES.length]!;
  return {
    party,
    body: benchApplication(party.holder, {
      registry: party.registry,
      assetType: i % 3 === 0 ? 'product' : 'resource',
      name: `公示压测数据集 bench dataset ${String(i)}`,
      category: CATEGORIES[i % CATEGORIES.length],
    }),
  };
}

async function fill(http: HttpClient, url: string, keys: Credentials, count: number, workers: number): Promise<{ seconds: number; failed: number }> {
  const key = (name: string): string => keys[name]?.apiKey ?? '';
  let next = 0;
  let done = 0;
  let failed = 0;
  const started = Date.now();
  const progress = setInterval(() => {
    const s = (Date.now() - started) / 1000;
    process.stdout.write(`\r  in publicity: ${String(done)}/${String(count)} (${(done / s).toFixed(0)}/s, ${String(failed)} failed)   `);
  }, 1000);
  const worker = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      const { party, body } = application(i);
      try {
        const applied = await http.ok(url, 'POST', '/api/v1/certificates', key(party.applicant), body);
        await http.ok(url, 'POST', `/api/v1/certificates/${String(applied.id)}/review`, key(party.registrar), { decision: 'approve', publicityDays: 30 });
        done++;
      } catch (err) {
        failed++;
        if (failed <= 3) console.error(`\n  write failed: ${(err as Error).message.slice(0, 300)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  clearInterval(progress);
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(`\r  in publicity: ${String(done)}/${String(count)} in ${seconds.toFixed(0)} s (${(done / seconds).toFixed(0)}/s, ${String(failed)} failed)\n`);
  return { seconds, failed };
}

interface Timing {
  readonly n: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly failed: number;
}

async function measure(requests: number, inFlight: number, send: () => Promise<number>): Promise<Timing> {
  const latencies: number[] = [];
  let failed = 0;
  let left = requests;
  const started = process.hrtime.bigint();
  const worker = async (): Promise<void> => {
    while (left-- > 0) {
      const t0 = process.hrtime.bigint();
      const status = await send();
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (status !== 200) failed++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { n: latencies.length, perSecond: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failed };
}

function line(label: string, t: Timing): void {
  console.log(
    `  ${label.padEnd(58)} p50 ${t.p50.toFixed(2).padStart(7)} ms  p99 ${t.p99.toFixed(2).padStart(7)} ms  ${t.perSecond.toFixed(0).padStart(6)} req/s  (${String(t.n)} requests, ${String(t.failed)} failed)`,
  );
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const count = numberArg(argv, 'count', 10_000);
  const requests = numberArg(argv, 'requests', 2_000);
  const workers = numberArg(argv, 'workers', 64);
  const http = createHttpClient(Math.max(workers, 16));
  try {
    await withEmbeddedGateway('publicity', async (url, keys) => {
      console.log(`bench:publicity — ${String(count)} applications in publicity on a fresh embedded ledger (${url})`);
      const filled = await fill(http, url, keys, count, workers);

      let total = 0;
      let bookmark = '';
      do {
        const page = await http.ok(url, 'GET', `/api/v1/publicity?limit=100${bookmark ? `&bookmark=${bookmark}` : ''}`);
        total += (page.items as unknown[]).length;
        bookmark = String(page.bookmark);
      } while (bookmark !== '');
      console.log(`  the public board lists ${String(total)} applications (paged through 100 at a time)${total === count - filled.failed ? '' : ' — MISMATCH'}`);

      const firstPage = (): Promise<number> => http.call(url, 'GET', '/api/v1/publicity').then((a) => a.status);
      await measure(50, 1, firstPage); // warm-up: connections, JIT, the cached page
      console.log(`  GET /api/v1/publicity, first page (20 entries):`);
      line('from memory, 1 in flight', await measure(requests, 1, firstPage));
      // the same gateway answering a constant string: what the machine (scheduler, GC) adds to any request's tail
      const control = (): Promise<number> => http.call(url, 'GET', '/assets/verify-page.css').then((a) => a.status);
      line('control: a static asset (GET /assets/verify-page.css)', await measure(requests, 1, control));
      line('from memory, 16 in flight', await measure(requests, 16, firstPage));
      const height = Number((await http.ok(url, 'GET', '/api/v1/health')).height ?? 1) - 1;
      const fresh = async (): Promise<number> => (await fetch(`${url}/api/v1/publicity`, { headers: { 'X-Min-Block': String(Math.max(0, height)) } })).status;
      line('read from the ledger each time (X-Min-Block), 1 in flight', await measure(200, 1, fresh));
      const filtered = (): Promise<number> => http.call(url, 'GET', '/api/v1/publicity?registry=YanchengRegistryMSP&category=transport&assetType=resource').then((a) => a.status);
      await measure(20, 1, filtered);
      line('filtered (registry+category+asset type), from memory', await measure(requests, 1, filtered));
      const feed = (): Promise<number> => http.call(url, 'GET', '/api/v1/publicity/feed').then((a) => a.status);
      await measure(20, 1, feed);
      line('GET /api/v1/publicity/feed (50 entries), from memory', await measure(Math.min(requests, 500), 1, feed));
    });
  } finally {
    http.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
