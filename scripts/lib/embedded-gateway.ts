/**
 * A fresh gateway on the embedded ledger for a benchmark: started as `npm start` would (the
 * built scripts/start.js) in a child process on a temporary data directory and a free port,
 * handed to `fn` with its demo API keys and process id (for its CPU time), and always stopped and removed afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** demo-credentials.json: API keys by demo identity name. */
export type Credentials = Record<string, { apiKey: string; entity?: string }>;

function startGateway(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  // the bench's own node options go to the gateway too: `node --cpu-prof build/scripts/bench-….js` profiles both
  const child = spawn(process.execPath, [...process.execArgv, join(__dirname, '..', 'start.js')], {
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

/** The running gateway as `fn` sees it; `offline` stops it, runs `work` on its data directory, and starts it again there. */
export interface EmbeddedGateway {
  readonly url: string;
  readonly credentials: Credentials;
  readonly pid: number | undefined;
  readonly dataDir: string;
  offline(work: (dataDir: string) => Promise<void>): Promise<EmbeddedGateway>;
}

async function stopGateway(child: ChildProcess | undefined): Promise<void> {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

/** Runs `fn` against a fresh embedded gateway in a child process (data directory named `dal-<name>-…`), always stopping it. */
export async function withEmbeddedGateway<T>(
  name: string,
  fn: (url: string, credentials: Credentials, pid: number | undefined, gateway: EmbeddedGateway) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), `dal-${name}-`));
  let child: ChildProcess | undefined;
  try {
    const started = await startGateway(dir);
    child = started.child;
    const credentials = JSON.parse(await readFile(join(dir, 'demo-credentials.json'), 'utf8')) as Credentials;
    const gatewayAt = (url: string, pid: number | undefined): EmbeddedGateway => ({
      url,
      credentials,
      pid,
      dataDir: dir,
      async offline(work) {
        await stopGateway(child);
        await work(dir);
        const again = await startGateway(dir);
        child = again.child;
        return gatewayAt(again.url, child.pid);
      },
    });
    return await fn(started.url, credentials, child.pid, gatewayAt(started.url, child.pid));
  } finally {
    await stopGateway(child);
    await rm(dir, { recursive: true, force: true });
  }
}
