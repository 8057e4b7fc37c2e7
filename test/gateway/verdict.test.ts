import { expect } from 'chai';
import { bundleVerdict, statusReason } from '../../gateway/src/verification/verdict';

describe('the verdict: does a certificate hold now', function () {
  const genuine = { valid: true, checks: [{ name: 'state-write', ok: true }] };

  it('holds for an issued certificate: encumbrances are records beside it, not statuses, so a pledge or freeze never makes it invalid', function () {
    expect(statusReason(true, 'issued')).to.equal(undefined);
    expect(bundleVerdict(genuine, { exists: true, status: 'issued' })).to.deep.equal({ valid: true });
  });

  it('no longer takes the removed `frozen` status to hold', function () {
    expect(statusReason(true, 'frozen')).to.equal('not-issued');
  });

  it('names a certificate that is closed or past its term by its status', function () {
    for (const status of ['revoked', 'cancelled', 'expired', 'rejected']) {
      expect(bundleVerdict(genuine, { exists: true, status })).to.deep.equal({ valid: false, reason: status });
    }
  });

  it('does not take an application that is not issued yet, or a status it does not know, to hold', function () {
    for (const status of ['applied', 'under_review', 'publicizing', 'suspended-by-a-future-rule', undefined]) expect(statusReason(true, status)).to.equal('not-issued');
  });

  it('answers not-found for a certificate the ledger does not have, or a bundle naming none', function () {
    expect(bundleVerdict(genuine, { exists: false })).to.deep.equal({ valid: false, reason: 'not-found' });
    expect(bundleVerdict(genuine, undefined)).to.deep.equal({ valid: false, reason: 'not-found' });
  });

  it('lets a failed proof decide first, naming the first failed check, whatever the live status', function () {
    const forged = { valid: false, checks: [{ name: 'trust-anchors', ok: true }, { name: 'endorsements', ok: false }, { name: 'block-signature', ok: false }] };
    expect(bundleVerdict(forged, { exists: true, status: 'issued' })).to.deep.equal({ valid: false, reason: 'proof-failed', failedCheck: 'endorsements' });
    expect(bundleVerdict(forged, { exists: true, status: 'revoked' })).to.include({ reason: 'proof-failed' });
  });
});
