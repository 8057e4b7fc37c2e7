/**
 * Certificate contract on a started embedded network: the real chaincode package, real
 * endorsement (chaincode- and key-level policies), ordering, MVCC validation and commit.
 */
import { expect } from 'chai';
import { createHash, randomBytes } from 'node:crypto';
import { commitTogether, prepare } from '../support/flow';
import { startTestNetwork, type TestNetwork } from '../support/test-network';
import {
  DATA_GROUP,
  ENTERPRISE_A,
  HUAIAN,
  REGULATOR,
  TAIZHOU,
  YANCHENG,
  application,
  expectRefusal,
  fingerprint,
} from './certificate-flows';
import { issueCertificate } from '../support/certificates';

const APPROVE_NOW = JSON.stringify({ decision: 'approve', publicityDays: 0 });

describe('Certificate contract', function () {
  this.timeout(120_000);
  let net: TestNetwork;

  before(async () => {
    net = await startTestNetwork();
  });

  after(async () => {
    await net?.close();
  });

  describe('lifecycle', () => {
    it('takes an application through review, publicity and issue to a <city>-<year>-<serial> certificate', async () => {
      const applied = await net.submit('enterprise-a', 'Certificate:Apply', application());
      expect(applied.result).to.include({ status: 'applied', registry: TAIZHOU, version: 1 });
      expect(applied.result.id).to.match(/^321200-\d{4}-A[0-9A-Z]{10}$/);

      const reviewed = await net.submit('taizhou-registrar', 'Certificate:Review', applied.result.id, APPROVE_NOW);
      expect(reviewed.result.status).to.equal('publicizing');
      expect(reviewed.result.id).to.match(/^321200-\d{4}-\d{6}$/);
      expect(reviewed.result.applicationId).to.equal(applied.result.id);
      expect(reviewed.result.publicityEndsAt).to.be.a('string');

      const issued = await net.submit('taizhou-registrar', 'Certificate:Issue', reviewed.result.id);
      expect(issued.result).to.include({ status: 'issued', id: reviewed.result.id });
      expect(issued.result.queryCode).to.match(/^[0-9A-HJKMNP-TV-Z]{10}$/);
      const years = Number(issued.result.expiresAt.slice(0, 4)) - Number(issued.result.issuedAt.slice(0, 4));
      expect(years).to.equal(3);
      expect(issued.result.expiresAt.slice(4)).to.equal(issued.result.issuedAt.slice(4));
    });

    it('keeps the application id as a handle after the certificate id is allocated', async () => {
      const applied = await net.submit('enterprise-a', 'Certificate:Apply', application());
      const reviewed = await net.submit('taizhou-registrar', 'Certificate:Review', applied.result.id, APPROVE_NOW);
      const byApplication = await net.evaluate('auditor', 'Certificate:Get', applied.result.id);
      expect(byApplication.id).to.equal(reviewed.result.id);
      await net.submit('taizhou-registrar', 'Certificate:Issue', applied.result.id);
      const history = await net.evaluate('auditor', 'Certificate:History', reviewed.result.id);
      expect(history.map((h: { value: { lastAction?: string; docType: string } }) => h.value.lastAction ?? h.value.docType)).to.deep.equal([
        'Issue',
        'Review',
        'certificateAlias',
        'Apply',
      ]);
    });

    it('answers public verification and the query code with non-personal facts only', async () => {
      const cert = await issueCertificate(net);
      const verification = await net.evaluate('auditor', 'Certificate:Verification', cert.id);
      expect(verification).to.include({ id: cert.id, exists: true, valid: true, status: 'issued', pledged: false, fingerprint: cert.fingerprint });
      expect(verification.issuer).to.include({ mspId: TAIZHOU, cityCode: '321200' });
      expect(verification.recognitions).to.deep.equal([]);
      expect(JSON.stringify(verification)).to.not.contain(ENTERPRISE_A);
      expect(verification).to.not.have.any.keys('rights', 'applicant', 'metadata', 'name');
      expect(await net.evaluate('enterprise-b', 'Certificate:GetByQueryCode', cert.queryCode.toLowerCase())).to.deep.include({ id: cert.id, valid: true });
    });

    it('answers verification of an unknown id with exists false', async () => {
      expect(await net.evaluate('auditor', 'Certificate:Verification', '321200-2026-999999')).to.include({ exists: false, valid: false });
      expect(await net.evaluate('auditor', 'Certificate:Verification', 'not-an-id')).to.include({ exists: false, valid: false });
    });

    it('takes an application into review and rejects it, freeing its fingerprint for a new application', async () => {
      const body = application();
      const applied = await net.submit('enterprise-a', 'Certificate:Apply', body);
      expect((await net.submit('taizhou-registrar', 'Certificate:StartReview', applied.result.id)).result.status).to.equal('under_review');
      const rejected = await net.submit('taizhou-registrar', 'Certificate:Review', applied.result.id, JSON.stringify({ decision: 'reject', comment: 'source unclear' }));
      expect(rejected.result).to.include({ status: 'rejected', id: applied.result.id });
      expect(rejected.result.closure).to.include({ kind: 'rejected', reason: 'source unclear' });
      expect((await net.submit('enterprise-a', 'Certificate:Apply', body)).result.status).to.equal('applied');
    });

    it('records appraiser evidence: compliance, and a valuation whose amount in fen stays private to the registry, the appraiser firm and the regulator', async () => {
      const cert = await issueCertificate(net);
      await net.submit('appraiser', 'Certificate:AddEvidence', cert.id, JSON.stringify({ kind: 'compliance', reportHash: fingerprint() }));
      const salt = randomBytes(16);
      const transient = { 'dal.confidential': Buffer.from(JSON.stringify({ amount: 12_345_600 })), 'dal.salt': salt };
      const args = [cert.id, JSON.stringify({ kind: 'valuation', reportHash: fingerprint(), method: 'income' })];
      const r = JSON.parse(Buffer.from((await net.ledger.submit(net.identities['appraiser']!, 'Certificate:AddEvidence', args, { transient })).payload).toString());
      expect(r.evidence.map((e: { kind: string }) => e.kind)).to.deep.equal(['compliance', 'valuation']);
      expect(r.evidence[1]).to.include({ method: 'income' }).and.not.have.property('amount');
      expect(r.evidence[1].appraiser.mspId).to.equal('AppraiserMSP');
      const expected = createHash('sha256').update(Buffer.concat([salt, Buffer.from('{"amount":12345600}')])).digest('hex');
      expect(r.evidence[1].valuation).to.deep.equal({ key: r.evidence[1].valuation.key, holders: ['AppraiserMSP', 'JiangsuRegulatorMSP', 'TaizhouRegistryMSP'], commitment: expected });
      expect(await net.evaluate('regulator', 'Certificate:Valuation', cert.id, '1')).to.include({ amount: 12_345_600, salt: salt.toString('hex'), commitment: expected });
    });

    it('refuses a valuation whose amount is in the arguments, or comes without a salt of at least 16 bytes', async () => {
      const cert = await issueCertificate(net);
      const inArgs = await net.submit('appraiser', 'Certificate:AddEvidence', cert.id, JSON.stringify({ kind: 'valuation', reportHash: fingerprint(), amount: 100, method: 'cost' })).catch((e: Error) => e);
      expect((inArgs as Error).message).to.match(/INVALID_REQUEST: amount is confidential/);
      const args = [cert.id, JSON.stringify({ kind: 'valuation', reportHash: fingerprint(), method: 'cost' })];
      const shortSalt = await net.ledger
        .submit(net.identities['appraiser']!, 'Certificate:AddEvidence', args, { transient: { 'dal.confidential': Buffer.from('{"amount":100}'), 'dal.salt': randomBytes(8) } })
        .catch((e: Error) => e);
      expect((shortSalt as Error).message).to.match(/INVALID_REQUEST: transient dal.salt must be a random salt of 16 to 64 bytes/);
    });

    it('records a change (变更) and a right transfer as new versions, and re-indexes the new holder', async () => {
      const cert = await issueCertificate(net);
      const changed = await net.submit('taizhou-registrar', 'Certificate:Change', cert.id, JSON.stringify({ name: 'Renamed dataset', reason: 'holder request' }));
      expect(changed.result).to.include({ version: 2, name: 'Renamed dataset' });
      expect(changed.result.lastChange).to.include({ kind: 'change', version: 2 });
      const moved = await net.submit('taizhou-registrar', 'Certificate:TransferRight', cert.id, JSON.stringify({ right: 'operating', to: DATA_GROUP }));
      expect(moved.result.version).to.equal(3);
      expect(moved.result.rights).to.deep.include({ type: 'operating', holder: DATA_GROUP });
      expect(moved.result.lastChange).to.include({ kind: 'transfer', from: ENTERPRISE_A, to: DATA_GROUP });
      const page = await net.evaluate('auditor', 'Certificate:List', JSON.stringify({ holder: DATA_GROUP }), '500', '');
      expect(page.items.map((c: { id: string }) => c.id)).to.include(cert.id);
      const history = await net.evaluate('auditor', 'Certificate:History', cert.id);
      expect(history.slice(0, 3).map((h: { value: { version: number } }) => h.value.version)).to.deep.equal([3, 2, 1]);
    });

    it('refuses renewal (续展) outside the last 90 days of the term, naming the window', async () => {
      // Ledger time cannot be moved here: a fresh certificate is ~3 years from expiry. The rule at
      // times inside the window (and the extension by one term from expiresAt) is tested in rules/.
      const cert = await issueCertificate(net);
      await expectRefusal(net.submit('taizhou-registrar', 'Certificate:Renew', cert.id), 'CONFLICT', /last 90 days/);
      const after = await net.evaluate('auditor', 'Certificate:Get', cert.id);
      expect(after.expiresAt).to.equal(cert.expiresAt);
    });

    it('cancels (注销) at the holder’s request; the certificate then verifies as not valid and its fingerprint is free', async () => {
      const cert = await issueCertificate(net);
      const cancelled = await net.submit('enterprise-a', 'Certificate:Cancel', cert.id, JSON.stringify({ reason: 'dataset retired' }));
      expect(cancelled.result).to.include({ status: 'cancelled' });
      expect(await net.evaluate('auditor', 'Certificate:Verification', cert.id)).to.include({ valid: false, status: 'cancelled' });
      expect((await net.submit('enterprise-a', 'Certificate:Apply', application({ fingerprint: cert.fingerprint }))).result.status).to.equal('applied');
    });

    it('revokes (撤销) by the regulator and by the issuing registrar', async () => {
      const one = await issueCertificate(net);
      expect((await net.submit('regulator', 'Certificate:Revoke', one.id, JSON.stringify({ reason: 'false declaration' }))).result.status).to.equal('revoked');
      const two = await issueCertificate(net);
      expect((await net.submit('taizhou-registrar', 'Certificate:Revoke', two.id, JSON.stringify({ reason: 'court order' }))).result.status).to.equal('revoked');
    });

    it('lists by registry, status and category with paging bookmarks', async () => {
      const fresh = await startTestNetwork();
      try {
        for (let i = 0; i < 3; i++) await issueCertificate(fresh);
        await fresh.submit('enterprise-b', 'Certificate:Apply', application({ registry: YANCHENG, category: 'new-energy', rights: [{ type: 'holding', holder: '91320900MA2DEF341G' }] }));
        const first = await fresh.evaluate('auditor', 'Certificate:List', JSON.stringify({ registry: TAIZHOU }), '2', '');
        expect(first.items).to.have.length(2);
        expect(first.bookmark).to.not.equal('');
        const second = await fresh.evaluate('auditor', 'Certificate:List', JSON.stringify({ registry: TAIZHOU }), '2', first.bookmark);
        expect(second.items).to.have.length(1);
        const ids = [...first.items, ...second.items].map((c: { id: string }) => c.id);
        expect(new Set(ids).size).to.equal(3);
        expect((await fresh.evaluate('auditor', 'Certificate:List', JSON.stringify({ status: 'applied' }), '50', '')).items).to.have.length(1);
        expect((await fresh.evaluate('auditor', 'Certificate:List', JSON.stringify({ category: 'new-energy' }), '50', '')).items[0].registry).to.equal(YANCHENG);
        expect((await fresh.evaluate('auditor', 'Certificate:List', JSON.stringify({ registry: TAIZHOU, status: 'applied' }), '50', '')).items).to.have.length(0);
      } finally {
        await fresh.close();
      }
    });

    it('answers a list that matches nothing with an empty page, whichever index drives it', async () => {
      const nobody = '91320800MA1BCD4568';
      for (const filter of [{ holder: nobody }, { registry: HUAIAN }, { status: 'revoked', holder: nobody }, { registry: 'NoSuchMSP' }]) {
        const page = await net.evaluate('auditor', 'Certificate:List', JSON.stringify(filter), '10', '');
        expect(page, JSON.stringify(filter)).to.deep.equal({ items: [], bookmark: '', fetchedRecordsCount: 0 });
      }
    });

    it('refuses a bookmark that no page of this listing handed out as INVALID_REQUEST, never an unexpected error', async () => {
      await issueCertificate(net);
      await issueCertificate(net);
      const first = await net.evaluate('auditor', 'Certificate:List', JSON.stringify({ registry: TAIZHOU }), '1', '');
      expect(first.bookmark).to.not.equal('');
      // The bookmark handed out works, for the same listing.
      expect((await net.evaluate('auditor', 'Certificate:List', JSON.stringify({ registry: TAIZHOU }), '1', first.bookmark)).items).to.have.length(1);
      // Garbage, a bookmark before the listing's range (it would read other record types), and
      // one taken from another listing.
      for (const bookmark of ['AAAA', '%00zz', '\u0000zz', '\u0000', '\u0000\u0000', first.bookmark.slice(0, 3)]) {
        await expectRefusal(net.evaluate('auditor', 'Certificate:List', JSON.stringify({ registry: TAIZHOU }), '10', bookmark), 'INVALID_REQUEST', /bookmark/);
      }
      await expectRefusal(net.evaluate('auditor', 'Certificate:List', JSON.stringify({ holder: ENTERPRISE_A }), '10', first.bookmark), 'INVALID_REQUEST', /bookmark/);
      await expectRefusal(net.evaluate('auditor', 'Certificate:List', JSON.stringify({ registry: YANCHENG }), '10', first.bookmark), 'INVALID_REQUEST', /bookmark/);
      // A filter value must not widen the index range either (U+0000 separates key attributes).
      await expectRefusal(net.evaluate('auditor', 'Certificate:List', JSON.stringify({ registry: '\u0000' }), '10', ''), 'INVALID_REQUEST', /U\+0000/);
    });

    it('lets a holder enrolled at another city’s registry cancel a certificate whose rights were transferred to it', async () => {
      const cert = await issueCertificate(net);
      for (const right of ['holding', 'processing', 'operating']) {
        await net.submit('taizhou-registrar', 'Certificate:TransferRight', cert.id, JSON.stringify({ right, to: '91320900MA2DEF341G' }));
      }
      await expectRefusal(net.submit('enterprise-a', 'Certificate:Cancel', cert.id, JSON.stringify({ reason: 'not ours any more' })), 'FORBIDDEN');
      const cancelled = await net.submit('enterprise-b', 'Certificate:Cancel', cert.id, JSON.stringify({ reason: 'retired' }));
      expect(cancelled.result).to.include({ status: 'cancelled' });
    });

    it('registers a derived product when the applicant holds the processing right of every parent', async () => {
      const parent = await issueCertificate(net);
      const child = await net.submit('enterprise-a', 'Certificate:Apply', application({ assetType: 'product', parents: [parent.id] }));
      expect(child.result.parents).to.deep.equal([parent.id]);
    });
  });

  describe('refusals', () => {
    it('refuses a duplicate fingerprint in another city, naming the existing certificate', async () => {
      const cert = await issueCertificate(net);
      await expectRefusal(
        net.submit('enterprise-b', 'Certificate:Apply', application({ registry: YANCHENG, fingerprint: cert.fingerprint, rights: [{ type: 'holding', holder: '91320900MA2DEF341G' }] })),
        'CONFLICT',
        new RegExp(`fingerprint .* already registered as ${cert.id}`),
      );
    });

    it('refuses a duplicate fingerprint while the first is still an application', async () => {
      const fp = fingerprint();
      const first = await net.submit('enterprise-a', 'Certificate:Apply', application({ fingerprint: fp }));
      await expectRefusal(net.submit('enterprise-a', 'Certificate:Apply', application({ fingerprint: fp })), 'CONFLICT', new RegExp(first.result.id));
    });

    it('refuses issue during publicity', async () => {
      const applied = await net.submit('enterprise-a', 'Certificate:Apply', application());
      await net.submit('taizhou-registrar', 'Certificate:Review', applied.result.id, JSON.stringify({ decision: 'approve', publicityDays: 1 }));
      await expectRefusal(net.submit('taizhou-registrar', 'Certificate:Issue', applied.result.id), 'CONFLICT', /publicity/);
    });

    it('rejects the registration when an objection (异议) is upheld, and then refuses issue', async () => {
      const applied = await net.submit('enterprise-a', 'Certificate:Apply', application());
      const reviewed = await net.submit('taizhou-registrar', 'Certificate:Review', applied.result.id, JSON.stringify({ decision: 'approve', publicityDays: 5 }));
      const objection = await net.submit('enterprise-b', 'Certificate:RaiseObjection', reviewed.result.id, JSON.stringify({ reason: 'this is our data', evidenceHash: fingerprint() }));
      expect(objection.result).to.include({ status: 'open', certificateId: reviewed.result.id });
      const resolved = await net.submit('taizhou-registrar', 'Certificate:ResolveObjection', reviewed.result.id, objection.result.id, JSON.stringify({ upheld: true, comment: 'evidence convincing' }));
      expect(resolved.result).to.include({ status: 'upheld', certificateStatus: 'rejected' });
      expect((await net.evaluate('auditor', 'Certificate:Get', reviewed.result.id)).status).to.equal('rejected');
      await expectRefusal(net.submit('taizhou-registrar', 'Certificate:Issue', reviewed.result.id), 'CONFLICT');
      await expectRefusal(net.submit('taizhou-registrar', 'Certificate:ResolveObjection', reviewed.result.id, objection.result.id, JSON.stringify({ upheld: false })), 'CONFLICT');
    });

    it('keeps the registration in publicity when an objection is dismissed', async () => {
      const applied = await net.submit('enterprise-a', 'Certificate:Apply', application());
      const reviewed = await net.submit('taizhou-registrar', 'Certificate:Review', applied.result.id, JSON.stringify({ decision: 'approve', publicityDays: 5 }));
      const objection = await net.submit('data-group', 'Certificate:RaiseObjection', reviewed.result.id, JSON.stringify({ reason: 'unclear' }));
      const resolved = await net.submit('taizhou-registrar', 'Certificate:ResolveObjection', reviewed.result.id, objection.result.id, JSON.stringify({ upheld: false }));
      expect(resolved.result).to.include({ status: 'dismissed', certificateStatus: 'publicizing' });
      const record = await net.evaluate('auditor', 'Certificate:Get', reviewed.result.id);
      expect(record.objections.map((o: { status: string }) => o.status)).to.deep.equal(['dismissed']);
    });

    it('refuses an objection after publicity has ended', async () => {
      const cert = await issueCertificate(net);
      await expectRefusal(net.submit('enterprise-b', 'Certificate:RaiseObjection', cert.id, JSON.stringify({ reason: 'late' })), 'CONFLICT');
    });

    it('refuses core data (核心数据) as a policy violation, from a public source too', async () => {
      await expectRefusal(net.submit('enterprise-a', 'Certificate:Apply', application({ grade: 'core' })), 'POLICY_VIOLATION', /core data/);
      await expectRefusal(
        net.submit('data-group', 'Certificate:Apply', application({ grade: 'core', source: 'public', rights: [{ type: 'operating', holder: DATA_GROUP }] })),
        'POLICY_VIOLATION',
      );
    });

    it('refuses a change that raises the grade to important: the registry alone cannot bypass the regulator', async () => {
      const cert = await issueCertificate(net);
      await expectRefusal(
        net.submit('taizhou-registrar', 'Certificate:Change', cert.id, JSON.stringify({ grade: 'important', reason: 'reclassified' })),
        'POLICY_VIOLATION',
        /registered anew/,
      );
      const after = await net.evaluate('auditor', 'Certificate:Get', cert.id);
      expect(after).to.include({ grade: 'general', version: 1 });
      expect(after.endorsingOrgs).to.deep.equal([TAIZHOU]);
    });

    it('lets a change lower an important-grade certificate to general, endorsed under its old policy (registry and regulator)', async () => {
      const cert = await issueCertificate(net, { body: { grade: 'important' } });
      const lowered = await net.submit('taizhou-registrar', 'Certificate:Change', cert.id, JSON.stringify({ grade: 'general', reason: 'declassified' }));
      expect(lowered.result).to.include({ grade: 'general', version: 2 });
      expect(lowered.result.endorsingOrgs).to.deep.equal([TAIZHOU]);
    });

    it('refuses a change of an issued certificate to core grade', async () => {
      const cert = await issueCertificate(net);
      await expectRefusal(net.submit('taizhou-registrar', 'Certificate:Change', cert.id, JSON.stringify({ grade: 'core', reason: 'reclassified' })), 'POLICY_VIOLATION');
    });

    it('refuses an applicant who is not named among the right holders', async () => {
      await expectRefusal(net.submit('enterprise-a', 'Certificate:Apply', application({ rights: [{ type: 'holding', holder: DATA_GROUP }] })), 'FORBIDDEN');
    });

    it('refuses an application at a registry the applicant is not enrolled under', async () => {
      await expectRefusal(net.submit('enterprise-a', 'Certificate:Apply', application({ registry: YANCHENG })), 'FORBIDDEN');
    });

    it('refuses review by a registrar of another city (wrong org) and by a holder (wrong role)', async () => {
      const applied = await net.submit('enterprise-a', 'Certificate:Apply', application());
      await expectRefusal(net.submit('yancheng-registrar', 'Certificate:Review', applied.result.id, APPROVE_NOW), 'FORBIDDEN');
      await expectRefusal(net.submit('enterprise-a', 'Certificate:Review', applied.result.id, APPROVE_NOW), 'FORBIDDEN');
      await expectRefusal(net.submit('regulator', 'Certificate:Review', applied.result.id, APPROVE_NOW), 'FORBIDDEN');
    });

    it('refuses steps from the wrong state', async () => {
      const applied = await net.submit('enterprise-a', 'Certificate:Apply', application());
      await expectRefusal(net.submit('taizhou-registrar', 'Certificate:Issue', applied.result.id), 'CONFLICT');
      await expectRefusal(net.submit('enterprise-a', 'Certificate:Cancel', applied.result.id, JSON.stringify({ reason: 'x' })), 'CONFLICT');
      await expectRefusal(net.submit('taizhou-registrar', 'Certificate:Renew', applied.result.id), 'CONFLICT');
      await net.submit('taizhou-registrar', 'Certificate:Review', applied.result.id, APPROVE_NOW);
      await expectRefusal(net.submit('taizhou-registrar', 'Certificate:Review', applied.result.id, APPROVE_NOW), 'CONFLICT');
      await net.submit('taizhou-registrar', 'Certificate:Issue', applied.result.id);
      await expectRefusal(net.submit('taizhou-registrar', 'Certificate:Issue', applied.result.id), 'CONFLICT');
      await net.submit('regulator', 'Certificate:Revoke', applied.result.id, JSON.stringify({ reason: 'x' }));
      await expectRefusal(net.submit('enterprise-a', 'Certificate:Cancel', applied.result.id, JSON.stringify({ reason: 'x' })), 'CONFLICT');
      await expectRefusal(net.submit('taizhou-registrar', 'Certificate:Change', applied.result.id, JSON.stringify({ name: 'x', reason: 'x' })), 'CONFLICT');
    });

    it('refuses parents that are missing, not issued, or whose processing right the applicant lacks', async () => {
      await expectRefusal(net.submit('enterprise-a', 'Certificate:Apply', application({ parents: ['321200-2026-999998'] })), 'NOT_FOUND');
      const pending = await net.submit('enterprise-a', 'Certificate:Apply', application());
      await expectRefusal(net.submit('enterprise-a', 'Certificate:Apply', application({ parents: [pending.result.id] })), 'CONFLICT');
      const foreign = await issueCertificate(net);
      await expectRefusal(
        net.submit('data-group', 'Certificate:Apply', application({ parents: [foreign.id], rights: [{ type: 'holding', holder: DATA_GROUP }] })),
        'POLICY_VIOLATION',
        /processing right/,
      );
    });

    it('answers malformed requests with INVALID_REQUEST and unknown ids with NOT_FOUND', async () => {
      await expectRefusal(net.submit('enterprise-a', 'Certificate:Apply', '{not json'), 'INVALID_REQUEST');
      await expectRefusal(net.submit('enterprise-a', 'Certificate:Apply', application({ fingerprint: 'abc' })), 'INVALID_REQUEST', /fingerprint/);
      await expectRefusal(net.evaluate('auditor', 'Certificate:Get', '321200-2026-999997'), 'NOT_FOUND');
      await expectRefusal(net.evaluate('auditor', 'Certificate:Get', '../etc'), 'INVALID_REQUEST');
      await expectRefusal(net.evaluate('auditor', 'Certificate:GetByQueryCode', '0000000000'), 'NOT_FOUND');
    });
  });

  describe('concurrency and endorsement', () => {
    it('lets 20 concurrent applications at one registry all succeed with distinct ids', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, () => net.submit('enterprise-a', 'Certificate:Apply', application())));
      expect(new Set(results.map((r) => r.result.id)).size).to.equal(20);
      expect(results.every((r) => r.result.status === 'applied')).to.equal(true);
    });

    it('commits 20 applications at one registry in ONE block, every one VALID (no shared counter key)', async () => {
      const txs = await Promise.all(
        Array.from({ length: 20 }, () => prepare(net, 'enterprise-a', ['Certificate:Apply', application()], [TAIZHOU, YANCHENG])),
      );
      const { codes, blockNumbers } = await commitTogether(net, txs);
      expect(codes).to.deep.equal(Array.from({ length: 20 }, () => 'VALID'));
      expect(new Set(blockNumbers).size).to.equal(1);
    });

    it('allocates consecutive serials to approvals at one registry', async () => {
      const a = await net.submit('enterprise-a', 'Certificate:Apply', application());
      const b = await net.submit('enterprise-a', 'Certificate:Apply', application());
      const ra = await net.submit('taizhou-registrar', 'Certificate:Review', a.result.id, APPROVE_NOW);
      const rb = await net.submit('taizhou-registrar', 'Certificate:Review', b.result.id, APPROVE_NOW);
      expect(Number(rb.result.id.slice(-6))).to.equal(Number(ra.result.id.slice(-6)) + 1);
    });

    it('invalidates a change of a certificate not endorsed by its issuing registry (key-level policy)', async () => {
      const cert = await issueCertificate(net);
      // A Change, not a Renew: renewal is refused outside the last 90 days, and ledger time here is the issue day.
      const change = JSON.stringify({ name: 'renamed', reason: 'holder request' });
      const tx = await prepare(net, 'taizhou-registrar', ['Certificate:Change', cert.id, change], [YANCHENG, HUAIAN]);
      expect((await commitTogether(net, [tx])).codes).to.deep.equal(['ENDORSEMENT_POLICY_FAILURE']);
      const ok = await prepare(net, 'taizhou-registrar', ['Certificate:Change', cert.id, change], [TAIZHOU, YANCHENG]);
      expect((await commitTogether(net, [ok])).codes).to.deep.equal(['VALID']);
    });

    it('requires the regulator’s endorsement as well for an important-grade registration', async () => {
      const applied = await net.submit('enterprise-a', 'Certificate:Apply', application({ grade: 'important' }));
      expect(applied.result.endorsingOrgs).to.deep.equal([REGULATOR, TAIZHOU]);
      const without = await prepare(net, 'taizhou-registrar', ['Certificate:Review', applied.result.id, APPROVE_NOW], [TAIZHOU, YANCHENG]);
      expect((await commitTogether(net, [without])).codes).to.deep.equal(['ENDORSEMENT_POLICY_FAILURE']);
      const withRegulator = await prepare(net, 'taizhou-registrar', ['Certificate:Review', applied.result.id, APPROVE_NOW], [TAIZHOU, REGULATOR]);
      expect((await commitTogether(net, [withRegulator])).codes).to.deep.equal(['VALID']);
      // Through the normal submit path the endorsers are planned from the key's policy.
      const issued = await net.submit('taizhou-registrar', 'Certificate:Issue', applied.result.id);
      expect(issued.result.status).to.equal('issued');
    });
  });
});
