/**
 * The whole story of a pledged data product, as the bank and the auditor read it: two upstream
 * sources, a valuation, a recognition (互认), a licence with metered uses, a trade, a dispute
 * resolved, then a pledge. The dossier's facts and the lifecycle's entries are checked against
 * what the ledger says of each transaction (GET /transactions/{txId}), never a hard-coded list.
 */
import { expect } from 'chai';
import { startGateway, type TestGateway } from './support/start-gateway';
import { apiClient, type ApiClient } from './support/api-client';
import { DAL_CHAINCODE } from '../support/test-network';
import { pledgedProvenanceProduct, type PledgedProvenanceProduct } from '../support/provenance';
import { channelTrustSource } from '../../gateway/src/verification/channel-trust';
import { verifyProvenanceDossier } from '../../network/src/proof/verify-dossier';
import type { ProvenanceDossier } from '../../network/src/proof/provenance-dossier';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('provenance and lifecycle of a pledged product (HTTP)', function () {
  this.timeout(300_000);
  let gw: TestGateway;
  let api: ApiClient;
  let product: PledgedProvenanceProduct;

  before(async function () {
    gw = await startGateway({ chaincode: DAL_CHAINCODE });
    api = apiClient(gw);
    product = await pledgedProvenanceProduct(gw.net);
  });
  after(async () => gw?.close());

  const ledgerPlace = async (txId: string): Promise<Json> => api.ok('auditor', 'GET', `/transactions/${txId}`);

  it('gives the pledgee bank every fact, the pledge included, each where the ledger put it and in ledger order', async function () {
    const body = await api.ok('bank-officer', 'GET', `/certificates/${product.productId}/provenance`);
    const kinds = new Set(body.facts.map((f: Json) => f.kind));
    for (const kind of ['certificate', 'evidence', 'source', 'recognition', 'grant', 'listing', 'order', 'settlement', 'dispute', 'pledge']) expect(kinds).to.include(kind);
    const pledge = (body.facts as Json[]).filter((f) => f.kind === 'pledge');
    expect(pledge.map((f) => f.txId)).to.deep.equal([product.pledgeTxIds[1]]);
    expect(pledge[0].value).to.include({ kind: 'pledge', holder: 'JiangsuBankMSP', reference: product.pledgeId, status: 'active' });
    expect(JSON.stringify(body.facts)).not.to.include('30000000');
    // the dispute, resolved before the pledge, comes first
    const disputes = (body.facts as Json[]).filter((f) => f.kind === 'dispute');
    expect(disputes.map((f) => f.txId)).to.include(product.resolutionTxId);
    for (const f of body.facts as Json[]) {
      const tx = await ledgerPlace(f.txId);
      expect(f).to.include({ blockNumber: tx.blockNumber, txIndex: tx.txIndex, timestamp: tx.timestamp });
      expect(f.actor.mspId).to.equal(tx.creator.mspId);
    }
    const places = (body.facts as Json[]).map((f) => [f.blockNumber, f.txIndex]);
    expect(places).to.deep.equal([...places].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    const position = (txId: string): number => (body.facts as Json[]).findIndex((f) => f.txId === txId);
    expect(position(product.resolutionTxId)).to.be.lessThan(position(product.pledgeTxIds[1]!));
  });

  it('lists for the auditor every step, the pledge request and acceptance after the resolved dispute, in ledger order', async function () {
    const entries: Json[] = [];
    let bookmark = '';
    do {
      const page = await api.ok('auditor', 'GET', `/certificates/${product.productId}/lifecycle?uses=all&limit=10${bookmark ? `&bookmark=${bookmark}` : ''}`);
      entries.push(...page.items);
      bookmark = page.bookmark;
    } while (bookmark !== '');
    const txIds = entries.map((e) => e.txId);
    const expected = [product.valuationTxId, product.recognitionTxId, ...product.usageTxIds, product.resolutionTxId, ...product.pledgeTxIds];
    for (const txId of expected) expect(txIds, `transaction ${txId}`).to.include(txId);
    const order = entries.map((e) => [e.blockNumber, e.txIndex]);
    expect(order).to.deep.equal([...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    const steps = entries.filter((e) => String(e.type).startsWith('Pledge'));
    expect(steps.map((e) => e.txId)).to.deep.equal([...product.pledgeTxIds]);
    expect(steps.map((e) => e.type)).to.deep.equal(['PledgeRequested', 'PledgeAccepted']);
    for (const step of steps) {
      const tx = await ledgerPlace(step.txId);
      expect(step).to.include({ blockNumber: tx.blockNumber, txIndex: tx.txIndex, validationCode: 'VALID', function: tx.function });
    }
    expect(txIds.indexOf(product.resolutionTxId)).to.be.lessThan(txIds.indexOf(product.pledgeTxIds[0]!));
    const uses = entries.filter((e) => product.usageTxIds.includes(e.txId));
    expect(uses).to.have.length(product.usageTxIds.length);
  });

  it('exports the dossier with the pledge fact, and it verifies offline against the channel roots', async function () {
    const dossier = (await api.ok('bank-officer', 'GET', `/certificates/${product.productId}/provenance/dossier`)) as ProvenanceDossier;
    const facts = (dossier as Json).credentialSubject.facts as Json[];
    expect(facts.some((f) => f.kind === 'pledge' && f.txId === product.pledgeTxIds[1])).to.equal(true);
    const trust = await channelTrustSource(gw.net.ledger, gw.net.consortium)();
    const r = await verifyProvenanceDossier(dossier, { trust });
    expect(
      r.checks.filter((c) => !c.ok),
      JSON.stringify(r.checks),
    ).to.deep.equal([]);
    expect(r.valid).to.equal(true);
  });
});
