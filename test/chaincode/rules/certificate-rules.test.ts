import { expect } from 'chai';
import type { Objection } from '../../../chaincode/src/model/certificate';
import {
  applicantNamedInRights,
  canAddEvidence,
  canCancel,
  canChange,
  canDeriveFrom,
  canIssue,
  canRaiseObjection,
  canRenew,
  canResolveObjection,
  canReview,
  canRevoke,
  canStartReview,
  canTransferRight,
  effectiveStatus,
  fingerprintAvailable,
  gradePolicy,
  holdsFingerprint,
  isCertificateValid,
  principalHolder,
  requiredEndorsers,
} from '../../../chaincode/src/rules/certificate';
import { ALLOW } from '../../../chaincode/src/rules/result';
import { DATA_GROUP, ENTERPRISE_A, ENTERPRISE_B, FP, NOW, REGULATOR, TAIZHOU, certificate } from './fixtures';

function objection(status: Objection['status'] = 'open'): Objection {
  return {
    docType: 'objection',
    id: 'OBJ-0123456789',
    certificateId: '321200-2026-000001',
    reason: 'we hold this data',
    raisedBy: { mspId: 'YanchengRegistryMSP', id: 'x509::enterprise-b', entity: ENTERPRISE_B },
    raisedAt: NOW,
    status,
    txId: 'tx-o',
  };
}

const publicizing = certificate({ status: 'publicizing', issuedAt: undefined, expiresAt: undefined, publicityEndsAt: '2026-06-11T00:00:00.000Z' });

describe('certificate rules', () => {
  describe('grade policy (分类分级)', () => {
    it('allows general and important data from any source', () => {
      for (const source of ['public', 'enterprise', 'personal'] as const) {
        expect(gradePolicy('general', source)).to.deep.equal(ALLOW);
        expect(gradePolicy('important', source)).to.deep.equal(ALLOW);
      }
    });

    it('refuses core data from every source, public included, as a policy violation', () => {
      for (const source of ['public', 'enterprise', 'personal'] as const) {
        expect(gradePolicy('core', source)).to.include({ allowed: false, code: 'POLICY_VIOLATION' });
      }
    });
  });

  describe('key-level endorsers', () => {
    it('requires only the issuing registry for general data', () => {
      expect(requiredEndorsers(TAIZHOU, 'general', REGULATOR)).to.deep.equal([TAIZHOU]);
    });

    it('adds the regulator for important data, sorted for deterministic policy bytes', () => {
      expect(requiredEndorsers(TAIZHOU, 'important', REGULATOR)).to.deep.equal([REGULATOR, TAIZHOU]);
    });
  });

  describe('application', () => {
    it('allows an applicant named as a right holder', () => {
      expect(applicantNamedInRights(certificate().rights, ENTERPRISE_A)).to.deep.equal(ALLOW);
    });

    it('refuses an applicant who holds none of the rights it registers', () => {
      expect(applicantNamedInRights(certificate().rights, ENTERPRISE_B)).to.include({ allowed: false, code: 'FORBIDDEN' });
    });

    it('allows a fingerprint no live registration holds', () => {
      expect(fingerprintAvailable(FP, undefined)).to.deep.equal(ALLOW);
    });

    it('refuses a registered fingerprint with a conflict naming the existing certificate', () => {
      const r = fingerprintAvailable(FP, '320900-2026-000007');
      expect(r).to.include({ allowed: false, code: 'CONFLICT' });
      expect(!r.allowed && r.reason).to.contain('320900-2026-000007');
    });

    it('frees the fingerprint only when the registration is rejected, cancelled or revoked', () => {
      expect(holdsFingerprint('applied')).to.equal(true);
      expect(holdsFingerprint('issued')).to.equal(true);
      expect(holdsFingerprint('rejected')).to.equal(false);
      expect(holdsFingerprint('cancelled')).to.equal(false);
      expect(holdsFingerprint('revoked')).to.equal(false);
    });
  });

  describe('lineage (parents)', () => {
    it('allows deriving from an issued parent whose processing right the applicant holds', () => {
      expect(canDeriveFrom('321200-2026-000001', certificate(), ENTERPRISE_A, NOW)).to.deep.equal(ALLOW);
    });

    it('refuses a parent that does not exist', () => {
      expect(canDeriveFrom('321200-2026-000009', undefined, ENTERPRISE_A, NOW)).to.include({ allowed: false, code: 'NOT_FOUND' });
    });

    it('refuses a parent that is not issued, or has lapsed', () => {
      expect(canDeriveFrom('x', certificate({ status: 'publicizing' }), ENTERPRISE_A, NOW)).to.include({ code: 'CONFLICT' });
      expect(canDeriveFrom('x', certificate({ status: 'revoked' }), ENTERPRISE_A, NOW)).to.include({ code: 'CONFLICT' });
      expect(canDeriveFrom('x', certificate(), ENTERPRISE_A, '2030-01-01T00:00:00.000Z')).to.include({ code: 'CONFLICT' });
    });

    it('refuses an applicant without the processing right of the parent', () => {
      expect(canDeriveFrom('x', certificate(), DATA_GROUP, NOW)).to.include({ allowed: false, code: 'POLICY_VIOLATION' });
    });
  });

  describe('review', () => {
    it('allows starting review only of an applied registration', () => {
      expect(canStartReview(certificate({ status: 'applied' }))).to.deep.equal(ALLOW);
      expect(canStartReview(certificate({ status: 'under_review' }))).to.include({ code: 'CONFLICT' });
    });

    it('allows a review decision on applied and under-review registrations only', () => {
      expect(canReview(certificate({ status: 'applied' }))).to.deep.equal(ALLOW);
      expect(canReview(certificate({ status: 'under_review' }))).to.deep.equal(ALLOW);
      for (const status of ['publicizing', 'issued', 'rejected', 'cancelled'] as const) {
        expect(canReview(certificate({ status }))).to.include({ allowed: false, code: 'CONFLICT' });
      }
    });
  });

  describe('objections (异议)', () => {
    it('allows an objection while the publicity period runs', () => {
      expect(canRaiseObjection(publicizing, NOW)).to.deep.equal(ALLOW);
    });

    it('refuses an objection once the publicity period has ended', () => {
      expect(canRaiseObjection(publicizing, '2026-06-11T00:00:00.000Z')).to.include({ allowed: false, code: 'CONFLICT' });
    });

    it('refuses an objection to a registration that is not in publicity', () => {
      expect(canRaiseObjection(certificate({ status: 'issued' }), NOW)).to.include({ code: 'CONFLICT' });
    });

    it('allows resolving an open objection of a registration in publicity', () => {
      expect(canResolveObjection(publicizing, objection(), 'OBJ-0123456789')).to.deep.equal(ALLOW);
    });

    it('refuses resolving a missing or already resolved objection', () => {
      expect(canResolveObjection(publicizing, undefined, 'OBJ-X')).to.include({ code: 'NOT_FOUND' });
      expect(canResolveObjection(publicizing, objection('dismissed'), 'OBJ-0123456789')).to.include({ code: 'CONFLICT' });
    });
  });

  describe('issue', () => {
    it('allows issue when publicity has ended by ledger time and no objection is open', () => {
      expect(canIssue(publicizing, '2026-06-11T00:00:00.000Z', 0)).to.deep.equal(ALLOW);
    });

    it('refuses issue during publicity', () => {
      const r = canIssue(publicizing, NOW, 0);
      expect(r).to.include({ allowed: false, code: 'CONFLICT' });
      expect(!r.allowed && r.reason).to.contain('2026-06-11T00:00:00.000Z');
    });

    it('refuses issue while an objection is open', () => {
      expect(canIssue(publicizing, '2026-07-01T00:00:00.000Z', 1)).to.include({ allowed: false, code: 'CONFLICT' });
    });

    it('refuses issue from any status but publicizing', () => {
      for (const status of ['applied', 'under_review', 'issued', 'rejected'] as const) {
        expect(canIssue(certificate({ status, publicityEndsAt: '2026-01-01T00:00:00.000Z' }), NOW, 0)).to.include({ code: 'CONFLICT' });
      }
    });
  });

  describe('validity and expiry', () => {
    it('reports an issued certificate in its term as issued and valid', () => {
      expect(effectiveStatus(certificate(), NOW)).to.equal('issued');
      expect(isCertificateValid(certificate(), NOW)).to.equal(true);
    });

    it('reports an issued certificate past expiresAt as expired and not valid', () => {
      expect(effectiveStatus(certificate(), '2029-01-12T00:00:00.000Z')).to.equal('expired');
      expect(isCertificateValid(certificate(), '2029-01-12T00:00:00.000Z')).to.equal(false);
    });

    it('reports cancelled, revoked and not-yet-issued registrations as not valid', () => {
      for (const status of ['cancelled', 'revoked', 'applied', 'publicizing', 'rejected'] as const) {
        expect(isCertificateValid(certificate({ status }), NOW)).to.equal(false);
      }
    });
  });

  describe('after issue', () => {
    it('allows evidence from application until issue, and after it', () => {
      for (const status of ['applied', 'under_review', 'publicizing', 'issued'] as const) {
        expect(canAddEvidence(certificate({ status }))).to.deep.equal(ALLOW);
      }
    });

    it('refuses evidence for rejected, cancelled and revoked registrations', () => {
      for (const status of ['rejected', 'cancelled', 'revoked'] as const) {
        expect(canAddEvidence(certificate({ status }))).to.include({ code: 'CONFLICT' });
      }
    });

    it('allows a change of an issued certificate in its term', () => {
      expect(canChange(certificate(), { name: 'New name', reason: 'rename' }, NOW)).to.deep.equal(ALLOW);
    });

    it('refuses a change that raises the grade (general → important): important data is registered anew', () => {
      const raised = canChange(certificate({ grade: 'general' }), { grade: 'important', reason: 'reclassified' }, NOW);
      expect(raised).to.include({ allowed: false, code: 'POLICY_VIOLATION' });
      expect(raised.allowed ? '' : raised.reason).to.match(/registered anew/).and.match(/regulator/);
    });

    it('allows a change that keeps or lowers the grade (important → general, under the regulator’s endorsement of the old policy)', () => {
      expect(canChange(certificate({ grade: 'general' }), { grade: 'general', reason: 'x' }, NOW)).to.deep.equal(ALLOW);
      expect(canChange(certificate({ grade: 'important' }), { grade: 'important', reason: 'x' }, NOW)).to.deep.equal(ALLOW);
      expect(canChange(certificate({ grade: 'important' }), { grade: 'general', reason: 'declassified' }, NOW)).to.deep.equal(ALLOW);
    });

    it('refuses a change to core grade and a change of a lapsed or revoked certificate', () => {
      expect(canChange(certificate(), { grade: 'core', reason: 'x' }, NOW)).to.include({ code: 'POLICY_VIOLATION' });
      expect(canChange(certificate(), { name: 'x', reason: 'x' }, '2030-01-01T00:00:00.000Z')).to.include({ code: 'CONFLICT' });
      expect(canChange(certificate({ status: 'revoked' }), { name: 'x', reason: 'x' }, NOW)).to.include({ code: 'CONFLICT' });
    });

    it('allows transferring a registered right to another entity', () => {
      expect(canTransferRight(certificate(), { right: 'processing', to: DATA_GROUP }, NOW)).to.deep.equal(ALLOW);
    });

    it('refuses transferring a right the certificate does not register, or to its current holder', () => {
      expect(canTransferRight(certificate(), { right: 'operating', to: DATA_GROUP }, NOW)).to.include({ code: 'CONFLICT' });
      expect(canTransferRight(certificate(), { right: 'holding', to: ENTERPRISE_A }, NOW)).to.include({ code: 'CONFLICT' });
    });

    it('refuses transferring a right of a cancelled certificate', () => {
      expect(canTransferRight(certificate({ status: 'cancelled' }), { right: 'holding', to: DATA_GROUP }, NOW)).to.include({ code: 'CONFLICT' });
    });

    it('allows renewal (续展) before the term lapses and refuses it after', () => {
      expect(canRenew(certificate(), '2029-01-11T23:59:59.999Z')).to.deep.equal(ALLOW);
      expect(canRenew(certificate(), '2029-01-12T00:00:00.000Z')).to.include({ allowed: false, code: 'CONFLICT' });
    });

    it('allows renewal only within the last 90 days before expiresAt (ledger time)', () => {
      // expiresAt 2029-01-12T00:00:00.000Z: the window opens 90 days earlier, 2028-10-14T00:00:00.000Z.
      expect(canRenew(certificate(), '2028-10-14T00:00:00.000Z')).to.deep.equal(ALLOW);
      expect(canRenew(certificate(), '2028-12-01T12:00:00.000Z')).to.deep.equal(ALLOW);
      const early = canRenew(certificate(), '2028-10-13T23:59:59.999Z');
      expect(early).to.include({ allowed: false, code: 'CONFLICT' });
      expect(early.allowed ? '' : early.reason).to.match(/90 days/).and.match(/2028-10-14T00:00:00\.000Z/);
      // On the day of issue (the reproduced abuse: six renewals pushing expiry to 2047).
      expect(canRenew(certificate(), '2026-01-12T00:00:00.000Z')).to.include({ allowed: false, code: 'CONFLICT' });
      expect(canRenew(certificate(), NOW)).to.include({ allowed: false, code: 'CONFLICT' });
    });

    it('still refuses renewal of a revoked or cancelled certificate inside the window', () => {
      expect(canRenew(certificate({ status: 'revoked' }), '2028-12-01T00:00:00.000Z')).to.include({ code: 'CONFLICT' });
      expect(canRenew(certificate({ status: 'cancelled' }), '2028-12-01T00:00:00.000Z')).to.include({ code: 'CONFLICT' });
    });

    it('names the holding right holder as the principal holder, else operating, else processing', () => {
      expect(principalHolder(certificate())).to.equal(ENTERPRISE_A);
      expect(principalHolder({ rights: [{ type: 'processing', holder: ENTERPRISE_B }, { type: 'operating', holder: DATA_GROUP }] })).to.equal(DATA_GROUP);
      expect(principalHolder({ rights: [{ type: 'processing', holder: ENTERPRISE_B }] })).to.equal(ENTERPRISE_B);
    });

    it('allows cancellation (注销) of an issued certificate only', () => {
      expect(canCancel(certificate())).to.deep.equal(ALLOW);
      for (const status of ['revoked', 'cancelled', 'publicizing'] as const) {
        expect(canCancel(certificate({ status }))).to.include({ code: 'CONFLICT' });
      }
    });

    it('allows revocation (撤销) of issued certificates only', () => {
      expect(canRevoke(certificate())).to.deep.equal(ALLOW);
      for (const status of ['revoked', 'cancelled', 'applied'] as const) {
        expect(canRevoke(certificate({ status }))).to.include({ code: 'CONFLICT' });
      }
    });
  });
});
