/** The published schemas of the gateway itself: health and the caller's identity. */
import { ref, type JsonSchema } from './common';

export const gatewaySchemas: Readonly<Record<string, JsonSchema>> = {
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
};
