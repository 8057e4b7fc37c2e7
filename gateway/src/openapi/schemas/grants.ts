/** The published schemas of grants (授权) and their metered uses (可控可计量): requests, the grant with its effect, uses, checks, pages and history. */
import { GRANT_ID_PATTERN, USAGE_ID_PATTERN } from '../../../../chaincode/src/codes';
import { ISO_UTC_PATTERN } from '../../../../chaincode/src/time';
import { ENTITY_PATTERN } from '../../../../chaincode/src/uscc';
import {
  EFFECTIVE_GRANT_STATUSES,
  GRANTABLE_RIGHTS,
  GRANT_STATUSES,
  GRANT_TYPES,
  MAX_PURPOSES,
  MAX_PURPOSE_LENGTH,
  MAX_QUANTITY,
  MAX_REVENUE_SHARE_BPS,
  MAX_USES,
} from '../../../../chaincode/src/model/grant';
import { MSP_ID, HEX64, CERTIFICATE_ID, ENTITY, ISO_TIME, HISTORY_ITEM, COMMITTED, patternOf, ref, type JsonSchema } from './common';

/** Exactly what the chaincode's time rule accepts (`isIsoUtc`): UTC with `Z`, at most milliseconds. */
const ISO_UTC = {
  type: 'string',
  format: 'date-time',
  pattern: patternOf(ISO_UTC_PATTERN),
  description: 'ISO-8601 UTC with `Z` (milliseconds optional).',
  examples: ['2026-03-01T00:00:00Z'],
} as const;
/** The shape of a USCC or `np:` entity; the chaincode checks the USCC check character (400 when wrong). */
const ENTITY_CODE = { ...ENTITY, pattern: patternOf(ENTITY_PATTERN) } as const;
const GRANT_ID = { type: 'string', pattern: patternOf(GRANT_ID_PATTERN), examples: ['GRT-8M2K4Q7TXB'] } as const;
/** A purpose (scenario) of a grant or a use: compared after trimming, at most 200 characters. */
const PURPOSE = { type: 'string', minLength: 1, maxLength: MAX_PURPOSE_LENGTH, pattern: '\\S', examples: ['credit-scoring'] } as const;

export const grantSchemas: Readonly<Record<string, JsonSchema>> = {
  GrantIdParams: {
    type: 'object',
    required: ['id'],
    properties: { id: GRANT_ID },
  },
  GrantRequest: {
    type: 'object',
    description:
      'An authorization grant (授权). `licence`: a right holder licenses its processing or operating right, or, with `parentGrantId`, passes on ' +
      'no more than a grant it holds gives it (sub-licence); uses under a sub-licence count against every `maxUses` above it. ' +
      '`personal`: a natural person authorises ONE purpose, processing only, for at most 366 days; a natural person grants only this way (一揽子授权 is refused, 422), ' +
      'and a personal grant neither passes on nor founds a derived registration. ' +
      '`public_operation` (公共数据授权运营): the public-data holder authorises an operator, on public data only. ' +
      'A grant stops (`void`) once its grantor, or the grantor at the root of its chain, no longer holds the right it granted.',
    required: ['assetId', 'type', 'grantee', 'rights', 'purposes', 'validFrom', 'validTo', 'paid'],
    additionalProperties: false,
    properties: {
      assetId: { ...CERTIFICATE_ID, description: 'An issued certificate, not frozen.' },
      type: { type: 'string', enum: GRANT_TYPES },
      grantee: { ...ENTITY_CODE, description: 'The entity granted to; not the grantor.' },
      rights: {
        type: 'array',
        minItems: 1,
        maxItems: 2,
        uniqueItems: true,
        items: { type: 'string', enum: GRANTABLE_RIGHTS },
        description: 'The holding right is never granted: it moves by transfer.',
      },
      purposes: { type: 'array', minItems: 1, maxItems: MAX_PURPOSES, uniqueItems: true, items: PURPOSE, description: 'Scenarios the grantee may use the data for; distinct once trimmed.' },
      validFrom: ISO_UTC,
      validTo: { ...ISO_UTC, description: 'After `validFrom` and not already past; `expired` from then on.' },
      paid: { type: 'boolean', description: '有偿 (true, with `fee`) or 有条件无偿 (false).' },
      fee: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Integer fen: required (≥ 1) when `paid`, absent or 0 when not.' },
      maxUses: {
        type: 'integer',
        minimum: 1,
        maximum: MAX_USES,
        description: 'Uses that may be recorded under this grant and every sub-licence granted from it, together; unlimited when absent.',
      },
      revenueShareBps: { type: 'integer', minimum: 0, maximum: MAX_REVENUE_SHARE_BPS, description: 'Revenue share to the grantor in basis points (10000 = all).' },
      rawDataStaysInDomain: { type: 'boolean', default: true, description: '原始数据不出域: only results leave the domain. A sub-licence cannot lift it.' },
      parentGrantId: { ...GRANT_ID, description: 'For a sub-licence: the grant the grantor holds on the same asset.' },
    },
    // A fee when paid, none when not. Each branch names `paid` first, so the validator reports the
    // failure of the branch the request chose (validator.ts); anyOf rather than if/then/else,
    // which linters' example checks misread.
    anyOf: [
      { allOf: [{ properties: { paid: { const: false } } }, { properties: { fee: { type: 'integer', maximum: 0 } } }] },
      { allOf: [{ properties: { paid: { const: true } } }, { required: ['fee'], properties: { fee: { type: 'integer', minimum: 1 } } }] },
    ],
    examples: [
      {
        assetId: '321200-2026-000001',
        type: 'licence',
        grantee: '91320900MA2DEF341G',
        rights: ['processing'],
        purposes: ['credit-scoring'],
        validFrom: '2026-03-01T00:00:00Z',
        validTo: '2027-03-01T00:00:00Z',
        paid: true,
        fee: 12000000,
        revenueShareBps: 1500,
      },
    ],
  },
  UsageRequest: {
    type: 'object',
    description: 'One use of a grant by its grantee (可控可计量).',
    required: ['purpose', 'quantity'],
    additionalProperties: false,
    properties: {
      purpose: { ...PURPOSE, description: "One of the grant's purposes; any other is refused (422)." },
      quantity: { type: 'integer', minimum: 1, maximum: MAX_QUANTITY, description: 'Records, calls or rows: the unit the grant meters.' },
      resultHash: { ...HEX64, description: 'SHA-256 of what the use produced (lowercase hex).' },
    },
  },
  GrantListQuery: {
    type: 'object',
    description: 'At least one of `assetId`, `grantee`, `grantor`. With `assetId` and `grantee`, the grants of that asset to that grantee.',
    additionalProperties: false,
    // `properties` repeated in each branch only because ajv's strictRequired looks for the name there.
    anyOf: ['assetId', 'grantee', 'grantor'].map((name) => ({ required: [name], properties: { [name]: true } })),
    properties: {
      assetId: { ...CERTIFICATE_ID, description: 'Grants of this certificate (its certificate id, or the application id it had before approval).' },
      grantee: { ...ENTITY_CODE, description: 'Grants to this entity.' },
      grantor: { ...ENTITY_CODE, description: 'Grants by this entity.' },
      limit: { type: 'integer', minimum: 1, maximum: 500, default: 50, description: 'Page size.' },
      bookmark: { type: 'string', maxLength: 1024, description: "Opaque; the previous page's `bookmark`. Empty when there is no further page." },
    },
  },
  GrantCheckQuery: {
    type: 'object',
    required: ['assetId', 'grantee', 'purpose'],
    additionalProperties: false,
    properties: {
      assetId: CERTIFICATE_ID,
      grantee: { ...ENTITY_CODE, description: 'The entity that would use the data.' },
      purpose: { ...PURPOSE, description: 'The use it would make of it.' },
    },
  },
  Grant: {
    type: 'object',
    description:
      'A grant as recorded, with its effect computed at answer time: `effectiveStatus` is `scheduled` before `validFrom`, `expired` after `validTo`, and `void` (with `stoppedBy`) ' +
      'once a grant above it in its chain is suspended, revoked or expired, or the certificate is no longer valid. On writes with `txId` and `blockNumber`.',
    required: ['id', 'assetId', 'type', 'grantor', 'grantee', 'rights', 'purposes', 'validFrom', 'validTo', 'paid', 'status', 'effectiveStatus'],
    properties: {
      id: GRANT_ID,
      assetId: CERTIFICATE_ID,
      type: { type: 'string', enum: GRANT_TYPES },
      grantor: { type: 'string', description: "The entity that granted (the caller's entity)." },
      grantee: { type: 'string' },
      registry: { ...MSP_ID, description: 'The registry that issued the certificate.' },
      rights: { type: 'array', items: { type: 'string', enum: GRANTABLE_RIGHTS } },
      purposes: { type: 'array', items: { type: 'string' } },
      validFrom: ISO_TIME,
      validTo: ISO_TIME,
      paid: { type: 'boolean' },
      fee: { type: 'integer', minimum: 1, description: 'Integer fen; only when `paid`.' },
      maxUses: { type: 'integer', minimum: 1 },
      usesRecorded: { type: 'integer', minimum: 0, description: 'With `maxUses`: uses recorded so far, under this grant and the sub-licences below it.' },
      revenueShareBps: { type: 'integer', minimum: 0, maximum: MAX_REVENUE_SHARE_BPS },
      rawDataStaysInDomain: { type: 'boolean' },
      parentGrantId: GRANT_ID,
      depth: { type: 'integer', minimum: 0, description: "Links up to the grantor's own right: 0 for a direct grant." },
      status: { type: 'string', enum: GRANT_STATUSES, description: 'As stored.' },
      effectiveStatus: { type: 'string', enum: EFFECTIVE_GRANT_STATUSES },
      stoppedBy: { type: 'string', description: 'Why a `void` grant has no effect.', examples: ['upstream grant GRT-8M2K4Q7TXB is revoked'] },
      grantedBy: ref('Actor'),
      grantedAt: ISO_TIME,
      lastStatusChange: {
        type: 'object',
        properties: { status: { type: 'string', enum: GRANT_STATUSES }, reason: { type: 'string' }, by: ref('Actor'), at: ISO_TIME, txId: { type: 'string' } },
      },
      endorsingOrgs: { type: 'array', items: { type: 'string' }, description: 'Organisations that must endorse any change of the grant.' },
      createdTxId: { type: 'string' },
      lastTxId: { type: 'string' },
      updatedAt: ISO_TIME,
      ...COMMITTED,
    },
  },
  GrantPage: {
    type: 'object',
    required: ['items', 'bookmark'],
    properties: { items: { type: 'array', items: ref('Grant') }, bookmark: { type: 'string', description: 'Empty on the last page.' } },
  },
  Usage: {
    type: 'object',
    description: 'One recorded use of a grant.',
    required: ['id', 'grantId', 'assetId', 'grantee', 'purpose', 'quantity', 'recordedAt', 'txId'],
    properties: {
      id: { type: 'string', pattern: patternOf(USAGE_ID_PATTERN), examples: ['USE-3K7M9Q2XAB'] },
      grantId: GRANT_ID,
      assetId: CERTIFICATE_ID,
      grantee: { type: 'string' },
      purpose: { type: 'string' },
      quantity: { type: 'integer', minimum: 1 },
      resultHash: HEX64,
      recordedBy: ref('Actor'),
      recordedAt: ISO_TIME,
      sequence: { type: 'integer', minimum: 1, description: "With `maxUses`: this use's 1-based count." },
      usesRemaining: { type: 'integer', minimum: 0, description: 'On the write answer, with `maxUses`.' },
      ...COMMITTED,
    },
  },
  UsagePage: {
    type: 'object',
    required: ['items', 'bookmark'],
    properties: { items: { type: 'array', items: ref('Usage') }, bookmark: { type: 'string', description: 'Empty on the last page.' } },
  },
  GrantCheck: {
    type: 'object',
    description: 'May `grantee` use `assetId` for `purpose` now: through a grant (`basis: grant`, `grantId`), or because it holds the processing or operating right itself (`basis: right`).',
    required: ['allowed', 'assetId', 'grantee', 'purpose', 'checkedAt'],
    properties: {
      allowed: { type: 'boolean' },
      assetId: CERTIFICATE_ID,
      grantee: { type: 'string' },
      purpose: { type: 'string' },
      grantId: GRANT_ID,
      basis: { type: 'string', enum: ['grant', 'right'] },
      reason: { type: 'string', description: 'When not allowed: why the closest grant refuses, or that there is none.', examples: ['grant GRT-8M2K4Q7TXB is suspended'] },
      checkedAt: ISO_TIME,
    },
  },
  GrantHistory: {
    type: 'object',
    required: ['items'],
    description: 'Every version of the grant, newest first: its creation and each status change.',
    properties: {
      items: {
        type: 'array',
        items: HISTORY_ITEM,
      },
    },
  },
};
