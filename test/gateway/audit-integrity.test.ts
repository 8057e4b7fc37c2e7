import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLedgerDb, KEY } from '../../network/src/embedded/ledger-db';
import { startGateway, type TestGateway } from './support/start-gateway';
import { apiClient, expectProblem } from './support/api-client';

describe('ledger integrity over HTTP', function () {
  let dataDir: string;
  let gw: TestGateway | undefined;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dal-integrity-'));
  });
  afterEach(async () => {
    await gw?.close();
    gw = undefined;
  });
  after(async () => rm(dataDir, { recursive: true, force: true }));

  it('reports a fresh ledger intact, whole or in a range, and refuses a range beyond the chain', async function () {
    gw = await startGateway({ dataDir });
    const api = apiClient(gw);
    await gw.net.submit('enterprise-a', 'KV:Put', 'a', '1');
    await gw.net.submit('enterprise-a', 'KV:Put', 'b', '2');
    const height = await gw.net.ledger.height();
    const whole = await api.ok('auditor', 'GET', '/ledger/integrity');
    expect(whole).to.deep.include({ ok: true, height, from: 0, to: height - 1, checkedBlocks: height, backend: 'embedded' });
    expect(whole.checkedTransactions).to.be.at.least(2);
    expect(whole).to.not.have.property('firstBadBlock');
    const range = await api.ok('regulator', 'GET', `/ledger/integrity?from=1&to=${height - 1}`);
    expect(range).to.deep.include({ ok: true, from: 1, to: height - 1, checkedBlocks: height - 1 });
    expectProblem(await api.call('auditor', 'GET', `/ledger/integrity?to=${height}`), 400, 'invalid_request');
    expectProblem(await api.call('auditor', 'GET', '/ledger/integrity?from=2&to=1'), 400, 'invalid_request');
  });

  it('reports ok:false with firstBadBlock when a stored block was altered while the network was closed', async function () {
    gw = await startGateway({ dataDir });
    const target = await gw.net.submit('enterprise-a', 'KV:Put', 'tamper', 'original');
    await gw.net.submit('enterprise-a', 'KV:Put', 'after', 'x');
    await gw.close();
    gw = undefined;

    const db = await openLedgerDb(join(dataDir, 'ledger'));
    try {
      const key = KEY.block(target.blockNumber);
      const raw = (await db.get(key))!;
      const at = raw.indexOf(Buffer.from('original'));
      expect(at).to.be.greaterThan(0);
      raw.write('forged!!', at);
      await db.put(key, raw);
    } finally {
      await db.close();
    }

    gw = await startGateway({ dataDir });
    const api = apiClient(gw);
    const report = await api.ok('auditor', 'GET', '/ledger/integrity');
    expect(report).to.include({ ok: false, firstBadBlock: target.blockNumber, checkedBlocks: target.blockNumber });
    expect(report.problem).to.match(/data hash/);
    // A range after the altered block does not see it: its anchor is the altered block's (untouched) header.
    const after = await api.ok('auditor', 'GET', `/ledger/integrity?from=${target.blockNumber + 1}`);
    expect(after.ok).to.equal(true);
  });
});
