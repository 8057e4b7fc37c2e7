import { expect } from 'chai';
import {
  AGREEMENT_ID_PATTERN,
  APPLICATION_ID_PATTERN,
  CERTIFICATE_ID_PATTERN,
  FILING_ID_PATTERN,
  GRANT_ID_PATTERN,
  NEGATIVE_LIST_ID_PATTERN,
  OBJECTION_ID_PATTERN,
  QUERY_CODE_PATTERN,
  USAGE_ID_PATTERN,
  agreementIdFor,
  applicationIdFor,
  base32,
  certificateIdFor,
  filingIdFor,
  grantIdFor,
  negativeListIdFor,
  objectionIdFor,
  queryCodeFor,
  usageIdFor,
} from '../../../chaincode/src/codes';

const TX = 'c0ffee'.repeat(10) + 'abcd';

describe('ids and codes', () => {
  it('formats a certificate id as <city code>-<year>-<6-digit serial>', () => {
    expect(certificateIdFor('321200', '2026', 1)).to.equal('321200-2026-000001');
    expect(certificateIdFor('310000', '2027', 999999)).to.equal('310000-2027-999999');
    expect(CERTIFICATE_ID_PATTERN.test('321200-2026-000001')).to.equal(true);
  });

  it('refuses a serial outside 1..999999', () => {
    expect(() => certificateIdFor('321200', '2026', 0)).to.throw(RangeError);
    expect(() => certificateIdFor('321200', '2026', 1_000_000)).to.throw(RangeError);
    expect(() => certificateIdFor('321200', '2026', 1.5)).to.throw(RangeError);
  });

  it('derives an application id from the tx id that cannot be mistaken for a certificate id', () => {
    const id = applicationIdFor(TX, '321200', '2026');
    expect(id).to.match(/^321200-2026-A[0-9A-Z]{10}$/);
    expect(APPLICATION_ID_PATTERN.test(id)).to.equal(true);
    expect(CERTIFICATE_ID_PATTERN.test(id)).to.equal(false);
  });

  it('gives the same application id for the same tx id on every peer and different ids for different tx ids', () => {
    expect(applicationIdFor(TX, '321200', '2026')).to.equal(applicationIdFor(TX, '321200', '2026'));
    expect(applicationIdFor(TX, '321200', '2026')).to.not.equal(applicationIdFor(TX.replace(/.$/, 'e'), '321200', '2026'));
  });

  it('derives a 10-character Crockford base32 query code from tx id and certificate id', () => {
    const code = queryCodeFor(TX, '321200-2026-000001');
    expect(code).to.have.length(10);
    expect(QUERY_CODE_PATTERN.test(code)).to.equal(true);
    expect(code).to.not.match(/[ILOU]/);
    expect(queryCodeFor(TX, '321200-2026-000002')).to.not.equal(code);
  });

  it('encodes base32 five bits per character, most significant first', () => {
    expect(base32(Uint8Array.from([0xff, 0xff]), 3)).to.equal('ZZZ');
    expect(base32(Uint8Array.from([0x00, 0x00]), 3)).to.equal('000');
    expect(base32(Uint8Array.from([0x08]), 1)).to.equal('1');
  });

  it('prefixes objection and agreement ids so their kind is visible', () => {
    expect(objectionIdFor(TX)).to.match(/^OBJ-[0-9A-Z]{10}$/);
    expect(agreementIdFor(TX)).to.match(/^AGR-[0-9A-Z]{10}$/);
    expect(objectionIdFor(TX).slice(4)).to.not.equal(agreementIdFor(TX).slice(4));
  });

  it('derives objection, agreement, grant, usage, negative-list and filing ids that match their published patterns and no other kind’s', () => {
    const kinds = [
      [objectionIdFor(TX), OBJECTION_ID_PATTERN],
      [agreementIdFor(TX), AGREEMENT_ID_PATTERN],
      [grantIdFor(TX), GRANT_ID_PATTERN],
      [usageIdFor(TX), USAGE_ID_PATTERN],
      [negativeListIdFor(TX), NEGATIVE_LIST_ID_PATTERN],
      [filingIdFor(TX), FILING_ID_PATTERN],
    ] as const;
    for (const [id, pattern] of kinds) {
      expect(kinds.filter(([, other]) => other.test(id)).map(([, other]) => other)).to.deep.equal([pattern]);
    }
  });
});
