/**
 * Every route of the API, in one list: the app mounts it and the OpenAPI document is built
 * from it. A new resource adds its file here.
 */
import type { Ledger } from '../ledger/ledger';
import type { LedgerReader } from '../ledger-service/ledger-reader';
import { auditRoutes } from './audit';
import { auditIntegrityRoutes } from './audit-integrity';
import { certificateApiRoutes } from './certificate-api';
import { docsRoutes } from './docs';
import { eventRoutes } from './events';
import { healthRoutes } from './health';
import { meRoutes } from './me';
import type { RouteDefinition } from './route';

/** What route handlers may use; nothing else reaches them. */
export interface RouteServices {
  readonly ledger: Ledger;
  /** For services that read on a caller's behalf (certificate bundles); routes call their declared transaction. */
  readonly reader: LedgerReader;
}

export function allRoutes(services: RouteServices, document: () => unknown): RouteDefinition[] {
  return [
    ...healthRoutes(services.ledger),
    ...meRoutes(),
    ...certificateApiRoutes(services),
    ...auditRoutes(services.ledger),
    ...auditIntegrityRoutes(services.ledger),
    ...eventRoutes(services.ledger),
    ...docsRoutes(document),
  ];
}
