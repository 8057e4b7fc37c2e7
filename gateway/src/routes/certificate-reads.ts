/**
 * Certificate reads for consortium members (any API key): the record, a filtered page, the
 * version history, the portable bundle and the recognitions. Each evaluates as the caller so
 * the chaincode applies its own read rules.
 */
import type { CertificateBundles } from '../certificates/certificate-bundles';
import type { Ledger } from '../ledger/ledger';
import { evaluateTransaction } from '../ledger-service/transaction';
import { withBlockNumbers, type HistoryEntry } from './key-history';
import type { AuthenticatedRoute } from './route';

const TAG = 'certificates';
/** The record with its `endorsingOrgs`; its writes plan their endorsers from it (certificates.ts). */
export const GET_CERTIFICATE = evaluateTransaction('Certificate:Get');
const FILTERS = ['registry', 'holder', 'status', 'category'] as const;

export function certificateReadRoutes(ledger: Ledger, bundles: CertificateBundles): AuthenticatedRoute[] {
  return [
    {
      method: 'get',
      path: '/api/v1/certificates',
      access: 'authenticated',
      operationId: 'listCertificates',
      tag: TAG,
      summary: 'A page of certificates, filtered by registry, holder, status and category',
      description: 'Follow `bookmark` until it is empty; with several filters a page may hold fewer than `limit` items.',
      query: 'CertificateListQuery',
      responses: { 200: { description: 'One page.', schema: 'CertificatePage' } },
      transaction: evaluateTransaction('Certificate:List'),
      async handler({ chaincode, query }) {
        const filter: Record<string, unknown> = {};
        for (const f of FILTERS) if (query[f] !== undefined) filter[f] = query[f];
        const page = (await chaincode.evaluate([JSON.stringify(filter), String(query.limit), String(query.bookmark ?? '')])) as {
          items: unknown[];
          bookmark: string;
        };
        return { body: { items: page.items, bookmark: page.bookmark } };
      },
    },
    {
      method: 'get',
      path: '/api/v1/certificates/:id',
      access: 'authenticated',
      operationId: 'getCertificate',
      tag: TAG,
      summary: 'The certificate record with its objections, recognitions and `effectiveStatus`',
      params: 'CertificateIdParams',
      responses: { 200: { description: 'The record.', schema: 'Certificate' } },
      errors: [404],
      transaction: GET_CERTIFICATE,
      async handler({ chaincode, params }) {
        return { body: await chaincode.evaluate([params.id ?? '']) };
      },
    },
    {
      method: 'get',
      path: '/api/v1/certificates/:id/evidence/:index/valuation',
      access: 'authenticated',
      operationId: 'getValuation',
      tag: TAG,
      summary: "A valuation's confidential amount, from your organisation's own peer",
      description:
        "Only the peers of the issuing registry, the appraiser firm and the regulator hold the amount; the chaincode reads the copy of the caller's own " +
        "organisation and checks it against the commitment on the channel. For the registry's registrars, the enterprises holding a right on the asset " +
        "(through that registry), the appraiser firm that filed it, and the regulator's regulators and auditors; anyone else gets 403.",
      params: 'EvidenceParams',
      responses: { 200: { description: 'The amount, with the salt and commitment that prove it.', schema: 'Valuation' } },
      errors: [403, 404],
      transaction: evaluateTransaction('Certificate:Valuation'),
      async handler({ chaincode, params }) {
        return { body: await chaincode.evaluate([params.id ?? '', params.index ?? '']) };
      },
    },
    {
      method: 'get',
      path: '/api/v1/certificates/:id/history',
      access: 'authenticated',
      operationId: 'getCertificateHistory',
      tag: TAG,
      summary: 'Every version of the certificate, newest first, each with its txId and blockNumber',
      params: 'CertificateIdParams',
      responses: { 200: { description: 'The versions.', schema: 'CertificateHistory' } },
      errors: [404],
      transaction: evaluateTransaction('Certificate:History'),
      async handler({ chaincode, params }) {
        return { body: await withBlockNumbers(ledger, (await chaincode.evaluate([params.id ?? ''])) as HistoryEntry[]) };
      },
    },
    {
      method: 'get',
      path: '/api/v1/certificates/:id/bundle',
      access: 'authenticated',
      operationId: 'getCertificateBundle',
      tag: TAG,
      summary: 'The portable, signed certificate bundle (W3C VC 2.0 shaped) that verifies offline',
      description:
        'Proves the latest version of the certificate: its state, the endorsed transaction that wrote it and the signed block. Check it with POST /api/v1/verify or `npm run verify -- bundle.json`.',
      params: 'CertificateIdParams',
      responses: { 200: { description: 'The bundle.', schema: 'CertificateBundle' } },
      errors: [404, 409],
      async handler({ caller, params }) {
        return { body: await bundles.build(caller, params.id ?? '') };
      },
    },
    {
      method: 'get',
      path: '/api/v1/certificates/:id/recognitions',
      access: 'authenticated',
      operationId: 'listCertificateRecognitions',
      tag: 'recognitions',
      summary: 'The registries that recognised the certificate (互认), each `valid` while the certificate is',
      params: 'CertificateIdParams',
      responses: { 200: { description: 'The recognitions.', schema: 'RecognitionList' } },
      errors: [404],
      transaction: evaluateTransaction('Recognition:ListByCertificate'),
      async handler({ chaincode, params }) {
        return { body: { items: await chaincode.evaluate([params.id ?? '']) } };
      },
    },
  ];
}
