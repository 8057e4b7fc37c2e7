import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestNetwork, KV_CHAINCODE, type TestNetwork } from '../support/test-network';
import { createSigner } from '../../network/src/embedded/signer';
import { openLedgerDb } from '../../network/src/embedded/ledger-db';
import { verifyLedger } from '../../network/src/ledger-integrity';
import { loadConsortium, type Consortium } from '../../network/src/consortium';

const TAIZHOU = 'TaizhouRegistryMSP';

async function refusal(p: Promise<unknown>): Promise<Error | undefined> {
  return p.then(
    () => undefined,
    (e: unknown) => e as Error,
  );
}

describe('embedded network: identity and query rules as Fabric applies them', function () {
  let net: TestNetwork;
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dal-fidelity-'));
    net = await startTestNetwork({ chaincode: KV_CHAINCODE, dataDir });
  });
  afterEach(async () => {
    await net?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses a proposal from a peer identity: the channel Writers policy admits clients and admins only', async function () {
    const network = net.ledger.network;
    const id = await network.enroll({ mspId: TAIZHOU, enrollmentId: 'sneaky-peer', nodeType: 'peer' });
    const signer = createSigner(TAIZHOU, id.certificate, id.privateKey);
    const error = await refusal(network.submit(signer, ['KV:Put', 'k', 'v']));
    expect(error?.message).to.match(/Writers policy/);
  });

  it('refuses a CA certificate used as an identity', async function () {
    const ca = JSON.parse(await readFile(join(dataDir, 'crypto', TAIZHOU, 'ca.json'), 'utf8')) as { certificate: string; privateKey: string };
    const signer = createSigner(TAIZHOU, ca.certificate, ca.privateKey);
    const error = await refusal(net.ledger.network.evaluate(signer, ['KV:Get', 'k']));
    expect(error?.message, error?.message).to.match(/CA certificate and cannot be used as an identity/);
  });

  it('keeps a transaction valid after its creator certificate expires, and refuses new proposals with it', async function () {
    this.timeout(30_000);
    const network = net.ledger.network;
    const id = await network.enroll({ mspId: TAIZHOU, enrollmentId: 'short-lived', validForMs: 2500, attributes: { 'dal.role': 'holder' } });
    const signer = createSigner(TAIZHOU, id.certificate, id.privateKey);
    const committed = await network.submit(signer, ['KV:Put', 'before-expiry', 'v']);
    expect(committed.validationCode).to.equal('VALID');
    await new Promise((r) => setTimeout(r, 2800));
    const error = await refusal(network.submit(signer, ['KV:Put', 'after-expiry', 'v']));
    expect(error?.message).to.match(/expired/);
    await net.close();
    const db = await openLedgerDb(join(dataDir, 'ledger'));
    try {
      // history stays verifiable: expiry is judged when an identity acts, not when blocks are re-checked
      expect(await verifyLedger(db)).to.include({ ok: true });
    } finally {
      await db.close();
    }
  });

  it('records one batch and one result read ahead for a range read that stops early, as the peer does', async function () {
    for (let i = 0; i < 5; i++) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => net.submit('enterprise-a', 'KV:Put', `rq-${String(i * 50 + j).padStart(3, '0')}`, 'x')));
    }
    const r = await net.submit('enterprise-a', 'KV:FirstOfRange', 'rq-', 'rq.', '5', 'rq-count');
    expect(r.result).to.equal(5);
    const stored = await net.ledger.network.transaction(r.txId);
    const info = stored!.transaction.rwsets[0]!.kv.getRangeQueriesInfoList()[0]!;
    expect(info.getItrExhausted()).to.equal(false);
    expect(info.getRawReads()!.getKvReadsList()).to.have.length(101);
  });
});

describe('embedded network: collection-level endorsement policy', function () {
  let net: TestNetwork;
  before(async () => {
    const base = loadConsortium();
    const consortium: Consortium = {
      ...base,
      chaincode: {
        ...base.chaincode,
        collections: base.chaincode.collections.map((c) => ({ ...c, endorsementPolicy: "OR('JiangsuRegulatorMSP.peer')" })),
      },
    };
    net = await startTestNetwork({ chaincode: KV_CHAINCODE, consortium });
  });
  after(async () => net?.close());

  it('invalidates a private write its collection\'s policy does not accept, and plans for it on submit', async function () {
    const regulator = net.identities['regulator']!;
    const network = net.ledger.network;
    const signer = (await network.signer(regulator.mspId, regulator.enrollmentId))!;
    const transient = { value: Buffer.from('filing') };
    const bundle = network.proposal(signer, ['KV:PutPrivate', 'regulatorPrivate', 'f1'], { transient });
    // endorsed by two registries: enough for the chaincode, not for the collection
    const endorsements = await network.endorse(bundle, [TAIZHOU, 'YanchengRegistryMSP']);
    const status = await network.broadcast(network.assemble(bundle, endorsements, signer), bundle.txId);
    expect(status.validationCode).to.equal('ENDORSEMENT_POLICY_FAILURE');
    const r = await net.ledger.submit(regulator, 'KV:PutPrivate', ['regulatorPrivate', 'f2'], { transient });
    expect((await net.ledger.getTransaction(r.txId)).endorsers).to.include('JiangsuRegulatorMSP');
  });
});
