/**
 * The published JSON Schemas (OpenAPI 3.1 dialect = JSON Schema 2020-12), one module per
 * resource under schemas/, merged here into the ONE set that the ajv validator checks requests
 * against and the OpenAPI document publishes, so what is documented is what is enforced.
 * Schemas refer to each other with `ref(name)`, which resolves both inside the OpenAPI
 * document and in the validator; two schemas of one name are refused at startup.
 */
import { auditSchemas } from './schemas/audit';
import { certificateSchemas } from './schemas/certificates';
import { MSP_ID, HEX64, ISO_TIME, ASSET_TYPES, EFFECTIVE_STATUSES, ref, commonSchemas, type JsonSchema } from './schemas/common';
import { eventSchemas } from './schemas/events';
import { gatewaySchemas } from './schemas/gateway';
import { grantSchemas } from './schemas/grants';
import { recognitionSchemas } from './schemas/recognitions';

export { ref, type JsonSchema } from './schemas/common';

const verificationSchemas: Readonly<Record<string, JsonSchema>> = {
  QueryCodeParams: {
    type: 'object',
    required: ['queryCode'],
    properties: {
      queryCode: {
        type: 'string',
        pattern: '^[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{10}$',
        description: 'The query code (查询码) printed with the certificate: 10 characters of Crockford base32, case-insensitive.',
        examples: ['9QX4M2K7TB'],
      },
    },
  },
  Verification: {
    type: 'object',
    description:
      'Public verification (no personal data: no holders, applicant, name or metadata). `valid` and `status` are computed at answer time ' +
      '(`expired` once the term lapsed); `txId`/`blockNumber` name the transaction that last wrote the certificate, and each recognition names its own.',
    required: ['id', 'exists', 'valid', 'checkedAt'],
    properties: {
      id: { type: 'string' },
      exists: { type: 'boolean' },
      valid: { type: 'boolean' },
      status: { type: 'string', enum: EFFECTIVE_STATUSES },
      since: { ...ISO_TIME, description: 'When the current status began, for revoked, cancelled, rejected and expired certificates.' },
      pledged: { type: 'boolean' },
      issuer: {
        type: 'object',
        properties: { mspId: MSP_ID, cityCode: { type: 'string' }, name: { type: 'string' }, nameZh: { type: 'string' } },
      },
      assetType: { type: 'string', enum: ASSET_TYPES },
      fingerprint: HEX64,
      issuedAt: ISO_TIME,
      expiresAt: ISO_TIME,
      version: { type: 'integer' },
      recognitions: {
        type: 'array',
        items: {
          type: 'object',
          required: ['registry', 'recognisedAt', 'valid', 'txId', 'blockNumber'],
          properties: { registry: MSP_ID, recognisedAt: ISO_TIME, valid: { type: 'boolean' }, txId: { type: 'string' }, blockNumber: { type: 'integer' } },
        },
      },
      txId: { type: 'string' },
      blockNumber: { type: 'integer' },
      checkedAt: ISO_TIME,
    },
  },
  CertificateBundle: {
    type: 'object',
    description:
      'A portable certificate document shaped on W3C Verifiable Credentials 2.0 whose proof is the Fabric transaction that wrote the certificate ' +
      '(with endorsements) and the block it is in (with the orderer signature). Verify it offline with `npm run verify -- bundle.json`.',
    required: ['@context', 'type', 'credentialSubject', 'proof'],
    properties: {
      '@context': { type: 'array', items: { type: 'string' } },
      type: { type: 'array', items: { type: 'string' } },
      id: { type: 'string' },
      issuer: { type: 'object' },
      credentialSubject: { type: 'object' },
      proof: { type: 'object' },
    },
  },
  BundleVerification: {
    type: 'object',
    required: ['valid', 'checks'],
    properties: {
      valid: { type: 'boolean', description: 'Every check passed (signatures and hashes, pinned to the channel roots).' },
      checks: {
        type: 'array',
        items: { type: 'object', required: ['name', 'ok', 'detail'], properties: { name: { type: 'string' }, ok: { type: 'boolean' }, detail: { type: 'string' } } },
      },
      facts: { type: 'object', description: 'What the proof establishes: certificateId, txId, blockNumber, blockHash, endorsedBy, orderedBy, creator.' },
      live: {
        type: 'object',
        description: "The certificate's current public status on the ledger, for a bundle naming a well-formed certificate id.",
        allOf: [ref('Verification')],
        properties: { changedSinceBundle: { type: 'boolean', description: 'True when a later transaction has written the certificate since the bundle was made.' } },
      },
    },
  },
};

export const schemas: Readonly<Record<string, JsonSchema>> = merge(
  commonSchemas,
  gatewaySchemas,
  certificateSchemas,
  recognitionSchemas,
  grantSchemas,
  verificationSchemas,
  auditSchemas,
  eventSchemas,
);

function merge(...parts: readonly Readonly<Record<string, JsonSchema>>[]): Readonly<Record<string, JsonSchema>> {
  const all: Record<string, JsonSchema> = {};
  for (const part of parts) {
    for (const [name, schema] of Object.entries(part)) {
      if (Object.prototype.hasOwnProperty.call(all, name)) throw new Error(`two published schemas are named ${name}`);
      all[name] = schema;
    }
  }
  return all;
}
