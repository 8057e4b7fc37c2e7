/** Request bodies for grant tests (chaincode and HTTP): one licence shape, overridable field by field. */
import { ENTERPRISE_B } from '../chaincode/certificate-flows';

export const GRANT_FROM = '2020-01-01T00:00:00Z';
export const GRANT_TO = '2099-12-31T00:00:00Z';

/**
 * A paid licence of enterprise-a's processing right to enterprise-b for two purposes. Override
 * any field; `undefined` drops it, and `paid: false` drops the fee unless one is given.
 */
export function licenceBody(assetId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const body: Record<string, unknown> = {
    assetId,
    type: 'licence',
    grantee: ENTERPRISE_B,
    rights: ['processing'],
    purposes: ['credit-scoring', 'risk-model-training'],
    validFrom: GRANT_FROM,
    validTo: GRANT_TO,
    paid: true,
    fee: 12_000_000,
    revenueShareBps: 1500,
    ...overrides,
  };
  if (overrides.paid === false && !('fee' in overrides)) delete body.fee;
  for (const [k, v] of Object.entries(body)) if (v === undefined) delete body[k];
  return body;
}

/** A free licence of enterprise-a's processing right to enterprise-b for credit scoring only; override any field. */
export function freeLicenceBody(assetId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return licenceBody(assetId, { paid: false, revenueShareBps: undefined, purposes: ['credit-scoring'], ...overrides });
}

/** One use for `purpose`, with a result hash. */
export function usageBody(purpose = 'credit-scoring', quantity = 1000): Record<string, unknown> {
  return { purpose, quantity, resultHash: 'c'.repeat(64) };
}
