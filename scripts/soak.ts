/**
 * `npm run soak`: the gateway under a steady mixed load for a long time (issue #17, Soak). It
 * starts the gateway as `npm start` does (build/scripts/start.js) in a child process on a fresh
 * embedded ledger in a temporary directory, on 127.0.0.1, with the demo consortium, and offers
 * `--rate` requests per second (open loop: one is started every 1/rate s whatever the answers
 * do, at most `--in-flight` at once) of a fixed mix:
 *
 *   applications (enterprise-a, POST /certificates), reviews and issues of them (the Taizhou
 *   registrar), metered uses of a licence (enterprise-b, POST /grants/{id}/usages), public
 *   verifications (GET /certificates/{id}/verification), list reads (GET /certificates and
 *   GET /grants/{id}/usages).
 *
 * Every `--sample` seconds it records the child's resident set size (VmRSS of
 * /proc/<pid>/status) and its two parts: anonymous memory (RssAnon: the JavaScript heap and
 * native allocations) and mapped files (RssFile: the node binary and the LevelDB table files,
 * which LevelDB maps into memory, so it grows with the ledger and the kernel reclaims it), the p50/p99 latency of the requests answered in that interval, the data
 * directory's size on disk (the LevelDB ledger and the gateway's files) and the writes committed
 * so far (acknowledged writes, and the chain's height). The samples go to `soak.csv` and a chart
 * to `soak.png` in `--out` (default artifacts/soak/).
 *
 * "Flat" means, checked at the end (exit 1 naming each bound missed):
 *   - anonymous-memory growth over the second half ≤ `--max-rss-growth` MB (a leak shows there;
 *     VmRSS also counts the mapped ledger files, which grow with the data) (median of the last
 *     three samples minus median of the three around half-time);
 *   - p99 of the last `--window` seconds ≤ `--max-p99-ratio` × p99 of the steadiest `--window`
 *     seconds of the first half after a `--warmup` (on a shared machine the first window after
 *     start-up may not be steady yet), or ≤ `--p99-floor` ms, whichever is larger;
 *   - no failed request (every request of the mix is valid: any non-2xx or connection error is a
 *     defect; a request sent again after its kept-alive connection was reset, as a client does —
 *     a write with the same Idempotency-Key — and then answered is counted apart, not failed),
 *     and ≥ 90% of the offered requests started (else the load was not steady).
 *
 * Bounded: the load stops after `--minutes`; the whole run is stopped after the run plus five
 * minutes. SIGINT or SIGTERM stop the load, stop the child gateway and exit 130 without a
 * verdict. The child gateway is always stopped and its directory removed.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { numberArg } from './lib/args';
import { benchApplication } from './lib/bench-application';
import { withEmbeddedGateway, type Credentials, type EmbeddedGateway } from './lib/embedded-gateway';
import { createHttpClient, type Answer } from './lib/http-client';
import { writePlotPng } from './lib/plot';
import { percentile } from './lib/stats';

const HELP = `npm run soak [-- options]

A steady mixed load on a fresh embedded gateway (child process, 127.0.0.1), sampled over time.

  --minutes N            how long the load runs (default 30; CI runs 2)
  --rate R               requests offered per second (default 20)
  --in-flight N          most requests outstanding at once (default 64)
  --sample S             seconds between samples (default 5)
  --warmup S             seconds before the first stable window (default 30, at most a quarter of the run)
  --window S             seconds of the p99 windows compared (default 30, at most a quarter of the run)
  --max-rss-growth MB    bound on anonymous-memory (RssAnon) growth over the second half (default 40)
  --max-p99-ratio X      bound on p99(last window) / p99(steadiest window of the first half) (default 3)
  --p99-floor MS         a last-window p99 below this always passes (default 150)
  --out DIR              where soak.csv and soak.png go (default artifacts/soak)
  --help                 this text`;

const HOLDER = '91321200MA1ABC123N';
const GRANTEE = '91320900MA2DEF341G';
const MB = 1024 * 1024;

type Kind = 'apply' | 'review' | 'issue' | 'use' | 'verify' | 'list' | 'usages';
const WRITES: ReadonlySet<Kind> = new Set(['apply', 'review', 'issue', 'use']);
/** One cycle of the mix: 10 requests, 6 of them writes. */
const MIX: readonly Kind[] = ['apply', 'use', 'verify', 'review', 'use', 'list', 'issue', 'use', 'usages', 'verify'];

interface Options {
  readonly minutes: number;
  readonly rate: number;
  readonly inFlight: number;
  readonly sampleSeconds: number;
  readonly warmupSeconds: number;
  readonly windowSeconds: number;
  readonly maxRssGrowthMb: number;
  readonly maxP99Ratio: number;
  readonly p99FloorMs: number;
  readonly out: string;
}

function options(argv: readonly string[]): Options {
  const minutes = numberArg(argv, 'minutes', 30);
  const seconds = minutes * 60;
  const i = argv.indexOf('--out');
  const o: Options = {
    minutes,
    rate: numberArg(argv, 'rate', 20),
    inFlight: numberArg(argv, 'in-flight', 64),
    sampleSeconds: numberArg(argv, 'sample', 5),
    warmupSeconds: Math.min(numberArg(argv, 'warmup', 30), seconds / 4),
    windowSeconds: Math.min(numberArg(argv, 'window', 30), seconds / 4),
    maxRssGrowthMb: numberArg(argv, 'max-rss-growth', 40),
    maxP99Ratio: numberArg(argv, 'max-p99-ratio', 3),
    p99FloorMs: numberArg(argv, 'p99-floor', 150),
    out: resolve(i >= 0 && argv[i + 1] ? argv[i + 1]! : join('artifacts', 'soak')),
  };
  if (!(o.minutes > 0) || !(o.rate > 0) || !(o.inFlight >= 1) || !(o.sampleSeconds > 0)) throw new Error('--minutes, --rate, --in-flight and --sample must be positive');
  return o;
}

interface Sample {
  readonly t: number;
  readonly rssMb: number;
  readonly anonMb: number;
  readonly fileMb: number;
  readonly p50: number;
  readonly p99: number;
  readonly answered: number;
  readonly diskMb: number;
  readonly writes: number;
  readonly height: number;
}

/** The child's resident set size and its anonymous and file-backed parts, in MB, from /proc (Linux). */
function memoryMb(pid: number): { rss: number; anon: number; file: number } {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    throw new Error(`the gateway (pid ${pid}) is gone: it exited during the soak`);
  }
  const field = (name: string): number => {
    const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!m?.[1]) throw new Error(`no ${name} in /proc/${pid}/status`);
    return Number(m[1]) / 1024;
  };
  return { rss: field('VmRSS'), anon: field('RssAnon'), file: field('RssFile') };
}

/** Bytes on disk under `dir` (allocated blocks, as du counts them). */
async function diskBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    try {
      if (entry.isDirectory()) total += await diskBytes(path);
      else if (entry.isFile()) total += (await stat(path)).blocks * 512;
    } catch {
      // a LevelDB file compacted away between readdir and stat
    }
  }
  return total;
}

const median = (values: readonly number[]): number => percentile(values, 50);
const fmt = (v: number, digits = 1): string => (Number.isFinite(v) ? v.toFixed(digits) : '–');
const clock = (seconds: number): string => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;

/** Failed requests by `kind status code`, with the first detail of each. */
class Failures {
  readonly kinds = new Map<string, { n: number; first: string }>();
  add(kind: Kind, a: Answer | Error): void {
    const key = a instanceof Error ? `${kind}: ${a.message}` : `${kind}: ${a.status} ${codeOf(a.body)}`;
    const seen = this.kinds.get(key);
    if (seen) {
      seen.n++;
      return;
    }
    const first = a instanceof Error ? a.message : a.body.slice(0, 300);
    this.kinds.set(key, { n: 1, first });
    // said when it first happens, not only in the summary half an hour later
    console.error(`soak: first failure of its kind — ${key}: ${first}`);
  }
  get total(): number {
    let n = 0;
    for (const k of this.kinds.values()) n += k.n;
    return n;
  }
}

function codeOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { code?: unknown };
    return typeof parsed.code === 'string' ? parsed.code : '';
  } catch {
    return '';
  }
}

/** The connection was closed under a request before any answer (a kept-alive socket closed as idle). */
function isConnectionReset(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  return e.code === 'ECONNRESET' || e.message === 'socket hang up';
}

/** Stops the load at the first SIGINT/SIGTERM; the run then cleans up and exits 130. */
const interrupted = { signal: '' };

async function soak(url: string, credentials: Credentials, gateway: EmbeddedGateway, o: Options): Promise<number> {
  const http = createHttpClient(o.inFlight);
  const key = (name: string): string => {
    const k = credentials[name]?.apiKey;
    if (!k) throw new Error(`the demo credentials lack ${name}`);
    return k;
  };
  const holder = key('enterprise-a');
  const grantee = key('enterprise-b');
  const registrar = key('taizhou-registrar');

  // setup: one issued certificate and a licence on it for enterprise-b, whose uses the load records
  const applied = await http.ok(url, 'POST', '/api/v1/certificates', holder, benchApplication(HOLDER, { name: 'soak dataset' }));
  await http.ok(url, 'POST', `/api/v1/certificates/${String(applied.id)}/review`, registrar, { decision: 'approve', publicityDays: 0 });
  await http.ok(url, 'POST', `/api/v1/certificates/${String(applied.id)}/issue`, registrar);
  const grant = await http.ok(url, 'POST', '/api/v1/grants', holder, {
    assetId: applied.id,
    type: 'licence',
    grantee: GRANTEE,
    rights: ['processing'],
    purposes: ['credit-scoring'],
    validFrom: '2020-01-01T00:00:00Z',
    validTo: '2099-12-31T00:00:00Z',
    paid: false,
  });
  const grantId = String(grant.id);
  const issued: string[] = [String(applied.id)];
  const applications: string[] = [];
  const approved: string[] = [];

  // what one request of each kind does; a review or issue with nothing waiting files an application instead
  const request = (kind: Kind): { kind: Kind; run: () => Promise<Answer>; after?: (body: Record<string, unknown>) => void } => {
    // a write carries an Idempotency-Key, so that it can be sent again after a connection reset (see `fire`)
    const post = (path: string, k: string, body?: unknown) => {
      const headers = { 'idempotency-key': `soak-${randomUUID()}` };
      return () => http.call(url, 'POST', path, k, body, headers);
    };
    const get = (path: string, k?: string) => () => http.call(url, 'GET', path, k);
    if (kind === 'review' && applications.length > 0) {
      const id = applications.shift()!;
      return { kind, run: post(`/api/v1/certificates/${id}/review`, registrar, { decision: 'approve', publicityDays: 0 }), after: () => approved.push(id) };
    }
    if (kind === 'issue' && approved.length > 0) {
      const id = approved.shift()!;
      return { kind, run: post(`/api/v1/certificates/${id}/issue`, registrar), after: () => issued.push(id) };
    }
    if (kind === 'use') return { kind, run: post(`/api/v1/grants/${grantId}/usages`, grantee, { purpose: 'credit-scoring', quantity: 1, resultHash: 'c'.repeat(64) }) };
    if (kind === 'verify') return { kind, run: get(`/api/v1/certificates/${issued[Math.floor(Math.random() * issued.length)]!}/verification`) };
    if (kind === 'list') return { kind, run: get('/api/v1/certificates?limit=20', holder) };
    if (kind === 'usages') return { kind, run: get(`/api/v1/grants/${grantId}/usages?limit=20`, grantee) };
    return { kind: 'apply', run: post('/api/v1/certificates', holder, benchApplication(HOLDER, { name: 'soak dataset' })), after: (b) => applications.push(String(b.id)) };
  };

  // the run: answered requests as [seconds since start, latency ms]
  const answered: Array<readonly [number, number]> = [];
  const failures = new Failures();
  const samples: Sample[] = [];
  let writes = 0;
  let offered = 0;
  let started = 0;
  let inFlight = 0;
  let resent = 0;
  const t0 = performance.now();
  const since = (): number => (performance.now() - t0) / 1000;
  const runSeconds = o.minutes * 60;
  const outstanding = new Set<Promise<void>>();

  const fire = (kind: Kind): void => {
    offered++;
    if (inFlight >= o.inFlight) return; // the gateway is behind: counted as offered, not started
    started++;
    inFlight++;
    const r = request(kind);
    const begin = performance.now();
    // A kept-alive connection the gateway closes as idle (its keep-alive timeout) just as a request
    // is sent on it fails with ECONNRESET or "socket hang up" before any answer. A client sends
    // that request again — a write with the same Idempotency-Key, so it is applied once — and so
    // does the soak, counting it; only a second failure counts as failed.
    const p = r
      .run()
      .catch((err: unknown) => {
        if (!isConnectionReset(err)) throw err;
        resent++;
        return r.run();
      })
      .then(
        (a) => {
          if (a.status >= 300) return failures.add(r.kind, a);
          answered.push([since(), performance.now() - begin]);
          if (WRITES.has(r.kind)) writes++;
          r.after?.(JSON.parse(a.body) as Record<string, unknown>);
        },
        (err: unknown) => failures.add(r.kind, err instanceof Error ? err : new Error(String(err))),
      )
      .finally(() => {
        inFlight--;
        outstanding.delete(p);
      });
    outstanding.add(p);
  };

  let lastSampleIndex = 0;
  const sample = async (): Promise<void> => {
    const window = answered.slice(lastSampleIndex).map(([, ms]) => ms);
    lastSampleIndex = answered.length;
    const health = await http.ok(url, 'GET', '/api/v1/health');
    const s: Sample = {
      t: since(),
      ...((m) => ({ rssMb: m.rss, anonMb: m.anon, fileMb: m.file }))(memoryMb(gateway.pid)),
      p50: percentile(window, 50),
      p99: percentile(window, 99),
      answered: window.length,
      diskMb: (await diskBytes(gateway.dataDir)) / MB,
      writes,
      height: Number(health.height),
    };
    samples.push(s);
    const eta = Math.max(0, runSeconds - s.t);
    console.log(
      `[${clock(s.t)} / ${clock(runSeconds)}, ETA ${clock(eta)}] RSS ${fmt(s.rssMb)} MB (anon ${fmt(s.anonMb)}, files ${fmt(s.fileMb)})  p50 ${fmt(s.p50)} ms  p99 ${fmt(s.p99)} ms  ` +
        `${fmt(s.answered / o.sampleSeconds)} req/s  disk ${fmt(s.diskMb)} MB  writes ${s.writes}  height ${s.height}  in flight ${inFlight}  failed ${failures.total}`,
    );
  };

  console.log(
    `soak — gateway pid ${gateway.pid} at ${url}, data ${gateway.dataDir}; ${o.minutes} min at ${o.rate} req/s offered ` +
      `(mix per 10: ${MIX.join(' ')}), ≤ ${o.inFlight} in flight, a sample every ${o.sampleSeconds} s`,
  );
  await sample();
  let cycle = 0;
  let sampling = Promise.resolve();
  let sampleError: unknown;
  let nextSample = o.sampleSeconds;
  while (!interrupted.signal && since() < runSeconds) {
    fire(MIX[cycle++ % MIX.length]!);
    // open loop: the n-th request starts at n / rate seconds, however long the others take
    const due = offered / o.rate;
    if (since() >= nextSample) {
      // beside the load, not in its way (walking the data directory takes a while); one sample at a time
      sampling = sampling.then(sample).catch((err: unknown) => {
        // a Ctrl-C reaches the child gateway too, which may be gone before this loop sees the signal
        if (!interrupted.signal) sampleError ??= err;
      });
      nextSample += o.sampleSeconds;
    }
    if (sampleError !== undefined) throw sampleError;
    const wait = (due - since()) * 1000;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  await Promise.all([...outstanding]);
  await sampling;
  if (!interrupted.signal) await sample();
  http.close();

  // the artefacts
  await mkdir(o.out, { recursive: true });
  const csv = ['seconds,rss_mb,anon_mb,file_mb,p50_ms,p99_ms,answered,disk_mb,acknowledged_writes,height']
    .concat(samples.map((s) => [s.t.toFixed(1), s.rssMb.toFixed(1), s.anonMb.toFixed(1), s.fileMb.toFixed(1), fmt(s.p50, 2), fmt(s.p99, 2), s.answered, s.diskMb.toFixed(2), s.writes, s.height].join(',')))
    .join('\n');
  await writeFile(join(o.out, 'soak.csv'), `${csv}\n`);
  const minutes = (t: number): number => Number((t / 60).toFixed(3));
  const latencySamples = samples.filter((s) => s.answered > 0);
  writePlotPng(join(o.out, 'soak.png'), {
    title: `soak: ${o.minutes} min at ${o.rate} req/s offered (embedded gateway)`,
    xLabel: 'minutes',
    yLabels: ['MB (RSS, data on disk)', 'ms (p99 per sample)'],
    series: [
      { name: 'gateway RSS (MB)', points: samples.map((s) => [minutes(s.t), s.rssMb]) },
      { name: 'anonymous memory (MB)', points: samples.map((s) => [minutes(s.t), s.anonMb]) },
      { name: 'mapped files (MB)', points: samples.map((s) => [minutes(s.t), s.fileMb]) },
      { name: 'data dir on disk (MB)', points: samples.map((s) => [minutes(s.t), s.diskMb]) },
      { name: 'p99 latency (ms)', points: latencySamples.map((s) => [minutes(s.t), s.p99]), axis: 1 },
    ],
  });
  console.log(`wrote ${join(o.out, 'soak.csv')} and ${join(o.out, 'soak.png')}`);
  if (interrupted.signal) {
    console.error(`soak: stopped by ${interrupted.signal} after ${clock(since())}; no verdict`);
    return 130;
  }

  // the verdict
  const elapsed = samples[samples.length - 1]!.t;
  const half = samples.filter((s) => s.t >= elapsed / 2 - o.sampleSeconds * 1.5).slice(0, 3);
  const rssHalf = median(half.map((s) => s.rssMb));
  const rssEnd = median(samples.slice(-3).map((s) => s.rssMb));
  const anonHalf = median(half.map((s) => s.anonMb));
  const anonEnd = median(samples.slice(-3).map((s) => s.anonMb));
  const anonGrowth = anonEnd - anonHalf;
  const inRange = (from: number, to: number): number[] => answered.filter(([t]) => t >= from && t < to).map(([, ms]) => ms);
  // the steadiest window of the first half after the warm-up: on a shared machine the first one may not be steady yet
  let firstStable = Infinity;
  let stableFrom = o.warmupSeconds;
  for (let from = o.warmupSeconds; from + o.windowSeconds <= Math.max(elapsed / 2, o.warmupSeconds + o.windowSeconds); from += o.sampleSeconds) {
    const p99 = percentile(inRange(from, from + o.windowSeconds), 99);
    if (p99 < firstStable) [firstStable, stableFrom] = [p99, from];
  }
  const lastWindow = percentile(inRange(elapsed - o.windowSeconds, Infinity), 99);
  const p99Bound = Math.max(o.maxP99Ratio * firstStable, o.p99FloorMs);
  const startedShare = started / offered;
  const disk0 = samples[0]!.diskMb;
  const diskEnd = samples[samples.length - 1]!.diskMb;
  const rows: Array<[string, string, string, boolean]> = [
    ['RSS at start / half-time / end', `${fmt(samples[0]!.rssMb)} / ${fmt(rssHalf)} / ${fmt(rssEnd)} MB`, '', true],
    ['anonymous memory at start / half-time / end', `${fmt(samples[0]!.anonMb)} / ${fmt(anonHalf)} / ${fmt(anonEnd)} MB`, '', true],
    ['anonymous-memory growth over the second half', `${fmt(anonGrowth)} MB`, `≤ ${o.maxRssGrowthMb} MB`, anonGrowth <= o.maxRssGrowthMb],
    ['mapped files (ledger tables) at end', `${fmt(samples[samples.length - 1]!.fileMb)} MB`, '', true],
    [`p99, steadiest window of the first half (${fmt(stableFrom, 0)}–${fmt(stableFrom + o.windowSeconds, 0)} s)`, `${fmt(firstStable)} ms`, '', true],
    [`p99, last window (last ${o.windowSeconds} s)`, `${fmt(lastWindow)} ms`, `≤ ${fmt(p99Bound)} ms (${o.maxP99Ratio}× first, floor ${o.p99FloorMs})`, lastWindow <= p99Bound],
    ['p50 / p99 over the whole run', `${fmt(percentile(answered.map(([, ms]) => ms), 50))} / ${fmt(percentile(answered.map(([, ms]) => ms), 99))} ms`, '', true],
    ['requests offered / started / answered 2xx', `${offered} / ${started} / ${answered.length} (${fmt(answered.length / elapsed)} req/s)`, '≥ 90% started', startedShare >= 0.9],
    ['failed requests', String(failures.total), '0', failures.total === 0],
    ['sent again after a connection reset (then answered)', String(resent), '', true],
    ['acknowledged writes / chain height', `${writes} / ${samples[samples.length - 1]!.height}`, '', true],
    ['data dir on disk, start → end', `${fmt(disk0)} → ${fmt(diskEnd)} MB (${fmt(((diskEnd - disk0) * MB) / Math.max(1, writes) / 1024)} KiB per write)`, '', true],
  ];
  console.log('\nsoak summary');
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [name, value, bound, ok] of rows) console.log(`  ${name.padEnd(width)}  ${value.padEnd(44)} ${bound ? `${bound.padEnd(36)} ${ok ? 'ok' : 'EXCEEDED'}` : ''}`);
  for (const [kind, { n, first }] of failures.kinds) console.log(`  failed: ${kind} ×${n} — first: ${first}`);
  const missed = rows.filter((r) => !r[3]).map((r) => `${r[0]} ${r[1]} (bound ${r[2]})`);
  if (missed.length > 0) {
    console.error(`soak: NOT flat — ${missed.join('; ')}`);
    return 1;
  }
  console.log('soak: flat within the stated bounds');
  return 0;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    console.log(HELP);
    return;
  }
  const o = options(argv);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interrupted.signal) process.exit(130); // a second signal: exit now (the child is stopped on exit)
      interrupted.signal = signal;
      console.error(`soak: ${signal}, stopping the load and the gateway`);
    });
  }
  const limit = o.minutes * 60 + 300;
  const killer = setTimeout(() => {
    console.error(`soak: still running ${limit} s after the start; stopping`);
    process.exit(1);
  }, limit * 1000);
  killer.unref();
  const code = await withEmbeddedGateway('soak', (url, credentials, _pid, gateway) => soak(url, credentials, gateway, o));
  process.exitCode = code;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
