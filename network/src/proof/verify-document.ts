/**
 * One entry for every portable document the gateway hands out: a certificate bundle or a
 * provenance dossier, told apart by its `type`, each checked by its verifier (the same trust
 * pinning and signature checks, proof-checks.ts). Used by the CLI, the browser page and POST /verify.
 */
import type { BundleVerification, CertificateBundle } from './certificate-bundle';
import { DOSSIER_TYPE, type DossierVerification, type ProvenanceDossier } from './provenance-dossier';
import { verifyCertificateBundle, type VerifyOptions } from './verify-bundle';
import { verifyProvenanceDossier } from './verify-dossier';

export function isProvenanceDossier(document: unknown): document is ProvenanceDossier {
  const type = (document as { type?: unknown } | null)?.type;
  return Array.isArray(type) && type.includes(DOSSIER_TYPE);
}

export async function verifyDocument(document: unknown, options: VerifyOptions = {}): Promise<BundleVerification | DossierVerification> {
  try {
    return isProvenanceDossier(document)
      ? await verifyProvenanceDossier(document, options)
      : await verifyCertificateBundle(document as CertificateBundle, options);
  } catch (err) {
    return { valid: false, checks: [{ name: 'format', ok: false, detail: `the document could not be read: ${(err as Error).message}` }] };
  }
}
