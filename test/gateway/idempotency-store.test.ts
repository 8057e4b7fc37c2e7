import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openIdempotencyStore, type IdempotencyStore } from '../../gateway/src/ledger-service/idempotency-store';

describe('idempotency store', function () {
  let dir: string;
  let store: IdempotencyStore | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dal-idempotency-'));
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps at most maxEntries answers, forgetting the oldest first, also across a restart', async function () {
    const file = join(dir, 'idempotency.jsonl');
    let writes = 0;
    const write = (key: string) => store!.run('caller', key, `fingerprint of ${key}`, async () => ({ status: 201, body: { key, write: ++writes } }));
    store = await openIdempotencyStore({ file, maxEntries: 3 });
    for (const key of ['k1', 'k2', 'k3', 'k4']) await write(key);

    // k1 is forgotten: its repeat runs the action again (and becomes the newest, pushing out k2); the ledger
    // writer's action then proposes the same txId and is answered from the ledger (ledger-writer.test.ts)
    expect(await write('k1')).to.deep.include({ replayed: false, reply: { status: 201, body: { key: 'k1', write: 5 } } });
    expect(await write('k4')).to.deep.include({ replayed: true, reply: { status: 201, body: { key: 'k4', write: 4 } } });

    await store.close();
    store = await openIdempotencyStore({ file, maxEntries: 3 });
    for (const key of ['k3', 'k4', 'k1']) expect((await write(key)).replayed, key).to.equal(true);
    expect(await write('k2')).to.deep.include({ replayed: false, reply: { status: 201, body: { key: 'k2', write: 6 } } });
  });
});
