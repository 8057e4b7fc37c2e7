import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KV_CHAINCODE, REPO_ROOT } from '../support/test-network';
import { openLedgerDb, KEY, decodeVersionedValue, decodeTxLocation } from '../../network/src/embedded/ledger-db';
import { verifyLedger } from '../../network/src/ledger-integrity';

const CHILD = join(REPO_ROOT, 'build', 'test', 'fixtures', 'crash-child.js');
const ROUNDS = 10;

interface Ack {
  readonly key: string;
  readonly value: string;
  readonly txId: string;
}

/** Runs the committing child until READY, lets it work for `ms`, kills it with SIGKILL, returns its ACKs. */
function runAndKill(dataDir: string, round: number, ms: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir, KV_CHAINCODE, String(round)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acks: Ack[] = [];
    let buffer = '';
    let stderr = '';
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line === 'READY') setTimeout(() => child.kill('SIGKILL'), ms);
        const m = /^ACK (\S+) (\S+) ([0-9a-f]{64})$/.exec(line);
        if (m) acks.push({ key: m[1]!, value: m[2]!, txId: m[3]! });
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (signal !== 'SIGKILL') reject(new Error(`child ended with ${code ?? signal} before the kill: ${stderr}`));
      else resolve(acks);
    });
  });
}

describe('embedded network: crash recovery', function () {
  this.timeout(240_000);
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dal-crash-'));
  });
  after(async () => rm(dataDir, { recursive: true, force: true }));

  it(`keeps every acknowledged transaction and a verifiable chain across ${ROUNDS} SIGKILLs at random moments`, async function () {
    const acknowledged: Ack[] = [];
    let lastHeight = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const acks = await runAndKill(dataDir, round, 50 + Math.floor(Math.random() * 1200));
      acknowledged.push(...acks);
      const db = await openLedgerDb(join(dataDir, 'ledger'));
      try {
        const report = await verifyLedger(db);
        expect(report, `round ${round}: ${report.problem ?? ''}`).to.include({ ok: true });
        expect(report.height).to.be.at.least(lastHeight);
        lastHeight = report.height;
        for (const ack of acknowledged) {
          const raw = await db.get(KEY.state('dal', ack.key));
          expect(raw, `acknowledged ${ack.key} is missing after round ${round}`).to.not.equal(undefined);
          const vv = decodeVersionedValue(raw!);
          expect(vv.value.toString()).to.equal(ack.value);
          expect(vv.version.blockNum).to.be.lessThan(report.height);
          const loc = await db.get(KEY.tx(ack.txId));
          expect(loc && decodeTxLocation(loc).validationCode, `tx ${ack.txId}`).to.equal(0);
        }
      } finally {
        await db.close();
      }
    }
    expect(acknowledged.length, 'the child acknowledged no transaction at all').to.be.greaterThan(ROUNDS);
  });
});
