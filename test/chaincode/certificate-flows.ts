/**
 * Building blocks for chaincode tests over a started embedded network: application bodies,
 * a certificate taken through to issue, and assertions on the chaincode's error codes.
 */
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import type { TestNetwork } from '../support/test-network';

export const ENTERPRISE_A = '91321200MA1ABC123N';
export const ENTERPRISE_B = '91320900MA2DEF341G';
export const DATA_GROUP = '91321200MA3GHJ5624';
export const PERSON_1 = 'np:321200:6b1d4c2c5e0a9f3e8d7b6a5c4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f';
export const TAIZHOU = 'TaizhouRegistryMSP';
export const YANCHENG = 'YanchengRegistryMSP';
export const HUAIAN = 'HuaianRegistryMSP';
export const SHANGHAI = 'ShanghaiRegistryMSP';
export const REGULATOR = 'JiangsuRegulatorMSP';

export const ALL_IDENTITIES = [
  'taizhou-registrar',
  'yancheng-registrar',
  'huaian-registrar',
  'shanghai-registrar',
  'exchange-operator',
  'bank-officer',
  'regulator',
  'consortium-admin',
  'auditor',
  'appraiser',
  'enterprise-a',
  'enterprise-b',
  'data-group',
  'person-1',
] as const;

export function fingerprint(): string {
  return randomBytes(32).toString('hex');
}

/** A valid application by enterprise-a at Taizhou; override any field. */
export function application(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    registry: TAIZHOU,
    assetType: 'resource',
    name: 'Taizhou factory sensor readings 2025',
    description: 'Hourly readings of 40 production lines',
    source: 'enterprise',
    category: 'manufacturing',
    grade: 'general',
    containsPersonalInfo: false,
    fingerprint: fingerprint(),
    rights: [
      { type: 'holding', holder: ENTERPRISE_A },
      { type: 'processing', holder: ENTERPRISE_A },
      { type: 'operating', holder: ENTERPRISE_A },
    ],
    metadata: { rows: 350400, format: 'parquet' },
    ...overrides,
  });
}

export interface IssueOptions {
  applicant?: string;
  registrar?: string;
  body?: Record<string, unknown>;
}

/** Apply → Review (approve, 0 days publicity) → Issue; returns the issued record. */
export async function issueCertificate(net: TestNetwork, options: IssueOptions = {}): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const applied = await net.submit(options.applicant ?? 'enterprise-a', 'Certificate:Apply', application(options.body));
  const registrar = options.registrar ?? 'taizhou-registrar';
  await net.submit(registrar, 'Certificate:Review', applied.result.id, JSON.stringify({ decision: 'approve', publicityDays: 0 }));
  const issued = await net.submit(registrar, 'Certificate:Issue', applied.result.id);
  return issued.result;
}

/** Asserts that the call fails with the chaincode error code (and optional detail pattern). */
export async function expectRefusal(call: Promise<unknown>, code: string, detail?: RegExp): Promise<string> {
  let message: string | undefined;
  try {
    await call;
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message, `expected ${code}, but the call succeeded`).to.be.a('string');
  expect(message).to.contain(`${code}:`);
  if (detail) expect(message).to.match(detail);
  return message as string;
}

/** Agreement proposed by `proposer` to `counterparty` and approved, valid for a year around now. */
export async function activeAgreement(
  net: TestNetwork,
  proposer: string,
  counterparty: string,
  scope: { assetTypes: string[]; grades: string[] } = { assetTypes: ['resource', 'element', 'product'], grades: ['general', 'important'] },
): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const proposed = await net.submit(
    proposer,
    'Recognition:ProposeAgreement',
    JSON.stringify({ counterparty, scope, validFrom: '2020-01-01T00:00:00Z', validTo: '2099-12-31T00:00:00Z' }),
  );
  const approver = { [TAIZHOU]: 'taizhou-registrar', [YANCHENG]: 'yancheng-registrar', [HUAIAN]: 'huaian-registrar', [SHANGHAI]: 'shanghai-registrar' }[counterparty];
  if (!approver) throw new Error(`no registrar for ${counterparty}`);
  return (await net.submit(approver, 'Recognition:ApproveAgreement', proposed.result.id)).result;
}
