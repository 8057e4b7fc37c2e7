/** GET /api/v1/me: the identity the caller's API key maps to. */
import type { RouteDefinition } from './route';

export function meRoutes(): RouteDefinition[] {
  return [
    {
      method: 'get',
      path: '/api/v1/me',
      access: 'authenticated',
      operationId: 'getMe',
      tag: 'gateway',
      summary: "The caller's enrolled identity (MSP id, enrolment id, roles, entity)",
      responses: { 200: { description: 'The identity transactions are signed as.', schema: 'Identity' } },
      handler({ caller }) {
        const { mspId, enrollmentId, roles, entity } = caller;
        return { body: { mspId, enrollmentId, roles, ...(entity !== undefined ? { entity } : {}) } };
      },
    },
  ];
}
