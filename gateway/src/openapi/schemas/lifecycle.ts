/** The published schemas of a certificate's lifecycle and lineage (auditors). */
import { ISO_TIME, type JsonSchema } from './common';

const ACTOR = {
  type: 'object',
  required: ['mspId', 'id'],
  properties: { mspId: { type: 'string' }, id: { type: 'string', description: 'The enrolment id (the CN of the signing certificate).' } },
} as const;

const ENTRY = {
  type: 'object',
  required: ['type', 'function', 'txId', 'blockNumber', 'txIndex', 'timestamp', 'actor', 'validationCode', 'summary'],
  properties: {
    type: { type: 'string', description: 'The chaincode event (e.g. `CertificateIssued`), or `Contract:Function` for a transaction without one.', examples: ['CertificateIssued'] },
    function: { type: 'string', examples: ['Certificate:Issue'] },
    txId: { type: 'string' },
    blockNumber: { type: 'integer', minimum: 0 },
    txIndex: { type: 'integer', minimum: 0 },
    timestamp: ISO_TIME,
    actor: ACTOR,
    validationCode: { type: 'string', description: '`VALID`, or why the committer invalidated it (`MVCC_READ_CONFLICT`, `ENDORSEMENT_POLICY_FAILURE`…).' },
    summary: { type: 'string' },
    summaryZh: { type: 'string' },
    related: { type: 'string', description: 'The record concerned when it is not the certificate: a grant, order, listing, recognition, derived product…' },
    grantId: { type: 'string', description: 'For a metered use: its grant.' },
  },
} as const;

export const lifecycleSchemas: Readonly<Record<string, JsonSchema>> = {
  LifecycleQuery: {
    type: 'object',
    additionalProperties: false,
    properties: {
      limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
      bookmark: { type: 'string', maxLength: 64, description: "Opaque; the previous page's `bookmark`." },
      uses: { type: 'string', enum: ['summary', 'all'], default: 'summary', description: '`summary`: metered uses counted per grant in `usage`; `all`: each use listed too.' },
      grantId: { type: 'string', minLength: 1, maxLength: 128, description: "Page through this grant's metered uses only." },
    },
  },
  LifecyclePage: {
    type: 'object',
    required: ['certificateId', 'items', 'usage', 'bookmark', 'processedBlock'],
    properties: {
      certificateId: { type: 'string' },
      applicationId: { type: 'string' },
      items: { type: 'array', items: ENTRY },
      usage: {
        type: 'array',
        description: 'Metered uses per grant.',
        items: {
          type: 'object',
          required: ['grantId', 'count'],
          properties: {
            grantId: { type: 'string' },
            count: { type: 'integer', minimum: 1 },
            firstTxId: { type: 'string' },
            firstBlockNumber: { type: 'integer' },
            firstAt: ISO_TIME,
            lastTxId: { type: 'string' },
            lastBlockNumber: { type: 'integer' },
            lastAt: ISO_TIME,
          },
        },
      },
      bookmark: { type: 'string', description: 'Empty on the last page.' },
      processedBlock: { type: 'integer', description: 'The last block the read model had processed when it answered.' },
    },
  },
  LineageQuery: {
    type: 'object',
    additionalProperties: false,
    properties: {
      format: { type: 'string', enum: ['json', 'prov-json'], default: 'json' },
      depth: { type: 'integer', minimum: 0, maximum: 10000, default: 10, description: 'Derivation steps followed in each direction.' },
      direction: { type: 'string', enum: ['up', 'down', 'both'], default: 'both' },
    },
  },
  Lineage: {
    type: 'object',
    description:
      'With `format=json`: `{root, direction, depth, nodes, edges, truncated}` (an edge: `child` derived from `parent`). ' +
      'With `format=prov-json`: a W3C PROV-JSON document (entity, activity, agent, wasGeneratedBy, used, wasDerivedFrom, wasAttributedTo, wasAssociatedWith).',
  },
};
