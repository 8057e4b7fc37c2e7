/**
 * The public verification view of a certificate (`Certificate:Verification`,
 * `Certificate:GetByQueryCode`): facts anyone may see, nothing personal (no holders, no
 * applicant, no name or metadata). It is a projection computed at ledger time, never stored.
 */
import { effectiveStatus, isCertificateValid } from '../rules/certificate';
import { Certificate } from './certificate';
import { Organisation } from './consortium';
import { Encumbrance, EncumbranceKind } from './encumbrance';
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

/** An active encumbrance as the public sees it: its kind, since when, and the reference it rests on — never an amount or a party. */
export interface VerificationEncumbrance {
  kind: EncumbranceKind;
  since: string;
  reference?: string;
}

/** The bank holding an active pledge, as the public sees it: who and since when — never the amount. */
export interface VerificationPledgee {
  mspId: string;
  name?: string;
  nameZh?: string;
  since: string;
}

export interface Verification {
  id: string;
  exists: boolean;
  valid: boolean;
  status?: string;
  /** `encumbrances.some(kind === 'pledge')`, kept for clients that read it before encumbrances existed. */
  pledged?: boolean;
  /** The pledgee bank of the active pledge, when `pledged`. */
  pledgee?: VerificationPledgee;
  /** Active encumbrances (pledge, dispute, judicial freeze). None of them makes `valid` false: the certificate holds, but cannot move. */
  encumbrances?: VerificationEncumbrance[];
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

/** The public face of an active encumbrance. */
export function verificationEncumbrance(e: Pick<Encumbrance, 'kind' | 'since' | 'reference'>): VerificationEncumbrance {
  return { kind: e.kind, since: e.since, reference: e.reference };
}

/**
 * `valid` = issued and in term at `checkedAt`, whatever encumbrances it carries (they are
 * listed beside it); recognitions carry their own effect.
 */
export function verificationOf(
  cert: Certificate,
  issuer: Organisation | undefined,
  recognitions: readonly RecognitionView[],
  encumbrances: readonly Encumbrance[],
  checkedAt: string,
  orgOf: (mspId: string) => Organisation | undefined = () => undefined,
): Verification {
  const active = encumbrances.filter((e) => e.status === 'active');
  const pledge = active.find((e) => e.kind === 'pledge');
  return {
    id: cert.id,
    exists: true,
    valid: isCertificateValid(cert, checkedAt),
    status: effectiveStatus(cert, checkedAt),
    pledged: pledge !== undefined,
    ...(pledge !== undefined ? { pledgee: pledgeeOf(pledge, orgOf(pledge.holder)) } : {}),
    encumbrances: active.map(verificationEncumbrance),
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

/** A pledge encumbrance's holder is the bank's MSP id. */
function pledgeeOf(pledge: Pick<Encumbrance, 'holder' | 'since'>, bank: Organisation | undefined): VerificationPledgee {
  return {
    mspId: pledge.holder,
    ...(bank?.name !== undefined ? { name: bank.name } : {}),
    ...(bank?.nameZh !== undefined ? { nameZh: bank.nameZh } : {}),
    since: pledge.since,
  };
}
