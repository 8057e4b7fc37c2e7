import { expect } from 'chai';
import { BlockCutter } from '../../network/src/embedded/block-cutter';

const BATCH = { maxMessageCount: 3, absoluteMaxBytes: 1000, preferredMaxBytes: 100 };
const env = (n: number): Uint8Array => new Uint8Array(n);

describe('block cutter (orderer/common/blockcutter)', function () {
  it('cuts a block when it holds maxMessageCount envelopes', function () {
    const blocks: number[] = [];
    const cutter = new BlockCutter(BATCH, 60_000, (b) => blocks.push(b.length));
    for (let i = 0; i < 7; i++) cutter.ordered(env(10));
    expect(blocks).to.deep.equal([3, 3]);
    cutter.cut();
    expect(blocks).to.deep.equal([3, 3, 1]);
    cutter.close();
  });

  it('cuts the pending batch first when the next envelope would pass preferredMaxBytes', function () {
    const blocks: number[][] = [];
    const cutter = new BlockCutter(BATCH, 60_000, (b) => blocks.push(b.map((e) => e.length)));
    cutter.ordered(env(40));
    cutter.ordered(env(40));
    cutter.ordered(env(40));
    expect(blocks).to.deep.equal([[40, 40]]);
    cutter.close();
  });

  it('puts an envelope larger than preferredMaxBytes in a block of its own, after the pending ones', function () {
    const blocks: number[][] = [];
    const cutter = new BlockCutter(BATCH, 60_000, (b) => blocks.push(b.map((e) => e.length)));
    cutter.ordered(env(10));
    cutter.ordered(env(150));
    expect(blocks).to.deep.equal([[10], [150]]);
    cutter.close();
  });

  it('measures size as Fabric does when told (payload plus signature), not the envelope bytes', function () {
    const blocks: number[][] = [];
    const cutter = new BlockCutter(BATCH, 60_000, (b) => blocks.push(b.map((e) => e.length)));
    cutter.ordered(env(10), 60);
    cutter.ordered(env(10), 60);
    expect(blocks).to.deep.equal([[10]]);
    cutter.close();
  });

  it('cuts what is pending when the batch timeout passes after the first envelope', async function () {
    const blocks: number[] = [];
    const cutter = new BlockCutter(BATCH, 30, (b) => blocks.push(b.length));
    cutter.ordered(env(10));
    cutter.ordered(env(10));
    expect(blocks).to.deep.equal([]);
    await new Promise((r) => setTimeout(r, 80));
    expect(blocks).to.deep.equal([2]);
    cutter.close();
  });
});
