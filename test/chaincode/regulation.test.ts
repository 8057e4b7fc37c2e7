/**
 * Market regulation (市场监管) through the embedded network: the negative list (负面清单), the
 * important-data filing (重要数据流通备案) and credit flags (信用监管), each write accepted and
 * refused, the point reads trading relies on, filing terms in ledger time, and the trade check.
 */
import { expect } from 'chai';
import { commitTogether, prepare } from '../support/flow';
import { evaluateAtTime, issueCertificate } from '../support/certificates';
import { startTestNetwork, type TestNetwork } from '../support/test-network';
import { DATA_GROUP, ENTERPRISE_A, ENTERPRISE_B, HUAIAN, REGULATOR, TAIZHOU, YANCHENG, expectRefusal, fingerprint } from './certificate-flows';

const DAY_MS = 86_400_000;
/** An enterprise never flagged by anyone in these tests. */
const NEVER_FLAGGED = '91321200MA3GHJ5624';

function listing(body: Record<string, unknown>): string {
  return JSON.stringify({ level: 'restricted', reason: 'cross-border transfer risk', ...body });
}

function filingBody(certificateId: string, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({ certificateId, purpose: 'sale to a hospital group for research', recipients: [ENTERPRISE_B], termDays: 30, ...overrides });
}

describe('Regulation: negative list, important-data filings and credit flags', function () {
  this.timeout(180_000);
  let net: TestNetwork;

  before(async () => {
    net = await startTestNetwork();
  });

  after(async () => {
    await net?.close();
  });

  describe('the negative list (负面清单)', () => {
    it('lets the regulator list a fingerprint and lift it with a reason, under the regulator’s key-level policy', async () => {
      const fp = fingerprint();
      const added = (await net.submit('regulator', 'Regulation:AddNegativeListEntry', listing({ fingerprint: fp, level: 'prohibited' }))).result;
      expect(added).to.include({ docType: 'negative_list_entry', target: 'fingerprint', value: fp, level: 'prohibited', status: 'active' });
      expect(added.id).to.match(/^NLE-[0-9A-Z]{10}$/);
      expect(added.endorsingOrgs).to.deep.equal([REGULATOR]);
      const lifted = (await net.submit('regulator', 'Regulation:LiftNegativeListEntry', added.id, JSON.stringify({ reason: 'risk assessed' }))).result;
      expect(lifted).to.include({ id: added.id, status: 'lifted' });
      expect(lifted.lifted).to.include({ reason: 'risk assessed' });
      expect(await net.evaluate('auditor', 'Regulation:GetNegativeListEntry', added.id)).to.include({ status: 'lifted' });
    });

    it('refuses a listing by anyone but the regulator, a malformed one, and a second active entry for the same target', async () => {
      const fp = fingerprint();
      await expectRefusal(net.submit('taizhou-registrar', 'Regulation:AddNegativeListEntry', listing({ fingerprint: fp })), 'FORBIDDEN');
      await expectRefusal(net.submit('auditor', 'Regulation:AddNegativeListEntry', listing({ fingerprint: fp })), 'FORBIDDEN', /regulator role/);
      await expectRefusal(net.submit('regulator', 'Regulation:AddNegativeListEntry', listing({})), 'INVALID_REQUEST', /exactly one of category and fingerprint/);
      await expectRefusal(
        net.submit('regulator', 'Regulation:AddNegativeListEntry', listing({ category: 'finance', fingerprint: fp })),
        'INVALID_REQUEST',
        /exactly one/,
      );
      await expectRefusal(net.submit('regulator', 'Regulation:AddNegativeListEntry', listing({ category: 'weapons' })), 'INVALID_REQUEST', /category/);
      await expectRefusal(net.submit('regulator', 'Regulation:AddNegativeListEntry', listing({ fingerprint: fp, level: 'banned' })), 'INVALID_REQUEST', /level/);
      await expectRefusal(net.submit('regulator', 'Regulation:AddNegativeListEntry', listing({ fingerprint: fp, reason: '' })), 'INVALID_REQUEST', /reason/);
      const first = (await net.submit('regulator', 'Regulation:AddNegativeListEntry', listing({ fingerprint: fp }))).result;
      await expectRefusal(net.submit('regulator', 'Regulation:AddNegativeListEntry', listing({ fingerprint: fp, level: 'prohibited' })), 'CONFLICT', new RegExp(first.id));
    });

    it('refuses a lift by anyone but the regulator, of an unknown entry, and of one already lifted', async () => {
      const added = (await net.submit('regulator', 'Regulation:AddNegativeListEntry', listing({ fingerprint: fingerprint() }))).result;
      await expectRefusal(net.submit('enterprise-a', 'Regulation:LiftNegativeListEntry', added.id, JSON.stringify({ reason: 'mine' })), 'FORBIDDEN');
      await expectRefusal(net.submit('regulator', 'Regulation:LiftNegativeListEntry', added.id, JSON.stringify({})), 'INVALID_REQUEST', /reason/);
      await expectRefusal(net.submit('regulator', 'Regulation:LiftNegativeListEntry', 'NLE-0000000000', JSON.stringify({ reason: 'r' })), 'NOT_FOUND');
      await expectRefusal(net.submit('regulator', 'Regulation:LiftNegativeListEntry', 'nle-1', JSON.stringify({ reason: 'r' })), 'INVALID_REQUEST');
      await net.submit('regulator', 'Regulation:LiftNegativeListEntry', added.id, JSON.stringify({ reason: 'r' }));
      await expectRefusal(net.submit('regulator', 'Regulation:LiftNegativeListEntry', added.id, JSON.stringify({ reason: 'again' })), 'CONFLICT', /already lifted/);
    });

    it('invalidates a lift not endorsed by the regulator’s organisation (key-level policy)', async () => {
      const added = (await net.submit('regulator', 'Regulation:AddNegativeListEntry', listing({ fingerprint: fingerprint() }))).result;
      const without = await prepare(net, 'regulator', ['Regulation:LiftNegativeListEntry', added.id, JSON.stringify({ reason: 'r' })], [YANCHENG, HUAIAN]);
      expect((await commitTogether(net, [without])).codes).to.deep.equal(['ENDORSEMENT_POLICY_FAILURE']);
    });

    it('matches a certificate by its category or its fingerprint with point reads, active entries only', async () => {
      const cert = await issueCertificate(net, { body: { category: 'culture-tourism' } });
      const none = await net.evaluate('auditor', 'Regulation:TradeCheck', cert.id, JSON.stringify([ENTERPRISE_A]));
      expect(none).to.include({ allowed: true });
      expect(none.negativeList).to.deep.equal([]);
      const byCategory = (await net.submit('regulator', 'Regulation:AddNegativeListEntry', listing({ category: 'culture-tourism' }))).result;
      const byFingerprint = (await net.submit('regulator', 'Regulation:AddNegativeListEntry', listing({ fingerprint: cert.fingerprint, level: 'prohibited' }))).result;
      const other = (await net.submit('regulator', 'Regulation:AddNegativeListEntry', listing({ fingerprint: fingerprint(), level: 'prohibited' }))).result;
      const both = await net.evaluate('auditor', 'Regulation:TradeCheck', cert.id, JSON.stringify([ENTERPRISE_A]));
      expect(both.negativeList).to.deep.equal([byCategory.id, byFingerprint.id]);
      expect(both.negativeList).not.to.include(other.id);
      expect(both).to.include({ allowed: false, code: 'POLICY_VIOLATION' });
      expect(both.reason).to.match(/prohibited/);
      await net.submit('regulator', 'Regulation:LiftNegativeListEntry', byFingerprint.id, JSON.stringify({ reason: 'cleared' }));
      const restricted = await net.evaluate('auditor', 'Regulation:TradeCheck', cert.id, JSON.stringify([ENTERPRISE_A]));
      expect(restricted.negativeList).to.deep.equal([byCategory.id]);
      expect(restricted.reason).to.match(/restricted .* filing/);
      await net.submit('regulator', 'Regulation:LiftNegativeListEntry', byCategory.id, JSON.stringify({ reason: 'cleared' }));
      await net.submit('regulator', 'Regulation:LiftNegativeListEntry', other.id, JSON.stringify({ reason: 'cleared' }));
    });

    it('pages the whole list, active and lifted, for any member', async () => {
      const first = await net.evaluate('enterprise-b', 'Regulation:ListNegativeList', '2', '');
      expect(first.items).to.have.length(2);
      expect(first.bookmark).not.to.equal('');
      const rest = await net.evaluate('enterprise-b', 'Regulation:ListNegativeList', '500', first.bookmark);
      const ids = [...first.items, ...rest.items].map((e: { id: string }) => e.id);
      expect(new Set(ids).size).to.equal(ids.length);
      expect([...ids].sort()).to.deep.equal(ids);
      await expectRefusal(net.evaluate('enterprise-b', 'Regulation:ListNegativeList', '2', 'elsewhere'), 'INVALID_REQUEST', /bookmark/);
    });
  });

  describe('important-data filings (重要数据流通备案)', () => {
    it('lets the right holder file for an issued certificate and the regulator approve it for termDays of ledger time', async () => {
      const cert = await issueCertificate(net, { body: { grade: 'important' } });
      const filed = (await net.submit('enterprise-a', 'Regulation:File', filingBody(cert.id))).result;
      expect(filed).to.include({ docType: 'filing', certificateId: cert.id, registry: TAIZHOU, filer: ENTERPRISE_A, status: 'filed', termDays: 30, inForce: false });
      expect(filed.id).to.match(/^FIL-[0-9A-Z]{10}$/);
      expect(filed.endorsingOrgs).to.deep.equal([REGULATOR, TAIZHOU].sort());
      expect((await net.evaluate('auditor', 'Regulation:TradeCheck', cert.id, '[]')).reason).to.match(/important-grade/);
      const approved = (await net.submit('regulator', 'Regulation:ApproveFiling', filed.id, JSON.stringify({ comment: 'ok' }))).result;
      expect(approved).to.include({ status: 'approved', inForce: true });
      expect(Date.parse(approved.validUntil) - Date.parse(approved.decision.at)).to.equal(30 * DAY_MS);
      expect(await net.evaluate('auditor', 'Regulation:TradeCheck', cert.id, JSON.stringify([ENTERPRISE_A, ENTERPRISE_B]))).to.include({
        allowed: true,
        filingId: filed.id,
      });
      // In ledger time: a day before the term ends it is in force, at the term end it is not.
      const end = Date.parse(approved.validUntil);
      expect(await evaluateAtTime(net, new Date(end - DAY_MS), 'auditor', 'Regulation:GetFiling', filed.id)).to.include({ inForce: true });
      expect(await evaluateAtTime(net, new Date(end + 1000), 'auditor', 'Regulation:GetFiling', filed.id)).to.include({ inForce: false });
      const later = await evaluateAtTime(net, new Date(end + 1000), 'auditor', 'Regulation:TradeCheck', cert.id, '[]');
      expect(later).to.include({ allowed: false, code: 'POLICY_VIOLATION' });
      expect(later).not.to.have.property('filingId');
    });

    it('takes the regulator’s own validUntil, and refuses one not after the approval', async () => {
      const cert = await issueCertificate(net);
      const filed = (await net.submit('enterprise-a', 'Regulation:File', filingBody(cert.id))).result.id;
      await expectRefusal(net.submit('regulator', 'Regulation:ApproveFiling', filed, JSON.stringify({ validUntil: '2020-01-01T00:00:00Z' })), 'INVALID_REQUEST', /validUntil/);
      await expectRefusal(net.submit('regulator', 'Regulation:ApproveFiling', filed, JSON.stringify({ validUntil: 'tomorrow' })), 'INVALID_REQUEST', /validUntil/);
      const until = new Date(Date.now() + 7 * DAY_MS).toISOString();
      expect((await net.submit('regulator', 'Regulation:ApproveFiling', filed, JSON.stringify({ validUntil: until }))).result).to.include({ validUntil: until });
    });

    it('lets the regulator reject with a reason, and decides a filing only once', async () => {
      const cert = await issueCertificate(net);
      const filed = (await net.submit('enterprise-a', 'Regulation:File', filingBody(cert.id))).result.id;
      await expectRefusal(net.submit('regulator', 'Regulation:RejectFiling', filed, JSON.stringify({})), 'INVALID_REQUEST', /reason/);
      const rejected = (await net.submit('regulator', 'Regulation:RejectFiling', filed, JSON.stringify({ reason: 'recipient abroad' }))).result;
      expect(rejected).to.include({ status: 'rejected', inForce: false });
      expect(rejected.decision).to.include({ reason: 'recipient abroad' });
      await expectRefusal(net.submit('regulator', 'Regulation:ApproveFiling', filed, '{}'), 'CONFLICT', /already rejected/);
      await expectRefusal(net.submit('regulator', 'Regulation:RejectFiling', filed, JSON.stringify({ reason: 'again' })), 'CONFLICT', /already rejected/);
    });

    it('refuses a filing by anyone but a right holder, a malformed one, and one for a certificate not issued', async () => {
      const cert = await issueCertificate(net);
      await expectRefusal(net.submit('enterprise-b', 'Regulation:File', filingBody(cert.id)), 'FORBIDDEN', /operating or holding right/);
      await expectRefusal(net.submit('regulator', 'Regulation:File', filingBody(cert.id)), 'FORBIDDEN');
      await expectRefusal(net.submit('enterprise-a', 'Regulation:File', filingBody(cert.id, { termDays: 0 })), 'INVALID_REQUEST', /termDays/);
      await expectRefusal(net.submit('enterprise-a', 'Regulation:File', filingBody(cert.id, { purpose: '' })), 'INVALID_REQUEST', /purpose/);
      await expectRefusal(net.submit('enterprise-a', 'Regulation:File', filingBody(cert.id, { recipients: ['nobody'] })), 'INVALID_REQUEST', /recipients\[0\]/);
      await expectRefusal(net.submit('enterprise-a', 'Regulation:File', filingBody('321200-2026-999999')), 'NOT_FOUND');
      await net.submit('regulator', 'Certificate:Revoke', cert.id, JSON.stringify({ reason: 'void' }));
      await expectRefusal(net.submit('enterprise-a', 'Regulation:File', filingBody(cert.id)), 'CONFLICT', /not issued/);
    });

    it('refuses a decision by anyone but the regulator, and one on an unknown filing', async () => {
      const cert = await issueCertificate(net);
      const filed = (await net.submit('enterprise-a', 'Regulation:File', filingBody(cert.id))).result.id;
      await expectRefusal(net.submit('taizhou-registrar', 'Regulation:ApproveFiling', filed, '{}'), 'FORBIDDEN');
      await expectRefusal(net.submit('enterprise-a', 'Regulation:RejectFiling', filed, JSON.stringify({ reason: 'r' })), 'FORBIDDEN');
      await expectRefusal(net.submit('regulator', 'Regulation:ApproveFiling', 'FIL-0000000000', '{}'), 'NOT_FOUND');
    });

    it('invalidates an approval not endorsed by the regulator and the issuing registry (key-level policy)', async () => {
      const cert = await issueCertificate(net);
      const filed = (await net.submit('enterprise-a', 'Regulation:File', filingBody(cert.id))).result.id;
      const regulatorOnly = await prepare(net, 'regulator', ['Regulation:ApproveFiling', filed, '{}'], [REGULATOR, YANCHENG]);
      expect((await commitTogether(net, [regulatorOnly])).codes).to.deep.equal(['ENDORSEMENT_POLICY_FAILURE']);
      const both = await prepare(net, 'regulator', ['Regulation:ApproveFiling', filed, '{}'], [REGULATOR, TAIZHOU]);
      expect((await commitTogether(net, [both])).codes).to.deep.equal(['VALID']);
    });

    it('lists a certificate’s filings, each with inForce', async () => {
      const cert = await issueCertificate(net);
      const a = (await net.submit('enterprise-a', 'Regulation:File', filingBody(cert.id))).result.id;
      const b = (await net.submit('enterprise-a', 'Regulation:File', filingBody(cert.id, { termDays: 60 }))).result.id;
      await net.submit('regulator', 'Regulation:ApproveFiling', b, '{}');
      const page = await net.evaluate('enterprise-b', 'Regulation:ListFilings', cert.id, '', '');
      expect(page.items.map((f: { id: string }) => f.id)).to.have.members([a, b]);
      expect(page.items.find((f: { id: string }) => f.id === b)).to.include({ inForce: true });
      expect(page.items.find((f: { id: string }) => f.id === a)).to.include({ inForce: false });
      expect((await net.evaluate('auditor', 'Regulation:GetFiling', a)).status).to.equal('filed');
      await expectRefusal(net.evaluate('auditor', 'Regulation:GetFiling', 'FIL-0000000000'), 'NOT_FOUND');
    });
  });

  describe('credit flags (信用监管)', () => {
    it('answers normal for an entity never flagged', async () => {
      expect(await net.evaluate('enterprise-a', 'Regulation:GetCredit', NEVER_FLAGGED)).to.deep.equal({ entity: NEVER_FLAGGED, status: 'normal' });
      expect(await net.evaluate('enterprise-a', 'Regulation:CreditHistory', NEVER_FLAGGED)).to.deep.equal([]);
    });

    it('lets the regulator flag an entity dishonest and restore it, keeping every status in the history', async () => {
      const flagged = (await net.submit('regulator', 'Regulation:SetCredit', ENTERPRISE_B, JSON.stringify({ status: 'dishonest', reason: 'court judgment unpaid' }))).result;
      expect(flagged).to.include({ docType: 'credit', entity: ENTERPRISE_B, status: 'dishonest' });
      expect(flagged.endorsingOrgs).to.deep.equal([REGULATOR]);
      expect(await net.evaluate('auditor', 'Regulation:GetCredit', ENTERPRISE_B)).to.include({ status: 'dishonest', reason: 'court judgment unpaid' });
      const cert = await issueCertificate(net);
      const refused = await net.evaluate('auditor', 'Regulation:TradeCheck', cert.id, JSON.stringify([ENTERPRISE_A, ENTERPRISE_B]));
      expect(refused).to.include({ allowed: false, code: 'POLICY_VIOLATION' });
      expect(refused.reason).to.include(ENTERPRISE_B);
      await net.submit('regulator', 'Regulation:SetCredit', ENTERPRISE_B, JSON.stringify({ status: 'normal', reason: 'judgment paid' }));
      expect(await net.evaluate('auditor', 'Regulation:GetCredit', ENTERPRISE_B)).to.include({ status: 'normal', reason: 'judgment paid' });
      const history = await net.evaluate('auditor', 'Regulation:CreditHistory', ENTERPRISE_B);
      expect(history.map((h: { value: { status: string } }) => h.value.status)).to.deep.equal(['normal', 'dishonest']);
      expect(await net.evaluate('auditor', 'Regulation:TradeCheck', cert.id, JSON.stringify([ENTERPRISE_A, ENTERPRISE_B]))).to.include({ allowed: true });
    });

    it('refuses a flag by anyone but the regulator, on an invalid code, or without a reason', async () => {
      await expectRefusal(net.submit('taizhou-registrar', 'Regulation:SetCredit', DATA_GROUP, JSON.stringify({ status: 'dishonest', reason: 'r' })), 'FORBIDDEN');
      await expectRefusal(net.submit('regulator', 'Regulation:SetCredit', '91321200MA1ABC123X', JSON.stringify({ status: 'dishonest', reason: 'r' })), 'INVALID_REQUEST');
      await expectRefusal(net.submit('regulator', 'Regulation:SetCredit', DATA_GROUP, JSON.stringify({ status: 'bad', reason: 'r' })), 'INVALID_REQUEST', /status/);
      await expectRefusal(net.submit('regulator', 'Regulation:SetCredit', DATA_GROUP, JSON.stringify({ status: 'dishonest' })), 'INVALID_REQUEST', /reason/);
    });

    it('invalidates a change of a credit record not endorsed by the regulator’s organisation (key-level policy)', async () => {
      await net.submit('regulator', 'Regulation:SetCredit', DATA_GROUP, JSON.stringify({ status: 'normal', reason: 'reviewed' }));
      const without = await prepare(net, 'regulator', ['Regulation:SetCredit', DATA_GROUP, JSON.stringify({ status: 'dishonest', reason: 'r' })], [YANCHENG, HUAIAN]);
      expect((await commitTogether(net, [without])).codes).to.deep.equal(['ENDORSEMENT_POLICY_FAILURE']);
    });
  });

  it('refuses a trade check naming a party that is no entity code', async () => {
    const cert = await issueCertificate(net);
    await expectRefusal(net.evaluate('auditor', 'Regulation:TradeCheck', cert.id, JSON.stringify(['not-an-entity'])), 'INVALID_REQUEST');
  });
});
