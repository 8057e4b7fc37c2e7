/**
 * What the published schemas share: the `JsonSchema` type, `ref`, and the fragments several
 * resources use (ids, times, enums, the committed-transaction fields of write answers).
 */
import { APPLICATION_ID_PATTERN, CERTIFICATE_ID_PATTERN } from '../../../../chaincode/src/codes';
import { ASSET_TYPES, CATEGORIES, EFFECTIVE_STATUSES, GRADES, STATUSES } from '../../../../chaincode/src/model/certificate';
import { HEX64 as HEX64_PATTERN } from '../../../../chaincode/src/model/request';
import { MAX_ENTITY_LENGTH } from '../../../../chaincode/src/uscc';
import { PROBLEM_CODES } from '../../http/problem-codes';

/** The chaincode's own vocabulary (chaincode/src/model), published as it is declared there. */
export { ASSET_TYPES, CATEGORIES, EFFECTIVE_STATUSES, GRADES, STATUSES };

export type JsonSchema = Readonly<Record<string, unknown>>;

/** A `$ref` to another published schema, as `#/components/schemas/<name>`. */
export function ref(name: string): JsonSchema {
  return { $ref: `#/components/schemas/${name}` };
}

/** A JSON Schema `pattern` matching what any of the chaincode's anchored id patterns matches. */
export function patternOf(...alternatives: readonly RegExp[]): string {
  const bodies = alternatives.map((re) => re.source.replace(/^\^/, '').replace(/\$$/, ''));
  return bodies.length === 1 ? `^${bodies[0]}$` : `^(?:${bodies.join('|')})$`;
}

export const MSP_ID = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9]*MSP$', examples: ['TaizhouRegistryMSP'] } as const;
export const HEX64 = { type: 'string', pattern: HEX64_PATTERN.source, description: 'SHA-256, lowercase hex.' } as const;
/** A certificate id (`321200-2026-000001`) or the application id it had before approval (`321200-2026-A…`). */
export const CERTIFICATE_ID = {
  type: 'string',
  pattern: patternOf(CERTIFICATE_ID_PATTERN, APPLICATION_ID_PATTERN),
  examples: ['321200-2026-000001'],
} as const;
export const ENTITY = {
  type: 'string',
  minLength: 18,
  maxLength: MAX_ENTITY_LENGTH,
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
        enum: Object.keys(PROBLEM_CODES),
      },
      errors: {
        type: 'array',
        description: 'On a 400 with several problems: every one of them (at most 50), the first being `detail`.',
        items: {
          type: 'object',
          required: ['detail'],
          properties: {
            detail: { type: 'string' },
            pointer: { type: 'string', description: 'JSON Pointer (RFC 6901) into the body, as a URI fragment: `#/rights/0/holder`.' },
            parameter: { type: 'string', description: 'The query or path parameter at fault.' },
          },
        },
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
  Actor: {
    type: 'object',
    properties: { mspId: { type: 'string' }, id: { type: 'string' }, entity: { type: 'string' } },
  },
};
