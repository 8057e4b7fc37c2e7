/**
 * Disk faults: the data directory full or read-only, at start and in the middle of a run.
 * Writes answer 503 `storage_unavailable` (problem+json, Retry-After) and write nothing;
 * reads keep working; `ledger:verify` passes afterwards; writes resume by themselves once
 * space returns. A disk that fills up *during* a block's commit stops the ledger's writes
 * until a restart (LevelDB keeps refusing after a failed write), answers 503 saying the
 * outcome is in doubt, keeps reads, and loses nothing acknowledged.
 *
 * Real faults where the kernel gives them on demand: a size-limited tmpfs the test mounts
 * (we run as root) for a full disk and for a read-only one at start. A filesystem cannot be
 * remounted read-only while LevelDB holds files open for writing (EBUSY), so read-only in the
 * middle of a run — and everything else when this machine cannot mount — is staged through
 * the storage guard's injected probe (an in-process gateway), the one place the gateway looks.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, statfs, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createStorageGuard } from '../../gateway/src/storage/storage-guard';
import { DAL_CHAINCODE, REPO_ROOT } from '../support/test-network';
import { applicationBody } from '../support/demo-parties';
import { apiClient, expectProblem } from '../gateway/support/api-client';
import { startGateway as startInProcess } from '../gateway/support/start-gateway';
import { demoKeys, startGateway, stopGateway, type GatewayProcess } from './support/gateway-process';

const run = promisify(execFile);
const VERIFY = join(REPO_ROOT, 'build', 'scripts', 'ledger-verify.js');
const START = join(REPO_ROOT, 'build', 'scripts', 'start.js');
const MB = 1024 * 1024;
const outcomes: string[] = [];

async function ledgerVerify(dataDir: string): Promise<string> {
  const { stdout } = await run(process.execPath, [VERIFY, '--data-dir', dataDir]);
  return stdout;
}

/** Mounts a tmpfs of `sizeMb` at a new directory; undefined (with the reason) when this machine cannot. */
async function mountTmpfs(sizeMb: number): Promise<{ dir: string } | { reason: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'dal-disk-'));
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0700`, 'tmpfs', dir]);
    return { dir };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    return { reason: (err as Error).message.split('\n')[0]! };
  }
}

async function unmount(dir: string): Promise<void> {
  await run('umount', [dir]).catch(() => run('umount', ['-l', dir]));
  await rm(dir, { recursive: true, force: true });
}

const allocate = (path: string, bytes: number): Promise<boolean> =>
  run('fallocate', ['-l', String(bytes), path]).then(
    () => true,
    () => false,
  );

/** Fills the filesystem of `dir` until about `leaveBytes` are free (0: completely). */
async function fill(dir: string, leaveBytes: number): Promise<string> {
  const file = join(dir, `filler-${Date.now()}`);
  const fs = await statfs(dir);
  const free = fs.bavail * fs.bsize;
  // the filesystem's rounding, and a gateway writing meanwhile, can make "all that is free" too much
  // (CI met ENOSPC here once): ask for a little less until it is granted
  let size = Math.max(free - leaveBytes, fs.bsize);
  for (let attempt = 0; !(await allocate(file, size)); attempt++) {
    if (attempt >= 8) throw new Error(`could not fill ${dir}: fallocate refused ${String(size)} bytes`);
    size = Math.max(size - 256 * 1024, fs.bsize);
  }
  if (leaveBytes === 0) {
    // whatever is left: 64 KiB at a time, then page by page, until the filesystem refuses
    let i = 0;
    for (const chunk of [64 * 1024, fs.bsize]) while (i < 4096 && (await allocate(join(dir, `filler-rest-${String(i++)}`), chunk)));
  }
  return file;
}

async function freeSpace(dir: string): Promise<void> {
  const { stdout } = await run('sh', ['-c', `ls ${dir} | grep '^filler-' || true`]);
  for (const name of stdout.split('\n').filter((n) => n !== '')) await unlink(join(dir, name));
}

function client(gateway: GatewayProcess, keys: Record<string, string>) {
  return async (
    method: string,
    path: string,
    as: string,
    body?: unknown,
    idempotencyKey?: string,
  ): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> => {
    const res = await fetch(`${gateway.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${keys[as]!}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  };
}

function expectStorageProblem(res: { status: number; headers: Headers; body: Record<string, unknown> }, detail: RegExp): void {
  expect(res.status, JSON.stringify(res.body)).to.equal(503);
  expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
  expect(res.headers.get('retry-after')).to.equal('30');
  expect(res.body).to.include({ code: 'storage_unavailable', status: 503, title: 'Storage unavailable' });
  expect(res.body.detail).to.match(detail);
}

describe('reliability: disk faults', function () {
  this.timeout(300_000);
  after(() => {
    for (const line of outcomes) console.log(`      disk faults: ${line}`);
  });

  it('answers writes 503 while the data directory is read-only or below its reserve (injected), keeps reads, and takes writes again without a restart', async function () {
    let state = { freeBytes: 10 * 1024 * MB, readOnly: false };
    const gw = await startInProcess({
      chaincode: DAL_CHAINCODE,
      storage: createStorageGuard({ dir: tmpdir(), minFreeBytes: 64 * MB, probe: () => Promise.resolve(state) }),
    });
    try {
      const api = apiClient(gw);
      const applied = await api.ok('enterprise-a', 'POST', '/certificates', applicationBody());
      for (const fault of [
        { name: 'read-only', set: { freeBytes: 10 * 1024 * MB, readOnly: true }, detail: /read-only filesystem, so nothing was written/ },
        { name: 'full', set: { freeBytes: 12 * MB, readOnly: false }, detail: /has 12\.0 MB free, below the 64 MB .*DAL_MIN_FREE_MB.*nothing was written/ },
      ]) {
        state = fault.set;
        const height = await gw.net.ledger.height();
        const refused = await api.call('enterprise-a', 'POST', '/certificates', applicationBody(), { 'idempotency-key': `disk-${fault.name}` });
        expect(expectProblem(refused, 503, 'storage_unavailable')).to.match(fault.detail);
        expect(refused.headers.get('retry-after')).to.equal('30');
        expect(await gw.net.ledger.height(), 'a refused write reached the ledger').to.equal(height);
        const read = await api.ok('enterprise-a', 'GET', `/certificates/${String(applied.applicationId)}`);
        expect(read).to.include({ status: 'applied' });
        state = { freeBytes: 10 * 1024 * MB, readOnly: false };
        // the same key again once the disk is back: the refusal was not recorded as the answer
        const resumed = await api.call('enterprise-a', 'POST', '/certificates', applicationBody(), { 'idempotency-key': `disk-${fault.name}` });
        expect(resumed.status, JSON.stringify(resumed.body)).to.equal(201);
        outcomes.push(`${fault.name} mid-run (injected probe): writes 503 storage_unavailable, reads 200, writes 201 again without restart`);
      }
    } finally {
      await gw.close();
    }
  });

  describe('on a size-limited tmpfs the test mounts', function () {
    let mount: { dir: string } | undefined;
    before(async function () {
      const mounted = await mountTmpfs(192);
      if ('reason' in mounted) {
        // the injected-probe test above covers the behaviour; say why the kernel-level cases did not run
        console.log(`      cannot mount a tmpfs here (${mounted.reason}): the full and read-only disk cases ran through the injected probe only`);
        this.skip();
      }
      mount = mounted as { dir: string };
    });
    after(async () => {
      if (mount) await unmount(mount.dir);
    });

    it('refuses writes with 503 and serves reads when the disk fills below the reserve, at start and mid-run, and resumes writes without a restart once space returns', async function () {
      const dataDir = join(mount!.dir, 'data');
      const env = { DAL_MIN_FREE_MB: '32' };
      let gateway = await startGateway(dataDir, env);
      try {
        const keys = await demoKeys(dataDir);
        let call = client(gateway, keys);
        const applied = await call('POST', '/certificates', 'enterprise-a', applicationBody(), 'disk-0');
        expect(applied.status, JSON.stringify(applied.body)).to.equal(201);
        const id = String(applied.body.applicationId);

        // mid-run: below the reserve, then completely full
        for (const leave of [8 * MB, 0]) {
          await fill(mount!.dir, leave);
          expectStorageProblem(await call('POST', '/certificates', 'enterprise-a', applicationBody()), /MB free, below the 32 MB it keeps in reserve/);
          expect((await call('GET', `/certificates/${id}`, 'enterprise-a')).status).to.equal(200);
        }
        outcomes.push('full mid-run (tmpfs, below reserve and 100%): writes 503 storage_unavailable, reads 200');
        await freeSpace(mount!.dir);
        const resumed = await call('POST', '/certificates', 'enterprise-a', applicationBody(), 'disk-1');
        expect(resumed.status, JSON.stringify(resumed.body)).to.equal(201);
        outcomes.push('space returned mid-run (tmpfs): writes 201 again without restart');

        // at start: the gateway opens below the reserve, refuses writes, serves reads, and takes writes once space returns
        await stopGateway(gateway);
        await fill(mount!.dir, 8 * MB);
        gateway = await startGateway(dataDir, env);
        call = client(gateway, keys);
        expectStorageProblem(await call('POST', '/certificates', 'enterprise-a', applicationBody()), /below the 32 MB/);
        expect((await call('GET', `/certificates/${id}`, 'enterprise-a')).status).to.equal(200);
        await freeSpace(mount!.dir);
        expect((await call('POST', '/certificates', 'enterprise-a', applicationBody(), 'disk-2')).status).to.equal(201);
        outcomes.push('full at start (tmpfs, below reserve): starts, writes 503, reads 200, writes 201 once space returns, no restart');
      } finally {
        await stopGateway(gateway);
      }
      expect(await ledgerVerify(dataDir)).to.match(/^OK: ledger intact/);
    });

    it('says in one line that a read-only data directory keeps the gateway from starting', async function () {
      const dataDir = join(mount!.dir, 'data');
      await run('mount', ['-o', 'remount,ro', mount!.dir]);
      try {
        const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number }>((resolve) => {
          execFile(
            process.execPath,
            [START],
            { cwd: REPO_ROOT, env: { ...process.env, DAL_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' } },
            (err, out, errOut) => resolve({ stdout: out, stderr: errOut, code: err ? ((err as { code?: number }).code ?? 1) : 0 }),
          );
        });
        expect(code, `${stdout}${stderr}`).to.equal(1);
        expect(stderr.trim()).to.match(/^cannot start: the data directory \(DAL_DATA_DIR\) is on a read-only filesystem/);
        outcomes.push('read-only at start (tmpfs remounted ro): refuses to start with one line naming it');
      } finally {
        await run('mount', ['-o', 'remount,rw', mount!.dir]);
      }
      expect(await ledgerVerify(dataDir)).to.match(/^OK: ledger intact/);
    });

    it('stops taking writes, answering 503 with the outcome in doubt, when the disk fills up during a write (its commit or its idempotency record); keeps reads; loses nothing after a restart', async function () {
      const dataDir = join(mount!.dir, 'data');
      let gateway = await startGateway(dataDir, { DAL_MIN_FREE_MB: '0' }); // no reserve: the commit itself meets the full disk
      const keys = await demoKeys(dataDir);
      let call = client(gateway, keys);
      const acknowledged: string[] = [];
      let refusedKey: string | undefined;
      let refusedBody: Record<string, unknown> | undefined;
      try {
        const before = await call('POST', '/certificates', 'enterprise-a', applicationBody(), 'fill-0');
        expect(before.status).to.equal(201);
        acknowledged.push(String(before.body.txId));
        await fill(mount!.dir, 0);
        for (let i = 1; i <= 20 && refusedKey === undefined; i++) {
          const body = applicationBody();
          const res = await call('POST', '/certificates', 'enterprise-a', body, `fill-${i}`);
          if (res.status === 201) acknowledged.push(String(res.body.txId));
          else {
            expectStorageProblem(
              res,
              /disk refused a write during this request .*no space left on device.*restart the gateway and retry with the same Idempotency-Key/,
            );
            refusedKey = `fill-${i}`;
            refusedBody = body;
          }
        }
        expect(refusedKey, 'twenty writes on a full disk were all acknowledged').to.not.equal(undefined);
        expect((await call('GET', `/certificates/${String(before.body.applicationId)}`, 'enterprise-a')).status).to.equal(200);
        await freeSpace(mount!.dir);
      } finally {
        await stopGateway(gateway);
      }
      expect(await ledgerVerify(dataDir)).to.match(/^OK: ledger intact/);
      gateway = await startGateway(dataDir, { DAL_MIN_FREE_MB: '0' });
      try {
        call = client(gateway, keys);
        const retried = await call('POST', '/certificates', 'enterprise-a', refusedBody, refusedKey);
        expect(retried.status, JSON.stringify(retried.body)).to.equal(201);
        for (const txId of acknowledged) expect((await call('GET', `/transactions/${txId}`, 'auditor')).status, `acknowledged ${txId}`).to.equal(200);
      } finally {
        await stopGateway(gateway);
      }
      expect(await ledgerVerify(dataDir)).to.match(/^OK: ledger intact/);
      outcomes.push(
        `full during a write (tmpfs, no reserve): ${acknowledged.length} acknowledged before, then 503 in doubt, reads 200; after restart the retry commits, 0 lost, ledger:verify OK`,
      );
    });
  });
});
