/**
 * The published JSON Schemas (OpenAPI 3.1 dialect = JSON Schema 2020-12), kept in ONE place:
 * the ajv validator checks requests against them and the OpenAPI document publishes them, so
 * what is documented is what is enforced. Schemas refer to each other with `ref(name)`,
 * which resolves both inside the OpenAPI document and in the validator.
 */

export type JsonSchema = Readonly<Record<string, unknown>>;

/** A `$ref` to another schema of this module, as `#/components/schemas/<name>`. */
export function ref(name: string): JsonSchema {
  return { $ref: `#/components/schemas/${name}` };
}

const MSP_ID = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9]*MSP$', examples: ['TaizhouRegistryMSP'] } as const;

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
        description: 'Unified social credit code (统一社会信用代码) or `np:<salted hash>` of a natural person.',
        examples: ['91321200MA1ABC123N'],
      },
    },
    examples: [{ mspId: 'TaizhouRegistryMSP', enrollmentId: 'enterprise-a', roles: ['holder'], entity: '91321200MA1ABC123N' }],
  },
  PageQuery: {
    type: 'object',
    properties: {
      limit: { type: 'integer', minimum: 1, maximum: 500, default: 50, description: 'Page size.' },
      bookmark: { type: 'string', maxLength: 1024, description: "Opaque; the previous page's `bookmark`." },
    },
  },
};
