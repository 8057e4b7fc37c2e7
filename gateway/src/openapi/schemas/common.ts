/**
 * What the published schemas share: the `JsonSchema` type, `ref`, and the fragments several
 * resources use (ids, times, enums, the committed-transaction fields of write answers).
 */

export type JsonSchema = Readonly<Record<string, unknown>>;

/** A `$ref` to another published schema, as `#/components/schemas/<name>`. */
export function ref(name: string): JsonSchema {
  return { $ref: `#/components/schemas/${name}` };
}

export const MSP_ID = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9]*MSP$', examples: ['TaizhouRegistryMSP'] } as const;
export const HEX64 = { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'SHA-256, lowercase hex.' } as const;
/** A certificate id (`321200-2026-000001`) or the application id it had before approval (`321200-2026-A…`). */
export const CERTIFICATE_ID = {
  type: 'string',
  pattern: '^[0-9]{6}-[0-9]{4}-(?:[0-9]{6}|A[0-9A-HJKMNP-TV-Z]{10})$',
  examples: ['321200-2026-000001'],
} as const;
export const ENTITY = {
  type: 'string',
  minLength: 18,
  maxLength: 74,
  description: 'Unified social credit code (统一社会信用代码, 18 characters) or `np:<6-digit city code of the enrolling registry>:<64 hex salted hash>` of a natural person.',
  examples: ['91321200MA1ABC123N'],
} as const;
export const ISO_TIME = { type: 'string', format: 'date-time', examples: ['2026-03-01T00:00:00.000Z'] } as const;
/** One version of a record, as `GET …/history` answers it. */
export const HISTORY_ITEM = {
  type: 'object',
  required: ['txId', 'blockNumber', 'timestamp', 'isDelete', 'value'],
  properties: { txId: { type: 'string' }, blockNumber: { type: 'integer' }, timestamp: ISO_TIME, isDelete: { type: 'boolean' }, value: {} },
} as const;
export const ASSET_TYPES = ['resource', 'element', 'product'] as const;
export const GRADES = ['general', 'important', 'core'] as const;
export const CATEGORIES = ['healthcare', 'manufacturing', 'new-energy', 'finance', 'transport', 'culture-tourism', 'agriculture', 'public-service', 'other'] as const;
export const STATUSES = ['applied', 'under_review', 'publicizing', 'issued', 'rejected', 'frozen', 'cancelled', 'revoked'] as const;
export const EFFECTIVE_STATUSES = [...STATUSES, 'expired'] as const;
/** Every write answer carries the committed transaction (api.md). */
export const COMMITTED = {
  txId: { type: 'string', description: 'The transaction that wrote this answer (present on write answers).' },
  blockNumber: { type: 'integer', minimum: 0, description: 'The block it was committed in (present on write answers).' },
} as const;
export const REASON = { type: 'string', minLength: 1, maxLength: 2000, pattern: '\\S' } as const;

/** Schemas every resource uses: the problem body, MSP ids, paging, reasons, the actor of a write. */
export const commonSchemas: Readonly<Record<string, JsonSchema>> = {
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
          'timeout',
        ],
      },
    },
  },
  MspId: MSP_ID,
  PageQuery: {
    type: 'object',
    additionalProperties: false,
    properties: {
      limit: { type: 'integer', minimum: 1, maximum: 500, default: 50, description: 'Page size.' },
      bookmark: { type: 'string', maxLength: 1024, description: "Opaque; the previous page's `bookmark`." },
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
  Actor: {
    type: 'object',
    properties: { mspId: { type: 'string' }, id: { type: 'string' }, entity: { type: 'string' } },
  },
};
