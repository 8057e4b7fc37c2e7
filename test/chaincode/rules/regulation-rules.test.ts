import { expect } from 'chai';
import type { Filing, NegativeListEntry, NegativeListLevel } from '../../../chaincode/src/model/regulation';
import { canDecide, canFile, canLift, canList, filingIsInForce, mayTrade, validTermEnd } from '../../../chaincode/src/rules/regulation';
import { ALLOW } from '../../../chaincode/src/rules/result';
import { ENTERPRISE_A, ENTERPRISE_B, FP, NOW, REGULATOR, TAIZHOU, certificate } from './fixtures';

function entry(level: NegativeListLevel, overrides: Partial<NegativeListEntry> = {}): NegativeListEntry {
  return {
    docType: 'negative_list_entry',
    id: level === 'prohibited' ? 'NLE-P000000000' : 'NLE-R000000000',
    target: 'category',
    value: 'healthcare',
    level,
    reason: 'r',
    status: 'active',
    listedBy: { mspId: REGULATOR, id: 'regulator' },
    listedAt: NOW,
    endorsingOrgs: [REGULATOR],
    createdTxId: 't',
    lastTxId: 't',
    updatedAt: NOW,
    ...overrides,
  };
}

function filing(overrides: Partial<Filing> = {}): Filing {
  return {
    docType: 'filing',
    id: 'FIL-0000000000',
    certificateId: '321200-2026-000001',
    registry: TAIZHOU,
    filer: ENTERPRISE_A,
    purpose: 'sale to a hospital group',
    recipients: [],
    termDays: 30,
    status: 'approved',
    filedBy: { mspId: TAIZHOU, id: 'enterprise-a' },
    filedAt: NOW,
    validUntil: '2026-07-01T00:00:00.000Z',
    endorsingOrgs: [REGULATOR, TAIZHOU].sort(),
    createdTxId: 't',
    lastTxId: 't',
    updatedAt: NOW,
    ...overrides,
  };
}

const HONEST = [
  { entity: ENTERPRISE_A, credit: 'normal' as const },
  { entity: ENTERPRISE_B, credit: 'normal' as const },
];

describe('regulation rules', () => {
  describe('mayTrade', () => {
    it('allows general-grade data with no negative-list match and honest parties, filing or not', () => {
      expect(mayTrade({ grade: 'general', negativeList: [], parties: HONEST })).to.deep.equal(ALLOW);
      expect(mayTrade({ grade: 'general', negativeList: [], filing: filing(), parties: HONEST })).to.deep.equal(ALLOW);
    });

    it('never lets core-grade data trade, even with a filing', () => {
      const result = mayTrade({ grade: 'core', negativeList: [], filing: filing(), parties: HONEST });
      expect(result).to.include({ allowed: false, code: 'POLICY_VIOLATION' });
      expect(result.allowed ? '' : result.reason).to.match(/core-grade/);
    });

    it('refuses a prohibited negative-list match whatever else holds', () => {
      const result = mayTrade({ grade: 'general', negativeList: [entry('prohibited')], filing: filing(), parties: HONEST });
      expect(result).to.include({ allowed: false, code: 'POLICY_VIOLATION' });
      expect(result.allowed ? '' : result.reason).to.match(/negative list.*prohibited by NLE-P000000000/);
    });

    it('ignores an entry that is not active', () => {
      expect(mayTrade({ grade: 'general', negativeList: [entry('prohibited', { status: 'lifted' })], parties: HONEST })).to.deep.equal(ALLOW);
    });

    it('refuses important-grade data without a filing and allows it with an approved one', () => {
      const refused = mayTrade({ grade: 'important', negativeList: [], parties: HONEST });
      expect(refused).to.include({ allowed: false, code: 'POLICY_VIOLATION' });
      expect(refused.allowed ? '' : refused.reason).to.match(/filing/);
      expect(mayTrade({ grade: 'important', negativeList: [], filing: filing(), parties: HONEST })).to.deep.equal(ALLOW);
    });

    it('does not take a filing that is filed or rejected for an approved one', () => {
      expect(mayTrade({ grade: 'important', negativeList: [], filing: filing({ status: 'filed' }), parties: HONEST })).to.include({ allowed: false });
      expect(mayTrade({ grade: 'important', negativeList: [], filing: filing({ status: 'rejected' }), parties: HONEST })).to.include({ allowed: false });
    });

    it('refuses a restricted match without a filing and allows it with one', () => {
      const refused = mayTrade({ grade: 'general', negativeList: [entry('restricted')], parties: HONEST });
      expect(refused).to.include({ allowed: false, code: 'POLICY_VIOLATION' });
      expect(refused.allowed ? '' : refused.reason).to.match(/restricted by NLE-R000000000/);
      expect(mayTrade({ grade: 'general', negativeList: [entry('restricted')], filing: filing(), parties: HONEST })).to.deep.equal(ALLOW);
    });

    it('refuses when any party is flagged dishonest, naming it', () => {
      const parties = [HONEST[0]!, { entity: ENTERPRISE_B, credit: 'dishonest' as const }];
      const result = mayTrade({ grade: 'general', negativeList: [], filing: filing(), parties });
      expect(result).to.include({ allowed: false, code: 'POLICY_VIOLATION' });
      expect(result.allowed ? '' : result.reason).to.include(ENTERPRISE_B).and.match(/dishonest/);
    });
  });

  describe('filings', () => {
    it('counts an approved filing in force only before its term end', () => {
      expect(filingIsInForce(filing(), NOW)).to.equal(true);
      expect(filingIsInForce(filing(), '2026-07-01T00:00:00.000Z')).to.equal(false);
      expect(filingIsInForce(filing({ status: 'filed', validUntil: undefined }), NOW)).to.equal(false);
      expect(filingIsInForce(filing({ status: 'rejected' }), NOW)).to.equal(false);
    });

    it('files only for an issued certificate in its term', () => {
      expect(canFile(certificate({ status: 'issued', expiresAt: '2029-01-01T00:00:00.000Z' }), NOW)).to.deep.equal(ALLOW);
      expect(canFile(certificate({ status: 'issued', expiresAt: '2026-01-01T00:00:00.000Z' }), NOW)).to.include({ code: 'CONFLICT' });
      expect(canFile(certificate({ status: 'applied' }), NOW)).to.include({ code: 'CONFLICT' });
    });

    it('decides only a filed filing, once', () => {
      expect(canDecide(filing({ status: 'filed' }))).to.deep.equal(ALLOW);
      expect(canDecide(filing({ status: 'approved' }))).to.include({ code: 'CONFLICT' });
      expect(canDecide(filing({ status: 'rejected' }))).to.include({ code: 'CONFLICT' });
    });

    it('takes a term end from the regulator only if it lies after the approval', () => {
      expect(validTermEnd('2026-06-02T00:00:00.000Z', NOW)).to.deep.equal(ALLOW);
      expect(validTermEnd(NOW, NOW)).to.include({ code: 'INVALID_REQUEST' });
    });
  });

  describe('negative list', () => {
    it('keeps one active entry per category or fingerprint', () => {
      const request = { target: 'fingerprint' as const, value: FP, level: 'restricted' as const, reason: 'r' };
      expect(canList(request, [])).to.deep.equal(ALLOW);
      expect(canList(request, [entry('prohibited', { target: 'fingerprint', value: FP })])).to.include({ code: 'CONFLICT' });
    });

    it('lifts only an active entry', () => {
      expect(canLift(entry('restricted'))).to.deep.equal(ALLOW);
      expect(canLift(entry('restricted', { status: 'lifted' }))).to.include({ code: 'CONFLICT' });
    });
  });
});
