import { expect } from 'chai';
import { ChaincodeError } from '../../../chaincode/src/errors';
import { parseApplication, parseChange, parseEvidence, parseReviewDecision, parseRights, parseValuationAmount } from '../../../chaincode/src/model/certificate';
import { normaliseDefinition } from '../../../chaincode/src/model/consortium';
import { parseAgreementProposal } from '../../../chaincode/src/model/recognition';
import { parseApprovalRequest, parseCreditEntity, parseCreditRequest, parseFilingRequest, parseNegativeListRequest } from '../../../chaincode/src/model/regulation';
import { parseJsonObject } from '../../../chaincode/src/model/request';
import { addDays, addYears, isIsoUtc } from '../../../chaincode/src/time';
import { ENTERPRISE_A, FP, TAIZHOU, consortium } from './fixtures';

const application = {
  registry: TAIZHOU,
  assetType: 'resource',
  name: 'Factory sensor data',
  source: 'enterprise',
  category: 'manufacturing',
  grade: 'general',
  containsPersonalInfo: false,
  fingerprint: FP,
  rights: [{ type: 'holding', holder: ENTERPRISE_A }],
};

function invalidRequest(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).to.be.instanceOf(ChaincodeError);
    expect((e as ChaincodeError).code).to.equal('INVALID_REQUEST');
    return (e as Error).message;
  }
  throw new Error('expected INVALID_REQUEST');
}

describe('request parsing and records', () => {
  it('formats a chaincode error message as CODE: detail', () => {
    expect(new ChaincodeError('CONFLICT', 'fingerprint taken').message).to.equal('CONFLICT: fingerprint taken');
  });

  it('answers malformed JSON and non-objects as INVALID_REQUEST', () => {
    expect(invalidRequest(() => parseJsonObject('{', 'request'))).to.match(/^INVALID_REQUEST: request is not valid JSON/);
    invalidRequest(() => parseJsonObject('[]', 'request'));
  });

  it('parses a complete application, sorting rights in holding, processing, operating order and parents', () => {
    const parsed = parseApplication({
      ...application,
      rights: [{ type: 'operating', holder: ENTERPRISE_A }, { type: 'holding', holder: ENTERPRISE_A }],
      parents: ['321200-2026-000002', '321200-2026-000001', '321200-2026-000002'],
    });
    expect(parsed.rights.map((r) => r.type)).to.deep.equal(['holding', 'operating']);
    expect(parsed.parents).to.deep.equal(['321200-2026-000001', '321200-2026-000002']);
  });

  it('names the failing field of an invalid application', () => {
    expect(invalidRequest(() => parseApplication({ ...application, fingerprint: FP.toUpperCase() }))).to.contain('fingerprint');
    expect(invalidRequest(() => parseApplication({ ...application, grade: 'secret' }))).to.contain('grade');
    expect(invalidRequest(() => parseApplication({ ...application, category: 'mining' }))).to.contain('category');
    expect(invalidRequest(() => parseApplication({ ...application, containsPersonalInfo: 'no' }))).to.contain('containsPersonalInfo');
    expect(invalidRequest(() => parseApplication({ ...application, metadata: [1] }))).to.contain('metadata');
  });

  it('refuses rights that repeat a type or name an invalid holder', () => {
    invalidRequest(() => parseRights([{ type: 'holding', holder: ENTERPRISE_A }, { type: 'holding', holder: ENTERPRISE_A }]));
    invalidRequest(() => parseRights([{ type: 'holding', holder: '320102199001011234' }]));
    invalidRequest(() => parseRights([]));
  });

  it('limits publicity to 0..30 whole days and only on approval', () => {
    expect(parseReviewDecision({ decision: 'approve', publicityDays: 0 })).to.deep.equal({ decision: 'approve', publicityDays: 0 });
    invalidRequest(() => parseReviewDecision({ decision: 'approve', publicityDays: 31 }));
    invalidRequest(() => parseReviewDecision({ decision: 'approve', publicityDays: 1.5 }));
    invalidRequest(() => parseReviewDecision({ decision: 'reject', publicityDays: 3 }));
  });

  it('requires a method for a valuation, refuses it on other evidence, and refuses an amount in the arguments, which are on the channel', () => {
    expect(parseEvidence({ kind: 'valuation', reportHash: FP, method: 'income' })).to.deep.equal({ kind: 'valuation', reportHash: FP, method: 'income' });
    invalidRequest(() => parseEvidence({ kind: 'valuation', reportHash: FP }));
    invalidRequest(() => parseEvidence({ kind: 'valuation', reportHash: FP, amount: 1_000_000, method: 'income' }));
    invalidRequest(() => parseEvidence({ kind: 'quality', reportHash: FP, method: 'cost' }));
    invalidRequest(() => parseEvidence({ kind: 'quality', reportHash: FP, amount: 100 }));
  });

  it('takes a valuation\'s confidential part as a whole amount in fen and nothing else', () => {
    expect(parseValuationAmount({ amount: 1_000_000 })).to.deep.equal({ amount: 1_000_000 });
    invalidRequest(() => parseValuationAmount({}));
    invalidRequest(() => parseValuationAmount({ amount: 10.5 }));
    invalidRequest(() => parseValuationAmount({ amount: 0 }));
    invalidRequest(() => parseValuationAmount({ amount: 100, note: 'x' }));
  });

  it('requires a reason and at least one field for a change', () => {
    invalidRequest(() => parseChange({ reason: 'nothing' }));
    invalidRequest(() => parseChange({ name: 'x' }));
    expect(parseChange({ reason: 'r', grade: 'important' })).to.deep.equal({ reason: 'r', grade: 'important' });
  });

  it('normalises agreement times to millisecond ISO and orders scope values canonically', () => {
    const p = parseAgreementProposal({
      counterparty: TAIZHOU,
      scope: { assetTypes: ['product', 'resource'], grades: ['important', 'general'] },
      validFrom: '2026-01-01T00:00:00Z',
      validTo: '2027-01-01T00:00:00Z',
    });
    expect(p.validFrom).to.equal('2026-01-01T00:00:00.000Z');
    expect(p.scope).to.deep.equal({ assetTypes: ['resource', 'product'], grades: ['general', 'important'] });
    invalidRequest(() => parseAgreementProposal({ ...p, validTo: p.validFrom }));
    invalidRequest(() => parseAgreementProposal({ ...p, validFrom: '2026-01-01' }));
  });

  it('keeps from the consortium file only what the chaincode needs, sorted by MSP id', () => {
    const orgs = consortium().definition.organizations;
    expect(orgs.map((o) => o.mspId)).to.deep.equal([...orgs.map((o) => o.mspId)].sort());
    expect(orgs.find((o) => o.mspId === TAIZHOU)).to.deep.include({ type: 'registry', cityCode: '321200', publicityDays: 10 });
    expect(Object.keys(orgs.find((o) => o.mspId === TAIZHOU) ?? {})).to.not.include('key');
  });

  it('refuses a consortium without exactly one regulator or with a registry lacking a city code', () => {
    invalidRequest(() => normaliseDefinition({ organizations: [{ mspId: 'A', type: 'registry', cityCode: '321200' }] }));
    invalidRequest(() =>
      normaliseDefinition({ organizations: [{ mspId: 'A', type: 'registry' }, { mspId: 'R', type: 'regulator' }] }),
    );
  });

  it('adds days and calendar years to ledger times without a wall clock', () => {
    expect(addDays('2026-01-31T10:00:00.000Z', 10)).to.equal('2026-02-10T10:00:00.000Z');
    expect(addYears('2026-06-01T00:00:00.000Z', 3)).to.equal('2029-06-01T00:00:00.000Z');
    expect(addYears('2028-02-29T00:00:00.000Z', 1)).to.equal('2029-03-01T00:00:00.000Z');
    expect(isIsoUtc('2026-01-01T00:00:00Z')).to.equal(true);
    expect(isIsoUtc('2026-01-01T00:00:00+08:00')).to.equal(false);
  });

  it('accepts only ISO-8601 UTC times that name a real instant, not ones Date.parse would roll over', () => {
    expect(isIsoUtc('2028-02-29T23:59:59.999Z')).to.equal(true);
    expect(isIsoUtc('2098-02-30T00:00:00Z')).to.equal(false);
    expect(isIsoUtc('2027-02-29T00:00:00Z')).to.equal(false);
    expect(isIsoUtc('2026-04-31T00:00:00Z')).to.equal(false);
    expect(isIsoUtc('2026-01-01T24:00:00Z')).to.equal(false);
  });

  it('parses a negative-list entry naming exactly one of category and fingerprint', () => {
    expect(parseNegativeListRequest({ category: 'finance', level: 'restricted', reason: 'r' })).to.deep.equal({ target: 'category', value: 'finance', level: 'restricted', reason: 'r' });
    expect(parseNegativeListRequest({ fingerprint: FP, level: 'prohibited', reason: 'r' })).to.include({ target: 'fingerprint', value: FP });
    expect(invalidRequest(() => parseNegativeListRequest({ level: 'restricted', reason: 'r' }))).to.match(/exactly one/);
    expect(invalidRequest(() => parseNegativeListRequest({ category: 'finance', fingerprint: FP, level: 'restricted', reason: 'r' }))).to.match(/exactly one/);
    expect(invalidRequest(() => parseNegativeListRequest({ fingerprint: 'ABC', level: 'restricted', reason: 'r' }))).to.match(/fingerprint/);
  });

  it('parses a filing, its approval and a credit flag, naming the field at fault', () => {
    expect(parseFilingRequest({ certificateId: '321200-2026-000001', purpose: 'p', termDays: 30 })).to.deep.equal({
      certificateId: '321200-2026-000001',
      purpose: 'p',
      recipients: [],
      termDays: 30,
    });
    expect(invalidRequest(() => parseFilingRequest({ certificateId: 'x', purpose: 'p', termDays: 1096 }))).to.match(/termDays/);
    expect(invalidRequest(() => parseFilingRequest({ certificateId: 'x', purpose: 'p', termDays: 1, recipients: [ENTERPRISE_A, ENTERPRISE_A] }))).to.match(/distinct/);
    expect(parseApprovalRequest({ validUntil: '2027-01-01T00:00:00Z' })).to.deep.equal({ validUntil: '2027-01-01T00:00:00.000Z' });
    expect(invalidRequest(() => parseApprovalRequest({ validUntil: '2027-01-01' }))).to.match(/validUntil/);
    expect(parseCreditRequest({ status: 'dishonest', reason: 'r' })).to.deep.equal({ status: 'dishonest', reason: 'r' });
    expect(invalidRequest(() => parseCreditEntity('91321200MA1ABC123X'))).to.match(/unified social credit code/);
  });
});
