/**
 * Pledge financing (质押融资) through the embedded network: request → accept → release or
 * enforce, every illegal move refused, the amount kept private, overdue computed from ledger
 * time, the listing consent, one pledge per asset under concurrency, and the key-level proof
 * that while pledged the issuing registry alone can no longer change the certificate.
 */
import { expect } from 'chai';
import { createHash, randomBytes } from 'node:crypto';
import { commitTogether, prepare, signerOf } from '../support/flow';
import { evaluateAtTime, issueCertificate, submitAtTime } from '../support/certificates';
import { EXCHANGE, listingBody, settle, submitSecret } from '../support/market';
import { startTestNetwork, type TestNetwork } from '../support/test-network';
import { DATA_GROUP, ENTERPRISE_A, ENTERPRISE_B, REGULATOR, TAIZHOU, YANCHENG, activeAgreement, expectRefusal, fingerprint } from './certificate-flows';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const JIANGSU_BANK = 'JiangsuBankMSP';
const SUZHOU_BANK = 'SuzhouBankMSP';
const DAY = 86_400_000;
const BUYER = '91320500MA1BCD7896'; // a buyer in Suzhou

describe('Pledges (质押): request, accept, release, enforce', function () {
  this.timeout(240_000);
  let net: TestNetwork;

  before(async () => {
    net = await startTestNetwork();
  });

  after(async () => {
    await net?.close();
  });

  const request = (certificateId: string, terms: object = { amount: 50_000_000 }, pledgee = JIANGSU_BANK, termDays = 180, salt = randomBytes(32), as = 'enterprise-a'): Promise<Json> =>
    submitSecret(net, as, 'Pledge:Request', [JSON.stringify({ certificateId, pledgee, termDays })], terms, salt);
  const accept = async (id: string, as = 'bank-officer'): Promise<Json> => (await net.submit(as, 'Pledge:Accept', id)).result;
  const release = async (id: string, as = 'bank-officer'): Promise<Json> => (await net.submit(as, 'Pledge:Release', id, JSON.stringify({ reason: 'loan repaid' }))).result;
  const compliance = (): string => JSON.stringify({ kind: 'compliance', reportHash: fingerprint() });

  it('records a pending pledge with only the salted commitment of the amount on the channel, readable by the holder, the bank and the regulator', async () => {
    const cert = await issueCertificate(net);
    const salt = randomBytes(32);
    const pledge = await request(cert.id, { amount: 50_000_000 }, JIANGSU_BANK, 180, salt);
    expect(pledge).to.include({ docType: 'pledge', certificateId: cert.id, pledgor: ENTERPRISE_A, pledgee: JIANGSU_BANK, status: 'pending', termDays: 180, effectiveStatus: 'pending' });
    expect(pledge.id).to.match(/^PLG-[0-9A-Z]{10}$/);
    expect(pledge.terms.holders).to.deep.equal([JIANGSU_BANK, REGULATOR, TAIZHOU]);
    expect(pledge.terms.commitment).to.equal(createHash('sha256').update(Buffer.concat([salt, Buffer.from('{"amount":50000000}')])).digest('hex'));
    expect(JSON.stringify(pledge)).not.to.include('50000000');
    for (const who of ['enterprise-a', 'bank-officer', 'regulator']) {
      expect(await net.evaluate(who, 'Pledge:Terms', pledge.id)).to.include({ amount: 50_000_000, salt: salt.toString('hex') });
    }
    await expectRefusal(net.evaluate('suzhou-bank-officer', 'Pledge:Terms', pledge.id), 'FORBIDDEN');
    await expectRefusal(net.evaluate('yancheng-registrar', 'Pledge:Get', pledge.id), 'FORBIDDEN');
    await expectRefusal(net.evaluate('exchange-operator', 'Pledge:Terms', pledge.id), 'FORBIDDEN');
  });

  it('keeps a valuation reference in the private terms, and refuses one that is not a valuation of the certificate', async () => {
    const cert = await issueCertificate(net);
    await submitSecret(net, 'appraiser', 'Certificate:AddEvidence', [cert.id, JSON.stringify({ kind: 'valuation', reportHash: fingerprint(), method: 'income' })], { amount: 80_000_000 }, randomBytes(32));
    await net.submit('appraiser', 'Certificate:AddEvidence', cert.id, compliance());
    await expectRefusal(request(cert.id, { amount: 1, valuationRef: 1 }), 'INVALID_REQUEST', /valuationRef 1 is not a valuation/);
    const pledge = await request(cert.id, { amount: 40_000_000, valuationRef: 0 });
    expect(pledge).not.to.have.property('valuationRef');
    expect(await net.evaluate('bank-officer', 'Pledge:Terms', pledge.id)).to.include({ amount: 40_000_000, valuationRef: 0 });
  });

  it('refuses bad requests: amount in the arguments, no amount, a pledgee that is not a bank, a caller that is not the holder, a certificate not issued', async () => {
    const cert = await issueCertificate(net);
    await expectRefusal(net.submit('enterprise-a', 'Pledge:Request', JSON.stringify({ certificateId: cert.id, pledgee: JIANGSU_BANK, termDays: 30, amount: 5 })), 'INVALID_REQUEST', /confidential/);
    await expectRefusal(request(cert.id, { amount: 0 }), 'INVALID_REQUEST', /amount/);
    await expectRefusal(request(cert.id, { amount: 1.5 }), 'INVALID_REQUEST', /amount/);
    await expectRefusal(request(cert.id, { amount: 5 }, EXCHANGE), 'INVALID_REQUEST', /not a bank/);
    await expectRefusal(request(cert.id, { amount: 5 }, JIANGSU_BANK, 0), 'INVALID_REQUEST', /termDays/);
    await expectRefusal(request(cert.id, { amount: 5 }, JIANGSU_BANK, 30, randomBytes(32), 'enterprise-b'), 'FORBIDDEN');
    await net.submit('enterprise-a', 'Certificate:Cancel', cert.id, JSON.stringify({ reason: 'retired' }));
    await expectRefusal(request(cert.id), 'CONFLICT', /cancelled/);
  });

  it('opens a pledge encumbrance on acceptance, adds the bank to the certificate’s key-level policy, and shows pledged in public verification without the amount', async () => {
    const cert = await issueCertificate(net);
    expect(cert.endorsingOrgs).to.deep.equal([TAIZHOU]);
    const pledge = await request(cert.id);
    const accepted = await accept(pledge.id);
    expect(accepted).to.include({ status: 'active', effectiveStatus: 'active', overdue: false });
    expect(accepted.endorsersBefore).to.deep.equal([TAIZHOU]);
    expect(Date.parse(accepted.dueAt) - Date.parse(accepted.acceptedAt)).to.equal(180 * DAY);
    expect((await net.evaluate('auditor', 'Certificate:Get', cert.id)).endorsingOrgs).to.deep.equal([JIANGSU_BANK, TAIZHOU]);
    const view = await net.evaluate('auditor', 'Certificate:Verification', cert.id);
    expect(view).to.include({ valid: true, status: 'issued', pledged: true });
    expect(view.pledgee).to.deep.equal({ mspId: JIANGSU_BANK, name: 'Jiangsu Data Pledge Bank', nameZh: '江苏数据资产质押融资银行', since: accepted.acceptedAt });
    expect(view.encumbrances).to.deep.equal([{ kind: 'pledge', since: accepted.acceptedAt, reference: pledge.id }]);
    expect(JSON.stringify(view)).not.to.match(/amount|50000000|commitment/);
    // what the pledge blocks: a transfer, a change, a cancellation, a new grant
    await expectRefusal(net.submit('taizhou-registrar', 'Certificate:TransferRight', cert.id, JSON.stringify({ right: 'operating', to: DATA_GROUP })), 'CONFLICT', new RegExp(`pledge ${accepted.encumbranceId}`));
    await expectRefusal(net.submit('enterprise-a', 'Certificate:Cancel', cert.id, JSON.stringify({ reason: 'retired' })), 'CONFLICT', /pledgee/);
  });

  it('refuses every illegal move with 409 CONFLICT (or 403 for the wrong party)', async () => {
    const cert = await issueCertificate(net);
    const pledge = await request(cert.id);
    await expectRefusal(request(cert.id, { amount: 7 }, SUZHOU_BANK), 'CONFLICT', new RegExp(`already has the pledge ${pledge.id}`));
    await expectRefusal(accept(pledge.id, 'suzhou-bank-officer'), 'FORBIDDEN', /only an officer of the pledgee JiangsuBankMSP/);
    await expectRefusal(accept(pledge.id, 'taizhou-registrar'), 'FORBIDDEN');
    await expectRefusal(release(pledge.id), 'CONFLICT', /cannot release .* it is pending/);
    await expectRefusal(net.submit('bank-officer', 'Pledge:Enforce', pledge.id, JSON.stringify({ transferTo: BUYER, reason: 'default' })), 'CONFLICT', /cannot enforce .* pending/);
    await expectRefusal(net.submit('bank-officer', 'Pledge:ConsentToListing', pledge.id, JSON.stringify({ exchange: EXCHANGE })), 'CONFLICT', /pending/);
    await expectRefusal(net.submit('bank-officer', 'Pledge:Withdraw', pledge.id, '{}'), 'FORBIDDEN');
    await accept(pledge.id);
    await expectRefusal(accept(pledge.id), 'CONFLICT', /cannot accept .* it is active/);
    await expectRefusal(net.submit('bank-officer', 'Pledge:Decline', pledge.id, '{}'), 'CONFLICT', /cannot decline .* active/);
    await expectRefusal(net.submit('enterprise-a', 'Pledge:Withdraw', pledge.id, '{}'), 'CONFLICT', /cannot withdraw .* active/);
    await expectRefusal(net.submit('enterprise-a', 'Pledge:Release', pledge.id, '{}'), 'FORBIDDEN');
    await expectRefusal(net.submit('bank-officer', 'Pledge:Enforce', pledge.id, JSON.stringify({ transferTo: BUYER, reason: 'default' })), 'CONFLICT', /not in default/);
    await release(pledge.id);
    await expectRefusal(release(pledge.id), 'CONFLICT', /it is released/);
    await expectRefusal(accept('PLG-0000000000'), 'NOT_FOUND');
  });

  it('lets the bank decline and the holder withdraw a pending pledge, each freeing the asset for the next one', async () => {
    const cert = await issueCertificate(net);
    const first = await request(cert.id);
    const declined = (await net.submit('bank-officer', 'Pledge:Decline', first.id, JSON.stringify({ reason: 'valuation too low' }))).result;
    expect(declined).to.include({ status: 'declined' });
    expect(declined.closure).to.include({ reason: 'valuation too low' });
    const second = await request(cert.id, { amount: 9 }, SUZHOU_BANK);
    expect((await net.submit('enterprise-a', 'Pledge:Withdraw', second.id, '{}')).result).to.include({ status: 'withdrawn' });
    const third = await request(cert.id);
    expect(third.status).to.equal('pending');
    expect((await net.evaluate('auditor', 'Certificate:Verification', cert.id)).pledged).to.equal(false);
  });

  it('keeps the asset as its pledgor asked: no right moves while a pledge is pending, and moves again once it is withdrawn', async () => {
    const cert = await issueCertificate(net);
    const pending = await request(cert.id);
    const transfer = JSON.stringify({ right: 'holding', to: DATA_GROUP });
    await expectRefusal(net.submit('taizhou-registrar', 'Certificate:TransferRight', cert.id, transfer), 'CONFLICT', new RegExp(`pledge pending with ${JIANGSU_BANK}`));
    expect((await net.evaluate('auditor', 'Certificate:Get', cert.id)).rights.find((r: Json) => r.type === 'holding').holder).to.not.equal(DATA_GROUP);
    await net.submit('enterprise-a', 'Pledge:Withdraw', pending.id, '{}');
    await net.submit('taizhou-registrar', 'Certificate:TransferRight', cert.id, transfer);
    expect((await net.evaluate('auditor', 'Certificate:Get', cert.id)).rights.find((r: Json) => r.type === 'holding').holder).to.equal(DATA_GROUP);
  });

  it('announces a pledge step to every member’s event stream with only what verification shows: no pledgor, term, due date or terms', async () => {
    const cert = await issueCertificate(net);
    const seen: { eventName: string; payload: Json }[] = [];
    const off = net.ledger.onEvent((e) => seen.push({ eventName: e.eventName, payload: JSON.parse(Buffer.from(e.payload).toString('utf8')) }));
    try {
      const pledge = await request(cert.id);
      await accept(pledge.id);
      const mine = seen.filter((e) => e.payload.id === pledge.id);
      expect(mine.map((e) => e.eventName)).to.deep.equal(['PledgeRequested', 'PledgeAccepted']);
      for (const { payload } of mine) {
        expect(Object.keys(payload).sort()).to.deep.equal(['certificateId', 'createdTxId', 'docType', 'id', 'lastAction', 'lastTxId', 'pledgee', 'registry', 'status', 'updatedAt']);
        expect(payload).to.include({ certificateId: cert.id, pledgee: JIANGSU_BANK });
      }
    } finally {
      off();
    }
  });

  it('restores exactly the registry’s policy on release (the regulator too for important grade) and unfreezes the asset', async () => {
    const cert = await issueCertificate(net, { body: { grade: 'important' } });
    expect(cert.endorsingOrgs).to.deep.equal([REGULATOR, TAIZHOU]);
    const pledge = await request(cert.id);
    await accept(pledge.id);
    expect((await net.evaluate('auditor', 'Certificate:Get', cert.id)).endorsingOrgs).to.deep.equal([JIANGSU_BANK, REGULATOR, TAIZHOU]);
    const released = await release(pledge.id);
    expect(released).to.include({ status: 'released', effectiveStatus: 'released' });
    const after = await net.evaluate('auditor', 'Certificate:Get', cert.id);
    expect(after.endorsingOrgs).to.deep.equal([REGULATOR, TAIZHOU]);
    expect(after.status).to.equal('issued');
    const view = await net.evaluate('auditor', 'Certificate:Verification', cert.id);
    expect(view).to.include({ pledged: false }).and.not.to.have.property('pledgee');
    expect(view.encumbrances).to.deep.equal([]);
    await net.submit('taizhou-registrar', 'Certificate:TransferRight', cert.id, JSON.stringify({ right: 'operating', to: DATA_GROUP }));
  });

  it('answers an active pledge past its term as overdue (never silently released) and lets the bank enforce it, moving the rights with the reason recorded', async () => {
    const cert = await issueCertificate(net);
    const pledge = await request(cert.id, { amount: 3_000_000 }, JIANGSU_BANK, 30);
    const accepted = await accept(pledge.id);
    const late = new Date(Date.parse(accepted.dueAt) + 1000);
    const seen = await evaluateAtTime(net, late, 'bank-officer', 'Pledge:Get', pledge.id);
    expect(seen).to.include({ status: 'active', effectiveStatus: 'overdue', overdue: true });
    const listed = await evaluateAtTime(net, late, 'bank-officer', 'Pledge:List', JSON.stringify({ role: 'pledgee', status: 'overdue' }), '500', '');
    expect(listed.items.map((p: Json) => p.id)).to.include(pledge.id);
    expect((await evaluateAtTime(net, late, 'auditor', 'Certificate:Verification', cert.id)).pledged).to.equal(true);
    await expectRefusal(submitAtTime(net, late, 'bank-officer', 'Pledge:Enforce', pledge.id, JSON.stringify({ transferTo: ENTERPRISE_A, reason: 'x' })), 'INVALID_REQUEST', /another entity/);
    const enforced = (await submitAtTime(net, late, 'bank-officer', 'Pledge:Enforce', pledge.id, JSON.stringify({ transferTo: BUYER, reason: 'loan in default since the due date' }))).result;
    expect(enforced).to.include({ status: 'enforced' });
    expect(enforced.enforcement).to.include({ transferTo: BUYER, reason: 'loan in default since the due date' });
    expect(enforced.enforcement.rights).to.deep.equal(['holding', 'processing', 'operating']);
    const after = await evaluateAtTime(net, late, 'auditor', 'Certificate:Get', cert.id);
    expect(after.rights.map((r: Json) => r.holder)).to.deep.equal([BUYER, BUYER, BUYER]);
    expect(after.lastChange).to.include({ kind: 'transfer', from: ENTERPRISE_A, to: BUYER });
    expect(after.lastChange.reason).to.include(pledge.id).and.include('loan in default');
    expect(after.endorsingOrgs).to.deep.equal([TAIZHOU]);
    expect((await evaluateAtTime(net, late, 'auditor', 'Certificate:Verification', cert.id)).pledged).to.equal(false);
  });

  it('enforces by sale (处置): after default the bank lists at the exchange it consented to, and settling moves the pledgor’s rights to the buyer and closes the pledge enforced with the order', async () => {
    const cert = await issueCertificate(net);
    const pledge = await request(cert.id, { amount: 3_000_000 }, JIANGSU_BANK, 30);
    const accepted = await accept(pledge.id);
    const late = new Date(Date.parse(accepted.dueAt) + 1000);
    const at = async (as: string, fn: string, ...args: string[]): Promise<Json> => (await submitAtTime(net, late, as, fn, ...args)).result;
    await net.submit('bank-officer', 'Pledge:ConsentToListing', pledge.id, JSON.stringify({ exchange: EXCHANGE }));
    // before default the bank may not sell; only the pledgee bank may, and only at the consented exchange
    await expectRefusal(net.submit('bank-officer', 'Market:CreateListing', listingBody(cert.id)), 'CONFLICT', /not in default/);
    await expectRefusal(at('suzhou-bank-officer', 'Market:CreateListing', listingBody(cert.id)), 'FORBIDDEN', /pledgee JiangsuBankMSP/);
    await expectRefusal(at('bank-officer', 'Market:CreateListing', listingBody(cert.id, { exchange: JIANGSU_BANK })), 'INVALID_REQUEST', /not an exchange/);
    const listing = await at('bank-officer', 'Market:CreateListing', listingBody(cert.id));
    expect(listing).to.include({ seller: ENTERPRISE_A, sellerMspId: JIANGSU_BANK, enforcementOf: pledge.id });
    const salt = randomBytes(16);
    const order = await net.clock.at(late, () => submitSecret(net, 'enterprise-b', 'Market:PlaceOrder', [JSON.stringify({ listingId: listing.id })], { price: 2_500_000 }, salt, late));
    expect(order.enforcementOf).to.equal(pledge.id);
    // the seller's side of a 处置 sale is the bank, not the defaulting pledgor
    await expectRefusal(at('enterprise-a', 'Market:Accept', order.id), 'FORBIDDEN');
    await at('bank-officer', 'Market:Accept', order.id);
    await at('bank-officer', 'Market:Deliver', order.id, JSON.stringify({ deliverableHash: fingerprint() }));
    await at('enterprise-b', 'Market:Confirm', order.id);
    // the settlement writes the certificate (and the bank's copy of the amounts): endorsed by every peer but the bank's, it is invalidated at commit
    const network = net.ledger.network;
    const operator = await signerOf(net, 'exchange-operator');
    const transient = { 'dal.confidential': Buffer.from(JSON.stringify({ price: 2_500_000 })), 'dal.salt': salt };
    const bundle = network.proposal(operator, ['Market:Settle', order.id, JSON.stringify({ disclosePrice: false })], { transient, timestamp: late });
    const withoutBank = await net.clock.at(late, () => network.endorse(bundle, [EXCHANGE, TAIZHOU, YANCHENG, REGULATOR]));
    expect((await commitTogether(net, [{ txId: bundle.txId, envelope: network.assemble(bundle, withoutBank, operator) }])).codes).to.deep.equal(['ENDORSEMENT_POLICY_FAILURE']);
    expect((await evaluateAtTime(net, late, 'auditor', 'Certificate:Get', cert.id)).rights.map((r: Json) => r.holder)).to.deep.equal([ENTERPRISE_A, ENTERPRISE_A, ENTERPRISE_A]);
    const sold = { orderId: order.id, price: 2_500_000, salt, seller: 'bank-officer', buyer: 'enterprise-b' };
    const settlement = await net.clock.at(late, () => settle(net, sold, false, late));
    expect(settlement).to.include({ enforcementOf: pledge.id }).and.not.to.have.property('grantId');
    expect(settlement.payees.at(-1)).to.include({ payee: JIANGSU_BANK, kind: 'seller' });
    const enforced = await evaluateAtTime(net, late, 'bank-officer', 'Pledge:Get', pledge.id);
    expect(enforced).to.include({ status: 'enforced', effectiveStatus: 'enforced', overdue: false });
    expect(enforced.enforcement).to.include({ transferTo: ENTERPRISE_B, orderId: order.id, listingId: listing.id });
    expect(enforced.enforcement.reason).to.match(/defaulted/);
    expect(enforced.enforcement.rights).to.deep.equal(['holding', 'processing', 'operating']);
    const after = await evaluateAtTime(net, late, 'auditor', 'Certificate:Get', cert.id);
    expect(after.rights.map((r: Json) => r.holder)).to.deep.equal([ENTERPRISE_B, ENTERPRISE_B, ENTERPRISE_B]);
    expect(after.lastChange).to.include({ kind: 'transfer', from: ENTERPRISE_A, to: ENTERPRISE_B });
    expect(after.lastChange.reason).to.include(pledge.id).and.include(order.id);
    expect(after.endorsingOrgs).to.deep.equal([TAIZHOU]);
    const view = await evaluateAtTime(net, late, 'auditor', 'Certificate:Verification', cert.id);
    expect(view).to.include({ pledged: false, valid: true });
    expect(view.encumbrances).to.deep.equal([]);
    // the provenance records the sale: the pledge lifted naming the order, the settlement naming the pledge
    const provenance = await evaluateAtTime(net, late, 'auditor', 'Certificate:Provenance', cert.id);
    const lifted = provenance.facts.find((f: Json) => f.kind === 'pledge' && f.value.status === 'lifted');
    expect(lifted.value.lifted.reason).to.include(order.id);
    expect(provenance.facts.some((f: Json) => f.kind === 'settlement' && f.subject === order.id && f.value.enforcementOf === pledge.id)).to.equal(true);
    // no second enforcement, no release of an enforced pledge, no second settlement
    await expectRefusal(net.clock.at(late, () => settle(net, sold, false, late)), 'CONFLICT', /cannot settle .* settled/);
    await expectRefusal(at('bank-officer', 'Pledge:Enforce', pledge.id, JSON.stringify({ transferTo: BUYER, reason: 'again' })), 'CONFLICT', /it is enforced/);
    await expectRefusal(at('bank-officer', 'Pledge:Release', pledge.id, '{}'), 'CONFLICT', /it is enforced/);
  });

  it('refuses to settle a 处置 sale once the bank has released the pledge (409), and a bank listing an asset it holds no pledge of (403)', async () => {
    const cert = await issueCertificate(net);
    await expectRefusal(net.submit('bank-officer', 'Market:CreateListing', listingBody(cert.id)), 'FORBIDDEN', /holds in pledge/);
    const pledge = await request(cert.id, { amount: 3_000_000 }, JIANGSU_BANK, 30);
    const accepted = await accept(pledge.id);
    const late = new Date(Date.parse(accepted.dueAt) + 1000);
    const at = async (as: string, fn: string, ...args: string[]): Promise<Json> => (await submitAtTime(net, late, as, fn, ...args)).result;
    await net.submit('bank-officer', 'Pledge:ConsentToListing', pledge.id, JSON.stringify({ exchange: EXCHANGE }));
    const listing = await at('bank-officer', 'Market:CreateListing', listingBody(cert.id));
    const salt = randomBytes(16);
    const order = await net.clock.at(late, () => submitSecret(net, 'enterprise-b', 'Market:PlaceOrder', [JSON.stringify({ listingId: listing.id })], { price: 1_000_000 }, salt, late));
    await at('bank-officer', 'Market:Accept', order.id);
    await at('bank-officer', 'Market:Deliver', order.id, JSON.stringify({ deliverableHash: fingerprint() }));
    await at('enterprise-b', 'Market:Confirm', order.id);
    await at('bank-officer', 'Pledge:Release', pledge.id, JSON.stringify({ reason: 'repaid before the sale settled' }));
    await expectRefusal(net.clock.at(late, () => settle(net, { orderId: order.id, price: 1_000_000, salt, seller: 'bank-officer', buyer: 'enterprise-b' }, false, late)), 'CONFLICT', /cannot enforce .* it is released/);
    const kept = await evaluateAtTime(net, late, 'auditor', 'Certificate:Get', cert.id);
    expect(kept.rights.map((r: Json) => r.holder)).to.deep.equal([ENTERPRISE_A, ENTERPRISE_A, ENTERPRISE_A]);
  });

  it('lists the bank’s pledges and the holder’s own, and refuses a list by someone who is neither', async () => {
    const cert = await issueCertificate(net);
    const pledge = await request(cert.id, { amount: 5 }, SUZHOU_BANK);
    const bankList = await net.evaluate('suzhou-bank-officer', 'Pledge:List', JSON.stringify({ role: 'pledgee', status: 'pending' }), '500', '');
    expect(bankList.items.map((p: Json) => p.id)).to.include(pledge.id);
    const otherBank = await net.evaluate('bank-officer', 'Pledge:List', JSON.stringify({ role: 'pledgee' }), '500', '');
    expect(otherBank.items.map((p: Json) => p.id)).not.to.include(pledge.id);
    const own = await net.evaluate('enterprise-a', 'Pledge:List', JSON.stringify({ role: 'pledgor' }), '500', '');
    expect(own.items.map((p: Json) => p.id)).to.include(pledge.id);
    await expectRefusal(net.evaluate('taizhou-registrar', 'Pledge:List', JSON.stringify({ role: 'pledgee' }), '50', ''), 'FORBIDDEN');
    await expectRefusal(net.evaluate('suzhou-bank-officer', 'Pledge:List', JSON.stringify({ role: 'bank' }), '50', ''), 'INVALID_REQUEST');
  });

  it('refuses a listing of a pledged asset until the bank records its consent for that exchange, and records the listing on the pledge', async () => {
    const cert = await issueCertificate(net);
    const pledge = await request(cert.id);
    await accept(pledge.id);
    await expectRefusal(net.submit('enterprise-a', 'Market:CreateListing', listingBody(cert.id)), 'CONFLICT', /a listing .* is blocked by the pledge/);
    await expectRefusal(net.submit('bank-officer', 'Pledge:ConsentToListing', pledge.id, JSON.stringify({ exchange: JIANGSU_BANK })), 'INVALID_REQUEST', /not an exchange/);
    await expectRefusal(net.submit('suzhou-bank-officer', 'Pledge:ConsentToListing', pledge.id, JSON.stringify({ exchange: EXCHANGE })), 'FORBIDDEN');
    const consented = (await net.submit('bank-officer', 'Pledge:ConsentToListing', pledge.id, JSON.stringify({ exchange: EXCHANGE }))).result;
    expect(consented.listingConsent).to.include({ exchange: EXCHANGE });
    const listing = (await net.submit('enterprise-a', 'Market:CreateListing', listingBody(cert.id))).result;
    expect(listing.status).to.equal('open');
    expect((await net.evaluate('bank-officer', 'Pledge:Get', pledge.id)).listingConsent.listings).to.deep.equal([listing.id]);
    // the pledge still stands: the certificate cannot move
    await expectRefusal(net.submit('taizhou-registrar', 'Certificate:TransferRight', cert.id, JSON.stringify({ right: 'operating', to: DATA_GROUP })), 'CONFLICT', /pledge/);
  });

  it('lets exactly one of two concurrent requests of the same asset to two banks commit; the other is invalidated at commit and a retry is refused 409', async () => {
    const cert = await issueCertificate(net);
    const tx = (bank: string): Promise<Awaited<ReturnType<typeof prepare>>> =>
      prepare(net, 'enterprise-a', ['Pledge:Request', JSON.stringify({ certificateId: cert.id, pledgee: bank, termDays: 90 })], [TAIZHOU, bank, REGULATOR], {
        'dal.confidential': Buffer.from('{"amount":1000000}'),
        'dal.salt': randomBytes(32),
      });
    const [jiangsu, suzhou] = await Promise.all([tx(JIANGSU_BANK), tx(SUZHOU_BANK)]);
    const { codes } = await commitTogether(net, [jiangsu, suzhou]);
    // the second writes the slot the first just wrote (and gave a key-level policy) in the same block:
    // Fabric's validator invalidates it, for the policy update (ENDORSEMENT_POLICY_FAILURE) before it reaches the MVCC check
    expect(codes[0]).to.equal('VALID');
    expect(codes[1]).to.be.oneOf(['ENDORSEMENT_POLICY_FAILURE', 'MVCC_READ_CONFLICT']);
    await expectRefusal(request(cert.id, { amount: 1_000_000 }, SUZHOU_BANK), 'CONFLICT', /an asset is pledged once/);
    const own = await net.evaluate('enterprise-a', 'Pledge:List', JSON.stringify({ role: 'pledgor' }), '500', '');
    expect(own.items.filter((p: Json) => p.certificateId === cert.id).map((p: Json) => p.pledgee)).to.deep.equal([JIANGSU_BANK]);
  });

  it('lets exactly one of two concurrent pledges of a Taizhou certificate recognised by Yancheng and held by a Yancheng enterprise, to two banks, commit', async () => {
    // two cities: issued in Taizhou, recognised (互认) in Yancheng, its holding right with a Yancheng
    // enterprise that requests through its own registry. The principal holder is one entity and an
    // entity enrols only under its own city's registry, so both racing requests are its own.
    const cert = await issueCertificate(net);
    await activeAgreement(net, 'yancheng-registrar', TAIZHOU);
    await net.submit('yancheng-registrar', 'Recognition:Recognise', JSON.stringify({ certificateId: cert.id }));
    await net.submit('taizhou-registrar', 'Certificate:TransferRight', cert.id, JSON.stringify({ right: 'holding', to: ENTERPRISE_B }));
    const tx = (bank: string): Promise<Awaited<ReturnType<typeof prepare>>> =>
      prepare(net, 'enterprise-b', ['Pledge:Request', JSON.stringify({ certificateId: cert.id, pledgee: bank, termDays: 90 })], [YANCHENG, TAIZHOU, bank, REGULATOR], {
        'dal.confidential': Buffer.from('{"amount":2000000}'),
        'dal.salt': randomBytes(32),
      });
    const [suzhou, jiangsu] = await Promise.all([tx(SUZHOU_BANK), tx(JIANGSU_BANK)]);
    const { codes } = await commitTogether(net, [suzhou, jiangsu]);
    expect(codes[0]).to.equal('VALID');
    expect(codes[1]).to.be.oneOf(['ENDORSEMENT_POLICY_FAILURE', 'MVCC_READ_CONFLICT']);
    const own = await net.evaluate('enterprise-b', 'Pledge:List', JSON.stringify({ role: 'pledgor' }), '500', '');
    const pledges = own.items.filter((p: Json) => p.certificateId === cert.id);
    expect(pledges.map((p: Json) => [p.pledgee, p.pledgorMspId, p.registry])).to.deep.equal([[SUZHOU_BANK, YANCHENG, TAIZHOU]]);
    // the loser's bank cannot accept anything, and a retry to it is refused 409
    await expectRefusal(request(cert.id, { amount: 2_000_000 }, JIANGSU_BANK, 90, randomBytes(32), 'enterprise-b'), 'CONFLICT', /an asset is pledged once/);
    expect((await accept(pledges[0].id, 'suzhou-bank-officer')).status).to.equal('active');
    expect((await net.evaluate('auditor', 'Certificate:Verification', cert.id)).pledgee.mspId).to.equal(SUZHOU_BANK);
  });

  it('invalidates ENDORSEMENT_POLICY_FAILURE a certificate write endorsed by the issuing registry alone while pledged, and accepts it again after release (key-level policy)', async () => {
    const cert = await issueCertificate(net);
    const evidence = (): Promise<Awaited<ReturnType<typeof prepare>>> => prepare(net, 'appraiser', ['Certificate:AddEvidence', cert.id, compliance()], [TAIZHOU]);
    expect((await commitTogether(net, [await evidence()])).codes).to.deep.equal(['VALID']);
    const pledge = await request(cert.id);
    await accept(pledge.id);
    expect((await commitTogether(net, [await evidence()])).codes).to.deep.equal(['ENDORSEMENT_POLICY_FAILURE']);
    // a revocation by the city with another city's peer: still not the bank's
    const revoke = await prepare(net, 'taizhou-registrar', ['Certificate:Revoke', cert.id, JSON.stringify({ reason: 'behind the bank’s back' })], [TAIZHOU, YANCHENG]);
    expect((await commitTogether(net, [revoke])).codes).to.deep.equal(['ENDORSEMENT_POLICY_FAILURE']);
    expect((await net.evaluate('auditor', 'Certificate:Get', cert.id)).status).to.equal('issued');
    const withBank = await prepare(net, 'appraiser', ['Certificate:AddEvidence', cert.id, compliance()], [TAIZHOU, JIANGSU_BANK]);
    expect((await commitTogether(net, [withBank])).codes).to.deep.equal(['VALID']);
    await release(pledge.id);
    expect((await commitTogether(net, [await evidence()])).codes).to.deep.equal(['VALID']);
  });
});
