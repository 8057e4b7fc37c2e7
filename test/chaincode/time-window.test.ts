/**
 * The endorsers' time window (chaincode/src/time-window.ts) on a started embedded network: every
 * organisation's chaincode container compares the proposal's timestamp with its host clock and
 * refuses to endorse one stamped too far from it — before any transaction logic, so nothing is
 * read or written. The network's clock is the containers' clock; the window is their setting.
 */
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChaincodeResponseError } from '../../network/src/embedded/errors';
import { EndorsementError } from '../../gateway/src/ledger/errors';
import { signerOf } from '../support/flow';
import { startTestNetwork, type TestNetwork } from '../support/test-network';
import { application } from './certificate-flows';

const MINUTE = 60_000;

/** The error a call failed with (the test fails if it succeeded). */
async function failureOf(call: Promise<unknown>): Promise<Error> {
  try {
    await call;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to be refused, but it succeeded');
}

describe('endorsers refuse a proposal stamped outside their time window', function () {
  this.timeout(120_000);
  let net: TestNetwork;

  before(async () => {
    net = await startTestNetwork();
  });

  after(async () => {
    await net?.close();
  });

  afterEach(() => net.clock.reset());

  const apply = async (timestamp: Date): Promise<unknown> =>
    net.ledger.network.submit(await signerOf(net, 'enterprise-a'), ['Certificate:Apply', application()], { timestamp });

  it('refuses a proposal backdated ten minutes at endorsement, naming the proposal time, the endorser clock and the window, and writes nothing', async () => {
    const height = await net.ledger.height();
    const endorserNow = new Date('2031-03-01T09:00:00.000Z');
    net.clock.setTo(endorserNow);
    const err = await failureOf(apply(new Date(endorserNow.getTime() - 10 * MINUTE)));
    expect(err).to.be.instanceOf(ChaincodeResponseError);
    expect(err.message).to.match(/^PROPOSAL_TIME_OUT_OF_WINDOW: the proposal time 2031-03-01T08:50:00\.000Z is 600(\.\d+)? s behind this endorser's clock 2031-03-01T09:00:0\d\.\d{3}Z; endorsers accept proposals stamped within 300 s of their own time \(DAL_TIME_WINDOW_SECONDS\)$/);
    expect(await net.ledger.height()).to.equal(height);
  });

  it('refuses a proposal dated ten minutes in the future at endorsement, and writes nothing', async () => {
    const height = await net.ledger.height();
    const err = await failureOf(apply(new Date(Date.now() + 10 * MINUTE)));
    expect(err.message).to.match(/^PROPOSAL_TIME_OUT_OF_WINDOW: the proposal time \S+ is (599|600)(\.\d+)? s ahead of this endorser's clock \S+; endorsers accept proposals stamped within 300 s/);
    expect(await net.ledger.height()).to.equal(height);
  });

  it('endorses and commits proposals stamped four minutes behind and ahead of the endorsers, inside the five-minute window', async () => {
    const behind = (await apply(new Date(Date.now() - 4 * MINUTE))) as { validationCode: string };
    const ahead = (await apply(new Date(Date.now() + 4 * MINUTE))) as { validationCode: string };
    expect([behind.validationCode, ahead.validationCode]).to.deep.equal(['VALID', 'VALID']);
  });

  it('refuses a query (evaluate) stamped outside the window too: a peer signs no answer about a time it does not believe', async () => {
    const signer = await signerOf(net, 'auditor');
    const err = await failureOf(net.ledger.network.evaluate(signer, ['Consortium:Get'], { timestamp: new Date(Date.now() - 10 * MINUTE) }));
    expect(err.message).to.match(/^PROPOSAL_TIME_OUT_OF_WINDOW: /);
    const inside = JSON.parse(Buffer.from(await net.ledger.network.evaluate(signer, ['Consortium:Get'], { timestamp: new Date(Date.now() - MINUTE) })).toString('utf8'));
    expect(inside.docType).to.equal('consortium');
  });

  it('compares with the endorsers\' clock, not the client\'s: a ledger client stamping with its own correct clock is refused by endorsers whose clock is ten minutes fast', async () => {
    const height = await net.ledger.height();
    net.clock.setTo(new Date(Date.now() + 10 * MINUTE));
    const err = await failureOf(net.ledger.submit(net.identities['enterprise-a']!, 'Certificate:Apply', [application()]));
    expect(err).to.be.instanceOf(EndorsementError);
    expect(err.message).to.match(/^PROPOSAL_TIME_OUT_OF_WINDOW: the proposal time \S+ is (599|600)(\.\d+)? s behind this endorser's clock/);
    expect(await net.ledger.height()).to.equal(height);
  });
});

describe('the time window is the chaincode containers\' setting (DAL_TIME_WINDOW_SECONDS)', function () {
  this.timeout(120_000);

  it('refuses a proposal one minute old where the containers are configured with a 30-second window', async () => {
    const net = await startTestNetwork({ network: { chaincodeEnv: { DAL_TIME_WINDOW_SECONDS: '30' } } });
    try {
      const signer = await signerOf(net, 'enterprise-a');
      const err = await failureOf(net.ledger.network.submit(signer, ['Certificate:Apply', application()], { timestamp: new Date(Date.now() - MINUTE) }));
      expect(err.message).to.match(/^PROPOSAL_TIME_OUT_OF_WINDOW: .* is 60(\.\d+)? s behind .* within 30 s of their own time/);
      const inside = await net.ledger.network.submit(signer, ['Certificate:Apply', application()], { timestamp: new Date(Date.now() - 20_000) });
      expect(inside.validationCode).to.equal('VALID');
    } finally {
      await net.close();
    }
  });

  it('keeps a chaincode container with an unusable window setting from starting, naming the setting', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'dal-window-'));
    let message = '';
    try {
      const net = await startTestNetwork({ dataDir, init: false, network: { chaincodeEnv: { DAL_TIME_WINDOW_SECONDS: '0' } } });
      await net.close();
    } catch (err) {
      message = (err as Error).message;
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
    expect(message).to.match(/DAL_TIME_WINDOW_SECONDS must be a whole number of seconds from 1 to 86400 \(default 300\); got '0'/);
  });
});
