/**
 * Public verification (no API key): by certificate id, by query code (查询码), and of a
 * portable bundle. Answers carry no personal data — no holders, applicant, name or metadata.
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
      summary: 'Public verification of a certificate by id: exists, valid, status, issuer, fingerprint, recognitions, pledge',
      description:
        'No API key. Unknown ids answer `exists: false`. `valid` and `status` (`expired`) are computed at answer time; ' +
        '`txId`/`blockNumber` name the transaction that last wrote the certificate. Served from memory, refreshed by every committed event that names the certificate.',
      params: 'CertificateIdParams',
      responses: { 200: { description: 'The public facts.', schema: 'Verification' } },
      async handler({ params }) {
        return { body: await verifications.byId(params.id ?? '') };
      },
    },
    {
      method: 'get',
      path: '/api/v1/verification/:queryCode',
      access: 'public',
      operationId: 'verifyByQueryCode',
      tag: TAG,
      summary: 'Public verification by the query code (查询码) printed with the certificate and in its QR code',
      description: 'No API key; case-insensitive. The same answer as verification by id; an unknown code is 404.',
      params: 'QueryCodeParams',
      responses: { 200: { description: 'The public facts.', schema: 'Verification' } },
      errors: [404],
      async handler({ params }) {
        return { body: await verifications.byQueryCode(params.queryCode ?? '') };
      },
    },
    {
      method: 'post',
      path: '/api/v1/verify',
      access: 'public',
      operationId: 'verifyBundle',
      tag: TAG,
      summary: 'Verify a certificate bundle: every signature and hash by name, pinned to the channel roots, plus its live status',
      description:
        'No API key. `valid` is true when every check passes; a failing check is named. `live` is what the ledger says now ' +
        '(revoked, cancelled, expired or pledged since the bundle was made, `changedSinceBundle`).',
      body: 'CertificateBundle',
      responses: { 200: { description: 'The checks and the live status (200 whether or not the bundle is valid).', schema: 'BundleVerification' } },
      async handler({ body }) {
        return { body: await bundles.verify(body) };
      },
    },
  ];
}
