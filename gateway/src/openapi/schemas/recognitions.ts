/** The published schemas of mutual recognition (互认): agreements between registries and recognitions of certificates. */
import { AGREEMENT_ID_PATTERN } from '../../../../chaincode/src/codes';
import { AGREEMENT_STATUSES } from '../../../../chaincode/src/model/recognition';
import { MSP_ID, CERTIFICATE_ID, ISO_TIME, ASSET_TYPES, GRADES, COMMITTED, patternOf, ref, type JsonSchema } from './common';

export const recognitionSchemas: Readonly<Record<string, JsonSchema>> = {
  AgreementIdParams: {
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'string', pattern: patternOf(AGREEMENT_ID_PATTERN), examples: ['AGR-4N8P2R6TXZ'] } },
  },
  AgreementListQuery: {
    type: 'object',
    required: ['registry'],
    additionalProperties: false,
    properties: { registry: { ...MSP_ID, description: 'A registry party to the agreements.' } },
  },
  AgreementProposal: {
    type: 'object',
    required: ['counterparty', 'scope', 'validFrom', 'validTo'],
    additionalProperties: false,
    properties: {
      counterparty: { ...MSP_ID, description: 'The other registry.' },
      scope: {
        type: 'object',
        required: ['assetTypes', 'grades'],
        additionalProperties: false,
        properties: {
          assetTypes: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: ASSET_TYPES } },
          grades: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: GRADES } },
        },
      },
      validFrom: ISO_TIME,
      validTo: ISO_TIME,
    },
  },
  Agreement: {
    type: 'object',
    description: 'A mutual-recognition agreement (互认协议) between two registries.',
    required: ['id', 'proposer', 'counterparty', 'scope', 'status'],
    properties: {
      id: { type: 'string' },
      proposer: MSP_ID,
      counterparty: MSP_ID,
      scope: { type: 'object' },
      validFrom: ISO_TIME,
      validTo: ISO_TIME,
      status: { type: 'string', enum: AGREEMENT_STATUSES },
      ...COMMITTED,
    },
  },
  AgreementList: {
    type: 'object',
    required: ['items', 'bookmark'],
    properties: { items: { type: 'array', items: ref('Agreement') }, bookmark: { type: 'string', description: 'Always empty: one page.' } },
  },
  RecognitionRequest: {
    type: 'object',
    required: ['certificateId'],
    additionalProperties: false,
    properties: { certificateId: CERTIFICATE_ID },
  },
  Recognition: {
    type: 'object',
    description: "A registry's recognition (互认) of another registry's certificate; `valid` is false once the certificate is not.",
    required: ['id', 'certificateId', 'registry', 'valid'],
    properties: {
      id: { type: 'string', examples: ['321200-2026-000001@YanchengRegistryMSP'] },
      certificateId: CERTIFICATE_ID,
      issuer: MSP_ID,
      registry: MSP_ID,
      agreementId: { type: 'string' },
      recognisedAt: ISO_TIME,
      valid: { type: 'boolean' },
      voidReason: { type: 'string' },
      ...COMMITTED,
    },
  },
  RecognitionList: {
    type: 'object',
    required: ['items'],
    properties: { items: { type: 'array', items: ref('Recognition') } },
  },
};
