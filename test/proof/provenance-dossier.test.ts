import { expect } from 'chai';
import { startTestNetwork, type TestNetwork } from '../support/test-network';
import { provenanceProduct, type ProvenanceProduct } from '../support/provenance';
import { createProvenanceService, type ChaincodeProvenance, type ProvenanceAnswer } from '../../gateway/src/provenance/provenance-service';
import { channelTrustSource } from '../../gateway/src/verification/channel-trust';
import { verifyProvenanceDossier } from '../../network/src/proof/verify-dossier';
import { DOSSIER_CHECKS, type ProvenanceDossier } from '../../network/src/proof/provenance-dossier';
import type { ChannelTrust } from '../../network/src/proof/certificate-bundle';
import { ENTERPRISE_B, expectRefusal } from '../chaincode/certificate-flows';
import { issueCertificate } from '../support/certificates';
import { freeLicenceBody } from '../support/grant-bodies';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('provenance dossier (facts, authorization, offline verification)', function () {
  let net: TestNetwork;
  let product: ProvenanceProduct;
  let answer: ProvenanceAnswer;
  let dossier: ProvenanceDossier;
  let trust: ChannelTrust;
  const copy = (): Json => JSON.parse(JSON.stringify(dossier));
  const failedCheck = async (d: unknown): Promise<string | undefined> => {
    const r = await verifyProvenanceDossier(d as ProvenanceDossier, { trust });
    expect(r.valid).to.equal(false);
    return r.checks.find((c) => !c.ok)?.name;
  };

  before(async function () {
    net = await startTestNetwork();
    product = await provenanceProduct(net);
    const service = createProvenanceService(net.ledger);
    const raw = (await net.evaluate('enterprise-a', 'Certificate:Provenance', product.productId)) as ChaincodeProvenance;
    answer = await service.answer(raw);
    dossier = await service.dossier(raw);
    trust = await channelTrustSource(net.ledger, net.consortium)();
  });
  after(async () => net?.close());

  it('gathers every kind of fact of a product with two sources, a valuation, a recognition, a grant, a trade and a dispute', function () {
    const kinds = new Set(answer.facts.map((f) => f.kind));
    expect([...kinds].sort()).to.deep.equal(['certificate', 'dispute', 'evidence', 'grant', 'listing', 'order', 'recognition', 'settlement', 'source'].sort());
    expect(answer.sources.map((s) => s.id).sort()).to.deep.equal([...product.sourceIds].sort());
    expect(answer.sources.every((s) => s.registry === 'TaizhouRegistryMSP' && s.depth === 1 && s.parentOf === product.productId)).to.equal(true);
    const evidence = answer.facts.find((f) => f.kind === 'evidence')!;
    expect(evidence).to.include({ txId: product.valuationTxId, path: '/evidence/0' });
    expect((evidence.value as Json).appraiser.mspId).to.equal('AppraiserMSP');
    expect(evidence.actor.mspId).to.equal('AppraiserMSP');
    expect(answer.facts.find((f) => f.kind === 'recognition')).to.include({
      txId: product.recognitionTxId,
      subject: `${product.productId}@YanchengRegistryMSP`,
    });
    expect(answer.facts.some((f) => f.kind === 'grant' && f.subject === product.grantId)).to.equal(true);
    expect(answer.facts.some((f) => f.kind === 'settlement' && f.subject === product.settledOrderId)).to.equal(true);
    expect(answer.facts.some((f) => f.kind === 'dispute' && f.subject === product.disputeId)).to.equal(true);
    expect(answer.facts.some((f) => f.kind === 'order' && f.subject === product.disputedOrderId && (f.value as Json).status === 'disputed')).to.equal(true);
  });

  it('places each fact on the ledger: txId, block, time and actor, in ledger order', async function () {
    for (const f of answer.facts) {
      const tx = await net.ledger.getTransaction(f.txId);
      expect(f).to.include({ blockNumber: tx.blockNumber, txIndex: tx.txIndex, timestamp: tx.timestamp, validationCode: 'VALID' });
      expect(f.actor.mspId).to.equal(tx.creator.mspId);
      expect(tx.creator.id).to.contain(`CN=${f.actor.id}`);
    }
    const places = answer.facts.map((f) => f.blockNumber * 10_000 + f.txIndex);
    expect(places).to.deep.equal([...places].sort((a, b) => a - b));
    const issue = answer.facts.find((f) => f.kind === 'certificate' && (f.value as Json).status === 'issued')!;
    expect(issue.actor).to.deep.equal({ mspId: 'TaizhouRegistryMSP', id: 'taizhou-registrar' });
  });

  it('never carries a confidential amount: the valuation shows its commitment only', function () {
    const text = JSON.stringify(dossier);
    expect(text).to.not.contain('88000000');
    const entry = answer.facts.find((f) => f.kind === 'evidence')!.value as Json;
    expect(entry.valuation).to.have.property('commitment');
    expect(entry).to.not.have.property('amount');
  });

  it('is read by the holder and the auditor; the buyer, another registry and a bank without a pledge get FORBIDDEN', async function () {
    expect((await net.evaluate('auditor', 'Certificate:Provenance', product.productId)).facts.length).to.equal(answer.facts.length);
    expect((await net.evaluate('regulator', 'Certificate:Provenance', product.productId)).certificateId).to.equal(product.productId);
    for (const who of ['enterprise-b', 'data-group', 'yancheng-registrar', 'taizhou-registrar', 'bank-officer', 'exchange-operator', 'appraiser']) {
      await expectRefusal(net.evaluate(who, 'Certificate:Provenance', product.productId), 'FORBIDDEN');
    }
  });

  it('verifies offline with every check passing, pinned to the channel roots, and shares blocks between facts', async function () {
    const r = await verifyProvenanceDossier(dossier, { trust });
    expect(
      r.checks.filter((c) => !c.ok),
      JSON.stringify(r.checks),
    ).to.deep.equal([]);
    expect(r.valid).to.equal(true);
    expect(r.checks.map((c) => c.name)).to.deep.equal([...DOSSIER_CHECKS]);
    expect(r.facts).to.include({ certificateId: product.productId, factCount: answer.facts.length });
    const txs = Object.keys(dossier.proof.transactions).length;
    expect(txs).to.equal(new Set(answer.facts.map((f) => f.txId)).size);
    expect(Object.keys(dossier.proof.blocks).length).to.equal(new Set(answer.facts.map((f) => f.blockNumber)).size);
  });

  it('fails trust-anchors without the channel roots: a dossier cannot vouch for itself', async function () {
    const r = await verifyProvenanceDossier(dossier);
    expect(r.valid).to.equal(false);
    expect(r.checks.find((c) => !c.ok)?.name).to.equal('trust-anchors');
  });

  it('fails fact-value when a fact is changed', async function () {
    const d = copy();
    const grant = d.credentialSubject.facts.find((f: Json) => f.kind === 'grant');
    grant.value.purposes = ['anything'];
    expect(await failedCheck(d)).to.equal('fact-value');
  });

  it('fails fact-write when a fact names a transaction that did not write it', async function () {
    const d = copy();
    const facts = d.credentialSubject.facts;
    const grant = facts.find((f: Json) => f.kind === 'grant');
    const other = facts.find((f: Json) => f.kind === 'recognition');
    grant.txId = other.txId;
    expect(await failedCheck(d)).to.equal('fact-write');
  });

  it('fails transaction when two transactions are swapped', async function () {
    const d = copy();
    const [a, b] = Object.keys(d.proof.transactions);
    const swap = d.proof.transactions[a!].envelope;
    d.proof.transactions[a!].envelope = d.proof.transactions[b!].envelope;
    d.proof.transactions[b!].envelope = swap;
    expect(await failedCheck(d)).to.equal('transaction');
  });

  it('fails creator-signature when a transaction envelope is altered', async function () {
    const d = copy();
    const tx = d.proof.transactions[answer.facts.find((f) => f.kind === 'grant')!.txId];
    const bytes = Buffer.from(tx.envelope, 'base64');
    const at = bytes.length - 80; // inside the signature
    bytes[at] = bytes[at]! ^ 0x01;
    tx.envelope = bytes.toString('base64');
    expect(['creator-signature', 'transaction']).to.include(await failedCheck(d));
  });

  it('fails block-inclusion when a block is altered, and block-signature when its signature is', async function () {
    const d = copy();
    const n = Object.keys(d.proof.blocks)[0]!;
    d.proof.blocks[n].merkleRoot = 'ab'.repeat(32);
    expect(await failedCheck(d)).to.equal('block-inclusion');
    const e = copy();
    const sig = Buffer.from(e.proof.blocks[n].ordererSignature.signature, 'base64');
    sig[sig.length - 2] = sig[sig.length - 2]! ^ 0x01;
    e.proof.blocks[n].ordererSignature.signature = sig.toString('base64');
    expect(await failedCheck(e)).to.equal('block-signature');
  });

  it('fails fact-context when a fact claims another time, block or actor', async function () {
    const d = copy();
    d.credentialSubject.facts[0].actor = { mspId: 'JiangsuBankMSP', id: 'bank-officer' };
    expect(await failedCheck(d)).to.equal('fact-context');
  });

  it('fails dossier-subject when a source is dropped, or a fact about another certificate is slipped in', async function () {
    const d = copy();
    d.credentialSubject.facts = d.credentialSubject.facts.filter((f: Json) => !(f.kind === 'source' && f.subject === product.sourceIds[0]));
    expect(await failedCheck(d)).to.equal('dossier-subject');
    const e = copy();
    e.credentialSubject.certificateId = product.sourceIds[0];
    expect(await failedCheck(e)).to.equal('dossier-subject');
  });

  it('proves the grant a derived product rests on (source-grant), and fails dossier-subject without it', async function () {
    const source = await issueCertificate(net);
    const grant = (await net.submit('enterprise-a', 'Grant:Create', JSON.stringify(freeLicenceBody(source.id)))).result;
    const derived = await issueCertificate(net, {
      applicant: 'enterprise-b',
      registrar: 'yancheng-registrar',
      body: {
        registry: 'YanchengRegistryMSP',
        assetType: 'product',
        parents: [source.id],
        rights: ['holding', 'processing', 'operating'].map((type) => ({ type, holder: ENTERPRISE_B })),
      },
    });
    const raw = (await net.evaluate('enterprise-b', 'Certificate:Provenance', derived.id)) as ChaincodeProvenance;
    const licence = raw.facts.filter((f) => f.kind === 'source-grant');
    expect(licence.map((f) => f.subject)).to.deep.equal([grant.id]);
    const d = await createProvenanceService(net.ledger).dossier(raw);
    expect((await verifyProvenanceDossier(d, { trust })).valid).to.equal(true);
    const cut = JSON.parse(JSON.stringify(d)) as Json;
    cut.credentialSubject.facts = cut.credentialSubject.facts.filter((f: Json) => f.kind !== 'source-grant');
    expect(await failedCheck(cut)).to.equal('dossier-subject');
  });

  it('stays under 1 MiB with 50 facts, each transaction and block carried once, and still verifies', async function () {
    const service = createProvenanceService(net.ledger);
    const provenance = async (): Promise<ChaincodeProvenance> =>
      (await net.evaluate('enterprise-a', 'Certificate:Provenance', product.productId)) as ChaincodeProvenance;
    // each evidence entry adds two facts (the certificate's new version and the entry) in one transaction
    for (let facts = (await provenance()).facts.length; facts < 50; facts += 2) {
      await net.submit('appraiser', 'Certificate:AddEvidence', product.productId, JSON.stringify({ kind: 'quality', reportHash: 'e'.repeat(64) }));
    }
    const large = await service.dossier(await provenance());
    expect(large.credentialSubject.facts.length).to.be.at.least(50);
    expect(Buffer.byteLength(JSON.stringify(large))).to.be.lessThan(1024 * 1024);
    expect((await verifyProvenanceDossier(large, { trust })).valid).to.equal(true);
  });
});
