/**
 * Read after write across gateways: a read sent with `X-Min-Block` (the `blockNumber` a write
 * answered, possibly at another organisation's gateway) waits until this gateway's ledger has
 * committed that block, and answers 504 `ledger_behind` when it does not in time.
 */
import { expect } from 'chai';
import { publicVerifierOf } from '../../gateway/src/verification/public-verifier';
import { createVerificationReadModel } from '../../gateway/src/verification/verification-read-model';
import { DAL_CHAINCODE } from '../support/test-network';
import { apiClient, application, expectProblem, type ApiClient } from './support/api-client';
import { startGateway, type TestGateway } from './support/start-gateway';

const TIMEOUT_MS = 1500;

describe('reads with X-Min-Block', function () {
  let gw: TestGateway;
  let api: ApiClient;
  before(async () => {
    gw = await startGateway({ chaincode: DAL_CHAINCODE, env: { DAL_MIN_BLOCK_TIMEOUT_MS: String(TIMEOUT_MS) } });
    api = apiClient(gw);
  });
  after(async () => {
    await gw.close();
  });

  it('waits for a block not yet committed and answers once a later write commits it', async function () {
    const height = await gw.net.ledger.height();
    let answeredAt: number | undefined;
    const pending = api.call('enterprise-a', 'GET', '/me', undefined, { 'X-Min-Block': String(height) }).then((res) => {
      answeredAt = Date.now();
      return res;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(answeredAt, 'answered before the block existed').to.equal(undefined);
    // written as another organisation's gateway would: straight to the ledger, not through this gateway
    const sentAt = Date.now();
    const written = await gw.net.submit('enterprise-a', 'Certificate:Apply', JSON.stringify(application()));
    expect(written.blockNumber).to.be.at.least(height);
    const res = await pending;
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(answeredAt).to.be.at.least(sentAt);
  });

  it("reads what a write elsewhere committed, given that write's blockNumber", async function () {
    const written = await gw.net.submit('enterprise-a', 'Certificate:Apply', JSON.stringify(application()));
    const headers = { 'X-Min-Block': String(written.blockNumber) };
    expect(await api.ok('enterprise-a', 'GET', `/certificates/${written.result.id}`, undefined, headers)).to.include({ id: written.result.id });
    expect(await api.ok(null, 'GET', `/certificates/${written.result.id}/verification`, undefined, headers)).to.include({ exists: true });
  });

  it('answers 504 ledger_behind, on public and authenticated reads alike, when the block is not committed within DAL_MIN_BLOCK_TIMEOUT_MS', async function () {
    const beyond = String((await gw.net.ledger.height()) + 50);
    const started = Date.now();
    const detail = expectProblem(await api.call(null, 'GET', '/certificates/321200-2026-000001/verification', undefined, { 'X-Min-Block': beyond }), 504, 'ledger_behind');
    expect(Date.now() - started).to.be.within(TIMEOUT_MS - 50, TIMEOUT_MS + 2000);
    expect(detail).to.include(`block ${beyond}`).and.include(`${TIMEOUT_MS} ms`);
    expectProblem(await api.call('enterprise-a', 'GET', '/me', undefined, { 'X-Min-Block': beyond }), 504, 'ledger_behind');
  });

  it('answers a block far beyond any write at once with 504 ledger_behind, instead of holding the connection for the timeout', async function () {
    const far = String((await gw.net.ledger.height()) + 5000);
    const detail = expectProblem(await api.call(null, 'GET', '/certificates/321200-2026-000001/verification', undefined, { 'X-Min-Block': far }), 504, 'ledger_behind');
    expect(detail).to.include(`block ${far}`).and.include('blocks ahead');
  });

  it('refuses X-Min-Block on a write, and one that is not a block number, with 400', async function () {
    const onWrite = await api.call('enterprise-a', 'POST', '/certificates', application(), { 'X-Min-Block': '1' });
    expect(expectProblem(onWrite, 400, 'invalid_request')).to.include('reads only');
    expect(expectProblem(await api.call(null, 'GET', '/health', undefined, { 'X-Min-Block': 'latest' }), 400, 'invalid_request')).to.include('X-Min-Block');
  });

  it('is documented once, as a header parameter every read operation refers to and no write does', async function () {
    const document = (await (await fetch(`${gw.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string; parameters?: { $ref?: string }[]; responses: Record<string, unknown> }>>;
      components: { parameters: Record<string, { name: string; in: string }> };
    };
    expect(document.components.parameters.MinBlock).to.include({ name: 'X-Min-Block', in: 'header' });
    const operations = Object.values(document.paths).flatMap((byMethod) => Object.entries(byMethod));
    const refersToMinBlock = (op: { parameters?: { $ref?: string }[] }): boolean => (op.parameters ?? []).some((p) => p.$ref === '#/components/parameters/MinBlock');
    const reads = operations.filter(([method]) => method === 'get').map(([, op]) => op);
    expect(reads.length).to.be.greaterThan(10);
    for (const op of reads) {
      expect(refersToMinBlock(op), op.operationId).to.equal(true);
      expect(op.responses, op.operationId).to.have.property('504');
    }
    const writes = operations.filter(([, op]) => op.parameters?.some((p) => p.$ref === '#/components/parameters/IdempotencyKey')).map(([, op]) => op);
    expect(writes.length).to.be.greaterThan(10);
    for (const op of writes) expect(refersToMinBlock(op), op.operationId).to.equal(false);
  });
});

describe('public verification read with X-Min-Block', function () {
  let gw: TestGateway;
  before(async () => {
    gw = await startGateway({ chaincode: DAL_CHAINCODE });
  });
  after(async () => {
    await gw.close();
  });

  it('reads the ledger again rather than answer from memory that the block’s event has not refreshed yet', async function () {
    const api = apiClient(gw);
    const model = createVerificationReadModel({ ledger: gw.net.ledger, identity: publicVerifierOf(gw.net.consortium) });
    const applied = await api.ok('enterprise-a', 'POST', '/certificates', application());
    expect(await model.byId(applied.id)).to.include({ status: 'applied' });
    // no more events reach this model: as on a gateway whose peer committed the block before its event arrived
    model.close();
    const reviewed = await api.ok('taizhou-registrar', 'POST', `/certificates/${applied.id}/review`, { decision: 'approve', publicityDays: 0 });
    expect(await model.byId(applied.id), 'served from memory').to.include({ status: 'applied' });
    expect(await model.byId(applied.id, { fresh: true })).to.include({ status: reviewed.status, blockNumber: reviewed.blockNumber });
    expect(await model.byId(applied.id), 'memory refreshed by the fresh read').to.include({ status: reviewed.status });
  });
});
