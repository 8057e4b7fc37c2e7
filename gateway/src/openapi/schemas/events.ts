/** The published schemas of the Server-Sent Events stream of committed chaincode events. */
import type { JsonSchema } from './common';

export const eventSchemas: Readonly<Record<string, JsonSchema>> = {
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
