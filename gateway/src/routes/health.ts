/** GET /api/v1/health (public): is the gateway up, which backend, how tall is the chain. */
import type { Ledger } from '../ledger/ledger';
import type { RouteDefinition } from './route';

export function healthRoutes(ledger: Ledger): RouteDefinition[] {
  return [
    {
      method: 'get',
      path: '/api/v1/health',
      access: 'public',
      operationId: 'getHealth',
      tag: 'gateway',
      summary: 'Gateway health, ledger backend and block height',
      responses: { 200: { description: 'The gateway reaches the ledger.', schema: 'Health' } },
      errors: [503, 504],
      async handler() {
        return { body: { status: 'ok', backend: ledger.backend, height: await ledger.height() } };
      },
    },
  ];
}
