/**
 * Every time-based rule reads the transaction time and nothing else. Each case moves the
 * endorsers' clock and the proposal's timestamp together — as a real network moves through days —
 * so the endorsers' time window stays on, and shows the rule turn at the instant the ledger
 * says. Where the two are apart (inside the window), the rule follows the proposal time, never the
 * endorser's clock: the clock only decides whether a peer endorses.
 */
import { expect } from 'chai';
import { evaluateAtTime, submitAtTime } from '../support/certificates';
import { licenceBody, usageBody } from '../support/grant-bodies';
import { signerOf } from '../support/flow';
import { startTestNetwork, type TestNetwork } from '../support/test-network';
import { TAIZHOU, YANCHENG, application, expectRefusal } from './certificate-flows';

const DAY = 86_400_000;
const MINUTE = 60_000;
const START = Date.parse('2031-03-01T09:00:00.000Z');
const at = (ms: number): Date => new Date(ms);
const iso = (ms: number): string => new Date(ms).toISOString();

describe('every time-based rule uses the transaction time only', function () {
  this.timeout(120_000);
  let net: TestNetwork;
  let certificateId: string;
  let issuedAtMs: number;
  let expiresAtMs: number;

  before(async () => {
    net = await startTestNetwork();
  });

  after(async () => {
    await net?.close();
  });

  /** Submits stamped `proposal` while the endorsers' clock reads `clock`. */
  const submitApart = async (clock: number, proposal: number, as: string, fn: string, ...args: string[]): Promise<any> => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const signer = await signerOf(net, as);
    const r = await net.clock.at(at(clock), () => net.ledger.network.submit(signer, [fn, ...args], { timestamp: at(proposal) }));
    return JSON.parse(Buffer.from(r.payload).toString('utf8'));
  };

  it('ends publicity (公示) and allows issue at publicityEndsAt in ledger time, whatever the endorsers\' clocks read inside the window', async () => {
    const applied = await submitAtTime(net, at(START), 'enterprise-a', 'Certificate:Apply', application());
    const reviewed = await submitAtTime(net, at(START + 1000), 'taizhou-registrar', 'Certificate:Review', applied.result.id, JSON.stringify({ decision: 'approve', publicityDays: 10 }));
    certificateId = reviewed.result.id;
    const ends = START + 1000 + 10 * DAY;
    expect(reviewed.result.publicityEndsAt).to.equal(iso(ends));

    // a second before the end, with the endorsers' clocks four minutes past it: still in publicity
    await expectRefusal(submitApart(ends + 4 * MINUTE, ends - 1000, 'taizhou-registrar', 'Certificate:Issue', certificateId), 'CONFLICT', new RegExp(`in publicity \\(公示\\) until ${iso(ends)}`));
    // at the end itself, clock and proposal together: too late to object
    await expectRefusal(submitAtTime(net, at(ends), 'yancheng-registrar', 'Certificate:RaiseObjection', certificateId, JSON.stringify({ reason: 'late objection' })), 'CONFLICT', /publicity period .* ended at/);
    // a second after the end, with the endorsers' clocks four minutes before it: issued, stamped with the proposal time
    const issued = await submitApart(ends - 4 * MINUTE, ends + 1000, 'taizhou-registrar', 'Certificate:Issue', certificateId);
    issuedAtMs = ends + 1000;
    expect(issued).to.include({ status: 'issued', issuedAt: iso(issuedAtMs) });
    expiresAtMs = Date.parse(issued.expiresAt);
    expect(issued.expiresAt).to.equal(iso(issuedAtMs).replace(/^2031/, '2034'));
  });

  it('answers a certificate valid until expiresAt and expired from then, and refuses a change after its term, by ledger time', async () => {
    const before = await evaluateAtTime(net, at(expiresAtMs - 1000), 'auditor', 'Certificate:Verification', certificateId);
    expect(before).to.include({ valid: true, status: 'issued', checkedAt: iso(expiresAtMs - 1000) });
    const after = await evaluateAtTime(net, at(expiresAtMs), 'auditor', 'Certificate:Verification', certificateId);
    expect(after).to.include({ valid: false, status: 'expired', checkedAt: iso(expiresAtMs) });
    await expectRefusal(submitAtTime(net, at(expiresAtMs + DAY), 'taizhou-registrar', 'Certificate:Change', certificateId, JSON.stringify({ reason: 'rename', name: 'late' })), 'CONFLICT', /expired/);
  });

  it('puts a grant in force from validFrom and out of force at validTo, by ledger time', async () => {
    const t = issuedAtMs + DAY;
    const validFrom = t + DAY;
    const validTo = t + 30 * DAY;
    const grant = (await submitAtTime(net, at(t), 'enterprise-a', 'Grant:Create', JSON.stringify(licenceBody(certificateId, { validFrom: iso(validFrom), validTo: iso(validTo) })))).result;
    expect(grant.effectiveStatus).to.equal('scheduled');
    const use = JSON.stringify(usageBody());

    await expectRefusal(submitAtTime(net, at(validFrom - 1000), 'enterprise-b', 'Grant:RecordUsage', grant.id, use), 'POLICY_VIOLATION', new RegExp(`not in force until ${iso(validFrom)}`));
    const used = await submitAtTime(net, at(validFrom), 'enterprise-b', 'Grant:RecordUsage', grant.id, use);
    expect(used.result.id).to.match(/^USE-/);
    expect((await evaluateAtTime(net, at(validTo - 1000), 'auditor', 'Grant:Get', grant.id)).effectiveStatus).to.equal('active');
    expect((await evaluateAtTime(net, at(validTo), 'auditor', 'Grant:Get', grant.id)).effectiveStatus).to.equal('expired');
    await expectRefusal(submitAtTime(net, at(validTo), 'enterprise-b', 'Grant:RecordUsage', grant.id, use), 'POLICY_VIOLATION', /expired/);
  });

  it('opens renewal (续展) 90 days before expiresAt in ledger time, and renews from the current expiry', async () => {
    const opensAt = expiresAtMs - 90 * DAY;
    await expectRefusal(submitAtTime(net, at(opensAt - 1000), 'taizhou-registrar', 'Certificate:Renew', certificateId), 'CONFLICT', new RegExp(`renewal window opens at ${iso(opensAt)}`));
    const renewed = await submitAtTime(net, at(opensAt), 'taizhou-registrar', 'Certificate:Renew', certificateId);
    expect(renewed.result.expiresAt).to.equal(iso(expiresAtMs).replace(/^2034/, '2037'));
  });

  it('lets an agreement (互认) be approved only before validTo and cover a recognition only from validFrom, by ledger time', async () => {
    const t = issuedAtMs + 2 * DAY;
    const scope = { assetTypes: ['resource'], grades: ['general'] };
    const lapsing = await submitAtTime(net, at(t), 'taizhou-registrar', 'Recognition:ProposeAgreement', JSON.stringify({ counterparty: YANCHENG, scope, validFrom: iso(t + DAY), validTo: iso(t + 10 * DAY) }));
    await expectRefusal(submitAtTime(net, at(t + 10 * DAY), 'yancheng-registrar', 'Recognition:ApproveAgreement', lapsing.result.id), 'CONFLICT', new RegExp(`lapsed at ${iso(t + 10 * DAY)}`));

    const u = t + 11 * DAY;
    const proposed = await submitAtTime(net, at(u), 'taizhou-registrar', 'Recognition:ProposeAgreement', JSON.stringify({ counterparty: YANCHENG, scope, validFrom: iso(u + DAY), validTo: iso(u + 20 * DAY) }));
    await submitAtTime(net, at(u), 'yancheng-registrar', 'Recognition:ApproveAgreement', proposed.result.id);
    const recognise = JSON.stringify({ certificateId });
    await expectRefusal(submitAtTime(net, at(u + DAY - 1000), 'yancheng-registrar', 'Recognition:Recognise', recognise), 'POLICY_VIOLATION', new RegExp(`no active agreement between ${TAIZHOU} and ${YANCHENG}`));
    const recognised = await submitAtTime(net, at(u + DAY), 'yancheng-registrar', 'Recognition:Recognise', recognise);
    expect(recognised.result).to.include({ registry: YANCHENG, valid: true });
  });
});
