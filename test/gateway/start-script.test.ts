import { expect } from 'chai';
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/test-network';
import { applicationBody } from '../support/demo-parties';

const START = join(REPO_ROOT, 'build', 'scripts', 'start.js');
const SERVE = join(REPO_ROOT, 'scripts', 'serve.sh');

/** Runs `npm start`'s compiled script (or `command`) with `env` added; collects its output. */
function start(env: Record<string, string>, command: readonly string[] = [process.execPath, START]): { child: ChildProcessWithoutNullStreams; output: () => string } {
  const child = spawn(command[0]!, command.slice(1), { cwd: REPO_ROOT, env: { ...process.env, LOG_LEVEL: 'info', ...env } });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output };
}

/**
 * POSTs `body` with `Expect: 100-continue` and calls `whileInFlight` once the gateway has taken
 * the request in (it answered 100 Continue) and the body is sent; resolves with the answer.
 */
function postInFlight(url: string, apiKey: string, body: unknown, whileInFlight: () => void): Promise<{ status: number; body: Record<string, unknown> }> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), expect: '100-continue' },
    });
    req.on('continue', () => {
      req.end(text, whileInFlight);
    });
    req.on('response', (res) => {
      let answer = '';
      res.on('data', (d: Buffer) => (answer += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(answer) as Record<string, unknown> }));
    });
    req.on('error', reject);
  });
}

async function waitFor(output: () => string, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(output());
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output so far:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('npm start (scripts/start.ts)', function () {
  this.timeout(120_000);
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dal-start-'));
  });
  afterEach(async () => rm(dataDir, { recursive: true, force: true }));

  it('serves the gateway with a banner naming the URL, backend, height and credentials file, and stops cleanly on SIGTERM', async function () {
    const { child, output } = start({ DAL_DATA_DIR: dataDir, PORT: '0' });
    try {
      const [, url] = await waitFor(output, /listening on (http:\/\/127\.0\.0\.1:\d+)/, 90_000);
      await waitFor(output, /try: +curl .*\/api\/v1\/me/, 5_000);
      expect(output()).to.match(/ledger backend: embedded, height \d+/);
      expect(output()).to.include(join(dataDir, 'demo-credentials.json'));
      expect((await stat(join(dataDir, 'demo-credentials.json'))).mode & 0o777).to.equal(0o600);
      const health = await fetch(`${url}/api/v1/health`);
      expect(await health.json()).to.include({ status: 'ok', backend: 'embedded' });
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).to.equal(0);
      expect(output()).to.include('SIGTERM: shutting down').and.include('stopped');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses to start with a one-line message naming a malformed variable', async function () {
    const { child, output } = start({ DAL_DATA_DIR: dataDir, BODY_LIMIT: 'huge' });
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).to.equal(1);
    expect(output().trim()).to.match(/^configuration error: BODY_LIMIT must be/);
  });

  it('says in one line that the port is taken, and that the ledger is open in another gateway', async function () {
    const blocker = createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    try {
      const port = String((blocker.address() as AddressInfo).port);
      const taken = start({ DAL_DATA_DIR: dataDir, PORT: port });
      const [code] = (await once(taken.child, 'exit')) as [number | null];
      expect(code).to.equal(1);
      expect(taken.output()).to.match(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use`));

      const first = start({ DAL_DATA_DIR: dataDir, PORT: '0' });
      try {
        await waitFor(first.output, /listening on/, 90_000);
        const second = start({ DAL_DATA_DIR: dataDir, PORT: '0' });
        const [code2] = (await once(second.child, 'exit')) as [number | null];
        expect(code2).to.equal(1);
        expect(second.output().trim()).to.match(/open in another running gateway/);
      } finally {
        first.child.kill('SIGTERM');
        await once(first.child, 'exit');
      }
    } finally {
      blocker.close();
    }
  });

  it('runs as a service through scripts/serve.sh: SIGTERM to that process lets a write in flight commit, then exits 0', async function () {
    // The service manager signals the process it started: the shell script, which must have become node.
    const { child, output } = start({ DAL_DATA_DIR: dataDir, PORT: '0', NODE: process.execPath }, ['/bin/sh', SERVE]);
    try {
      const [, url] = await waitFor(output, /listening on (http:\/\/127\.0\.0\.1:\d+)/, 90_000);
      const credentials = JSON.parse(await readFile(join(dataDir, 'demo-credentials.json'), 'utf8')) as Record<string, { apiKey: string }>;
      const answer = await postInFlight(`${url}/api/v1/certificates`, credentials['enterprise-a']!.apiKey, applicationBody(), () => child.kill('SIGTERM'));
      expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
      expect(answer.body).to.include({ status: 'applied' });
      const blockNumber = answer.body.blockNumber as number;
      expect(blockNumber).to.be.a('number');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code, output()).to.equal(0);
      expect(output()).to.include('SIGTERM: shutting down').and.include('stopped');
      // The write the gateway answered is in the ledger it closed, and the ledger is intact.
      const verified = await new Promise<string>((resolve, reject) => {
        execFile(process.execPath, [join(REPO_ROOT, 'build', 'scripts', 'ledger-verify.js'), '--data-dir', dataDir], (err, stdout) => (err ? reject(err) : resolve(stdout)));
      });
      const blocks = Number(/ledger intact\. (\d+) block/.exec(verified)?.[1]);
      expect(blocks).to.be.greaterThan(blockNumber);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
