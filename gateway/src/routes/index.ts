/**
 * Every route of the API, in one list: the app mounts it and the OpenAPI document is built
 * from it. A new resource adds its file here.
 */
import { auditRoutes } from './audit';
import { auditIntegrityRoutes } from './audit-integrity';
import { certificateApiRoutes } from './certificate-api';
import { docsRoutes } from './docs';
import { eventRoutes } from './events';
import { healthRoutes } from './health';
import { lifecycleRoutes } from './lifecycle';
import { meRoutes } from './me';
import { publicityRoutes } from './publicity';
import { regulationRoutes } from './regulation';
import type { RouteDefinition } from './route';
import type { RouteServices } from './route-services';

export function allRoutes(services: RouteServices, document: () => unknown): RouteDefinition[] {
  return [
    ...healthRoutes(services.ledger),
    ...meRoutes(),
    ...certificateApiRoutes(services),
    ...regulationRoutes(services.ledger),
    ...auditRoutes(services.ledger),
    ...auditIntegrityRoutes(services.ledger),
    ...eventRoutes(services.ledger, services.eventStreams),
    ...docsRoutes(document),
    ...lifecycleRoutes({ ledger: services.ledger, lifecycle: services.lifecycle, timeoutMs: services.minBlockTimeoutMs }),
    ...publicityRoutes(services),
  ];
}
