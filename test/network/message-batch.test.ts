import { expect } from 'chai';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { createMessageBatcher, isMessageBatch } from '../../network/src/embedded/message-batch';

/** The next `count` messages `port` receives. */
function received(port: MessagePort, count: number): Promise<unknown[]> {
  return new Promise((resolve) => {
    const got: unknown[] = [];
    port.on('message', (value: unknown) => {
      got.push(value);
      if (got.length === count) resolve(got);
    });
  });
}

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

describe('chaincode messages posted in batches (embedded peer ↔ container thread)', function () {
  let channel: MessageChannel;
  beforeEach(function () {
    channel = new MessageChannel();
  });
  afterEach(function () {
    channel.port1.close();
    channel.port2.close();
  });

  it('posts the messages written in one turn of the event loop as one batch, in the order written', async function () {
    const arriving = received(channel.port2, 1);
    const batcher = createMessageBatcher(channel.port1);
    batcher.send(bytes(1));
    batcher.send(bytes(2, 2));
    batcher.send(bytes(3, 3, 3));
    const [batch] = await arriving;
    expect(isMessageBatch(batch)).to.equal(true);
    expect((batch as Uint8Array[]).map((b) => Array.from(b))).to.deep.equal([[1], [2, 2], [3, 3, 3]]);
  });

  it('posts what is written in a later turn as a later batch, keeping the order across batches', async function () {
    const arriving = received(channel.port2, 2);
    const batcher = createMessageBatcher(channel.port1);
    batcher.send(bytes(1));
    await new Promise((resolve) => setImmediate(resolve));
    batcher.send(bytes(2));
    batcher.send(bytes(3));
    const batches = (await arriving) as Uint8Array[][];
    expect(batches.map((batch) => batch.map((b) => b[0]))).to.deep.equal([[1], [2, 3]]);
  });

  it('moves a message that owns its buffer instead of copying it, and copies a view into a larger buffer', async function () {
    const arriving = received(channel.port2, 1);
    const batcher = createMessageBatcher(channel.port1);
    const own = bytes(7, 7, 7);
    const shared = new Uint8Array(16).fill(9);
    const view = shared.subarray(4, 8);
    batcher.send(own);
    batcher.send(view);
    const [batch] = (await arriving) as Uint8Array[][];
    expect(own.byteLength, 'transferred: detached on the sending side').to.equal(0);
    expect(shared.byteLength, 'the larger buffer stays whole').to.equal(16);
    expect(batch!.map((b) => Array.from(b))).to.deep.equal([
      [7, 7, 7],
      [9, 9, 9, 9],
    ]);
  });

  it('tells a batch apart from a control message such as a container start failure', function () {
    expect(isMessageBatch([bytes(1)])).to.equal(true);
    expect(isMessageBatch({ startFailure: 'chaincode failed to start' })).to.equal(false);
  });
});
