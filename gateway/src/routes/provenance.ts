/**
 * A certificate's provenance for its holder, its pledgee bank and auditors (the chaincode
 * decides: `Certificate:Provenance`): the facts placed on the ledger, or the same facts as a
 * portable dossier that verifies offline (provenance/provenance-service.ts).
 */
import { evaluateTransaction } from '../ledger-service/transaction';
import type { ChaincodeProvenance, ProvenanceService } from '../provenance/provenance-service';
import type { AuthenticatedRoute } from './route';

const PROVENANCE = evaluateTransaction('Certificate:Provenance');
const WHO =
  "For an enterprise holding a right on the certificate, a bank holding an active pledge of it, and the regulator's auditors and regulators; anyone else gets 403.";

export function provenanceRoutes(provenance: ProvenanceService): AuthenticatedRoute[] {
  return [
    {
      method: 'get',
      path: '/api/v1/certificates/:id/provenance',
      access: 'authenticated',
      roles: ['holder', 'operator', 'bank', 'auditor', 'regulator'],
      operationId: 'getCertificateProvenance',
      tag: 'certificates',
      summary: 'Provenance: lineage to every upstream source, evidence, recognitions, grants, trades, disputes and pledges, each fact with its txId and block',
      description: `Each fact is one committed write of one record, with txId, blockNumber, timestamp and actor (MSP id and enrolment id), in ledger order. ${WHO}`,
      params: 'CertificateIdParams',
      responses: { 200: { description: 'The facts.', schema: 'Provenance' } },
      errors: [403, 404],
      transaction: PROVENANCE,
      async handler({ chaincode, params }) {
        return { body: await provenance.answer((await chaincode.evaluate([params.id ?? ''])) as ChaincodeProvenance) };
      },
    },
    {
      method: 'get',
      path: '/api/v1/certificates/:id/provenance/dossier',
      access: 'authenticated',
      roles: ['holder', 'operator', 'bank', 'auditor', 'regulator'],
      operationId: 'getCertificateProvenanceDossier',
      tag: 'certificates',
      summary: 'The provenance as a portable dossier: every fact with its endorsed transaction and signed block, verifiable offline',
      description: `Save it and check it any time without the gateway: \`npm run verify -- dossier.json --trust trust.json\` (docs/provenance.md). ${WHO}`,
      params: 'CertificateIdParams',
      responses: { 200: { description: 'The dossier.', schema: 'ProvenanceDossier' } },
      errors: [403, 404],
      transaction: PROVENANCE,
      async handler({ chaincode, params }) {
        return { body: await provenance.dossier((await chaincode.evaluate([params.id ?? ''])) as ChaincodeProvenance) };
      },
    },
  ];
}
