/**
 * The published JSON Schemas (OpenAPI 3.1 dialect = JSON Schema 2020-12), kept in ONE place:
 * the ajv validator checks requests against them and the OpenAPI document publishes them, so
 * what is documented is what is enforced. Schemas refer to each other with `ref(name)`,
 * which resolves both inside the OpenAPI document and in the validator.
 */
import { VERDICT_REASONS } from '../verification/verdict';

export type JsonSchema = Readonly<Record<string, unknown>>;

/** A `$ref` to another schema of this module, as `#/components/schemas/<name>`. */
export function ref(name: string): JsonSchema {
  return { $ref: `#/components/schemas/${name}` };
}

const MSP_ID = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9]*MSP$', examples: ['TaizhouRegistryMSP'] } as const;


const HEX64 = { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'SHA-256, lowercase hex.' } as const;
/** A certificate id (`321200-2026-000001`) or the application id it had before approval (`321200-2026-A…`). */
const CERTIFICATE_ID = {
  type: 'string',
  pattern: '^[0-9]{6}-[0-9]{4}-(?:[0-9]{6}|A[0-9A-HJKMNP-TV-Z]{10})$',
  examples: ['321200-2026-000001'],
} as const;
const ENTITY = {
  type: 'string',
  minLength: 18,
  maxLength: 74,
  description: 'Unified social credit code (统一社会信用代码, 18 characters) or `np:<6-digit city code of the enrolling registry>:<64 hex salted hash>` of a natural person.',
  examples: ['91321200MA1ABC123N'],
} as const;
const ISO_TIME = { type: 'string', format: 'date-time', examples: ['2026-03-01T00:00:00.000Z'] } as const;
/** One version of a record, as `GET …/history` answers it. */
const HISTORY_ITEM = {
  type: 'object',
  required: ['txId', 'blockNumber', 'timestamp', 'isDelete', 'value'],
  properties: { txId: { type: 'string' }, blockNumber: { type: 'integer' }, timestamp: ISO_TIME, isDelete: { type: 'boolean' }, value: {} },
} as const;
const ASSET_TYPES = ['resource', 'element', 'product'] as const;
const GRADES = ['general', 'important', 'core'] as const;
const CATEGORIES = ['healthcare', 'manufacturing', 'new-energy', 'finance', 'transport', 'culture-tourism', 'agriculture', 'public-service', 'other'] as const;
const STATUSES = ['applied', 'under_review', 'publicizing', 'issued', 'rejected', 'frozen', 'cancelled', 'revoked'] as const;
const EFFECTIVE_STATUSES = [...STATUSES, 'expired'] as const;
/** Every write answer carries the committed transaction (api.md). */
const COMMITTED = {
  txId: { type: 'string', description: 'The transaction that wrote this answer (present on write answers).' },
  blockNumber: { type: 'integer', minimum: 0, description: 'The block it was committed in (present on write answers).' },
} as const;
const REASON = { type: 'string', minLength: 1, maxLength: 2000, pattern: '\\S' } as const;
/** The verdict's reason (verification/verdict.ts): one closed vocabulary wherever a certificate's `valid` is answered. */
const VERDICT_REASON = {
  type: 'string',
  enum: VERDICT_REASONS,
  description:
    'Why `valid` is false. `proof-failed`: a check of the bundle failed (POST /verify only; `failedCheck` names it) — the bundle is not genuine. ' +
    '`not-found`: no certificate of that id on this ledger. `not-issued`: applied, under review or in publicity (公示). `rejected`: the application was rejected. ' +
    '`revoked` (撤销), `cancelled` (注销): closed on the ledger. `expired`: the term ended at or before `checkedAt`.',
} as const;
/** Exactly what the chaincode's time rule accepts (`isIsoUtc`): UTC with `Z`, at most milliseconds. */
const ISO_UTC = {
  type: 'string',
  format: 'date-time',
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]{1,3})?Z$',
  description: 'ISO-8601 UTC with `Z` (milliseconds optional).',
  examples: ['2026-03-01T00:00:00Z'],
} as const;
/** The shape of a USCC or `np:` entity; the chaincode checks the USCC check character (400 when wrong). */
const ENTITY_CODE = { ...ENTITY, pattern: '^(?:[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}|np:[0-9]{6}:[0-9a-f]{64})$' } as const;
const GRANT_ID = { type: 'string', pattern: '^GRT-[0-9A-HJKMNP-TV-Z]{10}$', examples: ['GRT-8M2K4Q7TXB'] } as const;
const GRANT_TYPES = ['public_operation', 'personal', 'licence'] as const;
const GRANT_STATUSES = ['active', 'suspended', 'revoked'] as const;
/** A purpose (scenario) of a grant or a use: compared after trimming, at most 200 characters. */
const PURPOSE = { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S', examples: ['credit-scoring'] } as const;

export const schemas: Readonly<Record<string, JsonSchema>> = {
  Problem: {
    type: 'object',
    description: 'An RFC 9457 problem; `code` is stable and meant for machines, `detail` for people.',
    required: ['type', 'title', 'status', 'detail', 'code'],
    properties: {
      type: { type: 'string', format: 'uri-reference', examples: ['urn:dal:problem:invalid_request'] },
      title: { type: 'string', examples: ['Invalid request'] },
      status: { type: 'integer', minimum: 400, maximum: 599, examples: [400] },
      detail: { type: 'string', examples: ['/fingerprint must match pattern "^[0-9a-f]{64}$"'] },
      code: {
        type: 'string',
        enum: [
          'invalid_request',
          'unauthenticated',
          'forbidden',
          'not_found',
          'method_not_allowed',
          'conflict',
          'payload_too_large',
          'unsupported_media_type',
          'policy_violation',
          'internal',
          'unavailable',
          'proposal_time_out_of_window',
          'timeout',
        ],
      },
    },
  },
  MspId: MSP_ID,
  Health: {
    type: 'object',
    required: ['status', 'backend', 'height'],
    properties: {
      status: { type: 'string', enum: ['ok'] },
      backend: { type: 'string', enum: ['embedded', 'fabric'] },
      height: { type: 'integer', minimum: 0, description: 'Number of blocks on the channel.' },
    },
    examples: [{ status: 'ok', backend: 'embedded', height: 12 }],
  },
  Identity: {
    type: 'object',
    description: 'The enrolled ledger identity an API key maps to; transactions are signed as it.',
    required: ['mspId', 'enrollmentId', 'roles'],
    properties: {
      mspId: ref('MspId'),
      enrollmentId: { type: 'string', examples: ['enterprise-a'] },
      roles: { type: 'array', items: { type: 'string' }, examples: [['holder']] },
      entity: {
        type: 'string',
        description: 'Unified social credit code (统一社会信用代码) or `np:<city code>:<salted hash>` of a natural person.',
        examples: ['91321200MA1ABC123N'],
      },
    },
    examples: [{ mspId: 'TaizhouRegistryMSP', enrollmentId: 'enterprise-a', roles: ['holder'], entity: '91321200MA1ABC123N' }],
  },
  PageQuery: {
    type: 'object',
    additionalProperties: false,
    properties: {
      limit: { type: 'integer', minimum: 1, maximum: 500, default: 50, description: 'Page size.' },
      bookmark: { type: 'string', maxLength: 1024, description: "Opaque; the previous page's `bookmark`." },
    },
  },
  CertificateIdParams: {
    type: 'object',
    required: ['id'],
    properties: { id: { ...CERTIFICATE_ID, description: 'Certificate id, or the application id it had before approval.' } },
  },
  ObjectionParams: {
    type: 'object',
    required: ['id', 'objectionId'],
    properties: { id: CERTIFICATE_ID, objectionId: { type: 'string', pattern: '^OBJ-[0-9A-HJKMNP-TV-Z]{10}$', examples: ['OBJ-7K3M9Q2XAB'] } },
  },
  AgreementIdParams: {
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'string', pattern: '^AGR-[0-9A-HJKMNP-TV-Z]{10}$', examples: ['AGR-4N8P2R6TXZ'] } },
  },
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
  CertificateApplication: {
    type: 'object',
    description: 'A registration application (登记申请). The applicant must hold at least one of the rights.',
    required: ['registry', 'assetType', 'name', 'source', 'category', 'grade', 'containsPersonalInfo', 'fingerprint', 'rights'],
    additionalProperties: false,
    properties: {
      registry: { ...MSP_ID, description: 'MSP id of the registry applied to; the applicant must be enrolled there.' },
      assetType: { type: 'string', enum: ASSET_TYPES, description: 'resource 数据资源 | element 数据元件 | product 数据产品' },
      name: { type: 'string', minLength: 1, maxLength: 256, pattern: '\\S' },
      description: { type: 'string', maxLength: 4000 },
      source: { type: 'string', enum: ['public', 'enterprise', 'personal'], description: '公共/企业/个人数据' },
      category: { type: 'string', enum: CATEGORIES },
      grade: { type: 'string', enum: GRADES, description: '一般/重要/核心数据; `core` is refused (422).' },
      containsPersonalInfo: { type: 'boolean' },
      fingerprint: { ...HEX64, description: 'SHA-256 of the dataset (or its Merkle root); unique across the consortium.' },
      rights: {
        type: 'array',
        minItems: 1,
        maxItems: 3,
        description: '三权分置: each right type at most once.',
        items: {
          type: 'object',
          required: ['type', 'holder'],
          additionalProperties: false,
          properties: { type: { type: 'string', enum: ['holding', 'processing', 'operating'] }, holder: ENTITY },
        },
      },
      parents: { type: 'array', maxItems: 64, items: CERTIFICATE_ID, description: 'Certificates this asset derives from (lineage).' },
      metadata: { type: 'object', description: 'Free JSON, at most 8 KiB; never raw data.' },
    },
    examples: [
      {
        registry: 'TaizhouRegistryMSP',
        assetType: 'resource',
        name: 'Taizhou smart-factory sensor data 2026',
        source: 'enterprise',
        category: 'manufacturing',
        grade: 'general',
        containsPersonalInfo: false,
        fingerprint: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
        rights: [{ type: 'holding', holder: '91321200MA1ABC123N' }],
      },
    ],
  },
  ReviewDecision: {
    type: 'object',
    required: ['decision'],
    additionalProperties: false,
    properties: {
      decision: { type: 'string', enum: ['approve', 'reject'] },
      comment: { type: 'string', maxLength: 2000 },
      publicityDays: { type: 'integer', minimum: 0, maximum: 30, description: "公示 period; default the registry's (10). Approval only." },
    },
  },
  ObjectionRequest: {
    type: 'object',
    required: ['reason'],
    additionalProperties: false,
    properties: { reason: { ...REASON, maxLength: 4000 }, evidenceHash: HEX64 },
  },
  ObjectionResolution: {
    type: 'object',
    required: ['upheld'],
    additionalProperties: false,
    properties: { upheld: { type: 'boolean', description: 'Upheld rejects the certificate.' }, comment: { type: 'string', maxLength: 2000 } },
  },
  EvidenceRequest: {
    type: 'object',
    required: ['kind', 'reportHash'],
    additionalProperties: false,
    properties: {
      kind: { type: 'string', enum: ['compliance', 'quality', 'valuation'] },
      reportHash: HEX64,
      amount: { type: 'integer', minimum: 1, description: 'Valuation only, integer fen (required for a valuation).' },
      method: { type: 'string', enum: ['cost', 'income', 'market'], description: 'Valuation only (required for a valuation).' },
    },
  },
  TransferRequest: {
    type: 'object',
    required: ['right', 'to'],
    additionalProperties: false,
    properties: { right: { type: 'string', enum: ['holding', 'processing', 'operating'] }, to: ENTITY, reason: { type: 'string', maxLength: 2000 } },
  },
  ChangeRequest: {
    type: 'object',
    description: '变更: at least one field besides `reason`. Fingerprint and rights change by new registration and transfer.',
    required: ['reason'],
    minProperties: 2,
    additionalProperties: false,
    properties: {
      reason: REASON,
      name: { type: 'string', minLength: 1, maxLength: 256, pattern: '\\S' },
      description: { type: 'string', maxLength: 4000 },
      category: { type: 'string', enum: CATEGORIES },
      grade: { type: 'string', enum: GRADES },
      containsPersonalInfo: { type: 'boolean' },
      metadata: { type: 'object' },
    },
  },
  ReasonRequest: {
    type: 'object',
    required: ['reason'],
    additionalProperties: false,
    properties: { reason: REASON },
  },
  OptionalReasonRequest: {
    type: 'object',
    additionalProperties: false,
    properties: { reason: REASON },
  },
  EmptyRequest: {
    type: 'object',
    description: 'No fields; send `{}` or no body.',
    additionalProperties: false,
    properties: {},
  },
  CertificateListQuery: {
    type: 'object',
    additionalProperties: false,
    properties: {
      registry: { ...MSP_ID, description: 'Issuing registry (MSP id).' },
      holder: { ...ENTITY, description: 'Entity holding any right.' },
      status: { type: 'string', enum: STATUSES },
      category: { type: 'string', enum: CATEGORIES },
      limit: { type: 'integer', minimum: 1, maximum: 500, default: 50, description: 'Page size; a page may hold fewer items when several filters are given.' },
      bookmark: { type: 'string', maxLength: 1024, description: "Opaque; the previous page's `bookmark`. Empty when there is no further page." },
    },
  },
  AgreementListQuery: {
    type: 'object',
    required: ['registry'],
    additionalProperties: false,
    properties: { registry: { ...MSP_ID, description: 'A registry party to the agreements.' } },
  },
  Actor: {
    type: 'object',
    properties: { mspId: { type: 'string' }, id: { type: 'string' }, entity: { type: 'string' } },
  },
  Certificate: {
    type: 'object',
    description: 'A registration certificate (数据资产登记凭证) as recorded on the ledger; on writes with `txId` and `blockNumber`.',
    required: ['id', 'applicationId', 'registry', 'status', 'version', 'fingerprint', 'rights'],
    properties: {
      id: CERTIFICATE_ID,
      applicationId: CERTIFICATE_ID,
      registry: MSP_ID,
      cityCode: { type: 'string' },
      assetType: { type: 'string', enum: ASSET_TYPES },
      name: { type: 'string' },
      description: { type: 'string' },
      source: { type: 'string' },
      category: { type: 'string', enum: CATEGORIES },
      grade: { type: 'string', enum: GRADES },
      containsPersonalInfo: { type: 'boolean' },
      fingerprint: HEX64,
      rights: { type: 'array', items: { type: 'object', properties: { type: { type: 'string' }, holder: { type: 'string' } } } },
      parents: { type: 'array', items: { type: 'string' } },
      applicant: ref('Actor'),
      status: { type: 'string', enum: STATUSES },
      effectiveStatus: { type: 'string', enum: EFFECTIVE_STATUSES, description: 'On reads: `expired` once the term has lapsed.' },
      version: { type: 'integer', minimum: 1 },
      publicityEndsAt: ISO_TIME,
      issuedAt: ISO_TIME,
      expiresAt: ISO_TIME,
      queryCode: { type: 'string', description: '查询码 for public verification, set at issue.' },
      evidence: { type: 'array', items: { type: 'object' } },
      objections: { type: 'array', items: ref('Objection'), description: 'On reads.' },
      recognitions: { type: 'array', items: ref('Recognition'), description: 'On reads.' },
      endorsingOrgs: { type: 'array', items: { type: 'string' } },
      lastTxId: { type: 'string' },
      ...COMMITTED,
    },
  },
  CertificatePage: {
    type: 'object',
    required: ['items', 'bookmark'],
    properties: { items: { type: 'array', items: ref('Certificate') }, bookmark: { type: 'string', description: 'Empty on the last page.' } },
  },
  CertificateHistory: {
    type: 'object',
    required: ['items'],
    description: 'Every version of the record, newest first, including the application before it got its certificate id.',
    properties: {
      items: {
        type: 'array',
        items: HISTORY_ITEM,
      },
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
  Objection: {
    type: 'object',
    required: ['id', 'certificateId', 'status'],
    properties: {
      id: { type: 'string' },
      certificateId: CERTIFICATE_ID,
      reason: { type: 'string' },
      evidenceHash: HEX64,
      status: { type: 'string', enum: ['open', 'upheld', 'dismissed'] },
      certificateStatus: { type: 'string', enum: STATUSES, description: 'On resolution: the certificate status after it.' },
      ...COMMITTED,
    },
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
      status: { type: 'string', enum: ['pending', 'active', 'terminated'] },
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
        items: { type: 'string', enum: ['processing', 'operating'] },
        description: 'The holding right is never granted: it moves by transfer.',
      },
      purposes: { type: 'array', minItems: 1, maxItems: 20, uniqueItems: true, items: PURPOSE, description: 'Scenarios the grantee may use the data for; distinct once trimmed.' },
      validFrom: ISO_UTC,
      validTo: { ...ISO_UTC, description: 'After `validFrom` and not already past; `expired` from then on.' },
      paid: { type: 'boolean', description: '有偿 (true, with `fee`) or 有条件无偿 (false).' },
      fee: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Integer fen: required (≥ 1) when `paid`, absent or 0 when not.' },
      maxUses: {
        type: 'integer',
        minimum: 1,
        maximum: 1_000_000_000,
        description: 'Uses that may be recorded under this grant and every sub-licence granted from it, together; unlimited when absent.',
      },
      revenueShareBps: { type: 'integer', minimum: 0, maximum: 10_000, description: 'Revenue share to the grantor in basis points (10000 = all).' },
      rawDataStaysInDomain: { type: 'boolean', default: true, description: '原始数据不出域: only results leave the domain. A sub-licence cannot lift it.' },
      parentGrantId: { ...GRANT_ID, description: 'For a sub-licence: the grant the grantor holds on the same asset.' },
    },
    if: { required: ['paid'], properties: { paid: { const: true } } },
    then: { required: ['fee'], properties: { fee: { type: 'integer', minimum: 1 } } },
    else: { properties: { fee: { type: 'integer', maximum: 0 } } },
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
      quantity: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Records, calls or rows: the unit the grant meters.' },
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
      rights: { type: 'array', items: { type: 'string', enum: ['processing', 'operating'] } },
      purposes: { type: 'array', items: { type: 'string' } },
      validFrom: ISO_TIME,
      validTo: ISO_TIME,
      paid: { type: 'boolean' },
      fee: { type: 'integer', minimum: 1, description: 'Integer fen; only when `paid`.' },
      maxUses: { type: 'integer', minimum: 1 },
      usesRecorded: { type: 'integer', minimum: 0, description: 'With `maxUses`: uses recorded so far, under this grant and the sub-licences below it.' },
      revenueShareBps: { type: 'integer', minimum: 0, maximum: 10_000 },
      rawDataStaysInDomain: { type: 'boolean' },
      parentGrantId: GRANT_ID,
      depth: { type: 'integer', minimum: 0, description: "Links up to the grantor's own right: 0 for a direct grant." },
      status: { type: 'string', enum: GRANT_STATUSES, description: 'As stored.' },
      effectiveStatus: { type: 'string', enum: [...GRANT_STATUSES, 'scheduled', 'expired', 'void'] },
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
      id: { type: 'string', pattern: '^USE-[0-9A-HJKMNP-TV-Z]{10}$', examples: ['USE-3K7M9Q2XAB'] },
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
  Verification: {
    type: 'object',
    description:
      'Public verification (no personal data: no holders, applicant, name or metadata). `valid` means the certificate holds now; ' +
      '`valid`, `reason` and `status` are computed at `checkedAt` (`expired` once the term lapsed — by ledger time of the query, which is the gateway\'s clock: ' +
      'the time a chaincode query carries is the one its client, the gateway, puts in the proposal). ' +
      '`txId`/`blockNumber` name the transaction that last wrote the certificate, and each recognition names its own.',
    required: ['id', 'exists', 'valid', 'checkedAt'],
    properties: {
      id: { type: 'string' },
      exists: { type: 'boolean' },
      valid: {
        type: 'boolean',
        description: 'The certificate holds now: status `issued`, or `frozen` (pledged — still in force; see `pledged`), within its term. Anything else is false, with `reason`.',
      },
      reason: VERDICT_REASON,
      status: { type: 'string', enum: EFFECTIVE_STATUSES, description: 'The effective status at `checkedAt`: the stored one, or `expired` for an issued or frozen certificate past `expiresAt`.' },
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
    description:
      'The verdict on a bundle. `valid` = `proofValid` AND the live status holds; when false, `reason` says why ' +
      '(`proof-failed` with `failedCheck`: not genuine; `revoked`, `cancelled`, `expired`: genuine but no longer in force). ' +
      'A pledge is reported in `live.pledged`, not as invalidity.',
    required: ['valid', 'proofValid', 'checks'],
    additionalProperties: false,
    properties: {
      valid: {
        type: 'boolean',
        description: 'The certificate holds now: the proof is valid AND the ledger\'s live status is issued (or frozen: pledged), not revoked, cancelled or expired.',
      },
      reason: VERDICT_REASON,
      failedCheck: { type: 'string', description: 'With `reason: proof-failed`: the name of the first check that failed.', examples: ['credential-subject'] },
      proofValid: {
        type: 'boolean',
        description: 'The proof alone: every check passed (signatures and hashes pinned to the channel roots, and `committed-valid`). True for a genuine bundle of a certificate revoked since.',
      },
      checks: {
        type: 'array',
        items: { type: 'object', required: ['name', 'ok', 'detail'], properties: { name: { type: 'string' }, ok: { type: 'boolean' }, detail: { type: 'string' } } },
      },
      facts: { type: 'object', description: 'What the proof establishes: certificateId, txId, blockNumber, blockHash, endorsedBy, orderedBy, creator.' },
      live: {
        type: 'object',
        description: "The certificate's current public status on the ledger (as GET /certificates/{id}/verification answers it), for a bundle naming a well-formed certificate id.",
        allOf: [ref('Verification')],
        properties: { changedSinceBundle: { type: 'boolean', description: 'True when a later transaction has written the certificate since the bundle was made.' } },
      },
    },
  },
  TxIdParams: {
    type: 'object',
    required: ['txId'],
    properties: { txId: { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'A Fabric transaction id: hex SHA-256 of nonce and creator.' } },
  },
  BlockNumberParams: {
    type: 'object',
    required: ['n'],
    properties: { n: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Block number; 0 is the configuration (genesis) block.' } },
  },
  TransactionInfo: {
    type: 'object',
    description: 'A transaction as committed, valid or not: the raw facts an auditor checks.',
    required: ['txId', 'blockNumber', 'txIndex', 'validationCode', 'timestamp', 'creator', 'chaincodeName', 'function', 'args', 'endorsers', 'writes'],
    properties: {
      txId: { type: 'string' },
      blockNumber: { type: 'integer', minimum: 0 },
      txIndex: { type: 'integer', minimum: 0, description: 'Position in the block.' },
      validationCode: { type: 'string', description: "Fabric's TxValidationCode name: `VALID`, `MVCC_READ_CONFLICT`, `ENDORSEMENT_POLICY_FAILURE`…", examples: ['VALID'] },
      timestamp: { ...ISO_TIME, description: "From the proposal's channel header." },
      creator: { type: 'object', required: ['mspId', 'id'], properties: { mspId: { type: 'string' }, id: { type: 'string', description: '`x509::<subject>::<issuer>`' } } },
      chaincodeName: { type: 'string' },
      function: { type: 'string', examples: ['Certificate:Issue'] },
      args: { type: 'array', items: { type: 'string' } },
      endorsers: { type: 'array', items: { type: 'string' }, description: 'MSP ids of the endorsing peers.' },
      writes: {
        type: 'array',
        items: { type: 'object', required: ['namespace', 'key', 'isDelete'], properties: { namespace: { type: 'string' }, key: { type: 'string' }, isDelete: { type: 'boolean' } } },
      },
      event: { type: 'object', required: ['name', 'payload'], properties: { name: { type: 'string' }, payload: { type: 'string' } } },
    },
  },
  BlockInfo: {
    type: 'object',
    description: "A block's header hashes (hex, as protoutil computes them) and its transactions' validation codes.",
    required: ['number', 'previousHash', 'dataHash', 'headerHash', 'transactions'],
    properties: {
      number: { type: 'integer', minimum: 0 },
      previousHash: { type: 'string', description: "The previous block's `headerHash`; empty for block 0." },
      dataHash: HEX64,
      headerHash: { ...HEX64, description: 'SHA-256 of DER SEQUENCE {number, previousHash, dataHash}.' },
      transactions: {
        type: 'array',
        items: { type: 'object', required: ['txId', 'validationCode'], properties: { txId: { type: 'string' }, validationCode: { type: 'string' } } },
      },
    },
  },
  IntegrityQuery: {
    type: 'object',
    additionalProperties: false,
    properties: {
      from: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'First block to check (default 0).' },
      to: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Last block to check, inclusive (default the latest).' },
    },
  },
  LedgerIntegrity: {
    type: 'object',
    required: ['height', 'ok', 'checkedBlocks', 'checkedTransactions'],
    properties: {
      height: { type: 'integer', minimum: 0 },
      ok: { type: 'boolean' },
      from: { type: 'integer', minimum: 0, description: 'First block checked.' },
      to: { type: 'integer', minimum: 0, description: 'Last block checked.' },
      checkedBlocks: { type: 'integer', minimum: 0 },
      checkedTransactions: { type: 'integer', minimum: 0, description: 'Valid endorser transactions whose signatures were re-verified.' },
      firstBadBlock: { type: 'integer', minimum: 0 },
      problem: { type: 'string', description: 'What failed in `firstBadBlock`.' },
      backend: { type: 'string', enum: ['embedded', 'fabric'] },
    },
    examples: [{ height: 42, ok: true, from: 0, to: 41, checkedBlocks: 42, checkedTransactions: 57, backend: 'embedded' }],
  },
  EventStreamQuery: {
    type: 'object',
    additionalProperties: false,
    properties: {
      fromBlock: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Replay from this block; `Last-Event-ID` takes precedence.' },
    },
  },
  LedgerEventData: {
    type: 'object',
    description: 'The `data` of one event message. `payload` is the chaincode event payload as JSON, or `payloadBase64` when it is not JSON.',
    required: ['txId', 'blockNumber', 'chaincodeName', 'eventName'],
    properties: {
      txId: { type: 'string' },
      blockNumber: { type: 'integer', minimum: 0 },
      chaincodeName: { type: 'string' },
      eventName: { type: 'string' },
      payload: {},
      payloadBase64: { type: 'string' },
    },
  },
};
