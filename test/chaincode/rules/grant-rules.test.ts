import { expect } from 'chai';
import { parseGrantRequest, parseUsage } from '../../../chaincode/src/model/grant';
import { ALLOW } from '../../../chaincode/src/rules/result';
import { canCreateGrant, canResumeGrant, canUse, grantEffect, grantEndorsers } from '../../../chaincode/src/rules/grant';
import { DATA_GROUP, ENTERPRISE_A, ENTERPRISE_B, NOW, TAIZHOU, YANCHENG, certificate, grant } from './fixtures';

const ACTIVE = { effectiveStatus: 'active' } as const;

function request(overrides: Record<string, unknown> = {}): ReturnType<typeof parseGrantRequest> {
  return parseGrantRequest({
    assetId: '321200-2026-000001',
    type: 'licence',
    grantee: ENTERPRISE_B,
    rights: ['processing'],
    purposes: ['credit-scoring'],
    validFrom: '2026-01-01T00:00:00Z',
    validTo: '2027-01-01T00:00:00Z',
    paid: false,
    ...overrides,
  });
}

describe('grant rules', () => {
  describe('effect', () => {
    it('is the grant’s own status first, then scheduled before its term and expired after it, by ledger time', () => {
      expect(grantEffect(grant(), [], certificate(), NOW)).to.deep.equal(ACTIVE);
      expect(grantEffect(grant({ validFrom: '2026-07-01T00:00:00.000Z' }), [], certificate(), NOW)).to.deep.equal({ effectiveStatus: 'scheduled' });
      expect(grantEffect(grant({ status: 'suspended' }), [], certificate(), NOW)).to.deep.equal({ effectiveStatus: 'suspended' });
      expect(grantEffect(grant(), [], certificate(), '2027-01-01T00:00:00.000Z')).to.deep.equal({ effectiveStatus: 'expired' });
    });

    it('is void when the certificate is cancelled, revoked or lapsed', () => {
      expect(grantEffect(grant(), [], certificate({ status: 'revoked' }), NOW)).to.deep.equal({ effectiveStatus: 'void', stoppedBy: 'certificate 321200-2026-000001 is revoked' });
      expect(grantEffect(grant({ validTo: '2030-01-01T00:00:00.000Z' }), [], certificate(), '2029-06-01T00:00:00.000Z').stoppedBy).to.equal('certificate 321200-2026-000001 is expired');
      expect(grantEffect(grant(), [], undefined, NOW).effectiveStatus).to.equal('void');
    });

    it('is void when any grant above it is not active, or a link of its chain is missing', () => {
      const root = grant({ id: 'GRT-ROOT000000' });
      const middle = grant({ id: 'GRT-M1DD1E0000', parentGrantId: root.id, depth: 1 });
      const leaf = grant({ id: 'GRT-1EAF000000', parentGrantId: middle.id, depth: 2, grantee: DATA_GROUP });
      expect(grantEffect(leaf, [middle, root], certificate(), NOW)).to.deep.equal(ACTIVE);
      expect(grantEffect(leaf, [middle, { ...root, status: 'revoked' }], certificate(), NOW)).to.deep.equal({ effectiveStatus: 'void', stoppedBy: 'upstream grant GRT-ROOT000000 is revoked' });
      expect(grantEffect(leaf, [middle, { ...root, validTo: '2026-02-01T00:00:00.000Z' }], certificate(), NOW).stoppedBy).to.equal('upstream grant GRT-ROOT000000 is expired');
      expect(grantEffect(leaf, [middle], certificate(), NOW)).to.deep.equal({ effectiveStatus: 'void', stoppedBy: 'upstream grant GRT-M1DD1E0000 not found' });
    });
  });

  describe('use', () => {
    it('allows a use for a granted purpose in the term, under maxUses', () => {
      expect(canUse(grant({ maxUses: 3 }), ACTIVE, 'credit-scoring', [{ grantId: 'GRT-0123456789', maxUses: 3, recorded: 2 }])).to.deep.equal(ALLOW);
    });

    it('refuses a use before the term starts, for another purpose, at maxUses, or when the grant has no effect', () => {
      const scheduled = canUse(grant({ validFrom: '2026-07-01T00:00:00.000Z' }), { effectiveStatus: 'scheduled' }, 'credit-scoring', []);
      expect(scheduled).to.deep.include({ code: 'POLICY_VIOLATION', reason: 'grant GRT-0123456789 is not in force until 2026-07-01T00:00:00.000Z' });
      expect(canUse(grant(), ACTIVE, 'marketing', [])).to.include({ code: 'POLICY_VIOLATION' });
      expect(canUse(grant({ maxUses: 3 }), ACTIVE, 'credit-scoring', [{ grantId: 'GRT-0123456789', maxUses: 3, recorded: 3 }])).to.include({ code: 'POLICY_VIOLATION' });
      const voided = canUse(grant(), { effectiveStatus: 'void', stoppedBy: 'upstream grant X is revoked' }, 'credit-scoring', []);
      expect(voided).to.deep.equal({ allowed: false, code: 'POLICY_VIOLATION', reason: 'grant GRT-0123456789 is void: upstream grant X is revoked' });
    });
  });

  it('refuses a use under a sub-licence once a metered grant above it has all its uses recorded', () => {
    const sub = grant({ id: 'GRT-SVB0000000', parentGrantId: 'GRT-0123456789', depth: 1, grantee: DATA_GROUP });
    const meters = [{ grantId: 'GRT-0123456789', maxUses: 1, recorded: 1 }];
    expect(canUse(sub, ACTIVE, 'credit-scoring', meters)).to.deep.equal({
      allowed: false,
      code: 'POLICY_VIOLATION',
      reason: 'upstream grant GRT-0123456789, which meters every use down its chain, allows 1 use(s), all recorded',
    });
  });

  describe('creation', () => {
    it('allows the holder of a right to grant it on an issued certificate', () => {
      expect(canCreateGrant(request(), certificate(), ENTERPRISE_A, undefined, NOW)).to.deep.equal(ALLOW);
    });

    it('refuses a grant on a revoked certificate', () => {
      expect(canCreateGrant(request(), certificate({ status: 'revoked' }), ENTERPRISE_A, undefined, NOW)).to.include({ code: 'CONFLICT' });
    });

    it('refuses a sub-licence beyond the longest chain', () => {
      const parent = grant({ grantee: ENTERPRISE_A, depth: 7, parentGrantId: 'GRT-0000000000' });
      const sub = request({ parentGrantId: parent.id, grantee: DATA_GROUP });
      expect(canCreateGrant(sub, certificate(), ENTERPRISE_A, { grant: parent, effect: ACTIVE }, NOW)).to.deep.include({ code: 'POLICY_VIOLATION', reason: 'a grants chain may have at most 8 links' });
      expect(canCreateGrant(sub, certificate(), ENTERPRISE_A, { grant: { ...parent, depth: 6 }, effect: ACTIVE }, NOW)).to.deep.equal(ALLOW);
    });

    it('refuses a public_operation grant that cites a parent grant', () => {
      const publicCert = certificate({ source: 'public' });
      expect(canCreateGrant(request({ type: 'public_operation', parentGrantId: 'GRT-0000000000' }), publicCert, ENTERPRISE_A, undefined, NOW)).to.include({ code: 'INVALID_REQUEST' });
    });
  });

  it('resumes only a suspended grant that has not lapsed', () => {
    expect(canResumeGrant(grant({ status: 'suspended' }), NOW)).to.deep.equal(ALLOW);
    expect(canResumeGrant(grant(), NOW)).to.include({ code: 'CONFLICT' });
    expect(canResumeGrant(grant({ status: 'suspended' }), '2027-02-01T00:00:00.000Z')).to.include({ code: 'CONFLICT' });
  });

  it('names the issuing registry and the grantor’s registry as endorsers, once each, sorted', () => {
    expect(grantEndorsers(YANCHENG, TAIZHOU)).to.deep.equal([TAIZHOU, YANCHENG]);
    expect(grantEndorsers(TAIZHOU, TAIZHOU)).to.deep.equal([TAIZHOU]);
  });

  describe('parsing', () => {
    it('stores purposes trimmed and sorted and rights in a fixed order, so equal requests are equal bytes', () => {
      const parsed = request({ purposes: [' b ', 'a'], rights: ['operating', 'processing'] });
      expect(parsed.purposes).to.deep.equal(['a', 'b']);
      expect(parsed.rights).to.deep.equal(['processing', 'operating']);
      expect(parsed.rawDataStaysInDomain).to.equal(true);
      expect(parsed.validFrom).to.equal('2026-01-01T00:00:00.000Z');
    });

    it('refuses duplicate purposes, the holding right, a fee on a free grant and a paid grant without one', () => {
      expect(() => request({ purposes: ['a', ' a'] })).to.throw(/distinct/);
      expect(() => request({ rights: ['holding'] })).to.throw(/holding right/);
      expect(() => request({ fee: 10 })).to.throw(/有条件无偿/);
      expect(() => request({ paid: true })).to.throw(/fee/);
      expect(() => request({ validTo: '2025-01-01T00:00:00Z' })).to.throw(/after validFrom/);
    });

    it('refuses a use without a positive integer quantity or with a malformed result hash', () => {
      expect(parseUsage({ purpose: 'a', quantity: 3 })).to.deep.equal({ purpose: 'a', quantity: 3 });
      expect(() => parseUsage({ purpose: 'a', quantity: 0 })).to.throw(/quantity/);
      expect(() => parseUsage({ purpose: 'a', quantity: 1.5 })).to.throw(/quantity/);
      expect(() => parseUsage({ purpose: 'a', quantity: 1, resultHash: 'XYZ' })).to.throw(/resultHash/);
    });
  });
});
