/** The published schemas of a certificate's provenance: the facts answer and the portable dossier. */
import { FACT_KINDS } from '../../../../chaincode/src/vocabulary';
import { CERTIFICATE_ID, ISO_TIME, MSP_ID, type JsonSchema } from './common';

const SOURCES = {
  type: 'array',
  description: 'Every upstream certificate through `parents`, to any depth, with the registry that issued it.',
  items: {
    type: 'object',
    required: ['id', 'registry', 'depth', 'parentOf'],
    properties: { id: CERTIFICATE_ID, registry: MSP_ID, depth: { type: 'integer', minimum: 1 }, parentOf: CERTIFICATE_ID },
  },
} as const;

const ACTOR = {
  type: 'object',
  required: ['mspId', 'id'],
  description: 'Who submitted the transaction: organisation and enrolment id.',
  properties: { mspId: MSP_ID, id: { type: 'string', examples: ['enterprise-a'] } },
} as const;

export const provenanceSchemas: Readonly<Record<string, JsonSchema>> = {
  Provenance: {
    type: 'object',
    description:
      'The provenance of a certificate, each fact one committed write of one record by one transaction, in ledger order. ' +
      'Confidential amounts (valuations, prices) are never in it: a valuation shows its commitment only.',
    required: ['certificateId', 'registry', 'sources', 'facts'],
    properties: {
      certificateId: CERTIFICATE_ID,
      registry: MSP_ID,
      sources: SOURCES,
      facts: {
        type: 'array',
        items: {
          type: 'object',
          required: ['kind', 'subject', 'value', 'txId', 'blockNumber', 'txIndex', 'timestamp', 'actor', 'validationCode'],
          properties: {
            kind: { type: 'string', enum: FACT_KINDS },
            subject: { type: 'string', description: 'The id of the record the fact is about.' },
            path: { type: 'string', description: 'JSON pointer into the written record when the fact is a part of it (an evidence entry).' },
            value: { description: 'The record (or part) as the transaction wrote it.' },
            txId: { type: 'string' },
            blockNumber: { type: 'integer' },
            txIndex: { type: 'integer' },
            timestamp: ISO_TIME,
            actor: ACTOR,
            validationCode: { type: 'string', examples: ['VALID'] },
          },
        },
      },
    },
  },
  ProvenanceDossier: {
    type: 'object',
    description:
      'The provenance as a portable document (W3C VC 2.0 shaped): every fact with the endorsed transaction that wrote it and the signed block it is in, ' +
      'each transaction and block carried once. Verify it offline with `npm run verify -- dossier.json --trust trust.json` (docs/provenance.md).',
    required: ['@context', 'type', 'id', 'credentialSubject', 'proof'],
    properties: {
      '@context': { type: 'array', items: { type: 'string' } },
      type: { type: 'array', items: { type: 'string' } },
      id: { type: 'string' },
      name: { type: 'string' },
      credentialSubject: {
        type: 'object',
        required: ['certificateId', 'registry', 'sources', 'facts'],
        properties: { certificateId: CERTIFICATE_ID, registry: MSP_ID, sources: SOURCES, facts: { type: 'array', items: { type: 'object' } } },
      },
      proof: {
        type: 'object',
        required: ['type', 'channelName', 'chaincodeName', 'transactions', 'blocks', 'trustAnchors'],
        properties: {
          type: { type: 'string' },
          created: ISO_TIME,
          channelName: { type: 'string' },
          chaincodeName: { type: 'string' },
          transactions: { type: 'object', description: 'By txId: block number, index, envelope (base64) and Merkle path.' },
          blocks: { type: 'object', description: 'By block number: header hashes, Merkle root or every envelope, and the orderer signature.' },
          trustAnchors: { type: 'object', description: 'Root CA certificates (PEM) by MSP id; a verifier pins its own.' },
        },
      },
    },
  },
};
