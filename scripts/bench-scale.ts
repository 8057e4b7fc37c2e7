/**
 * `npm run bench:scale [-- --certificates N]`: how the gateway and the embedded ledger behave as
 * the ledger grows. It builds a ledger of N issued certificates (default 100,000) through the
 * normal transaction flow — apply (holder) → review (the registry's registrar: allocates the
 * serial) → issue — spread over the four registries (a serial has six digits per registry and
 * year) and six holders, `--in-flight` chains at a time (default 48). Progress: rate and ETA.
 *
 * By default the gateway is stopped while it fills (it is stopped between checkpoints anyway):
 * seed-certificates.ts submits the routes' own chaincode transactions and arguments through the
 * embedded ledger of the data directory — every endorser runs the chaincode, every signature and
 * policy is checked, blocks are cut and committed as under the gateway — but without HTTP, whose
 * parsing, authentication, validation and answer add a few ms of CPU per transaction (47 against
 * 33-39 ms per certificate, measured side by side). What sets the pace either way is that a
 * registry's reviews go one per block (its serial counter):
 * each registry's reviews wait in its own lane, as in the gateway. `--through-http` fills through the
 * HTTP API of the running gateway instead, as before. The bench's holders at Huaian and Shanghai
 * are added through the admin API (as `npm run users -- add` does) before the first fill, so
 * their identities are in the key store and the CA when the seeder signs as them.
 * `--minutes M` bounds the filling: when M minutes are over, the size reached is the last
 * checkpoint (for a shared machine where N does not fit).
 *
 * At 1k, 10k, 100k and 1M certificates and points between them (those up to N, and N itself) it stops the gateway and
 * measures, with nothing else running:
 *   - disk bytes per certificate: LevelDB state, blocks (+ tx index), history, private data
 *     (LevelDB approximateSize per key range, and du), and the gateway's lifecycle read model (du,
 *     once it has caught up);
 *   - `ledger:verify` (the built script): blocks/s and transactions/s;
 *   - gateway start-up on the existing data directory (spawn → listening, wall and CPU time):
 *     must not grow;
 *   - catch-up: from listening until the gateway is idle (its read models have followed the
 *     blocks written while it was stopped), wall and CPU time, apart from start-up; the reads
 *     below are measured after it;
 *   - gateway RSS when it listens, once idle (its read models caught up over what the fill
 *     added: that grows with the gap between checkpoints) and after the reads below: must stay flat;
 *   - public verification by id (random issued certificates, first answer from the chaincode,
 *     then from memory), p50/p99;
 *   - paged list (`GET /certificates?limit=50`): first page p99, and a deep page (90 % of the
 *     way, its bookmark found by walking the whole list in pages of 500, which also checks that
 *     every certificate is listed) p99;
 *   - `GET /certificates?holder=` (a holder's first page) p99.
 * Prints a table, writes `bench-results/scale/scale.csv` and two PNG curves (latency, RSS and
 * start-up against ledger size, log x axis). `--data-dir DIR` keeps the ledger there (and
 * continues one built before: certificates already issued count); without it a temporary
 * directory is used and removed. `--data-dir DIR --plot-only` prints and draws again what a run
 * kept there. `--help` prints the options.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { readAdminCredential } from '../gateway/src/admin/admin-credential';
import { numberArg } from './lib/args';
import { benchApplication } from './lib/bench-application';
import { startGatewayProcess, type Credentials, type GatewayProcess } from './lib/embedded-gateway';
import { chainOf, seedCertificates, type SeedRegistry } from './lib/seed-certificates';
import { waitIdle } from './lib/wait-idle';
import { createHttpClient } from './lib/http-client';
import { ledgerDiskUsage, lifecycleDirBytes, type DiskUsage } from './lib/ledger-disk';
import { writePlotPng } from './lib/plot';
import { percentile } from './lib/stats';

const REPO_ROOT = join(__dirname, '..', '..');
const OUT_DIR = join(REPO_ROOT, 'bench-results', 'scale');
/** The issue's sizes (1k, 10k, 100k, 1M) and points between them, for the curves. */
const CHECKPOINTS = [1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000];
/**
 * An applicant applies at its own organisation's registry. The demo has holders at Taizhou and
 * Yancheng; the bench adds one (a natural person of that city) at Huaian and at Shanghai through
 * the admin API, as `npm run users -- add` does.
 */
const REGISTRIES = [
  { mspId: 'TaizhouRegistryMSP', registrar: 'taizhou-registrar', holders: ['enterprise-a', 'data-group', 'person-1'] },
  { mspId: 'YanchengRegistryMSP', registrar: 'yancheng-registrar', holders: ['enterprise-b'] },
  { mspId: 'HuaianRegistryMSP', registrar: 'huaian-registrar', holders: ['scale-holder-huaian'], city: '320800' },
  { mspId: 'ShanghaiRegistryMSP', registrar: 'shanghai-registrar', holders: ['scale-holder-shanghai'], city: '310000' },
] as const;
/** The holder whose list is measured: it holds a twelfth of the certificates. */
const MEASURED_HOLDER = 'enterprise-a';
const HOLDERS_FILE = 'bench-scale-holders.json';
/** Who lists certificates in the measurements (any member may). */
const LISTER = 'regulator';
const SAMPLES = 300;
/** How long a restarted gateway may take to go idle before the reads are measured anyway. */
const CATCH_UP_LIMIT_S = 3600;
const PAGE = 50;

const HELP = `npm run bench:scale -- [options]
  --certificates N   ledger size to reach (default 100000); checkpoints at 1k, 2k, 5k, 10k, 20k, 50k, 100k, … up to N, and N
  --in-flight K      apply → review → issue chains at a time (default 48)
  --through-http     fill through the running gateway's HTTP API instead of its stopped embedded ledger
  --minutes M        stop filling after M minutes; the size reached is the last checkpoint
  --data-dir DIR     keep the ledger in DIR and continue one built there before
  --plot-only        with --data-dir: print and draw again the rows a run kept there`;

const http = createHttpClient(256);
const run = promisify(execFile);

interface Row {
  certificates: number;
  blocks: number;
  fillRate: number;
  /** How the ledger was filled up to this size: `ledger` (the seeder) or `http`; absent in rows measured before there was a choice (http). */
  fillVia?: 'ledger' | 'http';
  /** Filled.cpuMsPerCertificate; absent in rows measured before it was. */
  fillCpuMsPerCertificate?: number;
  startupMs: number;
  /** Absent in rows measured before it was. */
  startupCpuMs?: number;
  /** RSS when the gateway answered "listening", before its read models caught up (absent in rows measured before it was). */
  rssListeningMb?: number;
  /** From listening to idle (its read models caught up with the blocks written while it was stopped), wall and CPU; absent in rows measured before they were. */
  catchUpS?: number;
  catchUpCpuMs?: number;
  rssStartMb: number;
  rssAfterReadsMb: number;
  /** The gateway's RSS peak while it filled; absent when the seeder filled without it. */
  rssFillPeakMb?: number;
  verifyColdP50: number;
  verifyColdP99: number;
  verifyWarmP50: number;
  verifyWarmP99: number;
  listFirstP99: number;
  listDeepP99: number;
  listWalkS: number;
  holderP99: number;
  disk: DiskUsage;
  ledgerVerifyBlocksPerS: number;
  ledgerVerifyTxPerS: number;
}

const MB = 1024 * 1024;

async function timed(n: number, send: (i: number) => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await send(i);
    out.push(performance.now() - t0);
  }
  return out;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(s).padStart(2, '0')}s`;
}

interface FillOptions {
  readonly inFlight: number;
  readonly total: number;
  readonly deadline: number;
}

interface Filled {
  /** Certificates issued per second. */
  readonly rate: number;
  /**
   * CPU time per certificate of whatever filled: the seeder's process (its chaincode and
   * signature worker threads included), or the gateway's process and the bench's HTTP client.
   * Unlike the rate, not divided by the other load of a shared machine.
   */
  readonly cpuMsPerCertificate: number;
  /** The gateway's RSS peak while it filled; undefined when the ledger was filled without it. */
  readonly rssPeak?: number;
}

/** CPU time this process (all its threads) has used, in ms. */
function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The progress line: issued so far, rate (certificates and transactions per second), ETA to the checkpoint and to the end. */
function progressReporter(ids: readonly string[], target: number, total: number, gatewayRss?: () => number): () => number {
  const startCount = ids.length;
  const started = performance.now();
  return () => {
    const elapsed = (performance.now() - started) / 1000;
    const rate = (ids.length - startCount) / elapsed;
    process.stderr.write(
      `  issued ${ids.length.toLocaleString('en')}/${total.toLocaleString('en')} (${((100 * ids.length) / total).toFixed(1)} %)  ${rate.toFixed(1)}/s (${(3 * rate).toFixed(0)} tx/s)  ` +
        `ETA to ${target.toLocaleString('en')}: ${formatDuration((target - ids.length) / rate)}, to ${total.toLocaleString('en')}: ${formatDuration((total - ids.length) / rate)}` +
        `${gatewayRss ? `  gateway RSS ${(gatewayRss() / MB).toFixed(0)} MB` : ''}\n`,
    );
    return rate;
  };
}

/**
 * Issues certificates until `ids` holds `target` through the embedded ledger of the stopped
 * gateway's data directory (seed-certificates.ts): the routes' transactions, `inFlight` chains
 * at a time, no HTTP.
 */
async function fillThroughLedger(dataDir: string, registries: readonly SeedRegistry[], ids: string[], target: number, options: FillOptions): Promise<Filled> {
  const report = progressReporter(ids, target, options.total);
  const timer = setInterval(report, 10_000);
  const cpu0 = ownCpuMs();
  try {
    const seeded = await seedCertificates({
      dataDir,
      registries,
      from: ids.length,
      certificates: target - ids.length,
      inFlight: options.inFlight,
      deadline: options.deadline,
      onIssued: (id) => ids.push(id),
    });
    if (seeded.failed > 0) throw new Error(`${seeded.failed} certificates failed to issue; the first: ${seeded.firstError ?? '?'}`);
    return { rate: seeded.issued / seeded.seconds, cpuMsPerCertificate: (ownCpuMs() - cpu0) / seeded.issued };
  } finally {
    clearInterval(timer);
    report();
  }
}

/** Issues certificates until `ids` holds `target` through the running gateway's HTTP API (`--through-http`), `inFlight` apply → review → issue chains at a time. */
async function fillThroughHttp(gateway: GatewayProcess, registries: readonly SeedRegistry[], ids: string[], target: number, options: FillOptions): Promise<Filled> {
  const { inFlight, total, deadline } = options;
  const url = gateway.url;
  const startCount = ids.length;
  const started = performance.now();
  let next = ids.length;
  const cpu0 = ownCpuMs() + gateway.cpuMs();
  let rssPeak = gateway.rss();
  let lastReport = 0;
  const report = progressReporter(ids, target, total, () => gateway.rss());
  const worker = async (): Promise<void> => {
    while (next < target && Date.now() < deadline) {
      const i = next++;
      const { registry, holder } = chainOf(registries, i);
      const applied = await http.ok(url, 'POST', '/api/v1/certificates', holder.apiKey, benchApplication(holder.entity, { registry: registry.mspId, name: `scale dataset ${i}` }));
      const reviewed = await http.ok(url, 'POST', `/api/v1/certificates/${String(applied.id)}/review`, registry.registrar, { decision: 'approve', publicityDays: 0 });
      await http.ok(url, 'POST', `/api/v1/certificates/${String(reviewed.id)}/issue`, registry.registrar);
      ids.push(String(reviewed.id));
      const now = performance.now();
      if (now - lastReport > 10_000) {
        lastReport = now;
        rssPeak = Math.max(rssPeak, gateway.rss());
        report();
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  rssPeak = Math.max(rssPeak, gateway.rss());
  report();
  const issued = ids.length - startCount;
  return { rate: issued / ((performance.now() - started) / 1000), cpuMsPerCertificate: (ownCpuMs() + gateway.cpuMs() - cpu0) / issued, rssPeak };
}

async function ledgerVerify(dataDir: string): Promise<{ blocks: number; transactions: number; seconds: number }> {
  const t0 = performance.now();
  const { stdout } = await run(process.execPath, [join(REPO_ROOT, 'build', 'scripts', 'ledger-verify.js'), '--data-dir', dataDir], { maxBuffer: 16 * MB });
  const seconds = (performance.now() - t0) / 1000;
  const m = /(\d+) blocks? chained from genesis, (\d+) valid transactions?/.exec(stdout);
  if (!m) throw new Error(`ledger:verify did not say OK:\n${stdout}`);
  return { blocks: Number(m[1]), transactions: Number(m[2]), seconds };
}

/** Walks the whole list in pages of 500; answers how many it listed and the bookmark 90 % of the way. */
async function walkList(url: string, key: string): Promise<{ listed: number; deep: string; seconds: number }> {
  const t0 = performance.now();
  const bookmarks: string[] = [];
  let listed = 0;
  let bookmark = '';
  do {
    const page = await http.ok(url, 'GET', `/api/v1/certificates?limit=500${bookmark ? `&bookmark=${bookmark}` : ''}`, key);
    listed += (page.items as unknown[]).length;
    bookmark = String(page.bookmark);
    if (bookmark) bookmarks.push(bookmark);
  } while (bookmark);
  return { listed, deep: bookmarks[Math.floor(bookmarks.length * 0.9)] ?? '', seconds: (performance.now() - t0) / 1000 };
}

async function measure(dataDir: string, credentials: Credentials, ids: readonly string[], filled: Filled & { readonly via: 'ledger' | 'http' }): Promise<{ row: Row; gateway: GatewayProcess }> {
  const disk = await ledgerDiskUsage(dataDir);
  const verified = await ledgerVerify(dataDir);
  const gateway = await startGatewayProcess(dataDir);
  try {
    return { row: await measureReads(gateway, dataDir, credentials, ids, { filled, disk, verified }), gateway };
  } catch (err) {
    await gateway.stop();
    throw err;
  }
}

async function measureReads(
  gateway: GatewayProcess,
  dataDir: string,
  credentials: Credentials,
  ids: readonly string[],
  before: { readonly filled: Filled & { readonly via: 'ledger' | 'http' }; readonly disk: DiskUsage; readonly verified: { blocks: number; transactions: number; seconds: number } },
): Promise<Row> {
  const { filled, verified } = before;
  const startupCpuMs = gateway.cpuMs();
  const rssListening = gateway.rss();
  // measured once idle: the read models catch up over the blocks written while the gateway was stopped
  const catchUpS = await waitIdle(gateway.pid, CATCH_UP_LIMIT_S);
  const catchUpCpuMs = gateway.cpuMs() - startupCpuMs;
  console.log(`  gateway listening after ${(gateway.startupMs / 1000).toFixed(1)} s; idle (read models caught up) ${catchUpS.toFixed(0)} s later, ${(catchUpCpuMs / 1000).toFixed(1)} s of CPU`);
  // the lifecycle read model's directory as it is now, caught up (a seeded fill grew the ledger without it)
  const disk = { ...before.disk, lifecycleDir: await lifecycleDirBytes(dataDir) };
  const rssStart = gateway.rss();
  const url = gateway.url;
  const pick = (i: number): string => ids[(i * 7919 + 13) % ids.length]!;
  const verify = async (i: number): Promise<void> => {
    await http.ok(url, 'GET', `/api/v1/certificates/${pick(i)}/verification`);
  };
  const cold = await timed(Math.min(SAMPLES, ids.length), verify);
  const warm = await timed(SAMPLES, verify);
  const lister = credentials[LISTER]!.apiKey;
  const first = await timed(SAMPLES, async () => {
    await http.ok(url, 'GET', `/api/v1/certificates?limit=${PAGE}`, lister);
  });
  const walk = await walkList(url, lister);
  if (walk.listed < ids.length) throw new Error(`the list named ${walk.listed} certificates; ${ids.length} were issued`);
  const deep = await timed(SAMPLES, async () => {
    await http.ok(url, 'GET', `/api/v1/certificates?limit=${PAGE}${walk.deep ? `&bookmark=${walk.deep}` : ''}`, lister);
  });
  const holder = credentials[MEASURED_HOLDER]!;
  const byHolder = await timed(SAMPLES, async () => {
    await http.ok(url, 'GET', `/api/v1/certificates?holder=${holder.entity!}&limit=${PAGE}`, holder.apiKey);
  });
  return {
    certificates: ids.length,
    blocks: verified.blocks,
    fillRate: filled.rate,
    fillVia: filled.via,
    fillCpuMsPerCertificate: filled.cpuMsPerCertificate,
    startupMs: gateway.startupMs,
    startupCpuMs,
    rssListeningMb: rssListening / MB,
    catchUpS,
    catchUpCpuMs,
    rssStartMb: rssStart / MB,
    rssAfterReadsMb: gateway.rss() / MB,
    ...(filled.rssPeak !== undefined ? { rssFillPeakMb: filled.rssPeak / MB } : {}),
    verifyColdP50: percentile(cold, 50),
    verifyColdP99: percentile(cold, 99),
    verifyWarmP50: percentile(warm, 50),
    verifyWarmP99: percentile(warm, 99),
    listFirstP99: percentile(first, 99),
    listDeepP99: percentile(deep, 99),
    listWalkS: walk.seconds,
    holderP99: percentile(byHolder, 99),
    disk,
    ledgerVerifyBlocksPerS: verified.blocks / verified.seconds,
    ledgerVerifyTxPerS: verified.transactions / verified.seconds,
  };
}

const COLUMNS: ReadonlyArray<readonly [string, (r: Row) => string]> = [
  ['certificates', (r) => String(r.certificates)],
  ['blocks', (r) => String(r.blocks)],
  ['fill_per_s', (r) => r.fillRate.toFixed(1)],
  ['fill_via', (r) => r.fillVia ?? 'http'],
  ['fill_cpu_ms_per_cert', (r) => (r.fillCpuMsPerCertificate ?? NaN).toFixed(1)],
  ['startup_ms', (r) => r.startupMs.toFixed(0)],
  ['startup_cpu_ms', (r) => (r.startupCpuMs ?? NaN).toFixed(0)],
  ['catch_up_s', (r) => (r.catchUpS ?? NaN).toFixed(0)],
  ['catch_up_cpu_ms', (r) => (r.catchUpCpuMs ?? NaN).toFixed(0)],
  ['rss_listening_mb', (r) => (r.rssListeningMb ?? NaN).toFixed(0)],
  ['rss_start_mb', (r) => r.rssStartMb.toFixed(0)],
  ['rss_after_reads_mb', (r) => r.rssAfterReadsMb.toFixed(0)],
  ['rss_fill_peak_mb', (r) => (r.rssFillPeakMb ?? NaN).toFixed(0)],
  ['verify_cold_p50_ms', (r) => r.verifyColdP50.toFixed(1)],
  ['verify_cold_p99_ms', (r) => r.verifyColdP99.toFixed(1)],
  ['verify_warm_p50_ms', (r) => r.verifyWarmP50.toFixed(2)],
  ['verify_warm_p99_ms', (r) => r.verifyWarmP99.toFixed(2)],
  ['list_first_p99_ms', (r) => r.listFirstP99.toFixed(1)],
  ['list_deep_p99_ms', (r) => r.listDeepP99.toFixed(1)],
  ['list_walk_s', (r) => r.listWalkS.toFixed(1)],
  ['holder_p99_ms', (r) => r.holderP99.toFixed(1)],
  ['state_b_per_cert', (r) => (r.disk.state / r.certificates).toFixed(0)],
  ['blocks_b_per_cert', (r) => (r.disk.blocks / r.certificates).toFixed(0)],
  ['history_b_per_cert', (r) => (r.disk.history / r.certificates).toFixed(0)],
  ['ledger_dir_b_per_cert', (r) => (r.disk.ledgerDir / r.certificates).toFixed(0)],
  ['lifecycle_dir_b_per_cert', (r) => (r.disk.lifecycleDir / r.certificates).toFixed(0)],
  ['verify_blocks_per_s', (r) => r.ledgerVerifyBlocksPerS.toFixed(0)],
  ['verify_tx_per_s', (r) => r.ledgerVerifyTxPerS.toFixed(0)],
];

function printTable(rows: readonly Row[]): void {
  const widths = COLUMNS.map(([name]) => name.length);
  console.log(COLUMNS.map(([name]) => name).join('  '));
  for (const r of rows) console.log(COLUMNS.map(([, f], i) => f(r).padStart(widths[i]!)).join('  '));
}

function writeOutputs(rows: readonly Row[]): void {
  mkdirSync(OUT_DIR, { recursive: true });
  const csv = [COLUMNS.map(([n]) => n).join(','), ...rows.map((r) => COLUMNS.map(([, f]) => f(r)).join(','))].join('\n') + '\n';
  writeFileSync(join(OUT_DIR, 'scale.csv'), csv);
  const at = (f: (r: Row) => number): Array<[number, number]> => rows.map((r): [number, number] => [r.certificates, f(r)]).filter(([, y]) => Number.isFinite(y));
  writePlotPng(join(OUT_DIR, 'latency.png'), {
    title: 'p99 read latency against ledger size (bench:scale)',
    xLabel: 'issued certificates (log)',
    yLabels: ['p99 latency (ms)'],
    xLog: true,
    series: [
      { name: 'verify (chaincode)', points: at((r) => r.verifyColdP99) },
      { name: 'verify (memory)', points: at((r) => r.verifyWarmP99) },
      { name: 'list: first page', points: at((r) => r.listFirstP99) },
      { name: 'list: deep page', points: at((r) => r.listDeepP99) },
      { name: 'list by holder', points: at((r) => r.holderP99) },
    ],
  });
  writePlotPng(join(OUT_DIR, 'memory-startup.png'), {
    title: 'Gateway memory and start-up against ledger size (bench:scale)',
    xLabel: 'issued certificates (log)',
    yLabels: ['RSS (MB)', 'start-up (ms)'],
    xLog: true,
    series: [
      { name: 'RSS at listening', points: at((r) => r.rssListeningMb ?? NaN) },
      { name: 'RSS once idle (caught up)', points: at((r) => r.rssStartMb) },
      { name: 'RSS after reads', points: at((r) => r.rssAfterReadsMb) },
      { name: 'start-up (wall)', points: at((r) => r.startupMs), axis: 1 },
      { name: 'start-up (CPU)', points: at((r) => r.startupCpuMs ?? NaN), axis: 1 },
    ],
  });
}

function stringArg(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const total = numberArg(argv, 'certificates', 100_000);
  const inFlight = numberArg(argv, 'in-flight', 48);
  const deadline = Date.now() + numberArg(argv, 'minutes', Infinity) * 60_000;
  const given = stringArg(argv, 'data-dir');
  const plotOnly = argv.includes('--plot-only');
  const via = argv.includes('--through-http') ? 'http' : 'ledger';
  if (argv.includes('--help')) {
    console.log(HELP);
    return;
  }
  if (plotOnly && given) {
    // draw the table, CSV and curves again from the rows a run kept in that data directory
    const kept = readRows(join(resolve(given), 'bench-scale-rows.json'));
    printTable(kept);
    writeOutputs(kept);
    return;
  }
  const dataDir = given ? resolve(given) : mkdtempSync(join(tmpdir(), 'dal-scale-'));
  const idsFile = join(dataDir, 'bench-scale-ids.txt');
  const rowsFile = join(dataDir, 'bench-scale-rows.json');
  const ids: string[] = given ? readIds(idsFile) : [];
  // a continued run keeps the rows measured before at smaller sizes
  const rows: Row[] = given ? readRows(rowsFile).filter((r) => r.certificates < ids.length) : [];
  const checkpoints = [...new Set([...CHECKPOINTS.filter((c) => c <= total), total])].filter((c) => c >= ids.length);
  console.log(
    `bench:scale — ${total.toLocaleString('en')} certificates, ${inFlight} chains in flight, filled ${via === 'http' ? "through the gateway's HTTP API" : "through the stopped gateway's embedded ledger"}, ` +
      `data directory ${dataDir}${ids.length ? ` (${ids.length} issued before)` : ''}; checkpoints ${checkpoints.join(', ')}`,
  );
  // the gateway creates the data directory and the demo identities, and adds the bench's holders (its admin API)
  let gateway: GatewayProcess | undefined = await startGatewayProcess(dataDir);
  const credentials = { ...(JSON.parse(readFileSync(join(dataDir, 'demo-credentials.json'), 'utf8')) as Credentials), ...(await benchHolders(dataDir)) };
  const registries = seedRegistries(credentials);
  try {
    for (const checkpoint of checkpoints) {
      const options = { inFlight, total, deadline };
      let filled: Filled;
      try {
        if (via === 'http') {
          filled = await fillThroughHttp(gateway!, registries, ids, checkpoint, options);
          await gateway!.stop();
        } else {
          await gateway!.stop();
          filled = await fillThroughLedger(dataDir, registries, ids, checkpoint, options);
        }
      } finally {
        // what was issued before a failure is on the ledger: a continued run must count it
        writeFileSync(idsFile, ids.join('\n'));
      }
      gateway = undefined;
      console.log(
        `  filled ${via === 'http' ? 'through HTTP' : 'through the ledger'}: ${filled.rate.toFixed(1)} certificates/s (${(3 * filled.rate).toFixed(0)} tx/s), ` +
          `${filled.cpuMsPerCertificate.toFixed(0)} ms of CPU per certificate (${via === 'http' ? 'gateway and HTTP client' : 'seeder, its worker threads included'})`,
      );
      console.log(`checkpoint ${ids.length.toLocaleString('en')}: measuring`);
      const measured = await measure(dataDir, credentials, ids, { ...filled, via });
      gateway = measured.gateway;
      rows.push(measured.row);
      writeFileSync(rowsFile, JSON.stringify(rows));
      printTable(rows);
      writeOutputs(rows);
      if (Date.now() >= deadline) {
        console.log(`--minutes is over: stopped at ${ids.length.toLocaleString('en')} certificates`);
        break;
      }
    }
  } finally {
    await gateway?.stop();
    http.close();
    if (!given) rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`\nwritten: ${join(OUT_DIR, 'scale.csv')}, latency.png, memory-startup.png`);
}

/** The registries with their registrar's and holders' API keys, in the order certificates are spread over them. */
function seedRegistries(credentials: Credentials): SeedRegistry[] {
  const credential = (name: string): { apiKey: string; entity: string } => {
    const c = credentials[name];
    if (!c) throw new Error(`no API key for ${name} in demo-credentials.json or ${HOLDERS_FILE}`);
    return { apiKey: c.apiKey, entity: c.entity ?? '' };
  };
  return REGISTRIES.map((r) => ({ mspId: r.mspId, registrar: credential(r.registrar).apiKey, holders: r.holders.map(credential) }));
}

/** The holders the bench adds at Huaian and Shanghai (once per data directory), with their API keys. */
async function benchHolders(dataDir: string): Promise<Credentials> {
  const file = join(dataDir, HOLDERS_FILE);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Credentials;
  } catch {
    // not added yet
  }
  const admin = await readAdminCredential(dataDir);
  const added: Credentials = {};
  for (const r of REGISTRIES) {
    if (!('city' in r)) continue;
    const enrollmentId = r.holders[0];
    const entity = `np:${r.city}:${createHash('sha256').update(enrollmentId).digest('hex')}`;
    const res = await fetch(`${admin.url}/admin/v1/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ enrollmentId, roles: ['holder'], entity, mspId: r.mspId }),
    });
    if (res.status !== 201) throw new Error(`adding ${enrollmentId} answered ${res.status}: ${await res.text()}`);
    added[enrollmentId] = { apiKey: ((await res.json()) as { apiKey: string }).apiKey, entity };
  }
  writeFileSync(file, JSON.stringify(added, null, 2), { mode: 0o600 });
  return added;
}

function readRows(file: string): Row[] {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Row[];
  } catch {
    return [];
  }
}

function readIds(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
  } catch {
    return [];
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
