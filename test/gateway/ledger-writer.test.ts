import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallerIdentity } from '../../gateway/src/auth/identity';
import { ConflictError } from '../../gateway/src/http/errors';
import { toHttpError } from '../../gateway/src/http/problem';
import { openIdempotencyStore, type IdempotencyStore } from '../../gateway/src/ledger-service/idempotency-store';
import { createEndorsementPlanner, type EndorsementPlanner } from '../../gateway/src/ledger-service/endorsement-plan';
import { createLedgerWriter, type LedgerWriter, type WriteRequest } from '../../gateway/src/ledger-service/ledger-writer';
import { submitWithRetry } from '../../gateway/src/ledger-service/submit-with-retry';
import { chaincodePolicyOnly } from '../../gateway/src/ledger-service/endorsers';
import { submitTransaction } from '../../gateway/src/ledger-service/transaction';
import { KV_CHAINCODE, startTestNetwork, type TestNetwork } from '../support/test-network';

// The ledger writer over a real embedded network running the kv test chaincode.
describe('ledger writer', function () {
  let net: TestNetwork;
  let dir: string;
  let store: IdempotencyStore;
  let writer: LedgerWriter;
  let planner: EndorsementPlanner;
  let caller: CallerIdentity;

  const put = (key: string, value: string, idempotencyKey?: string): WriteRequest => ({
    transaction: submitTransaction('KV:Put', { endorsers: chaincodePolicyOnly }),
    args: [key, value],
    status: 201,
    request: { method: 'POST', path: '/api/v1/things', body: { key, value } },
    ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
  });

  before(async function () {
    net = await startTestNetwork({ chaincode: KV_CHAINCODE });
    const id = net.identities['enterprise-a'];
    if (!id) throw new Error('enterprise-a is not enrolled');
    caller = { mspId: id.mspId, enrollmentId: id.enrollmentId, roles: id.roles };
    planner = createEndorsementPlanner({ ledger: net.ledger, consortium: net.consortium });
  });
  after(async () => net?.close());
  beforeEach(async function () {
    dir = await mkdtemp(join(tmpdir(), 'dal-idempotency-'));
    store = await openIdempotencyStore({ file: join(dir, 'idempotency.jsonl') });
    writer = createLedgerWriter({ ledger: net.ledger, idempotency: store, planner });
  });
  afterEach(async function () {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers only after the commit, with the record plus the txId and blockNumber of a VALID transaction', async function () {
    const reply = await writer.write(caller, put('w1', 'blue'));
    expect(reply.status).to.equal(201);
    const body = reply.body as { result: string; txId: string; blockNumber: number };
    expect(body.result).to.equal('blue');
    const tx = await net.ledger.getTransaction(body.txId);
    expect(tx).to.include({ validationCode: 'VALID', blockNumber: body.blockNumber, function: 'KV:Put' });
    expect(await net.evaluate('enterprise-a', 'KV:Get', 'w1')).to.deep.equal({ exists: true, value: 'blue' });
  });

  it('replays the first answer for a repeat with the same Idempotency-Key and body, and writes nothing', async function () {
    const first = await writer.write(caller, put('w2', 'green', 'key-1'));
    const height = await net.ledger.height();
    const again = await writer.write(caller, put('w2', 'green', 'key-1'));
    expect(again.body).to.deep.equal(first.body);
    expect(again.status).to.equal(201);
    expect(again.headers).to.deep.equal({ 'Idempotent-Replayed': 'true' });
    expect(first.headers).to.deep.equal({ 'Idempotent-Replayed': 'false' });
    expect(await net.ledger.height()).to.equal(height);
  });

  it('submits one transaction for concurrent repeats of one Idempotency-Key', async function () {
    const replies = await Promise.all([1, 2, 3, 4].map(() => writer.write(caller, put('w3', 'red', 'key-concurrent'))));
    const txIds = new Set(replies.map((r) => (r.body as { txId: string }).txId));
    expect(txIds.size).to.equal(1);
  });

  it('refuses the same Idempotency-Key with a different body with a 409 and writes nothing', async function () {
    await writer.write(caller, put('w4', 'one', 'key-2'));
    const height = await net.ledger.height();
    const refusal = await writer.write(caller, put('w4', 'two', 'key-2')).catch((err: unknown) => err);
    expect(refusal).to.be.instanceOf(ConflictError);
    expect((refusal as Error).message).to.include('key-2');
    expect(await net.ledger.height()).to.equal(height);
    expect(await net.evaluate('enterprise-a', 'KV:Get', 'w4')).to.deep.equal({ exists: true, value: 'one' });
  });

  it('scopes Idempotency-Keys to the caller', async function () {
    const other = net.identities['enterprise-b'];
    if (!other) throw new Error('enterprise-b is not enrolled');
    const a = await writer.write(caller, put('w5', 'same', 'shared-key'));
    const b = await writer.write({ mspId: other.mspId, enrollmentId: other.enrollmentId, roles: other.roles }, put('w5', 'same', 'shared-key'));
    expect((b.body as { txId: string }).txId).to.not.equal((a.body as { txId: string }).txId);
  });

  it('replays answers after the idempotency store is reopened (a gateway restart)', async function () {
    const first = await writer.write(caller, put('w6', 'kept', 'key-restart'));
    await store.close();
    store = await openIdempotencyStore({ file: join(dir, 'idempotency.jsonl') });
    writer = createLedgerWriter({ ledger: net.ledger, idempotency: store, planner });
    const height = await net.ledger.height();
    const again = await writer.write(caller, put('w6', 'kept', 'key-restart'));
    expect(again.body).to.deep.equal(first.body);
    expect(await net.ledger.height()).to.equal(height);
  });

  it('finds its committed transaction instead of writing again when the gateway died before recording the answer', async function () {
    const increment = (idempotencyKey: string): WriteRequest => ({
      transaction: submitTransaction('KV:Increment', { endorsers: chaincodePolicyOnly }),
      args: ['crash-window'],
      status: 200,
      request: { method: 'POST', path: '/api/v1/counters/crash-window/increment', body: {} },
      idempotencyKey,
    });
    const first = await writer.write(caller, increment('key-crash'));
    // kill -9 between commit and the store's append: the answer was never recorded
    await store.close();
    await writeFile(join(dir, 'idempotency.jsonl'), '');
    store = await openIdempotencyStore({ file: join(dir, 'idempotency.jsonl') });
    writer = createLedgerWriter({ ledger: net.ledger, idempotency: store, planner });
    const height = await net.ledger.height();
    const again = await writer.write(caller, increment('key-crash'));
    expect(again.body).to.deep.equal(first.body);
    expect(await net.ledger.height()).to.equal(height);
    expect(await net.evaluate('enterprise-a', 'KV:Get', 'crash-window')).to.deep.equal({ exists: true, value: '1' });
  });

  it('answers a repeat whose answer the store forgot (beyond maxEntries) from the ledger, writing nothing; only its 409 for another body is lost', async function () {
    await store.close();
    store = await openIdempotencyStore({ file: join(dir, 'idempotency.jsonl'), maxEntries: 1 });
    writer = createLedgerWriter({ ledger: net.ledger, idempotency: store, planner });
    const increment = (idempotencyKey: string, body: Record<string, unknown> = {}): WriteRequest => ({
      transaction: submitTransaction('KV:Increment', { endorsers: chaincodePolicyOnly }),
      args: ['evicted'],
      status: 200,
      request: { method: 'POST', path: '/api/v1/counters/evicted/increment', body },
      idempotencyKey,
    });
    const first = await writer.write(caller, increment('key-evicted'));
    await writer.write(caller, put('w-evicting', 'newer', 'key-evicting'));
    const height = await net.ledger.height();
    // forgotten, so not a replay: but the same request proposes the same txId, and the ledger has it
    const again = await writer.write(caller, increment('key-evicted'));
    expect(again.headers).to.deep.equal({ 'Idempotent-Replayed': 'false' });
    expect(again.body).to.deep.equal(first.body);
    expect(await net.ledger.height()).to.equal(height);
    expect(await net.evaluate('enterprise-a', 'KV:Get', 'evicted')).to.deep.equal({ exists: true, value: '1' });
    // what eviction loses: another body under the forgotten key is a new write, not a 409
    await writer.write(caller, put('w-evicting-2', 'newest', 'key-evicting-2'));
    const other = await writer.write(caller, increment('key-evicted', { note: 'another body' }));
    expect(other.status).to.equal(200);
    expect(await net.evaluate('enterprise-a', 'KV:Get', 'evicted')).to.deep.equal({ exists: true, value: '2' });
  });

  it('answers a copy ordered before the first committed (invalidated DUPLICATE_TXID) with the first copy’s outcome', async function () {
    const id = { mspId: caller.mspId, enrollmentId: caller.enrollmentId };
    const nonce = randomBytes(24);
    const tx = { fn: 'KV:Increment', args: ['duplicate-in-flight'] };
    // Both copies are endorsed before either commits (a repeat racing the first on a real network).
    const [a, b] = await Promise.all([submitWithRetry(net.ledger, id, tx, { nonce: () => nonce }), submitWithRetry(net.ledger, id, tx, { nonce: () => nonce })]);
    expect(b.txId).to.equal(a.txId);
    expect(b.blockNumber).to.equal(a.blockNumber);
    expect(await net.evaluate('enterprise-a', 'KV:Get', 'duplicate-in-flight')).to.deep.equal({ exists: true, value: '1' });
  });

  it('answers both racing copies with the payload the ledger committed, not each copy’s own endorsement', async function () {
    const id = { mspId: caller.mspId, enrollmentId: caller.enrollmentId };
    const nonce = randomBytes(24);
    // The copies differ only in what they would answer; the one that commits decides for both.
    const [a, b] = await Promise.all([
      submitWithRetry(net.ledger, id, { fn: 'KV:Put', args: ['racing-copies', 'first'] }, { nonce: () => nonce }),
      submitWithRetry(net.ledger, id, { fn: 'KV:Put', args: ['racing-copies', 'second'] }, { nonce: () => nonce }),
    ]);
    const stored = ((await net.evaluate('enterprise-a', 'KV:Get', 'racing-copies')) as { value: string }).value;
    expect(Buffer.from(a.payload).toString()).to.equal(stored);
    expect(Buffer.from(b.payload).toString()).to.equal(stored);
  });

  it('does not record a refused write, so repeating it asks the chaincode again', async function () {
    const fail: WriteRequest = { transaction: submitTransaction('KV:Fail', { endorsers: chaincodePolicyOnly }), args: ['CONFLICT: already done'], status: 200, idempotencyKey: 'key-fail', request: { method: 'POST', path: '/x', body: {} } };
    for (let i = 0; i < 2; i++) {
      const err = await writer.write(caller, fail).catch((e: unknown) => e);
      expect(toHttpError(err)).to.include({ status: 409, code: 'conflict', message: 'already done' });
    }
  });

  it('retries transactions invalidated by MVCC conflicts so that concurrent increments all commit', async function () {
    const writes = Array.from({ length: 8 }, () =>
      submitWithRetry(net.ledger, caller, { fn: 'KV:Increment', args: ['counter'] }, { attempts: 20, backoffMs: 5 }),
    );
    const committed = await Promise.all(writes);
    expect(new Set(committed.map((c) => c.txId)).size).to.equal(8);
    expect(await net.evaluate('enterprise-a', 'KV:Get', 'counter')).to.deep.equal({ exists: true, value: '8' });
  });

  it('gives up after the bounded number of attempts with a 409 conflict', async function () {
    // One attempt each, 16 writers incrementing one key at once: all read the same version, so
    // every one but the first of a block is invalidated and has no attempt left.
    const results = await Promise.allSettled(
      Array.from({ length: 16 }, () => submitWithRetry(net.ledger, caller, { fn: 'KV:Increment', args: ['hot'] }, { attempts: 1 })),
    );
    const conflicts = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected' && r.reason instanceof ConflictError);
    expect(conflicts.length).to.be.greaterThan(0);
    for (const r of conflicts) expect((r.reason as Error).message).to.match(/MVCC_READ_CONFLICT|PHANTOM_READ_CONFLICT/);
  });
});
