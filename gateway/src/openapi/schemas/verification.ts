/** The published schemas of public verification: by certificate id, by query code (查询码), and of a portable bundle. */
import { MSP_ID, HEX64, ISO_TIME, ASSET_TYPES, EFFECTIVE_STATUSES, ref, type JsonSchema } from './common';

export const verificationSchemas: Readonly<Record<string, JsonSchema>> = {
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
