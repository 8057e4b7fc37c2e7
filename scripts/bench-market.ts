/**
 * `npm run bench:market`: trading throughput through the HTTP API (issue #12, Benchmark). By
 * default it starts the gateway as a child process (`build/scripts/start.js`, what `npm start`
 * runs) over a fresh embedded ledger in a temporary directory, on loopback; with `--gateway URL`
 * it drives an already running gateway (its API keys from `--credentials FILE`, default
 * `$DAL_DATA_DIR/demo-credentials.json`).
 *
 * Setup (timed apart): enterprise-a registers and issues `--listings` certificates at Taizhou
 * (apply → review → issue, one at a time) and lists each at JiangsuExchangeMSP.
 * Trading round: `--buyers` concurrent workers each take the next trade and drive it to the end
 * through HTTP — the buyer offers (POST /orders, the price in the body, moved to transient data by
 * the gateway), the seller accepts, delivers, the buyer confirms, the exchange settles with the
 * offer's salt: 5 writes per trade. The demo consortium has one holder enterprise at another
 * organisation, enterprise-b, so every worker buys with enterprise-b's key: 16 workers are 16
 * concurrent clients of one identity, each trade its own order. Printed: complete trades/s,
 * writes/s, p50/p99 per step and per trade, failures by step and kind with the first error of each.
 * Then `GET /api/v1/market/prices` p50/p99, if the gateway's OpenAPI document has that route, with
 * `--seed-trades` (default 10,000) more settled trades on the ledger: the bench stops its gateway,
 * writes them through the embedded ledger of its data directory with many in flight
 * (scripts/lib/seed-trades.ts: the routes' own transactions and transient data, every endorser
 * and check as usual, no HTTP), starts the gateway again on it and waits until it is idle.
 *
 * Bounded: the round stops after `--trades` trades or `--seconds` seconds, whichever first, and
 * the whole run is killed after `--limit` seconds; the child gateway is always stopped.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { dataDirFromArgs, numberArg } from './lib/args';
import { withEmbeddedGateway, type Credentials, type EmbeddedGateway } from './lib/embedded-gateway';
import { createHttpClient, type Answer, type HttpClient } from './lib/http-client';
import { createProgress } from './lib/progress';
import { percentile } from './lib/stats';
import { waitIdle } from './lib/wait-idle';
import { seedTrades } from './lib/seed-trades';
import { benchApplication } from './lib/bench-application';

const EXCHANGE = 'JiangsuExchangeMSP';
type Step = 'offer' | 'accept' | 'deliver' | 'confirm' | 'settle';

const HELP = `npm run bench:market [-- options]

Trading through the HTTP API: listings by enterprise-a at ${EXCHANGE}, then concurrent trades
(offer → accept → deliver → confirm → settle, 5 writes each) bought with enterprise-b's key.

  --trades N          trades in the round (default 200)
  --seconds S         stop starting trades after S seconds (default 120)
  --buyers N          concurrent buyer workers (default 16)
  --listings N        certificates issued and listed in setup (default 50)
  --prices-seconds S  how long to measure GET /market/prices, if the route exists (default 5)
  --seed-trades N     settled trades added before measuring the prices (default 10000; embedded
                      gateway only): written through the ledger of the stopped gateway's data
                      directory, --seed-in-flight at a time (default 128)
  --gateway URL       drive a running gateway instead of starting one on a temp dir
  --credentials FILE  its demo API keys (default $DAL_DATA_DIR/demo-credentials.json)
  --prices-only       with --gateway: measure GET /market/prices alone, on the ledger as it is
                      (a gateway started on the data directory of an earlier run, say)
  --month YYYY-MM     with --prices-only: the month whose trades are read (default this month)
  --limit S           kill the whole run after S seconds (default 3600)
  --help              this text`;

let http: HttpClient = createHttpClient(64);
const call: HttpClient['call'] = (...args) => http.call(...args);
const ok: HttpClient['ok'] = (...args) => http.ok(...args);

function problem(body: string): { code: string; detail: string } {
  try {
    const parsed = JSON.parse(body) as { code?: unknown; detail?: unknown };
    return { code: typeof parsed.code === 'string' ? parsed.code : '', detail: typeof parsed.detail === 'string' ? parsed.detail : body.slice(0, 300) };
  } catch {
    return { code: '', detail: body.slice(0, 300) };
  }
}

interface Options {
  readonly trades: number;
  readonly seconds: number;
  readonly buyers: number;
  readonly listings: number;
  readonly pricesSeconds: number;
  readonly seedTrades: number;
  readonly seedInFlight: number;
}

/** Failures by `step status code`, with how many and the first error's detail. */
class Failures {
  readonly kinds = new Map<string, { n: number; first: string }>();
  add(step: Step, a: Answer): void {
    const p = problem(a.body);
    const kind = `${step}: ${a.status} ${p.code}`.trim();
    const seen = this.kinds.get(kind);
    if (seen) seen.n++;
    else this.kinds.set(kind, { n: 1, first: p.detail });
  }
  get total(): number {
    let n = 0;
    for (const k of this.kinds.values()) n += k.n;
    return n;
  }
}

const ms = (v: number): string => (Number.isNaN(v) ? '    –' : v.toFixed(0).padStart(5));

async function measure(url: string, credentials: Credentials, o: Options, gateway?: EmbeddedGateway): Promise<void> {
  const seller = credentials['enterprise-a'];
  const buyer = credentials['enterprise-b']?.apiKey;
  const registrar = credentials['taizhou-registrar']?.apiKey;
  const exchange = credentials['exchange-operator']?.apiKey;
  if (!seller?.entity || !buyer || !registrar || !exchange) throw new Error('the credentials lack enterprise-a, enterprise-b, taizhou-registrar or exchange-operator (the demo identities)');
  const health = await ok(url, 'GET', '/api/v1/health');
  console.log(
    `bench:market — gateway ${url} (backend ${String(health.backend)}, height ${String(health.height)}), ${cpus().length} CPUs; ` +
      `${o.listings} listings, ${o.trades} trades by ${o.buyers} concurrent workers (all with enterprise-b's key), cap ${o.seconds} s`,
  );

  // Setup: issued certificates and one open listing each, timed apart from the round.
  const setupStarted = performance.now();
  const issuing = createProgress('setup: issuing certificates');
  const certificates: string[] = [];
  for (let i = 0; i < o.listings; i++) {
    const applied = await ok(url, 'POST', '/api/v1/certificates', seller.apiKey, benchApplication(seller.entity, { name: 'bench:market dataset' }));
    const reviewed = await ok(url, 'POST', `/api/v1/certificates/${String(applied.id)}/review`, registrar, { decision: 'approve', publicityDays: 0 });
    await ok(url, 'POST', `/api/v1/certificates/${String(reviewed.id)}/issue`, registrar);
    certificates.push(String(reviewed.id));
    issuing.update(i + 1, o.listings);
  }
  issuing.finish();
  const listing = createProgress('setup: listing');
  const listings: string[] = [];
  for (const assetId of certificates) {
    const created = await ok(url, 'POST', '/api/v1/listings', seller.apiKey, {
      assetId,
      exchange: EXCHANGE,
      askingPriceFen: 10_000,
      terms: { purposes: ['bench analytics'], termDays: 30, deliveryMethod: 'api' },
    });
    listings.push(String(created.id));
    listing.update(listings.length, o.listings);
  }
  listing.finish();
  const setupSeconds = (performance.now() - setupStarted) / 1000;
  console.log(`setup: ${o.listings} certificates issued (3 writes each) and listed (1 write each) one at a time in ${setupSeconds.toFixed(1)} s`);

  // The trading round.
  const latencies: Record<Step | 'trade', number[]> = { offer: [], accept: [], deliver: [], confirm: [], settle: [], trade: [] };
  const failures = new Failures();
  let writes = 0;
  let next = 0;
  let done = 0;
  const progress = createProgress('trades');
  const started = performance.now();
  const end = started + o.seconds * 1000;
  const step = async (name: Step, path: string, key: string, body?: unknown): Promise<Record<string, unknown> | undefined> => {
    const t0 = performance.now();
    const a = await call(url, 'POST', path, key, body);
    if (a.status >= 300) {
      failures.add(name, a);
      return undefined;
    }
    latencies[name].push(performance.now() - t0);
    writes++;
    return JSON.parse(a.body) as Record<string, unknown>;
  };
  const trade = async (i: number): Promise<boolean> => {
    const t0 = performance.now();
    const price = 9_000 + (i % 1000);
    const order = await step('offer', '/api/v1/orders', buyer, { listingId: listings[i % listings.length], offerPrice: price });
    if (!order) return false;
    const path = `/api/v1/orders/${encodeURIComponent(String(order.id))}`;
    if (!(await step('accept', `${path}/accept`, seller.apiKey))) return false;
    if (!(await step('deliver', `${path}/deliver`, seller.apiKey, { deliverableHash: randomBytes(32).toString('hex') }))) return false;
    if (!(await step('confirm', `${path}/confirm`, buyer))) return false;
    if (!(await step('settle', `${path}/settle`, exchange, { price, salt: order.salt }))) return false;
    latencies.trade.push(performance.now() - t0);
    return true;
  };
  const worker = async (): Promise<void> => {
    while (next < o.trades && performance.now() < end) {
      await trade(next++);
      progress.update(++done, o.trades);
    }
  };
  await Promise.all(Array.from({ length: o.buyers }, worker));
  progress.finish();
  const elapsed = (performance.now() - started) / 1000;
  const complete = latencies.trade.length;
  const failed = done - complete;

  console.log(`\ntrading round: ${done} trades started, ${complete} complete, ${failed} failed, in ${elapsed.toFixed(1)} s`);
  console.log(`  complete trades/s  ${(complete / elapsed).toFixed(1)}`);
  console.log(`  writes/s           ${(writes / elapsed).toFixed(1)}  (${writes} committed writes, 5 per complete trade)`);
  console.log(`  ${'step'.padEnd(34)}   n     p50 ms  p99 ms`);
  const row = (label: string, values: number[]): void =>
    console.log(`  ${label.padEnd(34)} ${String(values.length).padStart(4)}   ${ms(percentile(values, 50))}   ${ms(percentile(values, 99))}`);
  row('offer    POST /orders', latencies.offer);
  row('accept   POST /orders/{id}/accept', latencies.accept);
  row('deliver  POST /orders/{id}/deliver', latencies.deliver);
  row('confirm  POST /orders/{id}/confirm', latencies.confirm);
  row('settle   POST /orders/{id}/settle', latencies.settle);
  row('trade (5 steps, end to end)', latencies.trade);
  if (failures.total === 0) console.log('  failures: none');
  else {
    console.log(`  failures: ${failures.total}`);
    for (const [kind, { n, first }] of failures.kinds) console.log(`    ${kind} ×${n} — first: ${first}`);
  }
  const target = complete / elapsed >= 50 && failed === 0;
  console.log(`  issue #12 target (≥ 50 complete trades/s, 0 failures): ${target ? 'met' : 'NOT met'}`);

  // GET /market/prices, if this gateway has it.
  const doc = await ok(url, 'GET', '/api/openapi.json');
  const paths = Object.keys((doc.paths ?? {}) as Record<string, unknown>);
  const pricesPath = paths.find((p) => p === '/api/v1/market/prices');
  if (!pricesPath) {
    console.log('\nGET /api/v1/market/prices: skipped (this gateway has no such route)');
    return;
  }
  let settled = complete;
  if (gateway && o.seedTrades > 0) {
    const seeding = createProgress(`seeding ${o.seedTrades} settled trades through the ledger, ${o.seedInFlight} in flight`);
    let seeded: Awaited<ReturnType<typeof seedTrades>> | undefined;
    const restarted = await gateway.offline(async (dataDir) => {
      seeded = await seedTrades({
        dataDir,
        keys: { buyer, seller: seller.apiKey, exchange },
        listings,
        trades: o.seedTrades,
        inFlight: o.seedInFlight,
        onProgress: (n, total) => seeding.update(n, total),
      });
    });
    seeding.finish();
    url = restarted.url;
    const s = seeded!;
    settled += s.settled;
    console.log(
      `seeded ${s.settled} settled trades (${s.failed} failed${s.firstError ? `, first: ${s.firstError}` : ''}) in ${s.seconds.toFixed(0)} s: ` +
        `${(s.settled / s.seconds).toFixed(1)} trades/s, ${((5 * s.settled) / s.seconds).toFixed(0)} writes/s without HTTP`,
    );
    if (restarted.pid !== undefined) console.log(`gateway restarted on the seeded ledger; idle after ${(await waitIdle(restarted.pid, 300)).toFixed(0)} s`);
  }
  await measurePrices(url, credentials.auditor?.apiKey ?? exchange, o, `${settled} settled trades on the ledger`);
}

/** `GET /market/prices` of this month's manufacturing trades: the first answer alone, then `--prices-seconds` at `--buyers` in flight. */
async function measurePrices(url: string, auditor: string, o: Options, ledgerSize: string, month = new Date().toISOString().slice(0, 7)): Promise<void> {
  // `month`: the month the trades settled in (ledger time is the gateway's clock), this one by default
  const pricesQuery = `/api/v1/market/prices?category=manufacturing&from=${month}&to=${month}`;
  // the first answer is computed by the chaincode (the gateway keeps it until a settlement of the category): timed on its own
  const coldStart = performance.now();
  const cold = await call(url, 'GET', pricesQuery, auditor);
  console.log(
    `\nfirst GET of the prices (${cold.status}, computed by the chaincode over every price record unless this gateway already answered it): ${ms(performance.now() - coldStart).trim()} ms`,
  );
  const reads: number[] = [];
  const readFailures = new Map<string, { n: number; first: string }>();
  const readEnd = performance.now() + o.pricesSeconds * 1000;
  await Promise.all(
    Array.from({ length: o.buyers }, async () => {
      while (performance.now() < readEnd) {
        const t0 = performance.now();
        const a = await call(url, 'GET', pricesQuery, auditor);
        if (a.status === 200) reads.push(performance.now() - t0);
        else {
          const p = problem(a.body);
          const kind = `${a.status} ${p.code}`.trim();
          const seen = readFailures.get(kind);
          if (seen) seen.n++;
          else readFailures.set(kind, { n: 1, first: p.detail });
        }
      }
    }),
  );
  console.log(
    `\nGET ${pricesQuery} (${ledgerSize}, ${o.buyers} in flight): ` +
      `${(reads.length / o.pricesSeconds).toFixed(0)}/s, p50 ${ms(percentile(reads, 50)).trim()} ms, p99 ${ms(percentile(reads, 99)).trim()} ms`,
  );
  for (const [kind, { n, first }] of readFailures) console.log(`  failed ${kind} ×${n} — first: ${first}`);
}

function stringArg(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP);
    return;
  }
  const gateway = stringArg(argv, 'gateway');
  if (argv.includes('--prices-only') && !gateway) throw new Error('--prices-only measures a running gateway: pass --gateway URL (and --credentials FILE)');
  const options: Options = {
    trades: numberArg(argv, 'trades', 200),
    seconds: numberArg(argv, 'seconds', 120),
    buyers: numberArg(argv, 'buyers', 16),
    listings: numberArg(argv, 'listings', 50),
    pricesSeconds: numberArg(argv, 'prices-seconds', 5),
    seedTrades: numberArg(argv, 'seed-trades', 10_000),
    seedInFlight: numberArg(argv, 'seed-in-flight', 128),
  };
  const limit = numberArg(argv, 'limit', 3600);
  http = createHttpClient(Math.max(16, options.buyers));
  const killer = setTimeout(() => {
    console.error(`bench:market: still running after ${limit} s; stopping`);
    process.exit(1);
  }, limit * 1000);
  killer.unref();
  try {
    if (!gateway) await withEmbeddedGateway('bench-market', (url, credentials, _pid, embedded) => measure(url, credentials, options, embedded));
    else {
      const file = stringArg(argv, 'credentials') ?? join(dataDirFromArgs(argv), 'demo-credentials.json');
      const credentials = JSON.parse(
        await readFile(file, 'utf8').catch(() => {
          throw new Error(`no API keys at ${file}: pass --credentials <the gateway's DAL_DATA_DIR>/demo-credentials.json`);
        }),
      ) as Credentials;
      const url = gateway.replace(/\/$/, '');
      if (!argv.includes('--prices-only')) await measure(url, credentials, options);
      else {
        const auditor = credentials.auditor?.apiKey;
        if (!auditor) throw new Error('the credentials lack auditor (a demo identity)');
        const health = await ok(url, 'GET', '/api/v1/health');
        await measurePrices(url, auditor, options, `a ledger of height ${String(health.height)}`, stringArg(argv, 'month'));
      }
    }
  } finally {
    clearTimeout(killer);
    http.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
