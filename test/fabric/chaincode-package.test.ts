/**
 * The package scripts/package-chaincode builds is what a peer needs: a Node module with
 * `main`, compiled code, contract metadata and a lockfile, installable with `npm ci --omit=dev`
 * in an empty folder, and startable as a chaincode server (how CCaaS runs it).
 */
import { expect } from 'chai';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConsortium } from '../../network/src/consortium';
import { fabricTopology } from '../../network/src/fabric/topology';

const REPO = join(__dirname, '..', '..', '..');
const consortium = loadConsortium();
const label = `${consortium.chaincode.name}_${consortium.chaincode.version}`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts the chaincode server and resolves with the line announcing its bound port; always kills it. */
function startChaincodeServer(moduleDir: string, port: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(moduleDir, 'node_modules', '.bin', 'fabric-chaincode-node'),
      ['server', '--chaincode-address', `127.0.0.1:${port}`, '--chaincode-id', 'x'],
      { cwd: moduleDir, env: { ...process.env, CORE_CHAINCODE_LOGGING_LEVEL: 'debug' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const finish = (err: Error | undefined, line?: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      if (err) reject(err);
      else resolve(line ?? '');
    };
    const timer = setTimeout(() => finish(new Error(`chaincode server did not bind within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.includes('successfully bound to'));
      if (line) finish(undefined, line);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => finish(new Error(`chaincode server exited with ${code}:\n${output}`)));
  });
}

describe('chaincode packages for real peers (scripts/package-chaincode)', function () {
  this.timeout(120_000);
  let out: string;
  let unpacked: string;

  before(() => {
    if (!existsSync(join(REPO, 'chaincode', 'dist', 'index.js'))) {
      execFileSync('npx', ['tsc', '-p', 'chaincode/tsconfig.json'], { cwd: REPO, stdio: 'inherit' });
    }
    out = mkdtempSync(join(tmpdir(), 'dal-package-test-'));
    unpacked = join(out, 'unpacked');
    execFileSync('node', [join(REPO, 'build', 'scripts', 'package-chaincode.js'), '--out', out], { cwd: REPO, stdio: 'pipe' });
    execFileSync('mkdir', ['-p', join(unpacked, 'code')]);
    execFileSync('tar', ['-xzf', join(out, `${label}.tar.gz`), '-C', unpacked]);
    execFileSync('tar', ['-xzf', join(unpacked, 'code.tar.gz'), '-C', join(unpacked, 'code')]);
  });

  after(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('lays the Node package out as peer lifecycle chaincode package does: metadata.json + code.tar.gz with src/', () => {
    expect(readdirSync(unpacked).sort()).to.deep.equal(['code', 'code.tar.gz', 'metadata.json']);
    expect(JSON.parse(readFileSync(join(unpacked, 'metadata.json'), 'utf8'))).to.deep.equal({ path: 'chaincode', type: 'node', label });
    expect(readdirSync(join(unpacked, 'code'))).to.deep.equal(['src']);
  });

  it('contains package.json with an existing main, the compiled code, contract metadata and a lockfile', () => {
    const src = join(unpacked, 'code', 'src');
    const pkg = JSON.parse(readFileSync(join(src, 'package.json'), 'utf8'));
    expect(existsSync(join(src, pkg.main))).to.equal(true);
    expect(pkg).to.not.have.property('devDependencies');
    expect(pkg.scripts.start).to.equal('fabric-chaincode-node start');
    expect(pkg.dependencies).to.have.property('fabric-contract-api');
    const lock = JSON.parse(readFileSync(join(src, 'package-lock.json'), 'utf8'));
    expect(lock.packages['node_modules/fabric-shim']).to.have.property('version');
    expect(lock.packages['node_modules/class-transformer'].version).to.equal('0.4.0');
    const metadata = JSON.parse(readFileSync(join(src, 'contract-metadata', 'metadata.json'), 'utf8'));
    expect(Object.keys(metadata.contracts)).to.include('org.hyperledger.fabric');
    expect(Object.keys(metadata.contracts).length).to.be.greaterThan(1);
  });

  it('installs with npm ci --omit=dev in an empty folder and starts as a chaincode server', async () => {
    const src = join(unpacked, 'code', 'src');
    execFileSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: src, stdio: 'pipe', timeout: 90_000 });
    const port = await freePort();
    const line = await startChaincodeServer(src, port, 20_000);
    expect(line).to.include(`successfully bound to ${port}`);
  });

  it('builds one CCaaS package per organisation whose connection.json names that organisation\'s server', () => {
    for (const p of fabricTopology(consortium).peerOrgs) {
      const dir = join(out, 'ccaas-unpacked', p.key);
      execFileSync('mkdir', ['-p', dir]);
      execFileSync('tar', ['-xzf', join(out, 'ccaas', `${label}-${p.key}.tar.gz`), '-C', dir]);
      expect(JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8'))).to.deep.equal({ type: 'ccaas', label });
      const connection = JSON.parse(execFileSync('tar', ['-xzOf', join(dir, 'code.tar.gz'), 'connection.json'], { encoding: 'utf8' }));
      expect(connection.address).to.equal(`${p.ccaasHost}:${p.ccaasPort}`);
      expect(connection.tls_required).to.equal(true);
    }
  });

  it('gives the same package ids when the same chaincode is packaged again (peer lifecycle chaincode package users expect it)', () => {
    const again = mkdtempSync(join(tmpdir(), 'dal-package-again-'));
    try {
      execFileSync('node', [join(REPO, 'build', 'scripts', 'package-chaincode.js'), '--out', again], { cwd: REPO, stdio: 'pipe' });
      const files = [`${label}.tar.gz`, ...fabricTopology(consortium).peerOrgs.map((p) => join('ccaas', `${label}-${p.key}.tar.gz`))];
      for (const file of files) expect(readFileSync(join(again, file)).equals(readFileSync(join(out, file))), file).to.equal(true);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });

  it('points the CCaaS packages at the native network\'s chaincode servers with --native (localhost, a port per organisation)', () => {
    const native = mkdtempSync(join(tmpdir(), 'dal-package-native-'));
    try {
      execFileSync('node', [join(REPO, 'build', 'scripts', 'package-chaincode.js'), '--out', native, '--native'], { cwd: REPO, stdio: 'pipe' });
      const ports = new Set<number>();
      for (const p of fabricTopology(consortium).peerOrgs) {
        const inner = execFileSync('tar', ['-xzOf', join(native, 'ccaas', `${label}-${p.key}.tar.gz`), 'code.tar.gz']);
        const connection = JSON.parse(execFileSync('tar', ['-xzO', 'connection.json'], { input: inner, encoding: 'utf8' }));
        expect(connection.address).to.equal(`localhost:${p.ports.chaincodeServer}`);
        ports.add(p.ports.chaincodeServer);
      }
      expect(ports.size).to.equal(fabricTopology(consortium).peerOrgs.length);
    } finally {
      rmSync(native, { recursive: true, force: true });
    }
  });
});
