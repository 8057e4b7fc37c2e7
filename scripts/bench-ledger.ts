/**
 * `npm run bench:ledger`: throughput and latency of the embedded network for a transaction
 * writing ~2 KiB with 2 endorsements (the consortium's OutOf(2) policy), every signature
 * verified. Prints committed tx/s and p50/p99 submit latency at 1, 16 and 128 in flight
 * (closed loop), p50/p99 at a fixed offered rate (open loop), CPU ms per committed transaction
 * (user + system of the whole process — load generator, peers, orderer, committer, chaincode
 * containers and signature verifiers are all its threads), and peak RSS.
 * Options: --seconds N per step (default 8), --rate R offered tx/s (default 500),
 * --in-flight N,M,… the closed-loop steps (default 1,16,128), --transactions N to end each
 * closed-loop step after N transactions instead (CPU per transaction over a fixed count).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConsortium } from '../network/src/consortium';
import { openEmbeddedNetwork, type EmbeddedNetwork } from '../network/src/embedded/network';
import type { Signer } from '../network/src/embedded/signer';
import { numberArg } from './lib/args';
import { CpuMeter, percentile, RssSampler } from './lib/stats';

const VALUE = 'x'.repeat(2048);

async function closedLoop(network: EmbeddedNetwork, signer: Signer, inFlight: number, seconds: number, tag: string, count = Infinity): Promise<{ tps: number; p50: number; p99: number; n: number; cpuMsPerTx: number }> {
  const latencies: number[] = [];
  const cpu = new CpuMeter();
  const end = Date.now() + seconds * 1000;
  let seq = 0;
  const started = Date.now();
  const worker = async (): Promise<void> => {
    while (Date.now() < end && seq < count) {
      const t0 = performance.now();
      await network.submit(signer, ['KV:Put', `${tag}-${seq++}`, VALUE]);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const elapsed = (Date.now() - started) / 1000;
  return { tps: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), n: latencies.length, cpuMsPerTx: cpu.ms() / latencies.length };
}

async function openLoop(network: EmbeddedNetwork, signer: Signer, rate: number, seconds: number): Promise<{ offered: number; tps: number; p50: number; p99: number; n: number; cpuMsPerTx: number }> {
  const latencies: number[] = [];
  const cpu = new CpuMeter();
  const total = Math.round(rate * seconds);
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      network.submit(signer, ['KV:Put', `open-${i}`, VALUE]).then(() => {
        latencies.push(performance.now() - due);
      }),
    );
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - started) / 1000;
  return { offered: rate, tps: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), n: latencies.length, cpuMsPerTx: cpu.ms() / latencies.length };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const seconds = numberArg(argv, 'seconds', 8);
  const rate = numberArg(argv, 'rate', 500);
  const i = argv.indexOf('--in-flight');
  const count = numberArg(argv, 'transactions', Infinity);
  const steps = i >= 0 && argv[i + 1] ? argv[i + 1]!.split(',').map(Number) : [1, 16, 128];
  const dir = await mkdtemp(join(tmpdir(), 'dal-bench-'));
  const rss = new RssSampler();
  const network = await openEmbeddedNetwork({
    dataDir: dir,
    consortium: loadConsortium(),
    chaincodePath: join(__dirname, '..', '..', 'test', 'fixtures', 'chaincode', 'kv'),
  });
  try {
    await network.enroll({ mspId: 'TaizhouRegistryMSP', enrollmentId: 'bench', attributes: { 'dal.role': 'holder' } });
    const signer = (await network.signer('TaizhouRegistryMSP', 'bench'))!;
    console.log(`bench:ledger  2 KiB write, 2 endorsements, ${Number.isFinite(count) ? `${count} transactions` : `${seconds}s`} per step, node ${process.version}, ${cpus().length} cores`);
    await closedLoop(network, signer, 16, 1, 'warmup');
    console.log('in-flight  committed tx/s   p50 ms   p99 ms   txs   CPU ms/tx');
    for (const inFlight of steps) {
      const r = await closedLoop(network, signer, inFlight, Number.isFinite(count) ? Infinity : seconds, `c${inFlight}`, count);
      console.log(`${String(inFlight).padStart(9)}  ${r.tps.toFixed(0).padStart(15)}  ${r.p50.toFixed(1).padStart(7)}  ${r.p99.toFixed(1).padStart(7)}  ${String(r.n).padStart(5)}  ${r.cpuMsPerTx.toFixed(2).padStart(10)}`);
    }
    const o = await openLoop(network, signer, rate, seconds);
    console.log(`open loop at ${o.offered} tx/s offered: ${o.tps.toFixed(0)} tx/s committed, p50 ${o.p50.toFixed(1)} ms, p99 ${o.p99.toFixed(1)} ms (${o.n} txs), ${o.cpuMsPerTx.toFixed(2)} CPU ms/tx`);
    console.log(`height ${await network.height()} blocks, peak RSS ${(rss.peak() / 1048576).toFixed(0)} MB (main process incl. chaincode worker threads)`);
  } finally {
    rss.stop();
    await network.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
