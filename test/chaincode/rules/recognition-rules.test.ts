import { expect } from 'chai';
import type { Recognition } from '../../../chaincode/src/model/recognition';
import {
  agreementCovers,
  canApproveAgreement,
  canProposeAgreement,
  canRecognise,
  canTerminateAgreement,
  recognitionEffect,
} from '../../../chaincode/src/rules/recognition';
import { ALLOW } from '../../../chaincode/src/rules/result';
import { HUAIAN, NOW, TAIZHOU, YANCHENG, agreement, certificate, consortium } from './fixtures';

const orgs = consortium();
const proposal = {
  counterparty: TAIZHOU,
  scope: { assetTypes: ['resource' as const], grades: ['general' as const] },
  validFrom: '2026-01-01T00:00:00.000Z',
  validTo: '2027-01-01T00:00:00.000Z',
};
const existing: Recognition = {
  docType: 'recognition',
  id: '321200-2026-000001@YanchengRegistryMSP',
  certificateId: '321200-2026-000001',
  issuer: TAIZHOU,
  registry: YANCHENG,
  agreementId: 'AGR-0123456789',
  recognisedBy: { mspId: YANCHENG, id: 'x509::yancheng-registrar' },
  recognisedAt: NOW,
  txId: 'tx-r',
};

describe('recognition rules (互认)', () => {
  describe('agreements', () => {
    it('allows a registry to propose an agreement to another registry', () => {
      expect(canProposeAgreement(YANCHENG, proposal, orgs, NOW)).to.deep.equal(ALLOW);
    });

    it('refuses an agreement with itself, with a non-registry, or one already past', () => {
      expect(canProposeAgreement(TAIZHOU, proposal, orgs, NOW)).to.include({ code: 'INVALID_REQUEST' });
      expect(canProposeAgreement(YANCHENG, { ...proposal, counterparty: 'JiangsuBankMSP' }, orgs, NOW)).to.include({ code: 'INVALID_REQUEST' });
      expect(canProposeAgreement(YANCHENG, proposal, orgs, '2027-01-01T00:00:00.000Z')).to.include({ code: 'INVALID_REQUEST' });
    });

    it('lets only the counterparty approve a pending agreement before it lapses', () => {
      const pending = agreement({ status: 'pending' });
      expect(canApproveAgreement(pending, TAIZHOU, NOW)).to.deep.equal(ALLOW);
      expect(canApproveAgreement(pending, YANCHENG, NOW)).to.include({ code: 'FORBIDDEN' });
      expect(canApproveAgreement(pending, HUAIAN, NOW)).to.include({ code: 'FORBIDDEN' });
      expect(canApproveAgreement(agreement(), TAIZHOU, NOW)).to.include({ code: 'CONFLICT' });
      expect(canApproveAgreement(pending, TAIZHOU, '2027-02-01T00:00:00.000Z')).to.include({ code: 'CONFLICT' });
    });

    it('lets either party terminate an agreement that is not terminated yet', () => {
      expect(canTerminateAgreement(agreement(), TAIZHOU)).to.deep.equal(ALLOW);
      expect(canTerminateAgreement(agreement({ status: 'pending' }), YANCHENG)).to.deep.equal(ALLOW);
      expect(canTerminateAgreement(agreement(), HUAIAN)).to.include({ code: 'FORBIDDEN' });
      expect(canTerminateAgreement(agreement({ status: 'terminated' }), TAIZHOU)).to.include({ code: 'CONFLICT' });
    });
  });

  describe('coverage', () => {
    it('covers a certificate of either party recognised by the other, in scope and in validity', () => {
      expect(agreementCovers(agreement(), certificate(), YANCHENG, NOW)).to.equal(true);
      const yanchengCert = certificate({ registry: YANCHENG });
      expect(agreementCovers(agreement(), yanchengCert, TAIZHOU, NOW)).to.equal(true);
    });

    it('does not cover another asset type or grade', () => {
      expect(agreementCovers(agreement(), certificate({ assetType: 'element' }), YANCHENG, NOW)).to.equal(false);
      expect(agreementCovers(agreement(), certificate({ grade: 'important' }), YANCHENG, NOW)).to.equal(false);
    });

    it('does not cover before validFrom, from validTo on, or when not active', () => {
      expect(agreementCovers(agreement(), certificate(), YANCHENG, '2025-12-31T23:59:59.999Z')).to.equal(false);
      expect(agreementCovers(agreement(), certificate(), YANCHENG, '2027-01-01T00:00:00.000Z')).to.equal(false);
      expect(agreementCovers(agreement({ status: 'pending' }), certificate(), YANCHENG, NOW)).to.equal(false);
      expect(agreementCovers(agreement({ status: 'terminated' }), certificate(), YANCHENG, NOW)).to.equal(false);
    });

    it('does not cover a third registry', () => {
      expect(agreementCovers(agreement(), certificate(), HUAIAN, NOW)).to.equal(false);
    });
  });

  describe('recognise', () => {
    it('allows recognising an issued certificate under an active covering agreement', () => {
      expect(canRecognise(certificate(), YANCHENG, [agreement()], undefined, NOW)).to.deep.equal(ALLOW);
    });

    it('refuses recognition without any agreement, or outside its scope, as a policy violation', () => {
      expect(canRecognise(certificate(), YANCHENG, [], undefined, NOW)).to.include({ code: 'POLICY_VIOLATION' });
      expect(canRecognise(certificate({ grade: 'important' }), YANCHENG, [agreement()], undefined, NOW)).to.include({ code: 'POLICY_VIOLATION' });
    });

    it('refuses recognising a certificate that is revoked, cancelled, expired or not issued', () => {
      for (const status of ['revoked', 'cancelled', 'publicizing', 'rejected'] as const) {
        expect(canRecognise(certificate({ status }), YANCHENG, [agreement()], undefined, NOW)).to.include({ code: 'CONFLICT' });
      }
      expect(canRecognise(certificate({ expiresAt: '2026-05-01T00:00:00.000Z' }), YANCHENG, [agreement()], undefined, NOW)).to.include({ code: 'CONFLICT' });
    });

    it('refuses a registry recognising its own certificate, or recognising it twice', () => {
      expect(canRecognise(certificate(), TAIZHOU, [agreement()], undefined, NOW)).to.include({ code: 'CONFLICT' });
      expect(canRecognise(certificate(), YANCHENG, [agreement()], existing, NOW)).to.include({ code: 'CONFLICT' });
    });

    it('gives a recognition effect only while its certificate is valid', () => {
      expect(recognitionEffect(certificate(), NOW)).to.deep.equal({ valid: true });
      expect(recognitionEffect(certificate({ status: 'revoked' }), NOW)).to.deep.equal({ valid: false, voidReason: 'certificate is revoked' });
      expect(recognitionEffect(certificate({ status: 'cancelled' }), NOW)).to.include({ valid: false });
      expect(recognitionEffect(certificate(), '2030-01-01T00:00:00.000Z')).to.deep.equal({ valid: false, voidReason: 'certificate is expired' });
      expect(recognitionEffect(undefined, NOW)).to.include({ valid: false });
    });
  });
});
