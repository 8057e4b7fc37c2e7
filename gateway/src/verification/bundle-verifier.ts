/**
 * POST /verify: checks a certificate bundle with the offline verifier, pinned to the
 * channel's own root certificates (a bundle bringing its own CA fails `trust-anchors`), and
 * adds what the ledger says now (`live`): a bundle proves what was written, not that it still
 * holds — the certificate may have been revoked, cancelled or have expired since.
 */
import { verifyCertificateBundle } from '../../../network/src/proof/verify-bundle';
import type { CertificateBundle, VerificationCheck } from '../../../network/src/proof/certificate-bundle';
import type { Ledger } from '../ledger/ledger';
import { LedgerNotFoundError } from '../ledger/errors';
import type { PublicVerification, VerificationReadModel } from './verification-read-model';

export interface BundleVerificationAnswer {
  readonly valid: boolean;
  readonly checks: readonly VerificationCheck[];
  readonly facts?: Readonly<Record<string, unknown>>;
  /** The certificate's current public status, when the bundle names a well-formed certificate id. */
  readonly live?: PublicVerification & { readonly changedSinceBundle?: boolean };
}

export interface BundleVerifier {
  verify(bundle: unknown): Promise<BundleVerificationAnswer>;
}

/** Channel roots change only with a channel configuration update; re-read them now and then. */
const TRUST_ROOTS_TTL_MS = 60_000;
const CERTIFICATE_ID = /^\d{6}-\d{4}-(?:\d{6}|A[0-9A-HJKMNP-TV-Z]{10})$/;

export function createBundleVerifier(ledger: Ledger, verifications: VerificationReadModel): BundleVerifier {
  let roots: { readonly value: Promise<Readonly<Record<string, string>>>; readonly at: number } | undefined;
  const trustedRoots = (): Promise<Readonly<Record<string, string>>> => {
    if (!roots || Date.now() - roots.at > TRUST_ROOTS_TTL_MS) roots = { value: ledger.trustRoots(), at: Date.now() };
    return roots.value;
  };

  return {
    async verify(bundle) {
      const result = await committedValid(ledger, await checkBundle(bundle as CertificateBundle, await trustedRoots()));
      // The id the proof established when it holds; otherwise the id the bundle claims.
      const proven = result.facts?.certificateId;
      const subjectId = typeof proven === 'string' ? proven : subjectIdOf(bundle);
      if (subjectId === undefined || !CERTIFICATE_ID.test(subjectId)) return result;
      const live = await verifications.byId(subjectId);
      const provenTxId = result.facts?.txId;
      return {
        ...result,
        live: { ...live, ...(live.exists && typeof provenTxId === 'string' ? { changedSinceBundle: live.txId !== provenTxId } : {}) },
      };
    },
  };
}

/**
 * An invalidated transaction (an MVCC conflict, say) is still in its block, endorsed and
 * signed by the orderer, so the offline checks pass for it; only a peer knows its validation
 * code, which no one signs. The gateway asks its ledger and fails `committed-valid` unless the
 * proven transaction committed VALID.
 */
async function committedValid(ledger: Ledger, result: BundleVerificationAnswer): Promise<BundleVerificationAnswer> {
  const txId = result.facts?.txId;
  if (!result.valid || typeof txId !== 'string') return result;
  let code: string;
  try {
    code = (await ledger.getTransaction(txId)).validationCode;
  } catch (err) {
    if (err instanceof LedgerNotFoundError) code = 'not on this ledger';
    else throw err;
  }
  const ok = code === 'VALID';
  const check: VerificationCheck = {
    name: 'committed-valid',
    ok,
    detail: ok ? `the ledger recorded transaction ${txId} as VALID` : `the ledger recorded transaction ${txId} as ${code}: what it wrote never took effect`,
  };
  return { ...result, valid: ok, checks: [...result.checks, check] };
}

/** The verifier reports what it can name; anything it trips over is a failed `format` check, never a 5xx. */
async function checkBundle(bundle: CertificateBundle, trustedRoots: Readonly<Record<string, string>>): Promise<BundleVerificationAnswer> {
  try {
    const r = await verifyCertificateBundle(bundle, { trustedRoots });
    return { valid: r.valid, checks: r.checks, ...(r.facts ? { facts: { ...r.facts } } : {}) };
  } catch (err) {
    return { valid: false, checks: [{ name: 'format', ok: false, detail: `the bundle could not be read: ${(err as Error).message}` }] };
  }
}

function subjectIdOf(bundle: unknown): string | undefined {
  const subject = (bundle as { credentialSubject?: { id?: unknown } }).credentialSubject;
  return typeof subject?.id === 'string' ? subject.id : undefined;
}
