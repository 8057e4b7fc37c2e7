import { expect } from 'chai';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestNetwork, KV_CHAINCODE } from '../support/test-network';
import { verifyLedger } from '../../network/src/ledger-integrity';
import { openLedgerDb } from '../../network/src/embedded/ledger-db';

describe('embedded network: persistence', function () {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dal-reopen-'));
  });
  afterEach(async () => rm(dataDir, { recursive: true, force: true }));

  it('keeps state, history and the chain across a close and reopen, and continues the chain', async function () {
    const first = await startTestNetwork({ chaincode: KV_CHAINCODE, dataDir });
    const put = await first.submit('enterprise-a', 'KV:Put', 'durable', 'v1');
    const heightBefore = await first.ledger.height();
    await first.close();

    const second = await startTestNetwork({ chaincode: KV_CHAINCODE, dataDir });
    try {
      expect(await second.ledger.height()).to.equal(heightBefore);
      expect(await second.evaluate('enterprise-a', 'KV:Get', 'durable')).to.deep.equal({ exists: true, value: 'v1' });
      const next = await second.submit('enterprise-a', 'KV:Put', 'durable', 'v2');
      expect(next.blockNumber).to.equal(heightBefore);
      const history = (await second.evaluate('auditor', 'KV:History', 'durable')) as { txId: string }[];
      expect(history.map((h) => h.txId)).to.deep.equal([next.txId, put.txId]);
    } finally {
      await second.close();
    }
    const db = await openLedgerDb(join(dataDir, 'ledger'));
    try {
      expect(await verifyLedger(db)).to.include({ ok: true, height: heightBefore + 1 });
    } finally {
      await db.close();
    }
  });

  it('keeps private keys readable only by their owner', async function () {
    const net = await startTestNetwork({ chaincode: KV_CHAINCODE, dataDir });
    await net.close();
    const ca = await stat(join(dataDir, 'crypto', 'TaizhouRegistryMSP', 'ca.json'));
    const user = await stat(join(dataDir, 'crypto', 'TaizhouRegistryMSP', 'identities', 'enterprise-a.json'));
    const folder = await stat(join(dataDir, 'crypto'));
    expect(ca.mode & 0o777).to.equal(0o600);
    expect(user.mode & 0o777).to.equal(0o600);
    expect(folder.mode & 0o077).to.equal(0);
  });

  it('reports a tampered block as the first bad block', async function () {
    const net = await startTestNetwork({ chaincode: KV_CHAINCODE, dataDir });
    const r = await net.submit('enterprise-a', 'KV:Put', 'tamper', 'original');
    await net.submit('enterprise-a', 'KV:Put', 'after', 'x');
    await net.close();
    const db = await openLedgerDb(join(dataDir, 'ledger'));
    try {
      const key = `blk/${r.blockNumber.toString(16).padStart(16, '0')}`;
      const raw = (await db.get(key))!;
      const at = raw.indexOf(Buffer.from('original'));
      expect(at).to.be.greaterThan(0);
      raw.write('forged!!', at);
      await db.put(key, raw);
      const report = await verifyLedger(db);
      expect(report.ok).to.equal(false);
      expect(report.firstBadBlock).to.equal(r.blockNumber);
      expect(report.problem).to.match(/data hash/);
    } finally {
      await db.close();
    }
  });
});
