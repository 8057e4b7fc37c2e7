/**
 * The real gateway (`npm start`'s compiled script) as a child process for the reliability
 * suite: started on a data directory, waited for until it listens, killed or stopped, with
 * its output kept for failure messages.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/test-network';

const START = join(REPO_ROOT, 'build', 'scripts', 'start.js');

export interface GatewayProcess {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
  /** Resolves with the exit signal (or code) once the process is gone. */
  readonly exited: Promise<string>;
}

/** Starts the gateway on `dataDir` with `env` added; resolves once it listens (or rejects with its output). */
export async function startGateway(dataDir: string, env: Readonly<Record<string, string>> = {}, timeoutMs = 120_000): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [START], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', DAL_DATA_DIR: dataDir, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => String(signal ?? code));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
    if (match) return { child, url: `${match[1]!}/api/v1`, output: () => output, exited };
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the gateway ended before listening (${child.signalCode ?? child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the gateway did not listen within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The demo API keys the first start wrote, by demo identity name. */
export async function demoKeys(dataDir: string): Promise<Record<string, string>> {
  const file = JSON.parse(await readFile(join(dataDir, 'demo-credentials.json'), 'utf8')) as Record<string, { apiKey: string }>;
  return Object.fromEntries(Object.entries(file).map(([name, c]) => [name, c.apiKey]));
}

/** SIGKILLs the gateway (if it is still running) and waits until it is gone. */
export async function killGateway(gateway: GatewayProcess): Promise<string> {
  if (gateway.child.exitCode === null && gateway.child.signalCode === null) gateway.child.kill('SIGKILL');
  return gateway.exited;
}

/** SIGTERMs the gateway and waits for it to exit. */
export async function stopGateway(gateway: GatewayProcess): Promise<string> {
  if (gateway.child.exitCode === null && gateway.child.signalCode === null) gateway.child.kill('SIGTERM');
  return gateway.exited;
}
