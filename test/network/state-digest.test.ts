/**
 * The embedded network's state digest (network/src/embedded/state-digest.ts), which the
 * hostile-input suite compares before and after every refused request: it moves with every
 * committed write and with nothing else.
 */
import { expect } from 'chai';
import { KV_CHAINCODE, startTestNetwork, type TestNetwork } from '../support/test-network';

describe('the embedded state digest', function () {
  let net: TestNetwork;
  before(async () => {
    net = await startTestNetwork({ chaincode: KV_CHAINCODE, init: false });
  });
  after(async () => net?.close());

  it('changes with a committed write, a rewrite of the same key and a delete, and with nothing that only reads or is refused', async function () {
    const digest = (): Promise<string> => net.ledger.network.stateDigest();
    const empty = await digest();
    expect(empty).to.match(/^[0-9a-f]{64}$/);
    await net.submit('enterprise-a', 'KV:Put', 'k', 'v1');
    const one = await digest();
    expect(one).not.to.equal(empty);
    await net.evaluate('enterprise-a', 'KV:Get', 'k');
    await net.evaluate('enterprise-a', 'KV:Put', 'k', 'simulated only');
    expect(await digest()).to.equal(one);
    // the same value again is a new version, so a new digest (versions are state too)
    await net.submit('enterprise-a', 'KV:Put', 'k', 'v1');
    expect(await digest()).not.to.equal(one);
    const before = await digest();
    await net.submit('enterprise-a', 'KV:NoSuchFunction').catch(() => undefined);
    expect(await digest()).to.equal(before);
    await net.submit('enterprise-a', 'KV:Del', 'k');
    expect(await digest()).not.to.equal(before);
  });
});
