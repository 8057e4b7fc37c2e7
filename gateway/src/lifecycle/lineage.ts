/**
 * Lineage of a certificate: upstream through the `parents` each certificate names, downstream
 * through the read model's children index, breadth first to a depth limit, each certificate
 * visited once (the chaincode makes cycles impossible — a parent must exist before its child —
 * but a visited set costs nothing and bounds the walk anyway), and at most `maxNodes` nodes.
 * Two views: `{nodes, edges}` and W3C PROV-JSON.
 */
import type { LineageNode } from './lifecycle-store';

export type Direction = 'up' | 'down' | 'both';

/** Reads many at once: a walk costs one read per level and direction, not one per certificate. */
export interface LineageSource {
  nodes(ids: readonly string[]): Promise<readonly (LineageNode | undefined)[]>;
  children(ids: readonly string[]): Promise<readonly (readonly string[])[]>;
}

export interface LineageQuery {
  readonly depth: number;
  readonly direction: Direction;
  readonly maxNodes: number;
}

export interface LineageView {
  readonly root: string;
  readonly direction: Direction;
  readonly depth: number;
  /** Each certificate once; `distance` is its number of derivation steps from the root, negative upstream. `known: false` when the read model has no record of it. */
  readonly nodes: readonly (Partial<LineageNode> & { readonly id: string; readonly distance: number; readonly known: boolean })[];
  /** `child` was derived from `parent`. */
  readonly edges: readonly { readonly child: string; readonly parent: string }[];
  /** The walk stopped at `maxNodes` before the depth limit. */
  readonly truncated: boolean;
}

export async function walkLineage(source: LineageSource, root: string, query: LineageQuery): Promise<LineageView> {
  const nodes = new Map<string, LineageView['nodes'][number]>();
  const edges = new Map<string, { child: string; parent: string }>();
  let truncated = false;
  /** Reads a level's certificates at once and records them at `distance`. */
  const visit = async (ids: readonly string[], distance: number): Promise<{ id: string; node: LineageNode | undefined }[]> => {
    const found = await source.nodes(ids);
    return ids.map((id, i) => {
      const node = found[i];
      nodes.set(id, node ? { ...node, distance, known: true } : { id, distance, known: false });
      return { id, node };
    });
  };
  const start = await visit([root], 0);
  for (const step of query.direction === 'both' ? ([-1, 1] as const) : query.direction === 'up' ? ([-1] as const) : ([1] as const)) {
    let frontier = start;
    for (let level = 1; level <= query.depth && frontier.length > 0 && !truncated; level++) {
      const neighbours = step < 0 ? frontier.map((f) => f.node?.parents ?? []) : await source.children(frontier.map((f) => f.id));
      const next: string[] = [];
      const queued = new Set<string>();
      frontier.forEach(({ id }, i) => {
        for (const other of neighbours[i] ?? []) {
          const seen = nodes.has(other) || queued.has(other); // a diamond, or a cycle the chaincode cannot make
          if (!seen && nodes.size + next.length >= query.maxNodes) {
            truncated = true;
            return;
          }
          const edge = step < 0 ? { child: id, parent: other } : { child: other, parent: id };
          edges.set(`${edge.child}\u0000${edge.parent}`, edge);
          if (!seen) {
            next.push(other);
            queued.add(other);
          }
        }
      });
      frontier = await visit(next, step * level);
    }
  }
  return { root, direction: query.direction, depth: query.depth, nodes: [...nodes.values()], edges: [...edges.values()], truncated };
}

type ProvAttributes = Record<string, string | number | boolean | { $: string; type: string }>;

/** A qualified name whose local part is safe in a URI (PROV-JSON identifiers are `prefix:local`). */
function qn(prefix: string, local: string): string {
  return `${prefix}:${encodeURIComponent(local)}`;
}

/**
 * W3C PROV-JSON (https://www.w3.org/Submission/prov-json/): each certificate an entity
 * attributed to its issuing registry (an organisation agent); the transaction that applied for
 * it an activity associated with the enrolled user who signed it, which generated it and used
 * its parents; each parent link a derivation through that activity.
 */
export function toProvJson(view: LineageView): Record<string, Record<string, unknown>> {
  const entity: Record<string, ProvAttributes> = {};
  const activity: Record<string, ProvAttributes> = {};
  const agent: Record<string, ProvAttributes> = {};
  const wasGeneratedBy: Record<string, ProvAttributes> = {};
  const used: Record<string, ProvAttributes> = {};
  const wasDerivedFrom: Record<string, ProvAttributes> = {};
  const wasAttributedTo: Record<string, ProvAttributes> = {};
  const wasAssociatedWith: Record<string, ProvAttributes> = {};
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  let blank = 0;
  const id = (): string => `_:n${++blank}`;

  for (const n of view.nodes) {
    const e = qn('cert', n.id);
    entity[e] = {
      'prov:type': 'dal:Certificate',
      'dal:distance': n.distance,
      ...(n.name ? { 'prov:label': n.name } : {}),
      ...(n.status ? { 'dal:status': n.status } : {}),
      ...(n.assetType ? { 'dal:assetType': n.assetType } : {}),
      ...(n.applicationId && n.applicationId !== n.id ? { 'dal:applicationId': n.applicationId } : {}),
      ...(n.known ? {} : { 'dal:known': false }),
    };
    if (n.registry) {
      const org = qn('org', n.registry);
      agent[org] = { 'prov:type': 'prov:Organization', 'dal:mspId': n.registry };
      wasAttributedTo[id()] = { 'prov:entity': e, 'prov:agent': org };
    }
    if (n.created) {
      const a = qn('tx', n.created.txId);
      const time = { $: n.created.timestamp, type: 'xsd:dateTime' };
      activity[a] = {
        'prov:type': 'dal:Application',
        'prov:startTime': n.created.timestamp,
        'prov:endTime': n.created.timestamp,
        'dal:blockNumber': n.created.blockNumber,
      };
      const user = qn('user', `${n.created.actor.mspId}/${n.created.actor.id}`);
      agent[user] = { 'prov:type': 'prov:Person', 'dal:mspId': n.created.actor.mspId, 'dal:enrollmentId': n.created.actor.id };
      wasAssociatedWith[id()] = { 'prov:activity': a, 'prov:agent': user };
      wasGeneratedBy[id()] = { 'prov:entity': e, 'prov:activity': a, 'prov:time': n.created.timestamp, 'dal:at': time };
    }
  }
  for (const edge of view.edges) {
    const child = byId.get(edge.child);
    const activityId = child?.created ? qn('tx', child.created.txId) : undefined;
    const parent = qn('cert', edge.parent);
    if (activityId) used[id()] = { 'prov:activity': activityId, 'prov:entity': parent };
    wasDerivedFrom[id()] = {
      'prov:generatedEntity': qn('cert', edge.child),
      'prov:usedEntity': parent,
      ...(activityId ? { 'prov:activity': activityId } : {}),
    };
    if (!entity[parent]) entity[parent] = { 'prov:type': 'dal:Certificate', 'dal:known': false };
  }
  return {
    prefix: {
      dal: 'urn:data-asset-ledger:',
      cert: 'urn:data-asset-ledger:certificate:',
      tx: 'urn:data-asset-ledger:transaction:',
      org: 'urn:data-asset-ledger:organization:',
      user: 'urn:data-asset-ledger:user:',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
    },
    entity,
    activity,
    agent,
    wasGeneratedBy,
    used,
    wasDerivedFrom,
    wasAttributedTo,
    wasAssociatedWith,
  };
}
