/** The published schemas of market regulation (市场监管): negative-list entries (负面清单), important-data filings (重要数据流通备案) and credit flags (信用监管). */
import {
  CREDIT_STATUSES,
  ENTITY_PATTERN,
  FILING_ID_PATTERN,
  FILING_STATUSES,
  ISO_UTC_PATTERN,
  MAX_FILING_TERM_DAYS,
  MAX_RECIPIENTS,
  NEGATIVE_LIST_ID_PATTERN,
  NEGATIVE_LIST_LEVELS,
  NEGATIVE_LIST_STATUSES,
  NEGATIVE_LIST_TARGETS,
} from '../../../../chaincode/src/vocabulary';
import { CATEGORIES, CERTIFICATE_ID, COMMITTED, ENTITY, HEX64, HISTORY_ITEM, ISO_TIME, MSP_ID, REASON, patternOf, ref, type JsonSchema } from './common';

const ENTITY_CODE = { ...ENTITY, pattern: patternOf(ENTITY_PATTERN) } as const;
const NEGATIVE_LIST_ID = { type: 'string', pattern: patternOf(NEGATIVE_LIST_ID_PATTERN), examples: ['NLE-4F8K2M9QTB'] } as const;
const FILING_ID = { type: 'string', pattern: patternOf(FILING_ID_PATTERN), examples: ['FIL-7K3M9Q2XAB'] } as const;
/** A regulatory act: who, when, in which transaction, and the reason or comment given. */
const REGULATORY_ACT = {
  type: 'object',
  properties: { reason: { type: 'string' }, comment: { type: 'string' }, by: ref('Actor'), at: ISO_TIME, txId: { type: 'string' } },
} as const;

export const regulationSchemas: Readonly<Record<string, JsonSchema>> = {
  NegativeListIdParams: {
    type: 'object',
    required: ['id'],
    properties: { id: NEGATIVE_LIST_ID },
  },
  NegativeListRequest: {
    type: 'object',
    description: 'A negative-list entry (负面清单): exactly one of `category` and `fingerprint`. `prohibited` never trades; `restricted` trades only under an approved filing in force.',
    required: ['level', 'reason'],
    additionalProperties: false,
    oneOf: [
      { required: ['category'], properties: { category: true } },
      { required: ['fingerprint'], properties: { fingerprint: true } },
    ],
    properties: {
      category: { type: 'string', enum: CATEGORIES, description: 'Every certificate of this category.' },
      fingerprint: { ...HEX64, description: 'The one dataset with this fingerprint.' },
      level: { type: 'string', enum: NEGATIVE_LIST_LEVELS },
      reason: REASON,
    },
    examples: [{ category: 'healthcare', level: 'restricted', reason: 'health data leaves the province only under a filing' }],
  },
  NegativeListEntry: {
    type: 'object',
    description: 'A negative-list entry, active until the regulator lifts it. On writes with `txId` and `blockNumber`.',
    required: ['id', 'target', 'value', 'level', 'reason', 'status', 'listedAt'],
    properties: {
      id: NEGATIVE_LIST_ID,
      target: { type: 'string', enum: NEGATIVE_LIST_TARGETS, description: 'What `value` is: a category or a fingerprint.' },
      value: { type: 'string' },
      level: { type: 'string', enum: NEGATIVE_LIST_LEVELS },
      reason: { type: 'string' },
      status: { type: 'string', enum: NEGATIVE_LIST_STATUSES },
      listedBy: ref('Actor'),
      listedAt: ISO_TIME,
      lifted: REGULATORY_ACT,
      endorsingOrgs: { type: 'array', items: { type: 'string' }, description: 'The regulator: it must endorse any change of the entry.' },
      createdTxId: { type: 'string' },
      lastTxId: { type: 'string' },
      updatedAt: ISO_TIME,
      ...COMMITTED,
    },
  },
  NegativeListPage: {
    type: 'object',
    required: ['items', 'bookmark'],
    properties: { items: { type: 'array', items: ref('NegativeListEntry') }, bookmark: { type: 'string', description: 'Empty on the last page.' } },
  },
  FilingIdParams: {
    type: 'object',
    required: ['id'],
    properties: { id: FILING_ID },
  },
  FilingRequest: {
    type: 'object',
    description: 'An important-data filing (重要数据流通备案) for an issued certificate, by the holder of its operating or holding right.',
    required: ['certificateId', 'purpose', 'termDays'],
    additionalProperties: false,
    properties: {
      certificateId: CERTIFICATE_ID,
      purpose: { type: 'string', minLength: 1, maxLength: 2000, pattern: '\\S', description: 'What the data will circulate for.' },
      recipients: { type: 'array', maxItems: MAX_RECIPIENTS, uniqueItems: true, items: ENTITY_CODE, description: 'The entities it will go to, if known.' },
      termDays: { type: 'integer', minimum: 1, maximum: MAX_FILING_TERM_DAYS, description: 'The term asked for, in days from approval.' },
    },
    examples: [{ certificateId: '321200-2026-000001', purpose: 'sale to a hospital group for research', recipients: ['91320900MA2DEF341G'], termDays: 180 }],
  },
  FilingApproval: {
    type: 'object',
    additionalProperties: false,
    properties: {
      validUntil: {
        type: 'string',
        format: 'date-time',
        pattern: patternOf(ISO_UTC_PATTERN),
        description: "The term end, after now; without it the filing's `termDays` from approval.",
      },
      comment: { type: 'string', maxLength: 2000 },
    },
  },
  FilingListQuery: {
    type: 'object',
    required: ['certificateId'],
    additionalProperties: false,
    properties: {
      certificateId: CERTIFICATE_ID,
      limit: { type: 'integer', minimum: 1, maximum: 500, default: 50, description: 'Page size.' },
      bookmark: { type: 'string', maxLength: 1024, description: "Opaque; the previous page's `bookmark`." },
    },
  },
  Filing: {
    type: 'object',
    description: 'An important-data filing. `inForce` is computed at answer time: approved and before `validUntil` (ledger time). On writes with `txId` and `blockNumber`.',
    required: ['id', 'certificateId', 'registry', 'filer', 'purpose', 'recipients', 'termDays', 'status', 'filedAt', 'inForce'],
    properties: {
      id: FILING_ID,
      certificateId: CERTIFICATE_ID,
      registry: { ...MSP_ID, description: "The certificate's issuing registry." },
      filer: { type: 'string', description: 'The entity that filed.' },
      purpose: { type: 'string' },
      recipients: { type: 'array', items: { type: 'string' } },
      termDays: { type: 'integer', minimum: 1 },
      status: { type: 'string', enum: FILING_STATUSES },
      inForce: { type: 'boolean' },
      filedBy: ref('Actor'),
      filedAt: ISO_TIME,
      decision: REGULATORY_ACT,
      validUntil: ISO_TIME,
      endorsingOrgs: { type: 'array', items: { type: 'string' }, description: 'The regulator and the issuing registry.' },
      createdTxId: { type: 'string' },
      lastTxId: { type: 'string' },
      updatedAt: ISO_TIME,
      ...COMMITTED,
    },
  },
  FilingPage: {
    type: 'object',
    required: ['items', 'bookmark'],
    properties: { items: { type: 'array', items: ref('Filing') }, bookmark: { type: 'string', description: 'Empty on the last page.' } },
  },
  EntityCodeParams: {
    type: 'object',
    required: ['code'],
    properties: { code: { ...ENTITY_CODE, description: 'Unified social credit code (统一社会信用代码) or np: entity.' } },
  },
  CreditRequest: {
    type: 'object',
    required: ['status', 'reason'],
    additionalProperties: false,
    properties: { status: { type: 'string', enum: CREDIT_STATUSES, description: '`dishonest` (失信) refuses every trade it is party to.' }, reason: REASON },
  },
  Credit: {
    type: 'object',
    description: "An entity's credit status: `normal` with nothing else for an entity never flagged. On writes, the stored record with `txId` and `blockNumber`.",
    required: ['entity', 'status'],
    properties: {
      entity: { type: 'string' },
      status: { type: 'string', enum: CREDIT_STATUSES },
      reason: { type: 'string' },
      setBy: ref('Actor'),
      setAt: ISO_TIME,
      endorsingOrgs: { type: 'array', items: { type: 'string' } },
      createdTxId: { type: 'string' },
      lastTxId: { type: 'string' },
      updatedAt: ISO_TIME,
      ...COMMITTED,
    },
  },
  CreditHistory: {
    type: 'object',
    required: ['items'],
    description: 'Every credit status the regulator set, newest first.',
    properties: { items: { type: 'array', items: HISTORY_ITEM } },
  },
};
