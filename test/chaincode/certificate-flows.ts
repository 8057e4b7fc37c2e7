/**
 * Building blocks for chaincode tests over a started embedded network: application bodies,
 * an active agreement, and assertions on the chaincode's error codes. A certificate taken
 * through to issue is `issueCertificate` in test/support/certificates.ts.
 */
import { expect } from 'chai';
import { HUAIAN, SHANGHAI, TAIZHOU, YANCHENG, applicationBody } from '../support/demo-parties';
import type { TestNetwork } from '../support/test-network';

export { DATA_GROUP, ENTERPRISE_A, ENTERPRISE_B, HUAIAN, PERSON_1, REGULATOR, SHANGHAI, TAIZHOU, YANCHENG, fingerprint } from '../support/demo-parties';

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
  'suzhou-bank-officer',
] as const;

/** A valid application by enterprise-a at Taizhou, as the chaincode's JSON argument; override any field. */
export function application(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify(applicationBody(overrides));
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
