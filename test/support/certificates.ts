/** Drives a certificate through the real chaincode to `issued`, for every test that needs one. */
import { createHash } from 'node:crypto';
import { applicationBody } from './demo-parties';
import type { TestNetwork } from './test-network';

export function fingerprintOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface IssueOptions {
  /** The demo identity that applies (default enterprise-a). */
  applicant?: string;
  /** The demo identity that reviews and issues (default taizhou-registrar). */
  registrar?: string;
  /** Overrides of the application body (`applicationBody`: enterprise-a at Taizhou, all three rights). */
  body?: Record<string, unknown>;
}

/** An issued certificate with the transaction that issued it, for proofs and bundles. */
export interface IssuedCertificate {
  readonly id: string;
  readonly record: Record<string, unknown>;
  readonly issueTxId: string;
  readonly issueBlock: number;
}

/** Apply → Review (approve, 0 days of publicity) → Issue; the issued record and its transaction. */
export async function issueCertificateTx(net: TestNetwork, options: IssueOptions = {}): Promise<IssuedCertificate> {
  const applicant = options.applicant ?? 'enterprise-a';
  const registrar = options.registrar ?? 'taizhou-registrar';
  const applied = await net.submit(applicant, 'Certificate:Apply', JSON.stringify(applicationBody(options.body)));
  const applicationId = (applied.result as { id: string }).id;
  await net.submit(registrar, 'Certificate:Review', applicationId, JSON.stringify({ decision: 'approve', publicityDays: 0 }));
  const issued = await net.submit(registrar, 'Certificate:Issue', applicationId);
  const record = issued.result as Record<string, unknown>;
  return { id: record.id as string, record, issueTxId: issued.txId, issueBlock: issued.blockNumber };
}

/** Apply → Review (approve, 0 days of publicity) → Issue; returns the issued record. */
export async function issueCertificate(net: TestNetwork, options: IssueOptions = {}): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return (await issueCertificateTx(net, options)).record;
}
