/**
 * `npm run bench:certs`: certificate throughput through the HTTP API. Starts the gateway as a
 * child process (`build/scripts/start.js`, exactly what `npm start` runs) over a fresh embedded
 * ledger in a temporary directory, on loopback, and drives it from this process:
 *   1. applications (POST /certificates) per second at 64 in flight, with p50/p99;
 *   2. public verifications by id (GET /certificates/{id}/verification, no key) per second
 *      at 64 in flight over a set of issued certificates, with p50/p99;
 *   3. grant uses (POST /grants/{id}/usages, 可控可计量) per second at 64 in flight over ten
 *      licences of those certificates, with p50/p99.
 * The gateway and the load generator share the machine, so on 2 cores each gets about one.
 * Bounded: every phase runs for --seconds (default 10), the whole run is killed after
 * --limit seconds (default 180), and the child gateway is always stopped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { numberArg } from './lib/args';
import { percentile } from './lib/stats';

const REPO_ROOT = join(__dirname, '..', '..');
const IN_FLIGHT = 64;
const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });

interface Answer {
  readonly status: number;
  readonly body: string;
}

function call(url: string, method: string, path: string, apiKey?: string, body?: unknown): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, {
      method,
      agent,
      headers: {
        ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
        ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
      },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function ok(url: string, method: string, path: string, apiKey?: string, body?: unknown): Promise<Record<string, unknown>> {
  const a = await call(url, method, path, apiKey, body);
  if (a.status >= 300) throw new Error(`${method} ${path} answered ${a.status}: ${a.body}`);
  return JSON.parse(a.body) as Record<string, unknown>;
}

function application(holder: string): Record<string, unknown> {
  return {
    registry: 'TaizhouRegistryMSP',
    assetType: 'resource',
    name: 'bench dataset',
    source: 'enterprise',
    category: 'manufacturing',
    grade: 'general',
    containsPersonalInfo: false,
    fingerprint: randomBytes(32).toString('hex'),
    rights: ['holding', 'processing', 'operating'].map((type) => ({ type, holder })),
  };
}

interface Result {
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly n: number;
  readonly failed: number;
}

/** `IN_FLIGHT` workers, each sending its next request as soon as the last is answered, for `seconds`. */
async function closedLoop(seconds: number, send: (i: number) => Promise<Answer>, expected: number): Promise<Result> {
  const latencies: number[] = [];
  let failed = 0;
  let seq = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      const t0 = performance.now();
      const a = await send(seq++);
      if (a.status === expected) latencies.push(performance.now() - t0);
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const elapsed = (performance.now() - started) / 1000;
  return { perSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), n: latencies.length, failed };
}

function startGateway(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'build', 'scripts', 'start.js')], {
    env: { ...process.env, DAL_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', LEDGER_BACKEND: 'embedded' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) resolve({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`the gateway exited with ${code} before listening:\n${out}`)));
  });
}

function print(label: string, r: Result): void {
  console.log(`${label.padEnd(44)} ${r.perSecond.toFixed(0).padStart(6)} /s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms   (${r.n} ok, ${r.failed} failed)`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const seconds = numberArg(argv, 'seconds', 10);
  const limit = numberArg(argv, 'limit', 180);
  const certificates = numberArg(argv, 'certificates', 50);
  const dir = await mkdtemp(join(tmpdir(), 'dal-bench-certs-'));
  let child: ChildProcess | undefined;
  const killer = setTimeout(() => {
    console.error(`bench:certs: still running after ${limit} s; stopping`);
    child?.kill('SIGKILL');
    process.exit(1);
  }, limit * 1000);
  killer.unref();
  try {
    const started = await startGateway(dir);
    child = started.child;
    const url = started.url;
    const credentials = JSON.parse(await readFile(join(dir, 'demo-credentials.json'), 'utf8')) as Record<string, { apiKey: string; entity?: string }>;
    const holder = credentials['enterprise-a']!;
    const registrar = credentials['taizhou-registrar']!.apiKey;
    console.log(`bench:certs — gateway ${url} (child process), ${cpus().length} CPUs, ${IN_FLIGHT} in flight, ${seconds} s per phase`);

    const applications = await closedLoop(seconds, () => call(url, 'POST', '/api/v1/certificates', holder.apiKey, application(holder.entity!)), 201);
    print('applications (POST /certificates)', applications);

    const ids: string[] = [];
    for (let i = 0; i < certificates; i++) {
      const applied = await ok(url, 'POST', '/api/v1/certificates', holder.apiKey, application(holder.entity!));
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
    const warm = await closedLoop(seconds, verify, 200);
    print(`verification by id (public, ${ids.length} certificates)`, warm);

    // 可控可计量 through HTTP: enterprise-a licenses processing of each issued certificate to
    // enterprise-b (no maxUses: uses never conflict), which records uses across those grants.
    const grantee = credentials['enterprise-b']!;
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
  } finally {
    clearTimeout(killer);
    agent.destroy();
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
