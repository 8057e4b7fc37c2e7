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

  it('runs one check at a time, shared by concurrent requests, and answers a request that came after a block with that block in', async function () {
    gw = await startGateway({ dataDir });
    const api = apiClient(gw);
    await gw.net.submit('enterprise-a', 'KV:Put', 'a', '1');
    const ledger = gw.net.ledger;
    // count height reads (one per request, one per check) and hold the store audit of the first check
    const readHeight = ledger.height.bind(ledger);
    let reads = 0;
    const readers: { readonly n: number; readonly reached: () => void }[] = [];
    ledger.height = async () => {
      const h = await readHeight();
      reads++;
      for (const r of readers) if (reads >= r.n) r.reached();
      return h;
    };
    const readsReach = (n: number) => new Promise<void>((reached) => (reads >= n ? reached() : readers.push({ n, reached })));
    const audit = ledger.auditStore!.bind(ledger);
    let audits = 0;
    let auditing = 0;
    let mostAtOnce = 0;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let auditStarted!: () => void;
    const firstAudit = new Promise<void>((resolve) => (auditStarted = resolve));
    ledger.auditStore = async () => {
      audits++;
      auditStarted();
      mostAtOnce = Math.max(mostAtOnce, ++auditing);
      await held;
      try {
        return await audit();
      } finally {
        auditing--;
      }
    };

    const height = await readHeight();
    const before = [1, 2, 3].map(() => api.ok('auditor', 'GET', '/ledger/integrity'));
    await readsReach(3); // the three requests arrived
    await firstAudit;
    await gw.net.submit('enterprise-a', 'KV:Put', 'b', '2');
    const arrived = reads;
    const after = [1, 2, 3].map(() => api.ok('auditor', 'GET', '/ledger/integrity'));
    await readsReach(arrived + 3);
    release();

    for (const report of await Promise.all(before)) expect(report).to.include({ ok: true, height, checkedBlocks: height });
    for (const report of await Promise.all(after)) expect(report).to.include({ ok: true, height: height + 1, checkedBlocks: height + 1 });
    expect({ audits, mostAtOnce }).to.deep.equal({ audits: 2, mostAtOnce: 1 });
  });

  it('audits the store for an explicit to at the head the request saw, also when its check starts after a new block', async function () {
    gw = await startGateway({ dataDir });
    const api = apiClient(gw);
    await gw.net.submit('enterprise-a', 'KV:Put', 'a', '1');
    const ledger = gw.net.ledger;
    const readHeight = ledger.height.bind(ledger);
    let reads = 0;
    let readsNow: () => void = () => undefined;
    ledger.height = async () => {
      const h = await readHeight();
      reads++;
      readsNow();
      return h;
    };
    const readsReach = async (n: number): Promise<void> => {
      while (reads < n) await new Promise<void>((resolve) => (readsNow = resolve));
    };
    // hold the first check (a whole-chain one) in its store audit, so the next checks queue behind it
    const audit = ledger.auditStore!.bind(ledger);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let auditStarted!: () => void;
    const firstAudit = new Promise<void>((resolve) => (auditStarted = resolve));
    ledger.auditStore = async () => {
      auditStarted();
      await held;
      return audit();
    };

    const height = await readHeight();
    const whole = api.ok('auditor', 'GET', '/ledger/integrity');
    await firstAudit;
    const explicit = api.ok('auditor', 'GET', `/ledger/integrity?from=0&to=${height - 1}`);
    await readsReach(reads + 1); // it arrived, at `height`
    await gw.net.submit('enterprise-a', 'KV:Put', 'b', '2');
    const arrived = reads;
    const explicitAfter = api.ok('auditor', 'GET', `/ledger/integrity?from=0&to=${height}`);
    await readsReach(arrived + 1);
    release();

    expect(await whole).to.include({ ok: true, height });
    for (const report of await Promise.all([explicit, explicitAfter])) {
      expect(report).to.include({ ok: true, from: 0 });
      expect(report.height).to.be.at.least(height);
      expect(report.checkedStateKeys, JSON.stringify(report)).to.be.a('number');
      expect(report.checkedHistoryEntries).to.be.a('number');
    }
    expect(await explicitAfter).to.include({ height: height + 1, to: height });
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
