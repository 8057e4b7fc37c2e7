/**
 * Event listeners of the fabric backend keep a checkpoint each (gateway/src/ledger/fabric/
 * listener-checkpoints.ts), with fabric-network's own file checkpointer: a replay from a start
 * block must not inherit the block another listener already processed, which fabric-network
 * would resume from instead of the start block.
 */
import { expect } from 'chai';
import Long from 'long';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListenerCheckpoints } from '../../gateway/src/ledger/fabric/listener-checkpoints';

describe('fabric backend: one event checkpoint per listener', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dal-checkpoints-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts a new listener with an empty checkpoint even after another listener checkpointed a block, so its start block applies', async () => {
    const checkpoints = new ListenerCheckpoints(dir, 'dataasset-dal');
    const live = await checkpoints.forNewListener();
    await live.checkpointer.setBlockNumber(Long.fromNumber(42));
    await live.checkpointer.addTransactionId('a'.repeat(64));
    const replay = await checkpoints.forNewListener();
    expect(replay.file).to.not.equal(live.file);
    expect(await replay.checkpointer.getBlockNumber()).to.equal(undefined);
    expect([...(await replay.checkpointer.getTransactionIds())]).to.deep.equal([]);
    expect((await live.checkpointer.getBlockNumber())?.toNumber()).to.equal(42);
  });

  it('removes a listener\'s checkpoint file when the listener is disposed of', async () => {
    const checkpoint = await new ListenerCheckpoints(dir, 'dataasset-dal').forNewListener();
    await checkpoint.checkpointer.setBlockNumber(Long.fromNumber(7));
    expect(existsSync(checkpoint.file)).to.equal(true);
    checkpoint.dispose();
    expect(existsSync(checkpoint.file)).to.equal(false);
  });

  it('removes the checkpoint files a killed gateway left behind when the next one starts, and only those', async () => {
    const left = await new ListenerCheckpoints(dir, 'dataasset-dal').forNewListener();
    await left.checkpointer.setBlockNumber(Long.fromNumber(3));
    writeFileSync(join(dir, 'other-channel-dal-listener-x.json'), '{}');
    new ListenerCheckpoints(dir, 'dataasset-dal');
    expect(existsSync(left.file)).to.equal(false);
    expect(readdirSync(dir)).to.deep.equal(['other-channel-dal-listener-x.json']);
  });
});
