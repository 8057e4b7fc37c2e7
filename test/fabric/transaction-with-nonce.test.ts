/**
 * The fabric backend's deterministic transaction ids: fabric-network 2.2 builds the proposal
 * with the nonce we choose, and the id it will send equals the one the embedded network computes
 * for the same nonce and identity (Fabric's protoutil.ComputeTxID), so a repeated request is
 * refused as a duplicate on both backends. No peer is contacted: the connection profile names none.
 */
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { Gateway, Wallets, type X509Identity } from 'fabric-network';
import { createCa, enroll } from '../../network/src/embedded/ca';
import { serializeIdentity } from '../../network/src/protocol/msp';
import { computeTxId } from '../../network/src/protocol/tx-id';
import { DuplicateTransactionError, EndorsementError } from '../../gateway/src/ledger/errors';
import { translateFabricError } from '../../gateway/src/ledger/fabric/fabric-errors';
import { transactionWithNonce } from '../../gateway/src/ledger/fabric/transaction-with-nonce';

const MSP = 'TaizhouRegistryMSP';

describe('fabric backend transaction ids', function () {
  this.timeout(30_000);
  let gateway: Gateway;
  let certificate: string;

  before(async () => {
    const ca = await createCa(MSP, 'ca.taizhou');
    const id = await enroll(ca, { enrollmentId: 'enterprise-a', nodeType: 'client', attributes: { 'dal.role': 'holder' } });
    certificate = id.certificate;
    const wallet = await Wallets.newInMemoryWallet();
    const identity: X509Identity = { type: 'X.509', mspId: MSP, credentials: { certificate: id.certificate, privateKey: id.privateKey } };
    await wallet.put('enterprise-a', identity);
    gateway = new Gateway();
    const profile = { name: 'no-peers', version: '1.0.0', client: { organization: 'Taizhou' }, organizations: { Taizhou: { mspid: MSP, peers: [] } } };
    await gateway.connect(profile, { wallet, identity: 'enterprise-a', discovery: { enabled: false } });
  });

  after(() => gateway?.disconnect());

  it('builds the transaction with the chosen nonce and the id the embedded network computes for it', async () => {
    const contract = (await gateway.getNetwork('dataasset')).getContract('dal');
    const nonce = randomBytes(24);
    const tx = transactionWithNonce(gateway, contract, 'Certificate:Apply', nonce);
    const expected = computeTxId(nonce, serializeIdentity(MSP, certificate));
    expect(tx.getTransactionId()).to.equal(expected);
    expect(tx.getName()).to.equal('Certificate:Apply');
    // fabric-network's own record of what it will send: this nonce, this id.
    const state = JSON.parse(tx.serialize().toString('utf8')) as { nonce: string; transactionId: string };
    expect(Buffer.from(state.nonce, 'base64').equals(nonce)).to.equal(true);
    expect(state.transactionId).to.equal(expected);
  });

  it('gives the same id for the same nonce and a different one for another nonce', async () => {
    const contract = (await gateway.getNetwork('dataasset')).getContract('dal');
    const nonce = randomBytes(24);
    const a = transactionWithNonce(gateway, contract, 'Grant:RecordUsage', nonce).getTransactionId();
    const b = transactionWithNonce(gateway, contract, 'Grant:RecordUsage', Buffer.from(nonce)).getTransactionId();
    const c = transactionWithNonce(gateway, contract, 'Grant:RecordUsage', randomBytes(24)).getTransactionId();
    expect(b).to.equal(a);
    expect(c).to.not.equal(a);
  });
});

describe('fabric backend duplicate proposals', () => {
  it('turns the peer’s "duplicate transaction found" refusal into DuplicateTransactionError with the txId', () => {
    const txId = 'ab'.repeat(32);
    // core/endorser preProcess: status 500, "duplicate transaction found [<txid>]. Creator [<hex>]"
    const failure = Object.assign(new Error('No valid responses from any peers. Errors: ...'), {
      responses: [{ response: { status: 500, message: `duplicate transaction found [${txId}]. Creator [0a12546169]` } }],
    });
    const err = translateFabricError(failure, txId);
    expect(err).to.be.instanceOf(DuplicateTransactionError);
    expect((err as DuplicateTransactionError).txId).to.equal(txId);
  });

  it('keeps any other refusal an EndorsementError, even one that mentions a duplicate in the chaincode’s words', () => {
    const failure = Object.assign(new Error('No valid responses from any peers.'), {
      responses: [{ response: { status: 500, message: 'CONFLICT: fingerprint is a duplicate of 321200-2026-000001' } }],
    });
    expect(translateFabricError(failure)).to.be.instanceOf(EndorsementError);
  });
});
