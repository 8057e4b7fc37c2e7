/**
 * A fresh gateway on the embedded ledger for a benchmark: started as `npm start` would (the
 * built scripts/start.js) in a child process on a temporary data directory and a free port,
 * handed to `fn` with its demo API keys, and always stopped and removed afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '..', '..', '..');

/** demo-credentials.json: API keys by demo identity name. */
export type Credentials = Record<string, { apiKey: string; entity?: string }>;

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

/** The child process serving the gateway, for a script that watches it (its RSS, its data directory). */
export interface GatewayProcess {
  readonly pid: number;
  readonly dataDir: string;
}

/** Runs `fn` against a fresh embedded gateway in a child process (data directory named `dal-<name>-…`), always stopping it. */
export async function withEmbeddedGateway<T>(name: string, fn: (url: string, credentials: Credentials, gateway: GatewayProcess) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), `dal-${name}-`));
  let child: ChildProcess | undefined;
  // a script that exits early (its time limit, a signal it handles by exiting) must not leave the gateway running
  const stopOnExit = (): void => void child?.kill('SIGTERM');
  process.once('exit', stopOnExit);
  try {
    const started = await startGateway(dir);
    child = started.child;
    const credentials = JSON.parse(await readFile(join(dir, 'demo-credentials.json'), 'utf8')) as Credentials;
    return await fn(started.url, credentials, { pid: child.pid ?? 0, dataDir: dir });
  } finally {
    process.removeListener('exit', stopOnExit);
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  }
}
