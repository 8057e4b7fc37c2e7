/** Recognition contract (互认) on a started embedded network. */
import { expect } from 'chai';
import { commitTogether, prepare } from '../support/flow';
import { startTestNetwork, type TestNetwork } from '../support/test-network';
import { HUAIAN, TAIZHOU, YANCHENG, activeAgreement, application, expectRefusal } from './certificate-flows';
import { issueCertificate } from '../support/certificates';

function proposal(counterparty: string, scope = { assetTypes: ['resource'], grades: ['general'] }, validFrom = '2020-01-01T00:00:00Z', validTo = '2099-12-31T00:00:00Z'): string {
  return JSON.stringify({ counterparty, scope, validFrom, validTo });
}

describe('Recognition contract', function () {
  this.timeout(120_000);
  let net: TestNetwork;

  // Taizhou↔Yancheng have an agreement for resources and products of general and important
  // grade; Taizhou↔Shanghai only for products; Taizhou↔Huai'an have none.
  before(async () => {
    net = await startTestNetwork();
    await activeAgreement(net, 'yancheng-registrar', TAIZHOU, { assetTypes: ['resource', 'product'], grades: ['general', 'important'] });
    await activeAgreement(net, 'shanghai-registrar', TAIZHOU, { assetTypes: ['product'], grades: ['general'] });
  });

  after(async () => {
    await net?.close();
  });

  describe('agreements', () => {
    it('is pending when proposed and active once the counterparty approves', async () => {
      const proposed = await net.submit('huaian-registrar', 'Recognition:ProposeAgreement', proposal(YANCHENG));
      expect(proposed.result).to.include({ status: 'pending', proposer: HUAIAN, counterparty: YANCHENG });
      expect(proposed.result.id).to.match(/^AGR-[0-9A-Z]{10}$/);
      expect(proposed.result.endorsingOrgs).to.deep.equal([HUAIAN, YANCHENG]);
      const approved = await net.submit('yancheng-registrar', 'Recognition:ApproveAgreement', proposed.result.id);
      expect(approved.result).to.include({ status: 'active' });
      expect(approved.result.approvedBy.mspId).to.equal(YANCHENG);
      const listed = await net.evaluate('auditor', 'Recognition:ListAgreements', HUAIAN);
      expect(listed.map((a: { id: string }) => a.id)).to.include(proposed.result.id);
    });

    it('refuses approval by the proposer, by a third registry, and a second approval', async () => {
      const proposed = await net.submit('huaian-registrar', 'Recognition:ProposeAgreement', proposal(TAIZHOU));
      await expectRefusal(net.submit('huaian-registrar', 'Recognition:ApproveAgreement', proposed.result.id), 'FORBIDDEN');
      await expectRefusal(net.submit('yancheng-registrar', 'Recognition:ApproveAgreement', proposed.result.id), 'FORBIDDEN');
      await net.submit('taizhou-registrar', 'Recognition:ApproveAgreement', proposed.result.id);
      await expectRefusal(net.submit('taizhou-registrar', 'Recognition:ApproveAgreement', proposed.result.id), 'CONFLICT');
      await net.submit('huaian-registrar', 'Recognition:TerminateAgreement', proposed.result.id, JSON.stringify({ reason: 'test over' }));
    });

    it('refuses an agreement with oneself, with a non-registry, or with validTo before validFrom', async () => {
      await expectRefusal(net.submit('taizhou-registrar', 'Recognition:ProposeAgreement', proposal(TAIZHOU)), 'INVALID_REQUEST');
      await expectRefusal(net.submit('taizhou-registrar', 'Recognition:ProposeAgreement', proposal('JiangsuBankMSP')), 'INVALID_REQUEST');
      await expectRefusal(
        net.submit('taizhou-registrar', 'Recognition:ProposeAgreement', proposal(YANCHENG, undefined, '2027-01-01T00:00:00Z', '2026-01-01T00:00:00Z')),
        'INVALID_REQUEST',
      );
    });

    it('needs both registries to endorse the approval (key-level policy on the agreement)', async () => {
      const proposed = await net.submit('shanghai-registrar', 'Recognition:ProposeAgreement', proposal(HUAIAN));
      const withoutProposer = await prepare(net, 'huaian-registrar', ['Recognition:ApproveAgreement', proposed.result.id], [HUAIAN, TAIZHOU]);
      expect((await commitTogether(net, [withoutProposer])).codes).to.deep.equal(['ENDORSEMENT_POLICY_FAILURE']);
      const both = await prepare(net, 'huaian-registrar', ['Recognition:ApproveAgreement', proposed.result.id], [HUAIAN, 'ShanghaiRegistryMSP']);
      expect((await commitTogether(net, [both])).codes).to.deep.equal(['VALID']);
    });
  });

  describe('recognitions', () => {
    it('records that another city’s certificate has effect, and shows it in verification', async () => {
      const cert = await issueCertificate(net);
      const recognised = await net.submit('yancheng-registrar', 'Recognition:Recognise', JSON.stringify({ certificateId: cert.id }));
      expect(recognised.result).to.include({ certificateId: cert.id, issuer: TAIZHOU, registry: YANCHENG, valid: true, id: `${cert.id}@${YANCHENG}` });
      const listed = await net.evaluate('auditor', 'Recognition:ListByCertificate', cert.id);
      expect(listed).to.have.length(1);
      const verification = await net.evaluate('enterprise-b', 'Certificate:Verification', cert.id);
      expect(verification.recognitions).to.deep.equal([{ registry: YANCHENG, recognisedAt: recognised.result.recognisedAt, valid: true, txId: recognised.txId }]);
      expect(await net.evaluate('auditor', 'Recognition:GetRecognition', `${cert.id}@${YANCHENG}`)).to.include({ valid: true });
    });

    it('works in both directions of an agreement, whoever proposed it', async () => {
      const cert = await issueCertificate(net, {
        applicant: 'enterprise-b',
        registrar: 'yancheng-registrar',
        body: { registry: YANCHENG, category: 'new-energy', rights: [{ type: 'holding', holder: '91320900MA2DEF341G' }] },
      });
      expect((await net.submit('taizhou-registrar', 'Recognition:Recognise', JSON.stringify({ certificateId: cert.id }))).result.valid).to.equal(true);
    });

    it('refuses recognition without an agreement', async () => {
      const cert = await issueCertificate(net);
      await expectRefusal(net.submit('huaian-registrar', 'Recognition:Recognise', JSON.stringify({ certificateId: cert.id })), 'POLICY_VIOLATION', /no active agreement/);
    });

    it('refuses recognition outside the agreement’s scope', async () => {
      const resource = await issueCertificate(net);
      await expectRefusal(net.submit('shanghai-registrar', 'Recognition:Recognise', JSON.stringify({ certificateId: resource.id })), 'POLICY_VIOLATION');
      const product = await issueCertificate(net, { body: { assetType: 'product' } });
      expect((await net.submit('shanghai-registrar', 'Recognition:Recognise', JSON.stringify({ certificateId: product.id }))).result.valid).to.equal(true);
    });

    it('refuses recognition under a pending or terminated agreement', async () => {
      const pending = await net.submit('huaian-registrar', 'Recognition:ProposeAgreement', proposal(TAIZHOU));
      const cert = await issueCertificate(net);
      await expectRefusal(net.submit('huaian-registrar', 'Recognition:Recognise', JSON.stringify({ certificateId: cert.id })), 'POLICY_VIOLATION');
      await net.submit('taizhou-registrar', 'Recognition:ApproveAgreement', pending.result.id);
      await net.submit('taizhou-registrar', 'Recognition:TerminateAgreement', pending.result.id, JSON.stringify({ reason: 'ended' }));
      await expectRefusal(net.submit('huaian-registrar', 'Recognition:Recognise', JSON.stringify({ certificateId: cert.id })), 'POLICY_VIOLATION');
      await expectRefusal(net.submit('huaian-registrar', 'Recognition:TerminateAgreement', pending.result.id, ''), 'CONFLICT');
    });

    it('refuses recognising a certificate twice, one’s own certificate, or one not yet issued', async () => {
      const cert = await issueCertificate(net);
      await net.submit('yancheng-registrar', 'Recognition:Recognise', JSON.stringify({ certificateId: cert.id }));
      await expectRefusal(net.submit('yancheng-registrar', 'Recognition:Recognise', JSON.stringify({ certificateId: cert.id })), 'CONFLICT', /already recognised/);
      await expectRefusal(net.submit('taizhou-registrar', 'Recognition:Recognise', JSON.stringify({ certificateId: cert.id })), 'CONFLICT');
      const applied = await net.submit('enterprise-a', 'Certificate:Apply', application());
      await expectRefusal(net.submit('yancheng-registrar', 'Recognition:Recognise', JSON.stringify({ certificateId: applied.result.id })), 'CONFLICT');
    });

    it('refuses recognition after revoke, and voids the recognitions already made', async () => {
      const cert = await issueCertificate(net);
      await net.submit('yancheng-registrar', 'Recognition:Recognise', JSON.stringify({ certificateId: cert.id }));
      await net.submit('regulator', 'Certificate:Revoke', cert.id, JSON.stringify({ reason: 'fraud' }));
      await expectRefusal(net.submit('shanghai-registrar', 'Recognition:Recognise', JSON.stringify({ certificateId: cert.id })), 'CONFLICT', /revoked/);
      const listed = await net.evaluate('auditor', 'Recognition:ListByCertificate', cert.id);
      expect(listed[0]).to.include({ valid: false, voidReason: 'certificate is revoked' });
      const verification = await net.evaluate('auditor', 'Certificate:Verification', cert.id);
      expect(verification).to.include({ valid: false, status: 'revoked' });
      expect(verification.recognitions[0].valid).to.equal(false);
    });

    it('voids recognitions when the holder cancels the certificate', async () => {
      const cert = await issueCertificate(net);
      await net.submit('yancheng-registrar', 'Recognition:Recognise', JSON.stringify({ certificateId: cert.id }));
      await net.submit('enterprise-a', 'Certificate:Cancel', cert.id, JSON.stringify({ reason: 'retired' }));
      expect((await net.evaluate('auditor', 'Recognition:ListByCertificate', cert.id))[0]).to.include({ valid: false, voidReason: 'certificate is cancelled' });
    });

    it('refuses recognition by anyone but a registrar', async () => {
      const cert = await issueCertificate(net);
      for (const who of ['enterprise-b', 'regulator', 'bank-officer', 'appraiser']) {
        await expectRefusal(net.submit(who, 'Recognition:Recognise', JSON.stringify({ certificateId: cert.id })), 'FORBIDDEN');
      }
    });
  });
});
