/**
 * The auditor's view of a certificate: its lifecycle (every transaction that touched it or its
 * grants, listings, orders, recognitions, pledges…, in ledger order, with block, actor and
 * validation code) and its lineage (upstream and downstream, also as W3C PROV-JSON).
 *
 * Who may read a lifecycle is the chaincode's decision (`Certificate:LifecycleAccess`: auditor,
 * issuing registrar, right holder); the entries come from the gateway's read model of committed
 * blocks (lifecycle/read-model.ts), which has processed at least the block the caller's
 * `X-Min-Block` names, or else the ledger's height when the request arrived.
 */
import { InputError, NotAllowedError } from '../http/errors';
import type { LifecycleEntry, LifecyclePage, LifecycleReadModel, LifecycleView } from '../lifecycle/read-model';
import { toProvJson, walkLineage, type Direction } from '../lifecycle/lineage';
import type { Ledger } from '../ledger/ledger';
import { evaluateTransaction } from '../ledger-service/transaction';
import { GET_CERTIFICATE } from './certificate-reads';
import type { AuthenticatedRoute } from './route';

const TAG = 'audit';
const POSITION = /^\d{12}\.\d{6}$/;
/** The most certificates one lineage answer holds. */
export const MAX_LINEAGE_NODES = 10_000;

export interface LifecycleRouteServices {
  readonly ledger: Ledger;
  readonly lifecycle: LifecycleReadModel;
  /** How long a read waits for the read model to reach the block it needs (DAL_MIN_BLOCK_TIMEOUT_MS). */
  readonly timeoutMs: number;
}

function bookmarkOf(position: string): string {
  return position === '' ? '' : Buffer.from(position, 'utf8').toString('base64url');
}

function positionOf(bookmark: unknown): string | undefined {
  if (typeof bookmark !== 'string' || bookmark === '') return undefined;
  const position = Buffer.from(bookmark, 'base64url').toString('utf8');
  if (!POSITION.test(position)) throw new InputError('bookmark is not one this route answered');
  return position;
}

/** An entry about a hidden record: a grant's use or version, an order's or a pledge's step (the record it concerns). */
const aboutHidden =
  (hidden: ReadonlySet<string>) =>
  (entry: LifecycleEntry): boolean =>
    (entry.grantId !== undefined && hidden.has(entry.grantId)) || (entry.related !== undefined && hidden.has(entry.related));

/** A page of `limit` entries the caller may see, reading on past hidden ones (each page read once, as the export would). */
async function visiblePage(
  lifecycle: LifecycleReadModel,
  certificateId: string,
  view: LifecycleView,
  limit: number,
  after: string | undefined,
  hidden: ReadonlySet<string>,
): Promise<LifecyclePage> {
  if (hidden.size === 0) return lifecycle.page(certificateId, view, limit, after);
  const hides = aboutHidden(hidden);
  const items: LifecycleEntry[] = [];
  let next = after;
  for (;;) {
    const page = await lifecycle.page(certificateId, view, limit - items.length, next);
    items.push(...page.items.filter((e) => !hides(e)));
    next = page.next;
    if (next === '' || items.length >= limit) return { items, next };
  }
}

export function lifecycleRoutes(services: LifecycleRouteServices): AuthenticatedRoute[] {
  const { ledger, lifecycle, timeoutMs } = services;
  /** The read model has processed the caller's block, or every block committed when the request came. */
  const caughtUp = async (minBlock: number | undefined): Promise<void> => lifecycle.waitFor(minBlock ?? (await ledger.height()) - 1, timeoutMs);
  return [
    {
      method: 'get',
      path: '/api/v1/certificates/:id/lifecycle',
      access: 'authenticated',
      roles: ['auditor', 'regulator', 'registrar', 'holder'],
      operationId: 'getCertificateLifecycle',
      tag: TAG,
      summary: 'Every transaction that touched the certificate, its grants, listings, orders, recognitions and pledges, in ledger order',
      description:
        'Each entry: `type` (the chaincode event, or the function of an invalidated transaction), `txId`, `blockNumber`, `txIndex`, `timestamp`, ' +
        '`actor` (MSP id and enrolment id), `validationCode` and a `summary` in English and Chinese. By default metered uses are folded into `usage` ' +
        "(one count per grant); `uses=all` lists every entry, `grantId=` pages through one grant's uses. Follow `bookmark` until it is empty. " +
        'For auditors and regulators, registrars of the issuing registry and the holders of a right (decided by the chaincode); others get 403. ' +
        "A grant's uses and versions are shown only to those who may read them through GET /grants/{id}/usages (its parties, their registries, the regulator): " +
        "a right holder who is no party to a grant (another holder's licence, a sub-licence) does not see them, and `grantId=` of such a grant is 403.",
      params: 'CertificateIdParams',
      query: 'LifecycleQuery',
      responses: { 200: { description: 'One page of the lifecycle.', schema: 'LifecyclePage' } },
      errors: [403, 404, 504],
      transaction: evaluateTransaction('Certificate:LifecycleAccess'),
      async handler({ chaincode, params, query, minBlock }) {
        const access = (await chaincode.evaluate([params.id ?? ''])) as {
          id: string;
          applicationId: string;
          unreadableGrants?: readonly string[];
          unreadableRecords?: readonly string[];
        };
        // the grants whose uses and versions, and the orders and pledges whose steps, the caller may not read, as the chaincode decided
        const hidden = new Set(access.unreadableGrants ?? []);
        for (const id of access.unreadableRecords ?? []) hidden.add(id);
        if (typeof query.grantId === 'string' && hidden.has(query.grantId)) {
          throw new NotAllowedError(`only the parties of grant ${query.grantId}, their registries and the regulator may read its uses`);
        }
        await caughtUp(minBlock);
        const view: LifecycleView =
          typeof query.grantId === 'string' ? { kind: 'uses', grantId: query.grantId } : query.uses === 'all' ? { kind: 'all' } : { kind: 'summary' };
        const page = await visiblePage(lifecycle, access.id, view, Number(query.limit ?? 50), positionOf(query.bookmark), hidden);
        return {
          body: {
            certificateId: access.id,
            applicationId: access.applicationId,
            items: page.items,
            usage: (await lifecycle.usage(access.id)).filter((u) => !hidden.has(u.grantId)),
            bookmark: bookmarkOf(page.next),
            processedBlock: await lifecycle.checkpoint(),
          },
        };
      },
    },
    {
      method: 'get',
      path: '/api/v1/certificates/:id/lineage',
      access: 'authenticated',
      operationId: 'getCertificateLineage',
      tag: TAG,
      summary: 'Upstream sources and downstream products of the certificate, to a depth limit; `format=prov-json` for W3C PROV-JSON',
      description:
        `Upstream follows each certificate's \`parents\`, downstream the products registered from it, breadth first, each certificate once, at most ${MAX_LINEAGE_NODES} ` +
        '(`truncated` says when the walk stopped there). For any consortium member who may read the certificate.',
      params: 'CertificateIdParams',
      query: 'LineageQuery',
      responses: { 200: { description: 'The lineage graph, or a PROV-JSON document.', schema: 'Lineage' } },
      errors: [404, 504],
      transaction: GET_CERTIFICATE,
      async handler({ chaincode, params, query, minBlock }) {
        const cert = (await chaincode.evaluate([params.id ?? ''])) as { id: string };
        await caughtUp(minBlock);
        const view = await walkLineage(lifecycle, cert.id, {
          depth: Number(query.depth ?? 10),
          direction: (query.direction ?? 'both') as Direction,
          maxNodes: MAX_LINEAGE_NODES,
        });
        return { body: query.format === 'prov-json' ? toProvJson(view) : view };
      },
    },
  ];
}
