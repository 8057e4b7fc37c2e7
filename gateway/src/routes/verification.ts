/**
 * Public verification (no API key): by certificate id, by query code (查询码), and of a
 * portable bundle. Answers carry no personal data — no holders, applicant, name or metadata.
 * In all three, `valid` means the certificate holds now, with `reason` when it does not
 * (verification/verdict.ts).
 */
import type { BundleVerifier } from '../verification/bundle-verifier';
import type { VerificationReadModel } from '../verification/verification-read-model';
import type { PublicRoute } from './route';

const TAG = 'verification';

export function verificationRoutes(verifications: VerificationReadModel, bundles: BundleVerifier): PublicRoute[] {
  return [
    {
      method: 'get',
      path: '/api/v1/certificates/:id/verification',
      access: 'public',
      operationId: 'verifyCertificate',
      tag: TAG,
      summary: 'Public verification of a certificate by id: does it hold now (valid, reason), status, issuer, fingerprint, recognitions, pledge',
      description:
        'No API key. `valid` is true only while the certificate holds: issued and within its term — also while encumbered (`encumbrances`: a pledge, a dispute, a judicial freeze; `pledged` when one is a pledge), since an encumbrance stops the asset moving, not holding. Otherwise `reason` is ' +
        '`not-found` (unknown id, `exists: false`), `not-issued` (applied, under review, in publicity), `rejected`, `revoked`, `cancelled` or `expired`. ' +
        "`valid`, `reason` and `status` are computed at `checkedAt`: expiry by ledger time of the query, which is the gateway's clock. " +
        '`txId`/`blockNumber` name the transaction that last wrote the certificate. Served from memory, refreshed by every committed event that names the certificate; with `X-Min-Block`, read from the ledger after the wait.',
      params: 'CertificateIdParams',
      responses: { 200: { description: 'The public facts.', schema: 'Verification' } },
      async handler({ params, minBlock }) {
        return { body: await verifications.byId(params.id ?? '', { fresh: minBlock !== undefined }) };
      },
    },
    {
      method: 'get',
      path: '/api/v1/verification/:queryCode',
      access: 'public',
      operationId: 'verifyByQueryCode',
      tag: TAG,
      summary: 'Public verification by the query code (查询码) printed with the certificate and in its QR code',
      description:
        'No API key; case-insensitive. The same answer as verification by id (`valid` means the certificate holds now, `reason` when not); an unknown code is 404.',
      params: 'QueryCodeParams',
      responses: { 200: { description: 'The public facts.', schema: 'Verification' } },
      errors: [404],
      async handler({ params, minBlock }) {
        return { body: await verifications.byQueryCode(params.queryCode ?? '', { fresh: minBlock !== undefined }) };
      },
    },
    {
      method: 'post',
      path: '/api/v1/verify',
      access: 'public',
      operationId: 'verifyBundle',
      tag: TAG,
      summary: 'Verify a certificate bundle: does the certificate hold now? Every check of its proof by name, pinned to the channel roots, and its live status',
      description:
        'No API key. `valid` is the verdict a relying party acts on: the proof holds (`proofValid`) AND the ledger says the certificate holds now ' +
        '(`live`: issued, encumbered or not; not revoked, cancelled or expired). When `valid` is false, `reason` says why: `proof-failed` with `failedCheck` ' +
        '(the bundle is not genuine: tampered, untrusted, or its transaction never took effect), or `revoked`, `cancelled`, `expired` (genuine, but no longer in force), ' +
        '`not-issued`, `rejected` or `not-found` (the ledger has no certificate in force of that id). ' +
        '`live.encumbrances`, `live.pledged` and `live.changedSinceBundle` (a later transaction wrote the certificate) are reported beside the verdict and do not make it false. ' +
        "Expiry is judged at `live.checkedAt`, by ledger time of the query (the gateway's clock).",
      body: 'CertificateBundle',
      responses: {
        200: { description: "The verdict, the proof's checks and the live status (200 whether or not the certificate holds).", schema: 'BundleVerification' },
      },
      async handler({ body }) {
        return { body: await bundles.verify(body) };
      },
    },
  ];
}
