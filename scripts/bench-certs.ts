/**
 * `npm run bench:certs`: certificate throughput through the HTTP API. By default it starts the
 * gateway as a child process (`build/scripts/start.js`, exactly what `npm start` runs) over a
 * fresh embedded ledger in a temporary directory, on loopback. With `--gateway URL` it drives an
 * already running gateway instead (any backend; its API keys from `--credentials FILE`, default
 * `$DAL_DATA_DIR/demo-credentials.json`), and with `--gateway URL --compare` it measures the
 * embedded default first, then that gateway, and prints both and their ratio
 * (scripts/fabric-bench.sh does that against the native Fabric network). The workload:
 *   1. applications (POST /certificates) per second at 64 in flight, with p50/p99;
 *   2. public verifications by id (GET /certificates/{id}/verification, no key) per second
 *      at 64 in flight over a set of issued certificates, with p50/p99;
 *   3. grant uses (POST /grants/{id}/usages, 可控可计量) per second at 64 in flight over ten
 *      licences of those certificates, with p50/p99.
 * The gateway and the load generator share the machine, so on 2 cores each gets about one.
 * Each phase also prints CPU ms per request: the gateway's (its whole process — HTTP, peers,
 * orderer, committer, chaincode containers and verifiers are its threads) when it is the child
 * this script started, and the load generator's own.
 * `--applications-only` runs the first phase alone (to profile the write path: `node --cpu-prof`
 * on this script profiles the gateway child too).
 * Bounded: every phase runs for --seconds (default 10), the whole run is killed after
 * --limit seconds (default 180), and the child gateway is always stopped.
 */
import { readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { dataDirFromArgs, numberArg } from './lib/args';
import { withEmbeddedGateway, type Credentials } from './lib/embedded-gateway';
import { createHttpClient, type Answer, type HttpClient } from './lib/http-client';
import { CpuMeter, percentile, processCpuMs } from './lib/stats';
import { benchApplication } from './lib/bench-application';

const DEFAULT_IN_FLIGHT = 64;
let IN_FLIGHT = DEFAULT_IN_FLIGHT;
let http: HttpClient = createHttpClient(IN_FLIGHT);
const call: HttpClient['call'] = (...args) => http.call(...args);
const ok: HttpClient['ok'] = (...args) => http.ok(...args);

interface Result {
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly n: number;
  readonly failed: number;
  /** Failed answers by HTTP status and problem code, e.g. `409 conflict: 3`. */
  readonly failures: Readonly<Record<string, number>>;
  /** CPU ms per successful request: the gateway's (if known) and this load generator's. */
  readonly gatewayCpuMs?: number;
  readonly clientCpuMs: number;
}

let applicationsOnly = false;

/** The gateway child's process id when this script started it (its CPU is then measured). */
let gatewayPid: number | undefined;

/** `IN_FLIGHT` workers, each sending its next request as soon as the last is answered, for `seconds`. */
async function closedLoop(seconds: number, send: (i: number) => Promise<Answer>, expected: number): Promise<Result> {
  const latencies: number[] = [];
  let failed = 0;
  const failures: Record<string, number> = {};
  let seq = 0;
  const clientCpu = new CpuMeter();
  const gatewayCpu0 = gatewayPid === undefined ? undefined : processCpuMs(gatewayPid);
  const started = performance.now();
  const end = started + seconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      const t0 = performance.now();
      const a = await send(seq++);
      if (a.status === expected) latencies.push(performance.now() - t0);
      else {
        failed++;
        const kind = `${a.status} ${problemCode(a.body)}`.trim();
        failures[kind] = (failures[kind] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const elapsed = (performance.now() - started) / 1000;
  const gatewayCpu1 = gatewayPid === undefined ? undefined : processCpuMs(gatewayPid);
  const n = latencies.length;
  return {
    perSecond: n / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    n,
    failed,
    failures,
    clientCpuMs: clientCpu.ms() / n,
    ...(gatewayCpu0 !== undefined && gatewayCpu1 !== undefined ? { gatewayCpuMs: (gatewayCpu1 - gatewayCpu0) / n } : {}),
  };
}

function problemCode(body: string): string {
  try {
    const parsed = JSON.parse(body) as { code?: unknown };
    return typeof parsed.code === 'string' ? parsed.code : '';
  } catch {
    return '';
  }
}

function print(label: string, r: Result): void {
  console.log(`${label.padEnd(44)} ${r.perSecond.toFixed(0).padStart(6)} /s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms   (${r.n} ok, ${r.failed} failed${r.failed ? `: ${Object.entries(r.failures).map(([k, n]) => `${k} ×${n}`).join(', ')}` : ''})   CPU ms/request: gateway ${r.gatewayCpuMs === undefined ? 'n/a' : r.gatewayCpuMs.toFixed(2)}, load generator ${r.clientCpuMs.toFixed(2)}`);
}

interface Figures {
  readonly applications: Result;
  readonly verifications: Result;
  readonly uses: Result;
}

/** The three phases against one gateway; prints each as it ends. */
async function measure(url: string, credentials: Credentials, seconds: number, certificates: number): Promise<Figures | undefined> {
  const holder = credentials['enterprise-a'];
  const grantee = credentials['enterprise-b'];
  const registrar = credentials['taizhou-registrar']?.apiKey;
  if (!holder?.entity || !grantee?.entity || !registrar) throw new Error('the credentials lack enterprise-a, enterprise-b or taizhou-registrar (the demo identities)');
  const health = await ok(url, 'GET', '/api/v1/health');
  console.log(`bench:certs — gateway ${url} (backend ${String(health.backend)}, height ${String(health.height)}), ${cpus().length} CPUs, ${IN_FLIGHT} in flight, ${seconds} s per phase`);

  const applications = await closedLoop(seconds, () => call(url, 'POST', '/api/v1/certificates', holder.apiKey, benchApplication(holder.entity!)), 201);
  print('applications (POST /certificates)', applications);
  if (applicationsOnly) return undefined;

  console.log(`  issuing ${certificates} certificates for the next phases (apply → review → issue, one at a time)`);
  const ids: string[] = [];
  for (let i = 0; i < certificates; i++) {
    const applied = await ok(url, 'POST', '/api/v1/certificates', holder.apiKey, benchApplication(holder.entity!));
    const reviewed = await ok(url, 'POST', `/api/v1/certificates/${String(applied.id)}/review`, registrar, { decision: 'approve', publicityDays: 0 });
    await ok(url, 'POST', `/api/v1/certificates/${String(reviewed.id)}/issue`, registrar);
    ids.push(String(reviewed.id));
  }
  const verify = (i: number): Promise<Answer> => call(url, 'GET', `/api/v1/certificates/${ids[i % ids.length]!}/verification`);
  // The first answer per certificate comes from the chaincode (one at a time here), later ones from memory.
  const cold: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const t0 = performance.now();
    if ((await verify(i)).status === 200) cold.push(performance.now() - t0);
  }
  console.log(`${'verification by id, first answer (chaincode)'.padEnd(44)}          p50 ${percentile(cold, 50).toFixed(1).padStart(6)} ms   p99 ${percentile(cold, 99).toFixed(1).padStart(6)} ms   (${cold.length} sequential)`);
  const verifications = await closedLoop(seconds, verify, 200);
  print(`verification by id (public, ${ids.length} certificates)`, verifications);

  // 可控可计量 through HTTP: enterprise-a licenses processing of each issued certificate to
  // enterprise-b (no maxUses: uses never conflict), which records uses across those grants.
  const grants: string[] = [];
  for (const id of ids.slice(0, 10)) {
    const grant = await ok(url, 'POST', '/api/v1/grants', holder.apiKey, {
      assetId: id, type: 'licence', grantee: grantee.entity, rights: ['processing'], purposes: ['bench analytics'],
      validFrom: new Date(Date.now() - 86_400_000).toISOString(), validTo: new Date(Date.now() + 365 * 86_400_000).toISOString(), paid: false,
    });
    grants.push(String(grant.id));
  }
  const uses = await closedLoop(
    seconds,
    (i) => call(url, 'POST', `/api/v1/grants/${grants[i % grants.length]!}/usages`, grantee.apiKey, { purpose: 'bench analytics', quantity: 1 }),
    201,
  );
  print(`grant uses (POST /grants/{id}/usages, ${grants.length} grants)`, uses);
  return { applications, verifications, uses };
}

/** Both runs side by side, and how many times the first is faster / its p99 lower. */
function printComparison(a: { label: string; figures: Figures }, b: { label: string; figures: Figures }): void {
  const fmt = (r: Result): string => `${r.perSecond.toFixed(1)}/s, p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms`;
  console.log(`\n${'phase'.padEnd(22)} ${a.label.padEnd(34)} ${b.label.padEnd(34)} ${a.label}/${b.label} rate   ${b.label}/${a.label} p99`);
  const row = (name: string, x: Result, y: Result): void => {
    const rate = y.perSecond > 0 ? `${(x.perSecond / y.perSecond).toFixed(1)}×` : 'n/a';
    const p99 = x.p99 > 0 ? `${(y.p99 / x.p99).toFixed(1)}×` : 'n/a';
    console.log(`${name.padEnd(22)} ${fmt(x).padEnd(34)} ${fmt(y).padEnd(34)} ${rate.padStart(8 + a.label.length + b.label.length)}   ${p99.padStart(8 + a.label.length + b.label.length)}`);
  };
  row('applications', a.figures.applications, b.figures.applications);
  row('verifications by id', a.figures.verifications, b.figures.verifications);
  row('grant uses', a.figures.uses, b.figures.uses);
}

function stringArg(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const seconds = numberArg(argv, 'seconds', 10);
  const gateway = stringArg(argv, 'gateway');
  const compare = argv.includes('--compare');
  if (compare && !gateway) throw new Error('--compare needs --gateway URL: the running gateway to compare the embedded default with');
  const limit = numberArg(argv, 'limit', gateway ? 900 : 180);
  const certificates = numberArg(argv, 'certificates', 50);
  IN_FLIGHT = numberArg(argv, 'in-flight', DEFAULT_IN_FLIGHT);
  applicationsOnly = argv.includes('--applications-only');
  http = createHttpClient(IN_FLIGHT);
  const killer = setTimeout(() => {
    console.error(`bench:certs: still running after ${limit} s; stopping`);
    process.exit(1);
  }, limit * 1000);
  killer.unref();
  try {
    const embedded = !gateway || compare ? await withEmbeddedGateway('bench-certs', (url, credentials, pid) => {
            gatewayPid = pid;
            return measure(url, credentials, seconds, certificates);
          }) : undefined;
    if (gateway) {
      const file = stringArg(argv, 'credentials') ?? join(dataDirFromArgs(argv), 'demo-credentials.json');
      const credentials = JSON.parse(await readFile(file, 'utf8').catch(() => {
        throw new Error(`no API keys at ${file}: pass --credentials <the gateway's DAL_DATA_DIR>/demo-credentials.json`);
      })) as Credentials;
      if (embedded) console.log('');
      gatewayPid = undefined;
      const other = await measure(gateway.replace(/\/$/, ''), credentials, seconds, certificates);
      if (embedded && other) {
        const backend = String((await ok(gateway.replace(/\/$/, ''), 'GET', '/api/v1/health')).backend);
        printComparison({ label: 'embedded', figures: embedded }, { label: backend, figures: other });
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
