/** Writes that would only conflict with each other go one at a time (gateway/src/ledger-service/write-lanes.ts). */
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEndorsementPlanner } from '../../gateway/src/ledger-service/endorsement-plan';
import { openIdempotencyStore, type IdempotencyStore } from '../../gateway/src/ledger-service/idempotency-store';
import { createLedgerWriter } from '../../gateway/src/ledger-service/ledger-writer';
import { createWriteLanes, laneOf } from '../../gateway/src/ledger-service/write-lanes';
import { application } from '../chaincode/certificate-flows';
import { startTestNetwork, type TestNetwork } from '../support/test-network';
import { declaredRoutes, declaredSubmit } from './support/route-transactions';

describe('write lanes', () => {
  it('runs the calls of one lane one after another, in arrival order, past a failure', async () => {
    const lanes = createWriteLanes();
    const events: string[] = [];
    const step = (name: string, ms: number, fail = false) => async (): Promise<string> => {
      events.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      events.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([lanes.run('a', step('1', 20)), lanes.run('a', step('2', 5, true)), lanes.run('a', step('3', 1))]);
    expect(events).to.deep.equal(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
    expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('runs different lanes, and calls in no lane, side by side', async () => {
    const lanes = createWriteLanes();
    const events: string[] = [];
    const step = (name: string, ms: number) => async (): Promise<void> => {
      events.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      events.push(`end ${name}`);
    };
    await Promise.all([lanes.run('a', step('a', 20)), lanes.run('b', step('b', 20)), lanes.run(undefined, step('free', 20))]);
    expect(events.slice(0, 3).sort()).to.deep.equal(['start a', 'start b', 'start free']);
  });
});

describe('the lanes routes declare, and concurrent approvals through the ledger writer', function () {
  this.timeout(120_000);
  let net: TestNetwork;
  let dir: string;
  let store: IdempotencyStore;

  before(async () => {
    net = await startTestNetwork();
    dir = await mkdtemp(join(tmpdir(), 'dal-lanes-'));
    store = await openIdempotencyStore({ file: join(dir, 'idempotency.jsonl') });
  });
  after(async () => {
    await store?.close();
    await net?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('puts a registry’s approvals in one lane per organisation, and no other write in any', () => {
    const routes = declaredRoutes(net);
    const review = declaredSubmit(routes, 'Certificate:Review');
    expect(laneOf('TaizhouRegistryMSP', review)).to.equal('registry-serial-counter@TaizhouRegistryMSP');
    expect(laneOf('YanchengRegistryMSP', review)).to.not.equal(laneOf('TaizhouRegistryMSP', review));
    const laned = routes.flatMap((r) => (r.transaction?.kind === 'submit' && laneOf('TaizhouRegistryMSP', r.transaction) !== undefined ? [r.transaction.name] : []));
    expect(laned).to.deep.equal(['Certificate:Review']);
  });

  it('approves a burst at one registry with consecutive serials and not one transaction invalidated on the ledger', async () => {
    const applications: string[] = [];
    for (let i = 0; i < 12; i++) applications.push((await net.submit('enterprise-a', 'Certificate:Apply', application())).result.id);
    const writer = createLedgerWriter({ ledger: net.ledger, idempotency: store, planner: createEndorsementPlanner({ ledger: net.ledger, consortium: net.consortium }) });
    const registrar = net.identities['taizhou-registrar']!;
    const caller = { mspId: registrar.mspId, enrollmentId: registrar.enrollmentId, roles: registrar.roles };
    const review = declaredSubmit(declaredRoutes(net), 'Certificate:Review');
    const from = await net.ledger.height();
    const replies = await Promise.all(
      applications.map((id) =>
        writer.write(caller, {
          transaction: review,
          args: [id, JSON.stringify({ decision: 'approve', publicityDays: 0 })],
          status: 200,
          request: { method: 'POST', path: `/api/v1/certificates/${id}/review`, body: {} },
        }),
      ),
    );
    const serials = replies.map((r) => Number((r.body as { id: string }).id.slice(-6))).sort((a, b) => a - b);
    expect(serials).to.deep.equal(serials.map((_, i) => serials[0]! + i));
    const to = await net.ledger.height();
    const codes: string[] = [];
    for (let n = from; n < to; n++) codes.push(...(await net.ledger.getBlock(n)).transactions.map((t) => t.validationCode));
    expect(codes).to.have.length(12);
    expect(codes.every((c) => c === 'VALID')).to.equal(true);
  });
});
