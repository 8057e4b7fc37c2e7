/**
 * POST /verify: does the certificate in this bundle hold NOW? Two questions, both answered:
 * - the proof (`proofValid`): the offline verifier's checks, pinned to the channel's own root
 *   certificates (a bundle bringing its own CA fails `trust-anchors`), plus `committed-valid`,
 *   which only the ledger can answer;
 * - the live status (`live`): what the ledger says of the certificate now — a bundle proves
 *   what was written, not that it still holds; it may have been revoked, cancelled or have
 *   expired since.
 * `valid` is the verdict on both (verdict.ts), with `reason` when it is false.
 */
import { verifyCertificateBundle } from '../../../network/src/proof/verify-bundle';
import { isProvenanceDossier } from '../../../network/src/proof/verify-document';
import { verifyProvenanceDossier } from '../../../network/src/proof/verify-dossier';
import type { ProvenanceDossier } from '../../../network/src/proof/provenance-dossier';
import type { CertificateBundle, ChannelTrust, VerificationCheck } from '../../../network/src/proof/certificate-bundle';
import type { Ledger } from '../ledger/ledger';
import { LedgerNotFoundError } from '../ledger/errors';
import { bundleVerdict, type VerdictReason } from './verdict';
import type { PublicVerification, VerificationReadModel } from './verification-read-model';

export interface BundleVerificationAnswer {
  /** The certificate holds now: `proofValid` AND the live status holds (issued, not revoked, cancelled or expired). */
  readonly valid: boolean;
  /** Why not, when `valid` is false. */
  readonly reason?: VerdictReason;
  /** With reason `proof-failed`: the first check that failed. */
  readonly failedCheck?: string;
  /** Every check of the proof passed, `committed-valid` included: the bundle is genuine. */
  readonly proofValid: boolean;
  readonly checks: readonly VerificationCheck[];
  readonly facts?: Readonly<Record<string, unknown>>;
  /** The certificate's current public status, when the bundle names a well-formed certificate id. */
  readonly live?: PublicVerification & { readonly changedSinceBundle?: boolean };
}

export interface BundleVerifier {
  verify(bundle: unknown): Promise<BundleVerificationAnswer>;
}

/** What the proof alone establishes. */
interface ProofResult {
  readonly valid: boolean;
  readonly checks: readonly VerificationCheck[];
  readonly facts?: Readonly<Record<string, unknown>>;
}

const CERTIFICATE_ID = /^\d{6}-\d{4}-(?:\d{6}|A[0-9A-HJKMNP-TV-Z]{10})$/;

export function createBundleVerifier(ledger: Ledger, verifications: VerificationReadModel, trust: () => Promise<ChannelTrust>): BundleVerifier {
  return {
    async verify(bundle) {
      const proof = isProvenanceDossier(bundle)
        ? await dossierCommittedValid(ledger, bundle, await checkDossier(bundle, await trust()))
        : await committedValid(ledger, bundle as CertificateBundle, await checkBundle(bundle as CertificateBundle, await trust()));
      const live = await liveStatus(verifications, bundle, proof);
      return {
        ...bundleVerdict(proof, live),
        proofValid: proof.valid,
        checks: proof.checks,
        ...(proof.facts ? { facts: proof.facts } : {}),
        ...(live ? { live } : {}),
      };
    },
  };
}

/** The live status of the certificate the proof established (or, when it fails, the one the bundle claims). */
async function liveStatus(verifications: VerificationReadModel, bundle: unknown, proof: ProofResult): Promise<BundleVerificationAnswer['live']> {
  const proven = proof.facts?.certificateId;
  const subjectId = typeof proven === 'string' ? proven : subjectIdOf(bundle);
  if (subjectId === undefined || !CERTIFICATE_ID.test(subjectId)) return undefined;
  const live = await verifications.byId(subjectId);
  const provenTxId = proof.facts?.txId;
  return { ...live, ...(live.exists && typeof provenTxId === 'string' ? { changedSinceBundle: live.txId !== provenTxId } : {}) };
}

/**
 * An invalidated transaction (an MVCC conflict, say) is still in its block, endorsed and
 * signed by the orderer, so the offline checks pass for it; only a peer knows its validation
 * code, which no one signs. The gateway asks its ledger and fails `committed-valid` unless the
 * proven transaction committed VALID.
 */
async function committedValid(ledger: Ledger, bundle: CertificateBundle, result: ProofResult): Promise<ProofResult> {
  const txId = result.facts?.txId;
  if (!result.valid || typeof txId !== 'string') return result;
  let code: string;
  try {
    const tx = await ledger.getTransaction(txId);
    const where = bundle.proof.transaction;
    // the same transaction at the same place: a proof cannot borrow a valid id for another block
    code =
      tx.blockNumber === where.blockNumber && tx.txIndex === where.txIndex
        ? tx.validationCode
        : `at block ${tx.blockNumber} index ${tx.txIndex}, not where the proof puts it`;
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

/** A dossier's `committed-valid`: every one of its transactions committed VALID where the dossier puts it. */
async function dossierCommittedValid(ledger: Ledger, dossier: ProvenanceDossier, result: ProofResult): Promise<ProofResult> {
  if (!result.valid) return result;
  const placed = Object.entries(dossier.proof.transactions);
  const codes = await Promise.all(
    placed.map(async ([txId, where]) => {
      try {
        const tx = await ledger.getTransaction(txId);
        return tx.blockNumber === where.blockNumber && tx.txIndex === where.txIndex
          ? tx.validationCode
          : `at block ${tx.blockNumber} index ${tx.txIndex}, not where the dossier puts it`;
      } catch (err) {
        if (err instanceof LedgerNotFoundError) return 'not on this ledger';
        throw err;
      }
    }),
  );
  const bad = codes.findIndex((code) => code !== 'VALID');
  const check: VerificationCheck =
    bad < 0
      ? { name: 'committed-valid', ok: true, detail: `the ledger recorded all ${placed.length} transactions of the dossier as VALID` }
      : { name: 'committed-valid', ok: false, detail: `the ledger recorded transaction ${placed[bad]![0]} as ${codes[bad]!}: what it wrote never took effect` };
  return { ...result, valid: check.ok, checks: [...result.checks, check] };
}

async function checkDossier(dossier: ProvenanceDossier, trust: ChannelTrust): Promise<ProofResult> {
  try {
    const r = await verifyProvenanceDossier(dossier, { trust });
    return { valid: r.valid, checks: r.checks, ...(r.facts ? { facts: { ...r.facts } } : {}) };
  } catch (err) {
    return { valid: false, checks: [{ name: 'format', ok: false, detail: `the dossier could not be read: ${(err as Error).message}` }] };
  }
}

/** The verifier reports what it can name; anything it trips over is a failed `format` check, never a 5xx. */
async function checkBundle(bundle: CertificateBundle, trust: ChannelTrust): Promise<ProofResult> {
  try {
    const r = await verifyCertificateBundle(bundle, { trust });
    return { valid: r.valid, checks: r.checks, ...(r.facts ? { facts: { ...r.facts } } : {}) };
  } catch (err) {
    return { valid: false, checks: [{ name: 'format', ok: false, detail: `the bundle could not be read: ${(err as Error).message}` }] };
  }
}

function subjectIdOf(bundle: unknown): string | undefined {
  const subject = (bundle as { credentialSubject?: { id?: unknown } }).credentialSubject;
  return typeof subject?.id === 'string' ? subject.id : undefined;
}
