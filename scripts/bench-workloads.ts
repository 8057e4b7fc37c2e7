/**
 * `npm run bench:workloads [-- --workload register-issue --workers 16 --seconds 10]`: runs the
 * Caliper workload definitions (scripts/caliper/workloads.ts) against the embedded network
 * through the Ledger interface, so figures compare with a Caliper run on real Fabric.
 * Prints per-step throughput and p50/p99 latency. Loopback-free (in process), bounded in time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enrollmentAttributes, loadConsortium } from '../network/src/consortium';
import { openEmbeddedLedger } from '../gateway/src/ledger/embedded-ledger';
import { submitWithRetry } from '../gateway/src/ledger-service/submit-with-retry';
import type { LedgerIdentity } from '../gateway/src/ledger/ledger';
import { prepareWorkload, runIteration, runnableWorkload, WORKLOADS, type PreparedItem, type StepSender } from './caliper/workloads';
import { numberArg } from './lib/args';
import { percentile, RssSampler } from './lib/stats';

function stringArg(argv: readonly string[], name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : fallback;
}

function usage(): string {
  const names = Object.values(WORKLOADS).map((w) => `  ${w.name.padEnd(16)}${w.description}${w.preparation ? ` (prepared by ${w.preparation.iterations} ${w.preparation.workload} iterations per worker)` : ''}`);
  return ['usage: npm run bench:workloads -- [--workload <name>] [--workers 16] [--seconds 10]', 'workloads:', ...names].join('\n');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    console.log(usage());
    return;
  }
  const workload = runnableWorkload(stringArg(argv, 'workload', 'register-issue'));
  const workers = numberArg(argv, 'workers', 16);
  const seconds = numberArg(argv, 'seconds', 10);
  const consortium = loadConsortium();
  const dir = await mkdtemp(join(tmpdir(), 'dal-bench-workload-'));
  const rss = new RssSampler();
  const ledger = await openEmbeddedLedger({ dataDir: dir, consortium, chaincodePath: join(__dirname, '..', '..', 'chaincode') });
  try {
    const identities = new Map<string, LedgerIdentity>();
    for (const d of consortium.demoIdentities) {
      identities.set(d.name, await ledger.enroll({ mspId: d.mspId, enrollmentId: d.enrollmentId, attributes: enrollmentAttributes(d) }));
    }
    const admin = identities.get('consortium-admin')!;
    await ledger.submit(admin, 'Consortium:Init', [JSON.stringify(consortium)]);

    const latencies = new Map<string, number[]>();
    const failures = new Map<string, number>();
    const firstFailure = new Map<string, string>();
    const send: StepSender = async (step, args) => {
      const who = identities.get(step.signer);
      if (!who) throw new Error(`no demo identity ${step.signer}`);
      const t0 = performance.now();
      try {
        // submits retry conflicts exactly as the gateway's writer does
        const options = step.endorsers ? { endorsingOrganizations: step.endorsers } : {};
        const out = step.submit ? (await submitWithRetry(ledger, who, { fn: step.fn, args, options })).payload : await ledger.evaluate(who, step.fn, args);
        const list = latencies.get(step.fn) ?? [];
        list.push(performance.now() - t0);
        latencies.set(step.fn, list);
        return out;
      } catch (err) {
        failures.set(step.fn, (failures.get(step.fn) ?? 0) + 1);
        if (!firstFailure.has(step.fn)) firstFailure.set(step.fn, `${step.fn} as ${step.signer}: ${(err as Error).message}`);
        throw err;
      }
    };
    const runId = `embedded-${Date.now()}`;
    process.stderr.write(`preparing ${workload.name}...\n`);
    // preparation is not measured: run it one worker at a time so that it does not fight over hot keys
    const prepared: PreparedItem[][] = [];
    for (let w = 0; w < workers; w++) prepared.push(await prepareWorkload(workload, runId, w, send));
    latencies.clear();
    failures.clear();
    firstFailure.clear();
    process.stderr.write(`running ${workload.name}: ${workers} workers for ${seconds}s\n`);
    const started = performance.now();
    const end = Date.now() + seconds * 1000;
    let iterations = 0;
    await Promise.all(
      Array.from({ length: workers }, async (_, w) => {
        for (let i = 0; Date.now() < end; i++) {
          await runIteration(workload, { runId, workerIndex: w, iteration: i, prepared: prepared[w]! }, send).then(
            () => iterations++,
            () => undefined,
          );
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    console.log(`bench:workloads ${workload.name} (${workload.description}); ${workers} workers, ${elapsed.toFixed(1)} s, embedded network`);
    console.log('step                          tx/s   p50 ms   p99 ms   ok   failed');
    // a step that never succeeded has no latencies but must still show its failures
    for (const fn of new Set([...latencies.keys(), ...failures.keys()])) {
      const list = latencies.get(fn) ?? [];
      console.log(`${fn.padEnd(26)} ${(list.length / elapsed).toFixed(0).padStart(7)}  ${percentile(list, 50).toFixed(1).padStart(7)}  ${percentile(list, 99).toFixed(1).padStart(7)}  ${String(list.length).padStart(5)}  ${String(failures.get(fn) ?? 0).padStart(6)}`);
    }
    console.log(`${iterations} complete iterations (${(iterations / elapsed).toFixed(1)}/s), peak RSS ${(rss.peak() / 1048576).toFixed(0)} MB`);
    for (const message of firstFailure.values()) console.log(`first failure: ${message}`);
  } finally {
    rss.stop();
    await ledger.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`bench:workloads failed: ${(err as Error).message}`);
  process.exit(1);
});
