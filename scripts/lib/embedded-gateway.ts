/**
 * A gateway on the embedded ledger for a benchmark: started as `npm start` would (the built
 * scripts/start.js) in a child process on a data directory and a free port. `withEmbeddedGateway`
 * hands a fresh one (temporary directory) to `fn` with its demo API keys, and always stops and
 * removes it afterwards (`offline` stops it, works on its data directory, and starts it again);
 * `startGatewayProcess` starts one on a directory the caller keeps (a ledger that grows across
 * restarts). The bench's own node options go to the gateway too: `node --cpu-prof
 * build/scripts/bench-….js` profiles both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '..', '..', '..');

/** demo-credentials.json: API keys by demo identity name. */
export type Credentials = Record<string, { apiKey: string; entity?: string }>;

export interface GatewayProcess {
  readonly url: string;
  readonly pid: number;
  /** From spawning the process to its "listening on" line. */
  readonly startupMs: number;
  /** The process's resident set size now (Linux /proc), in bytes. */
  rss(): number;
  /** CPU time the process (all its threads) has used so far, in ms (Linux /proc): unlike wall time, not stretched by other load. */
  cpuMs(): number;
  /** SIGTERM, and resolves when it has exited (a write in flight finishes first). */
  stop(): Promise<void>;
}

interface StartOptions {
  /**
   * How long to wait for the "listening on" line before killing the process and failing with its
   * output: default 120 s, or the environment's GATEWAY_START_TIMEOUT_S in seconds (a large ledger
   * opens slowly; empty counts as unset, anything but a positive number is refused).
   */
  readonly timeoutMs?: number;
  /** The script to run; default the built scripts/start.js. */
  readonly script?: string;
}

const DEFAULT_START_TIMEOUT_S = 120;
/** setTimeout fires at once (1 ms) for a delay of 0, NaN, or above 2^31 - 1 ms: each would kill the gateway as it starts. */
const usableTimer = (ms: number): boolean => ms > 0 && ms <= 2 ** 31 - 1;

/** The start timeout in ms; a value the timer cannot wait for is refused, not turned into an immediate kill. */
function startTimeoutMs(options: StartOptions): number {
  if (options.timeoutMs !== undefined) {
    if (!usableTimer(options.timeoutMs))
      throw new Error(`the gateway's start timeout must be a positive number of ms (at most 2^31 - 1), not ${String(options.timeoutMs)}`);
    return options.timeoutMs;
  }
  const text = process.env.GATEWAY_START_TIMEOUT_S?.trim() ?? '';
  if (text === '') return DEFAULT_START_TIMEOUT_S * 1000;
  const ms = Number(text) * 1000;
  if (!usableTimer(ms)) throw new Error(`GATEWAY_START_TIMEOUT_S must be a positive number of seconds (at most 2147483), not '${text}'`);
  return ms;
}

/** Starts the gateway on `dataDir` (created on first start) and resolves once it listens. */
export function startGatewayProcess(dataDir: string, options: StartOptions = {}): Promise<GatewayProcess> {
  let timeoutMs: number;
  try {
    timeoutMs = startTimeoutMs(options);
  } catch (err) {
    return Promise.reject(err as Error);
  }
  const started = performance.now();
  const child = spawn(process.execPath, [...process.execArgv, options.script ?? join(REPO_ROOT, 'build', 'scripts', 'start.js')], {
    env: { ...process.env, DAL_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', LEDGER_BACKEND: 'embedded' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let listening = false;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (listening) return;
      out += chunk.toString('utf8');
      // output still in the pipe when the timer killed the process is not a start
      if (timedOut) return;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) {
        listening = true;
        clearTimeout(timer);
        resolve(processOf(child, m[1], performance.now() - started));
      }
    });
    // the process could not be started (or signalled): no 'exit' may follow
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`the gateway process failed: ${err.message}; its output:\n${out}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (timedOut) reject(new Error(`the gateway did not listen within ${timeoutMs} ms and was killed; its output:\n${out}`));
      else reject(new Error(`the gateway exited with ${code} before listening:\n${out}`));
    });
  });
}

function processOf(child: ChildProcess, url: string, startupMs: number): GatewayProcess {
  return {
    url,
    pid: child.pid!,
    startupMs,
    rss: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid!}/status`, 'utf8'))?.[1] ?? NaN) * 1024,
    cpuMs: () => {
      // fields 14 and 15 of /proc/<pid>/stat (after the parenthesised command): user and system time in clock ticks (100 Hz)
      const fields = readFileSync(`/proc/${child.pid!}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The running gateway as `fn` sees it; `offline` stops it, runs `work` on its data directory, and starts it again there. */
export interface EmbeddedGateway {
  readonly url: string;
  readonly credentials: Credentials;
  readonly pid: number;
  readonly dataDir: string;
  offline(work: (dataDir: string) => Promise<void>): Promise<EmbeddedGateway>;
}

/** Runs `fn` against a fresh embedded gateway in a child process (data directory named `dal-<name>-…`), always stopping it. */
export async function withEmbeddedGateway<T>(
  name: string,
  fn: (url: string, credentials: Credentials, pid: number, gateway: EmbeddedGateway) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), `dal-${name}-`));
  let gateway: GatewayProcess | undefined;
  // a script that exits early (its time limit, a signal it handles by exiting) must not leave the gateway running
  const stopOnExit = (): void => {
    try {
      if (gateway) process.kill(gateway.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.once('exit', stopOnExit);
  try {
    gateway = await startGatewayProcess(dir);
    const credentials = JSON.parse(await readFile(join(dir, 'demo-credentials.json'), 'utf8')) as Credentials;
    const gatewayAt = (running: GatewayProcess): EmbeddedGateway => ({
      url: running.url,
      credentials,
      pid: running.pid,
      dataDir: dir,
      async offline(work) {
        await running.stop();
        await work(dir);
        gateway = await startGatewayProcess(dir);
        return gatewayAt(gateway);
      },
    });
    return await fn(gateway.url, credentials, gateway.pid, gatewayAt(gateway));
  } finally {
    process.removeListener('exit', stopOnExit);
    await gateway?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
