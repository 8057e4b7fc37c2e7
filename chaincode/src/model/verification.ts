/**
 * The public verification view of a certificate (`Certificate:Verification`,
 * `Certificate:GetByQueryCode`): facts anyone may see, nothing personal (no holders, no
 * applicant, no name or metadata). It is a projection computed at ledger time, never stored.
 */
import { effectiveStatus, isCertificateValid } from '../rules/certificate';
import { Certificate } from './certificate';
import { Organisation } from './consortium';
import { RecognitionView } from './recognition';

export interface VerificationIssuer {
  mspId: string;
  cityCode: string;
  name?: string;
  nameZh?: string;
}

export interface VerificationRecognition {
  registry: string;
  recognisedAt: string;
  valid: boolean;
  txId: string;
}

export interface Verification {
  id: string;
  exists: boolean;
  valid: boolean;
  status?: string;
  pledged?: boolean;
  issuer?: VerificationIssuer;
  assetType?: string;
  fingerprint?: string;
  issuedAt?: string;
  expiresAt?: string;
  version?: number;
  recognitions?: VerificationRecognition[];
  txId?: string;
  checkedAt: string;
}

/** The answer for an id no certificate or application has. */
export function unknownCertificate(id: string, checkedAt: string): Verification {
  return { id, exists: false, valid: false, checkedAt };
}

/** `valid` = issued or frozen (pledged) and in term at `checkedAt`; recognitions carry their own effect. */
export function verificationOf(cert: Certificate, issuer: Organisation | undefined, recognitions: readonly RecognitionView[], checkedAt: string): Verification {
  return {
    id: cert.id,
    exists: true,
    valid: isCertificateValid(cert, checkedAt),
    status: effectiveStatus(cert, checkedAt),
    pledged: cert.status === 'frozen',
    issuer: {
      mspId: cert.registry,
      cityCode: cert.cityCode,
      ...(issuer?.name !== undefined ? { name: issuer.name } : {}),
      ...(issuer?.nameZh !== undefined ? { nameZh: issuer.nameZh } : {}),
    },
    assetType: cert.assetType,
    fingerprint: cert.fingerprint,
    ...(cert.issuedAt !== undefined ? { issuedAt: cert.issuedAt } : {}),
    ...(cert.expiresAt !== undefined ? { expiresAt: cert.expiresAt } : {}),
    version: cert.version,
    recognitions: recognitions.map((r) => ({ registry: r.registry, recognisedAt: r.recognisedAt, valid: r.valid, txId: r.txId })),
    txId: cert.lastTxId,
    checkedAt,
  };
}
