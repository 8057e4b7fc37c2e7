import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GUARDED } from '../../gateway/src/routes/events';

/** Events about records every member reads: /events sends them to every key. */
const PUBLIC_EVENTS = [
  'AgreementApproved',
  'AgreementProposed',
  'AgreementTerminated',
  'CertificateApplied',
  'CertificateCancelled',
  'CertificateChanged',
  'CertificateFrozen',
  'CertificateIssued',
  'CertificatePublicized',
  'CertificateRecognised',
  'CertificateRejected',
  'CertificateRenewed',
  'CertificateRevoked',
  'CertificateUnderReview',
  'CertificateUnfrozen',
  'ConsortiumConfigured',
  'CreditStatusSet',
  'EvidenceAdded',
  'FilingApproved',
  'FilingRejected',
  'FilingSubmitted',
  'ListingCreated',
  'ListingWithdrawn',
  'NegativeListEntryAdded',
  'NegativeListEntryLifted',
  'ObjectionRaised',
  'ObjectionResolved',
  'PublicityIndexed',
  'RightTransferred',
];

/**
 * The event names the chaincode's sources emit: `emit(ctx, 'Name', …)`, and the names its
 * contracts hand to their one emitting helper (`update`, `save`, `changeStatus`).
 */
function emittedEventNames(): Set<string> {
  const root = join(__dirname, '..', '..', '..', 'chaincode', 'src');
  const sources = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const names = new Set<string>();
  for (const file of sources) {
    const text = readFileSync(join(root, file), 'utf8');
    // a name passed through a variable is the `event` parameter of one of the helpers read below
    for (const call of text.matchAll(/\bemit\(ctx, (\w+)/g)) expect(call[1], `${file}: ${call[0]}`).to.equal('event');
    for (const pattern of [/\bemit\(ctx, '(\w+)'/g, /this\.update\(ctx, \w+, '\w+', '(\w+)'/g, /this\.save\(ctx, '(\w+)'/g, /this\.changeStatus\([^;]*?, '(\w+)'\)/gs]) {
      for (const m of text.matchAll(pattern)) names.add(m[1]!);
    }
  }
  return names;
}

describe('event classification for /events', function () {
  it('classifies every event the chaincode emits as guarded (by its record’s read rule) or public, and names no event it does not emit', function () {
    const emitted = emittedEventNames();
    expect(emitted.size).to.be.at.least(40);
    const classified = [...Object.keys(GUARDED), ...PUBLIC_EVENTS];
    expect([...emitted].filter((name) => !classified.includes(name)), 'emitted but not classified').to.deep.equal([]);
    expect(classified.filter((name) => !emitted.has(name)), 'classified but not emitted').to.deep.equal([]);
    expect(Object.keys(GUARDED).filter((name) => PUBLIC_EVENTS.includes(name)), 'both guarded and public').to.deep.equal([]);
  });
});
