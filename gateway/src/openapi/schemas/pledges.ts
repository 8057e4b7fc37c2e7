/** The published schemas of pledge financing (质押融资): the request, each bank step, the pledge record, its list and its confidential terms. */
import { MAX_PLEDGE_TERM_DAYS, MAX_SALT_BYTES, MIN_SALT_BYTES, PLEDGE_EFFECTIVE_STATUSES, PLEDGE_ID_PATTERN, PLEDGE_LIST_ROLES, PLEDGE_STATUSES } from '../../../../chaincode/src/vocabulary';
import { CERTIFICATE_ID, COMMITTED, ENTITY, HEX64, ISO_TIME, MSP_ID, REASON, patternOf, ref, type JsonSchema } from './common';

const PLEDGE_ID = { type: 'string', pattern: patternOf(PLEDGE_ID_PATTERN), examples: ['PLG-3K7M9Q2XAB'] } as const;
const SALT = {
  type: 'string',
  pattern: `^([0-9a-f]{2}){${String(MIN_SALT_BYTES)},${String(MAX_SALT_BYTES)}}$`,
  description: "Hex salt of the terms' commitment; absent, the gateway draws 32 random bytes. Handed back in the reply: keep it.",
} as const;
const CLOSURE = {
  type: 'object',
  properties: { reason: { type: 'string' }, at: ISO_TIME, by: ref('Actor'), txId: { type: 'string' } },
} as const;

export const pledgeSchemas: Readonly<Record<string, JsonSchema>> = {
  PledgeIdParams: { type: 'object', required: ['id'], properties: { id: PLEDGE_ID } },
  PledgeRequest: {
    type: 'object',
    description:
      '质押 request by the principal holder of an issued certificate to a bank organisation. `amount` (integer fen) and `valuationRef` (the index in the certificate\'s `evidence` ' +
      'of the `valuation` report the amount rests on) are confidential: sent as transient data, kept by the peers of your registry organisation, the bank and the regulator only.',
    required: ['certificateId', 'pledgee', 'amount', 'termDays'],
    additionalProperties: false,
    properties: {
      certificateId: CERTIFICATE_ID,
      pledgee: { ...MSP_ID, description: 'A bank organisation of the consortium.', examples: ['JiangsuBankMSP'] },
      amount: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'The secured amount, integer fen (分). Confidential.' },
      termDays: { type: 'integer', minimum: 1, maximum: MAX_PLEDGE_TERM_DAYS, description: 'The term from acceptance; past it, an unreleased pledge is `overdue`.' },
      valuationRef: { type: 'integer', minimum: 0, maximum: 9999, description: "Index of a `valuation` entry in the certificate's evidence. Confidential." },
      salt: SALT,
    },
    examples: [{ certificateId: '321200-2026-000001', pledgee: 'JiangsuBankMSP', amount: 50000000, termDays: 365, valuationRef: 0 }],
  },
  EnforcementRequest: {
    type: 'object',
    description: '处置 after default: every right the pledgor holds goes to `transferTo` (the bank\'s own entity, or a buyer\'s), recorded with `reason`.',
    required: ['transferTo', 'reason'],
    additionalProperties: false,
    properties: { transferTo: ENTITY, reason: REASON },
  },
  ListingConsentRequest: {
    type: 'object',
    description: 'The bank consents that the pledged asset may be listed at this exchange.',
    required: ['exchange'],
    additionalProperties: false,
    properties: { exchange: { ...MSP_ID, examples: ['JiangsuExchangeMSP'] } },
  },
  PledgeListQuery: {
    type: 'object',
    additionalProperties: false,
    properties: {
      role: { type: 'string', enum: PLEDGE_LIST_ROLES, default: 'pledgee', description: "`pledgee`: your bank's pledges (bank officers); `pledgor`: your own as a holder." },
      status: { type: 'string', enum: PLEDGE_EFFECTIVE_STATUSES, description: '`overdue`: active and past `dueAt` now.' },
      limit: { type: 'integer', minimum: 1, maximum: 500, default: 50, description: 'Page size.' },
      bookmark: { type: 'string', maxLength: 1024, description: "Opaque; the previous page's `bookmark`." },
    },
  },
  Pledge: {
    type: 'object',
    description: 'A pledge as recorded, with `effectiveStatus` now (`overdue` for an active pledge past `dueAt`). The amount only as a commitment (`terms`).',
    required: ['id', 'certificateId', 'pledgor', 'pledgee', 'termDays', 'terms', 'status', 'effectiveStatus'],
    properties: {
      docType: { type: 'string', const: 'pledge' },
      id: PLEDGE_ID,
      certificateId: CERTIFICATE_ID,
      registry: MSP_ID,
      pledgor: { type: 'string', description: 'The entity pledging (the principal holder).' },
      pledgorMspId: MSP_ID,
      pledgee: MSP_ID,
      termDays: { type: 'integer' },
      terms: {
        type: 'object',
        description: 'The confidential amount and valuation reference: private-data key, the organisations whose peers hold them, SHA-256(salt ‖ canonical JSON).',
        properties: { key: { type: 'string' }, holders: { type: 'array', items: MSP_ID }, commitment: HEX64 },
      },
      status: { type: 'string', enum: PLEDGE_STATUSES },
      effectiveStatus: { type: 'string', enum: PLEDGE_EFFECTIVE_STATUSES },
      overdue: { type: 'boolean' },
      requestedBy: ref('Actor'),
      requestedAt: ISO_TIME,
      acceptedAt: ISO_TIME,
      dueAt: ISO_TIME,
      encumbranceId: { type: 'string' },
      endorsersBefore: { type: 'array', items: MSP_ID, description: "The certificate's key-level endorsers before the bank joined them: what release restores." },
      listingConsent: { type: 'object', properties: { exchange: MSP_ID, listings: { type: 'array', items: { type: 'string' } }, at: ISO_TIME, by: ref('Actor'), txId: { type: 'string' } } },
      closure: CLOSURE,
      enforcement: { type: 'object', properties: { transferTo: { type: 'string' }, rights: { type: 'array', items: { type: 'string' } }, reason: { type: 'string' }, orderId: { type: 'string', description: 'A sale through the exchange: the settled order.' }, listingId: { type: 'string' }, at: ISO_TIME, by: ref('Actor'), txId: { type: 'string' } } },
      endorsingOrgs: { type: 'array', items: MSP_ID },
      createdTxId: { type: 'string' },
      lastTxId: { type: 'string' },
      lastAction: { type: 'string' },
      updatedAt: ISO_TIME,
      salt: { type: 'string', description: 'On a request: the salt of the terms commitment. Keep it.' },
      ...COMMITTED,
    },
  },
  PledgePage: {
    type: 'object',
    required: ['items', 'bookmark'],
    properties: { items: { type: 'array', items: ref('Pledge') }, bookmark: { type: 'string', description: 'Empty on the last page.' } },
  },
  PledgeTerms: {
    type: 'object',
    description: "The confidential terms from your organisation's own peer, with the salt that opens `commitment`.",
    required: ['pledgeId', 'amount', 'salt', 'commitment'],
    properties: {
      pledgeId: PLEDGE_ID,
      certificateId: CERTIFICATE_ID,
      amount: { type: 'integer' },
      valuationRef: { type: 'integer' },
      salt: { type: 'string' },
      commitment: HEX64,
      holders: { type: 'array', items: MSP_ID },
    },
  },
};
