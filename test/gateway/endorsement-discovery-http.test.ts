/**
 * Every write route through HTTP, once, on an embedded network that chooses endorsers as
 * fabric-network 2.2 does (`endorsementPlanning: 'discovery'`), and always the one layout of
 * the chaincode-level policy with neither a registry nor the regulator in it. A write to a
 * record under a key-level policy then commits only if its route's declared endorser planning
 * names the organisations that policy needs: a route that forgets it fails here with
 * ENDORSEMENT_POLICY_FAILURE, as it would on real Fabric.
 */
import { expect } from 'chai';
import { CommitError } from '../../gateway/src/ledger/errors';
import { createEndorsementPlanner } from '../../gateway/src/ledger-service/endorsement-plan';
import { GRANT_TO, licenceBody, usageBody } from '../support/grant-bodies';
import { signerOf } from '../support/flow';
import { DAL_CHAINCODE } from '../support/test-network';
import { ENTERPRISE_B, YANCHENG, apiClient, application, expectProblem, fingerprint, issueViaApi, type ApiClient } from './support/api-client';
import { declaredRoutes, declaredSubmit } from './support/route-transactions';
import { startGateway, type TestGateway } from './support/start-gateway';

const EXCHANGE = 'JiangsuExchangeMSP';
const BANK = 'JiangsuBankMSP';
const TAIZHOU = 'TaizhouRegistryMSP';
const SUZHOU_BANK = 'SuzhouBankMSP';
const REGULATOR = 'JiangsuRegulatorMSP';

describe('every write route on a network that plans endorsement as fabric-network 2.2 discovery does', function () {
  let gw: TestGateway;
  let api: ApiClient;
  /** operationIds of the routes whose write committed. */
  const committed = new Set<string>();

  before(async function () {
    gw = await startGateway({
      chaincode: DAL_CHAINCODE,
      network: {
        endorsementPlanning: 'discovery',
        chooseLayout: (layouts) => {
          const layout = layouts.find((l) => l.length === 2 && l.includes(EXCHANGE) && l.includes(BANK));
          if (!layout) throw new Error('the chaincode policy has no layout of the exchange and the bank');
          return layout;
        },
      },
    });
    api = apiClient(gw);
  });
  after(async () => gw?.close());

  /** A write through HTTP that must commit; records the route it went through. */
  const write = async (operationId: string, who: string, path: string, body?: unknown): Promise<any> => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const answer = await api.ok(who, 'POST', path, body);
    expect(answer.txId, `${operationId}: ${JSON.stringify(answer)}`).to.match(/^[0-9a-f]{64}$/);
    committed.add(operationId);
    return answer;
  };

  it('is a network on which a key-level write that names no endorsers fails ENDORSEMENT_POLICY_FAILURE', async function () {
    expect(gw.net.ledger.plansKeyLevelEndorsement).to.equal(false);
    const { id } = await api.ok('taizhou-registrar', 'POST', `/certificates/${(await api.ok('enterprise-a', 'POST', '/certificates', application())).id}/review`, { decision: 'approve', publicityDays: 0 });
    const failure = await gw.net.submit('taizhou-registrar', 'Certificate:Issue', id).then(
      () => expect.fail('an unplanned issue committed'),
      (err: unknown) => err,
    );
    expect(failure).to.be.instanceOf(CommitError);
    expect((failure as CommitError).validationCode).to.equal('ENDORSEMENT_POLICY_FAILURE');
  });

  it('commits a certificate’s life: application, approval, issue, evidence, transfer, change, cancellation and a revocation', async function () {
    const applied = await write('applyForCertificate', 'enterprise-a', '/certificates', application());
    const { id } = await write('reviewCertificate', 'taizhou-registrar', `/certificates/${applied.id}/review`, { decision: 'approve', publicityDays: 0 });
    await write('issueCertificate', 'taizhou-registrar', `/certificates/${id}/issue`);
    await write('addEvidence', 'appraiser', `/certificates/${id}/evidence`, { kind: 'quality', reportHash: fingerprint() });
    await write('transferRight', 'taizhou-registrar', `/certificates/${id}/transfer`, { right: 'operating', to: ENTERPRISE_B, reason: 'sold' });
    await write('changeCertificate', 'taizhou-registrar', `/certificates/${id}/changes`, { reason: 'renamed', name: 'Renamed on a discovery network' });
    expect((await write('cancelCertificate', 'enterprise-a', `/certificates/${id}/cancel`, { reason: 'no longer offered' })).status).to.equal('cancelled');
    const other = await issueViaApi(api);
    expect((await write('revokeCertificate', 'regulator', `/certificates/${other.id}/revoke`, { reason: 'unlawful source' })).status).to.equal('revoked');
  });

  it('commits a judicial freeze and its lifting by the regulator, endorsed under the certificate’s key-level policy', async function () {
    const { id } = await issueViaApi(api);
    const frozen = await write('freezeCertificate', 'regulator', `/certificates/${id}/freezes`, { court: '泰州市中级人民法院', reference: '(2026)苏12执保9号' });
    expect(frozen).to.include({ kind: 'judicial_freeze', status: 'active', certificateId: id });
    expect((await write('unfreezeCertificate', 'regulator', `/certificates/${id}/freezes/${frozen.id}/lift`, { reference: '(2026)苏12执保9号之一' })).status).to.equal('lifted');
  });

  it('commits an important-grade approval, an objection and its upholding', async function () {
    const applied = await write('applyForCertificate', 'enterprise-a', '/certificates', application({ grade: 'important' }));
    const reviewed = await write('reviewCertificate', 'taizhou-registrar', `/certificates/${applied.id}/review`, { decision: 'approve', publicityDays: 10 });
    const objection = await write('raiseObjection', 'enterprise-b', `/certificates/${reviewed.id}/objections`, { reason: 'we collected this data', evidenceHash: fingerprint() });
    const resolved = await write('resolveObjection', 'taizhou-registrar', `/certificates/${reviewed.id}/objections/${objection.id}/resolve`, { upheld: true });
    expect(resolved.certificateStatus).to.equal('rejected');
  });

  it('commits an objection a registrar records on someone’s behalf on the 公示 board, and the board index back-fill', async function () {
    const applied = await write('applyForCertificate', 'enterprise-a', '/certificates', application({ grade: 'important' }));
    const reviewed = await write('reviewCertificate', 'taizhou-registrar', `/certificates/${applied.id}/review`, { decision: 'approve', publicityDays: 10 });
    const objection = await write('raiseObjection', 'taizhou-registrar', `/certificates/${reviewed.id}/objections`, {
      reason: 'a resident’s objection',
      onBehalfOf: { contact: 'resident@example.cn' },
    });
    expect(objection.onBehalfOf.contactHash).to.match(/^[0-9a-f]{64}$/);
    const backfill = await write('backfillPublicityIndex', 'taizhou-registrar', '/publicity/backfill', { limit: 10 });
    expect(backfill.remaining).to.equal(false);
  });

  it('plans a renewal as the certificate’s other writes (it cannot commit here: the window opens 90 days before expiry)', async function () {
    const cert = await issueViaApi(api);
    expectProblem(await api.call('taizhou-registrar', 'POST', `/certificates/${cert.id}/renew`), 409, 'conflict');
    const registrar = gw.net.identities['taizhou-registrar']!;
    const planner = createEndorsementPlanner({ ledger: gw.net.ledger, consortium: gw.net.consortium });
    const renew = declaredSubmit(declaredRoutes(gw.net), 'Certificate:Renew');
    expect(await planner.plan(registrar, renew, [cert.id])).to.include(TAIZHOU);
    committed.add('renewCertificate');
  });

  it('commits an agreement’s proposal, approval and termination, and a recognition under it', async function () {
    const term = { validFrom: new Date(Date.now() - 60_000).toISOString(), validTo: GRANT_TO };
    const proposed = await write('proposeAgreement', 'taizhou-registrar', '/agreements', { counterparty: YANCHENG, scope: { assetTypes: ['resource'], grades: ['general'] }, ...term });
    await write('approveAgreement', 'yancheng-registrar', `/agreements/${proposed.id}/approve`);
    const cert = await issueViaApi(api);
    await write('recogniseCertificate', 'yancheng-registrar', '/recognitions', { certificateId: cert.id });
    expect((await write('terminateAgreement', 'taizhou-registrar', `/agreements/${proposed.id}/terminate`, {})).status).to.equal('terminated');
  });

  it('commits a grant’s creation, suspension, resumption, a use and its revocation', async function () {
    const cert = await issueViaApi(api);
    const grant = await write('createGrant', 'enterprise-a', '/grants', licenceBody(cert.id));
    await write('suspendGrant', 'enterprise-a', `/grants/${grant.id}/suspend`, { reason: 'audit' });
    await write('resumeGrant', 'enterprise-a', `/grants/${grant.id}/resume`, {});
    await write('recordGrantUsage', 'enterprise-b', `/grants/${grant.id}/usages`, usageBody());
    expect((await write('revokeGrant', 'enterprise-a', `/grants/${grant.id}/revoke`, {})).status).to.equal('revoked');
  });

  it('commits the regulator’s negative-list entry and its lifting, a filing’s approval and rejection, and credit flags under the regulator’s key-level policy', async function () {
    const entry = await write('addNegativeListEntry', 'regulator', '/negative-list', { fingerprint: fingerprint(), level: 'restricted', reason: 'under review' });
    expect((await write('liftNegativeListEntry', 'regulator', `/negative-list/${entry.id}/lift`, { reason: 'cleared' })).status).to.equal('lifted');
    const cert = await issueViaApi(api);
    const filed = await write('submitFiling', 'enterprise-a', '/filings', { certificateId: cert.id, purpose: 'research sale', termDays: 30 });
    expect((await write('approveFiling', 'regulator', `/filings/${filed.id}/approve`, {})).status).to.equal('approved');
    const other = await api.ok('enterprise-a', 'POST', '/filings', { certificateId: cert.id, purpose: 'export', termDays: 30 });
    expect((await write('rejectFiling', 'regulator', `/filings/${other.id}/reject`, { reason: 'recipient abroad' })).status).to.equal('rejected');
    await write('setCredit', 'regulator', `/entities/${ENTERPRISE_B}/credit`, { status: 'dishonest', reason: 'contract fraud' });
    // the second write changes a record under the regulator's key-level policy
    expect((await write('setCredit', 'regulator', `/entities/${ENTERPRISE_B}/credit`, { status: 'normal', reason: 'rehabilitated' })).status).to.equal('normal');
  });

  it('commits a listing and its withdrawal, and a trade from offer to settlement, each with the prices’ holders endorsing', async function () {
    const cert = await issueViaApi(api);
    const terms = { purposes: ['credit-scoring'], termDays: 30, deliveryMethod: 'api' };
    const first = await write('createListing', 'enterprise-a', '/listings', { assetId: cert.id, exchange: EXCHANGE, askingPriceFen: 10_000, terms });
    expect((await write('withdrawListing', 'enterprise-a', `/listings/${first.id}/withdraw`, {})).status).to.equal('withdrawn');
    const listing = await api.ok('enterprise-a', 'POST', '/listings', { assetId: cert.id, exchange: EXCHANGE, askingPriceFen: 10_000, terms });
    const order = await write('placeOrder', 'enterprise-b', '/orders', { listingId: listing.id, offerPrice: 9_000 });
    const countered = await write('counterOrder', 'enterprise-a', `/orders/${order.id}/counter`, { price: 9_500 });
    await write('acceptOrder', 'enterprise-b', `/orders/${order.id}/accept`);
    await write('deliverOrder', 'enterprise-a', `/orders/${order.id}/deliver`, { deliverableHash: fingerprint() });
    await write('confirmOrder', 'enterprise-b', `/orders/${order.id}/confirm`);
    await write('consentToDisclosure', 'enterprise-b', `/orders/${order.id}/disclosure-consent`);
    await write('consentToDisclosure', 'enterprise-a', `/orders/${order.id}/disclosure-consent`);
    const settled = await write('settleOrder', 'exchange-operator', `/orders/${order.id}/settle`, { price: 9_500, salt: countered.salt, disclosePrice: true });
    expect(settled.settlement.priceFen).to.equal(9_500);
    const disputed = await api.ok('enterprise-b', 'POST', '/orders', { listingId: listing.id, offerPrice: 8_000 });
    await api.ok('enterprise-a', 'POST', `/orders/${disputed.id}/accept`);
    await write('disputeOrder', 'enterprise-b', `/orders/${disputed.id}/dispute`, { reason: 'late', evidenceHash: fingerprint() });
    const resolved = await write('resolveOrder', 'exchange-operator', `/orders/${disputed.id}/resolve`, { outcome: 'partial', price: 8_000, refundFen: 3_000, salt: disputed.salt });
    expect(resolved.status).to.equal('resolved');
  });

  /**
   * Commits one transaction stamped `at` (the peers' clock there too), endorsed on `orgs`: how
   * a pledge in default is set up, since the gateway stamps proposals with the present.
   */
  const commitAt = async (at: Date, who: string, args: readonly string[], orgs: readonly string[], transient?: Record<string, Uint8Array>): Promise<any> => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const network = gw.net.ledger.network;
    const signer = await signerOf(gw.net, who);
    const bundle = network.proposal(signer, args, { timestamp: at, ...(transient ? { transient } : {}) });
    const endorsements = await gw.net.clock.at(at, () => network.endorse(bundle, orgs));
    const pending = network.broadcast(network.assemble(bundle, endorsements, signer), bundle.txId);
    network.cutBlock();
    expect((await pending).validationCode, args[0]).to.equal('VALID');
    return JSON.parse(Buffer.from(endorsements[0]!.response.getPayload_asU8()).toString('utf8'));
  };

  it('commits a pledge’s request, withdrawal, decline, acceptance, listing consent, release and, after default, its enforcement, with a bank outside the discovery layout endorsing', async function () {
    const cert = await issueViaApi(api);
    const pledge = { certificateId: cert.id, pledgee: SUZHOU_BANK, amount: 5_000_000, termDays: 365 };
    const withdrawn = await write('requestPledge', 'enterprise-a', '/pledges', pledge);
    expect((await write('withdrawPledge', 'enterprise-a', `/pledges/${withdrawn.id}/withdraw`, {})).status).to.equal('withdrawn');
    const declined = await api.ok('enterprise-a', 'POST', '/pledges', pledge);
    expect((await write('declinePledge', 'suzhou-bank-officer', `/pledges/${declined.id}/decline`, {})).status).to.equal('declined');
    const active = await api.ok('enterprise-a', 'POST', '/pledges', pledge);
    expect((await write('acceptPledge', 'suzhou-bank-officer', `/pledges/${active.id}/accept`)).status).to.equal('active');
    await write('consentToPledgedListing', 'suzhou-bank-officer', `/pledges/${active.id}/listing-consent`, { exchange: EXCHANGE });
    // the certificate's own writes now need the bank's peer too
    await write('addEvidence', 'appraiser', `/certificates/${cert.id}/evidence`, { kind: 'compliance', reportHash: fingerprint() });
    expect((await write('releasePledge', 'suzhou-bank-officer', `/pledges/${active.id}/release`, {})).status).to.equal('released');

    // a pledge accepted 40 days ago for 30: in default now
    const past = Date.now() - 40 * 86_400_000;
    const at = (seconds: number): Date => new Date(past + seconds * 1000);
    const applied = await commitAt(at(0), 'enterprise-a', ['Certificate:Apply', JSON.stringify(application())], [TAIZHOU, YANCHENG]);
    const reviewed = await commitAt(at(1), 'taizhou-registrar', ['Certificate:Review', applied.id, JSON.stringify({ decision: 'approve', publicityDays: 0 })], [TAIZHOU, YANCHENG]);
    await commitAt(at(2), 'taizhou-registrar', ['Certificate:Issue', reviewed.id], [TAIZHOU, YANCHENG]);
    const terms = { 'dal.confidential': Buffer.from('{"amount":700000}'), 'dal.salt': Buffer.alloc(32, 3) };
    const old = await commitAt(at(3), 'enterprise-a', ['Pledge:Request', JSON.stringify({ certificateId: reviewed.id, pledgee: SUZHOU_BANK, termDays: 30 })], [TAIZHOU, SUZHOU_BANK, REGULATOR], terms);
    await commitAt(at(4), 'suzhou-bank-officer', ['Pledge:Accept', old.id], [TAIZHOU, SUZHOU_BANK]);
    const enforced = await write('enforcePledge', 'suzhou-bank-officer', `/pledges/${old.id}/enforce`, { transferTo: ENTERPRISE_B, reason: 'loan in default' });
    expect(enforced).to.include({ status: 'enforced' });
    expect((await api.ok('auditor', 'GET', `/certificates/${reviewed.id}`)).rights.map((r: { holder: string }) => r.holder)).to.deep.equal([ENTERPRISE_B, ENTERPRISE_B, ENTERPRISE_B]);
  });

  it('has gone through every route that submits a transaction', function () {
    const submitting = declaredRoutes(gw.net).filter((r) => r.transaction?.kind === 'submit').map((r) => r.operationId);
    expect([...committed].sort()).to.deep.equal([...new Set(submitting)].sort());
  });
});
