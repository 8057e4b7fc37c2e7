/** Records for rule tests: real shapes as the chaincode stores them, built from small overrides. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Caller } from '../../../chaincode/src/identity';
import type { Certificate } from '../../../chaincode/src/model/certificate';
import { Consortium, normaliseDefinition } from '../../../chaincode/src/model/consortium';
import type { Agreement } from '../../../chaincode/src/model/recognition';
import type { Grant } from '../../../chaincode/src/model/grant';
import { ENTERPRISE_A, ENTERPRISE_B, TAIZHOU, YANCHENG } from '../../support/demo-parties';

export { DATA_GROUP, ENTERPRISE_A, ENTERPRISE_B, HUAIAN, REGULATOR, TAIZHOU, YANCHENG } from '../../support/demo-parties';

export const APPRAISER = 'AppraiserMSP';
export const FP = 'a'.repeat(64);

export const NOW = '2026-06-01T00:00:00.000Z';

export function consortium(): Consortium {
  // The repo's one consortium file, as Consortium:Init receives it.
  const file = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'network', 'consortium.json'), 'utf8')) as unknown;
  return new Consortium(normaliseDefinition(file));
}

export function caller(mspId: string, roles: string[], entity?: string): Caller {
  return { mspId, id: `x509::/CN=test/O=${mspId}::/CN=ca/O=${mspId}`, roles, ...(entity ? { entity } : {}) };
}

export function certificate(overrides: Partial<Certificate> = {}): Certificate {
  return {
    docType: 'certificate',
    id: '321200-2026-000001',
    applicationId: '321200-2026-A0123456789',
    registry: TAIZHOU,
    cityCode: '321200',
    assetType: 'resource',
    name: 'Factory sensor data',
    source: 'enterprise',
    category: 'manufacturing',
    grade: 'general',
    containsPersonalInfo: false,
    fingerprint: FP,
    rights: [
      { type: 'holding', holder: ENTERPRISE_A },
      { type: 'processing', holder: ENTERPRISE_A },
    ],
    parents: [],
    applicant: { mspId: TAIZHOU, id: 'x509::enterprise-a', entity: ENTERPRISE_A },
    status: 'issued',
    version: 1,
    appliedAt: '2026-01-01T00:00:00.000Z',
    publicityDays: 10,
    publicityEndsAt: '2026-01-11T00:00:00.000Z',
    issuedAt: '2026-01-12T00:00:00.000Z',
    expiresAt: '2029-01-12T00:00:00.000Z',
    termYears: 3,
    evidence: [],
    endorsingOrgs: [TAIZHOU],
    createdTxId: 'tx0',
    lastTxId: 'tx1',
    lastAction: 'Issue',
    updatedAt: '2026-01-12T00:00:00.000Z',
    ...overrides,
  };
}

export function agreement(overrides: Partial<Agreement> = {}): Agreement {
  return {
    docType: 'agreement',
    id: 'AGR-0123456789',
    proposer: YANCHENG,
    counterparty: TAIZHOU,
    scope: { assetTypes: ['resource', 'product'], grades: ['general'] },
    validFrom: '2026-01-01T00:00:00.000Z',
    validTo: '2027-01-01T00:00:00.000Z',
    status: 'active',
    proposedBy: { mspId: YANCHENG, id: 'x509::yancheng-registrar' },
    proposedAt: '2025-12-01T00:00:00.000Z',
    endorsingOrgs: [TAIZHOU, YANCHENG],
    createdTxId: 'tx-a',
    lastTxId: 'tx-b',
    updatedAt: '2025-12-02T00:00:00.000Z',
    ...overrides,
  };
}

export function grant(overrides: Partial<Grant> = {}): Grant {
  return {
    docType: 'grant',
    id: 'GRT-0123456789',
    assetId: '321200-2026-000001',
    type: 'licence',
    grantor: ENTERPRISE_A,
    grantee: ENTERPRISE_B,
    rights: ['processing'],
    purposes: ['credit-scoring'],
    validFrom: '2026-01-01T00:00:00.000Z',
    validTo: '2027-01-01T00:00:00.000Z',
    paid: false,
    rawDataStaysInDomain: true,
    registry: TAIZHOU,
    status: 'active',
    grantedBy: { mspId: TAIZHOU, id: 'x509::enterprise-a', entity: ENTERPRISE_A },
    grantedAt: '2026-01-01T00:00:00.000Z',
    depth: 0,
    endorsingOrgs: [TAIZHOU],
    createdTxId: 'tx-g',
    lastTxId: 'tx-g',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}
