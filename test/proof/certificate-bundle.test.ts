import { expect } from 'chai';
import { startTestNetwork, type TestNetwork } from '../support/test-network';
import { issueCertificateTx, type IssuedCertificate } from '../support/certificates';
import { buildBundleForTransaction, buildCertificateBundle } from '../../gateway/src/bundles/build-bundle';
import { channelTrustSource } from '../../gateway/src/verification/channel-trust';
import { verifyCertificateBundle } from '../../network/src/proof/verify-bundle';
import type { CertificateBundle, ChannelTrust } from '../../network/src/proof/certificate-bundle';
import { common } from '@hyperledger/fabric-protos';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

function flipBase64Byte(b64: string, index: number): string {
  const b = Buffer.from(b64, 'base64');
  const i = index < 0 ? b.length + index : index;
  b[i] = b[i]! ^ 0x01;
  return b.toString('base64');
}

describe('certificate bundle (offline verification)', function () {
  let net: TestNetwork;
  let cert: IssuedCertificate;
  let bundle: CertificateBundle;
  let trust: ChannelTrust;
  const copy = (): Mutable<CertificateBundle> => JSON.parse(JSON.stringify(bundle)) as Mutable<CertificateBundle>;
  const failedCheck = async (b: unknown): Promise<string | undefined> => {
    const r = await verifyCertificateBundle(b as CertificateBundle, { trust });
    expect(r.valid).to.equal(false);
    return r.checks.find((c) => !c.ok)?.name;
  };

  before(async function () {
    net = await startTestNetwork();
    cert = await issueCertificateTx(net);
    const caller = net.identities['enterprise-a']!;
    const orgs = net.consortium.organizations;
    bundle = await buildCertificateBundle(net.ledger, caller, cert.id, (m) => orgs.find((o) => o.mspId === m));
    trust = await channelTrustSource(net.ledger, net.consortium)();
  });
  after(async () => net?.close());

  it('verifies a freshly issued certificate with every check passing, pinned to the channel roots', async function () {
    const r = await verifyCertificateBundle(bundle, { trust });
    expect(
      r.checks.filter((c) => !c.ok),
      JSON.stringify(r.checks),
    ).to.deep.equal([]);
    expect(r.valid).to.equal(true);
    expect(r.checks.map((c) => c.name)).to.deep.equal([
      'format',
      'trust-anchors',
      'transaction',
      'creator-certificate',
      'creator-signature',
      'transaction-id',
      'endorsements',
      'issuer-endorsement',
      'state-write',
      'credential-subject',
      'certificate-status',
      'block-inclusion',
      'block-signature',
    ]);
    expect(r.facts).to.include({ certificateId: cert.id, txId: cert.issueTxId, blockNumber: cert.issueBlock, orderedBy: 'OrdererMSP' });
    expect(r.facts!.endorsedBy).to.include('TaizhouRegistryMSP');
    const block = await net.ledger.getBlock(cert.issueBlock);
    expect(r.facts!.blockHash).to.equal(block.headerHash);
  });

  it('is shaped as a W3C verifiable credential and stays under 64 KiB', function () {
    expect(bundle['@context']).to.deep.equal(['https://www.w3.org/ns/credentials/v2']);
    expect(bundle.type).to.deep.equal(['VerifiableCredential', 'DataAssetRegistrationCertificate']);
    expect(bundle.credentialSubject).to.include({ id: cert.id, status: 'issued', registry: 'TaizhouRegistryMSP' });
    expect(bundle.validFrom).to.equal(cert.record.issuedAt);
    expect(Buffer.byteLength(JSON.stringify(bundle))).to.be.lessThan(64 * 1024);
  });

  it('fails credential-subject when a subject field is altered', async function () {
    const b = copy();
    (b.credentialSubject as Record<string, unknown>).grade = 'core';
    expect(await failedCheck(b)).to.equal('credential-subject');
  });

  it('fails state-write when the certificate state is altered', async function () {
    const b = copy();
    const state = JSON.parse(Buffer.from(b.proof.stateValue, 'base64').toString()) as Record<string, unknown>;
    state.status = 'issued ';
    b.proof.stateValue = Buffer.from(JSON.stringify(state)).toString('base64');
    expect(await failedCheck(b)).to.equal('state-write');
  });

  it('fails creator-signature when the transaction signature is altered', async function () {
    const b = copy();
    const env = common.Envelope.deserializeBinary(Buffer.from(b.proof.transaction.envelope, 'base64'));
    env.setSignature(Buffer.from(flipBase64Byte(Buffer.from(env.getSignature_asU8()).toString('base64'), -1), 'base64'));
    b.proof.transaction.envelope = Buffer.from(env.serializeBinary()).toString('base64');
    expect(await failedCheck(b)).to.equal('creator-signature');
  });

  it('fails endorsements when an endorsement signature is altered', async function () {
    const b = copy();
    const env = common.Envelope.deserializeBinary(Buffer.from(b.proof.transaction.envelope, 'base64'));
    const raw = Buffer.from(env.getPayload_asU8());
    // the last bytes of the payload belong to the last endorsement's signature
    raw[raw.length - 3] = raw[raw.length - 3]! ^ 0x01;
    env.setPayload(raw);
    b.proof.transaction.envelope = Buffer.from(env.serializeBinary()).toString('base64');
    expect(['endorsements', 'creator-signature']).to.include(await failedCheck(b));
  });

  it('fails block-inclusion when the Merkle path is altered', async function () {
    const b = copy();
    if (b.proof.block.merklePath!.length === 0) b.proof.block.merkleRoot = '00'.repeat(32);
    else (b.proof.block.merklePath as unknown as { hash: string }[])[0]!.hash = '00'.repeat(32);
    expect(await failedCheck(b)).to.equal('block-inclusion');
  });

  it('fails block-signature when the block header is altered', async function () {
    const b = copy();
    b.proof.block.previousHash = 'ff'.repeat(32);
    expect(await failedCheck(b)).to.equal('block-signature');
  });

  it('fails block-signature when the orderer signature is altered', async function () {
    const b = copy();
    b.proof.block.ordererSignature.signature = flipBase64Byte(b.proof.block.ordererSignature.signature, -1);
    expect(await failedCheck(b)).to.equal('block-signature');
  });

  it('fails trust-anchors when the bundle brings its own root for a pinned organisation', async function () {
    const b = copy();
    b.proof.trustAnchors.TaizhouRegistryMSP = b.proof.trustAnchors.YanchengRegistryMSP!;
    const r = await verifyCertificateBundle(b as CertificateBundle, { trust });
    expect(r.checks.find((c) => !c.ok)?.name).to.equal('trust-anchors');
  });

  it('is not valid unpinned, however good the bundle: trust-anchors fails and the other checks still run', async function () {
    const r = await verifyCertificateBundle(bundle);
    expect(r.valid).to.equal(false);
    expect(r.checks.filter((c) => !c.ok).map((c) => c.name)).to.deep.equal(['trust-anchors']);
    expect(r.checks.map((c) => c.name)).to.include('block-signature');
  });

  it('fails credential-subject when the subject leaves out a field of the certificate, such as its status', async function () {
    const b = copy();
    delete (b.credentialSubject as Record<string, unknown>).status;
    expect(await failedCheck(b)).to.equal('credential-subject');
  });

  it("fails credential-subject when validUntil is not the certificate's expiry", async function () {
    const b = copy();
    b.validUntil = '2099-01-01T00:00:00.000Z';
    expect(await failedCheck(b)).to.equal('credential-subject');
  });

  it("fails credential-subject when the issuer's display name, the title or the proof time is forged", async function () {
    const named = copy();
    (named.issuer as { name?: string }).name = 'Shanghai Data Exchange Registration Centre';
    expect(await failedCheck(named)).to.equal('credential-subject');
    const titled = copy();
    titled.name = 'FAKE';
    expect(await failedCheck(titled)).to.equal('credential-subject');
    const dated = copy();
    dated.proof.created = '2020-01-01T00:00:00.000Z';
    expect(await failedCheck(dated)).to.equal('credential-subject');
  });

  it('fails trust-anchors for a proof from another chaincode than the pinned one', async function () {
    const b = copy();
    b.proof.chaincodeName = 'other';
    expect(await failedCheck(b)).to.equal('trust-anchors');
  });

  it('fails issuer-endorsement when the issuer is not a registry of the channel', async function () {
    const r = await verifyCertificateBundle(bundle, { trust: { ...trust, issuerMspIds: ['YanchengRegistryMSP'] } });
    expect(r.checks.find((c) => !c.ok)?.name).to.equal('issuer-endorsement');
  });

  it('fails block-signature when the block signer is not of an ordering organisation', async function () {
    const r = await verifyCertificateBundle(bundle, { trust: { ...trust, ordererMspIds: ['JiangsuBankMSP'] } });
    expect(r.checks.find((c) => !c.ok)?.name).to.equal('block-signature');
  });

  it('fails certificate-status for a proof of the application before it was issued', async function () {
    const history = (await net.evaluate('enterprise-a', 'Certificate:History', cert.id)) as { txId: string; value: { status: string } }[];
    const applied = history.find((h) => h.value?.status === 'applied')!;
    const orgs = net.consortium.organizations;
    const early = await buildBundleForTransaction(net.ledger, applied.txId, (applied.value as unknown as { id: string }).id, (m) =>
      orgs.find((o) => o.mspId === m),
    );
    const r = await verifyCertificateBundle(early, { trust });
    expect(r.valid).to.equal(false);
    expect(['certificate-status', 'issuer-endorsement']).to.include(r.checks.find((c) => !c.ok)?.name);
  });
});
