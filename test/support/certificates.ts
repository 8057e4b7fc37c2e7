/** Drives a certificate through the real chaincode to `issued`, for tests that need one. */
import { createHash } from 'node:crypto';
import type { TestNetwork } from './test-network';

export function fingerprintOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface IssuedCertificate {
  readonly id: string;
  readonly record: Record<string, unknown>;
  readonly issueTxId: string;
  readonly issueBlock: number;
}

export async function issueCertificate(
  net: TestNetwork,
  options: { holder?: string; registrar?: string; registry?: string; fingerprintSeed?: string; grade?: string; assetType?: string } = {},
): Promise<IssuedCertificate> {
  const holderName = options.holder ?? 'enterprise-a';
  const holder = net.identities[holderName]!;
  const registry = options.registry ?? holder.mspId;
  const registrar = options.registrar ?? 'taizhou-registrar';
  const entity = holder.entity!;
  const applied = await net.submit(
    holderName,
    'Certificate:Apply',
    JSON.stringify({
      registry,
      assetType: options.assetType ?? 'resource',
      name: 'Taizhou smart-factory sensor data 2026 (泰州智能工厂传感器数据)',
      source: 'enterprise',
      category: 'manufacturing',
      grade: options.grade ?? 'general',
      containsPersonalInfo: false,
      fingerprint: fingerprintOf(options.fingerprintSeed ?? `${Math.random()}`),
      rights: ['holding', 'processing', 'operating'].map((type) => ({ type, holder: entity })),
    }),
  );
  const applicationId = (applied.result as { applicationId: string }).applicationId;
  const reviewed = await net.submit(registrar, 'Certificate:Review', applicationId, JSON.stringify({ decision: 'approve', publicityDays: 0 }));
  const id = (reviewed.result as { id: string }).id;
  const issued = await net.submit(registrar, 'Certificate:Issue', id);
  return { id, record: issued.result as Record<string, unknown>, issueTxId: issued.txId, issueBlock: issued.blockNumber };
}
