/**
 * Builds the OpenAPI 3.1 document from the route declarations and the published schemas,
 * so the document lists exactly the routes that exist and the schemas that are enforced.
 */
import { isReadRoute, type RouteDefinition } from '../routes/route';
import { problemType } from '../http/problem';
import { PROBLEM_CODES, type ProblemCode, type ProblemCodeEntry } from '../http/problem-codes';
import { ref, type JsonSchema } from './schemas';
import { TAG_DESCRIPTIONS } from './tags';

export interface DocumentInfo {
  readonly title: string;
  readonly version: string;
  readonly description: string;
}

export type OpenApiDocument = Readonly<Record<string, unknown>>;

/**
 * The problem responses by status, from the one table of problem codes. A status that carries
 * several codes (503: `unavailable`, `proposal_time_out_of_window`) takes its example from the
 * first and describes each of them.
 */
const PROBLEM_RESPONSES: Readonly<Record<number, ProblemCodeEntry & { readonly code: ProblemCode }>> = problemResponsesByStatus();

function problemResponsesByStatus(): Record<number, ProblemCodeEntry & { readonly code: ProblemCode }> {
  const byStatus = new Map<number, [ProblemCode, ProblemCodeEntry][]>();
  for (const [code, entry] of Object.entries(PROBLEM_CODES) as [ProblemCode, ProblemCodeEntry][]) {
    byStatus.set(entry.status, [...(byStatus.get(entry.status) ?? []), [code, entry]]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, entries]) => {
      const [code, first] = entries[0]!;
      const description = entries.length === 1 ? first.description : entries.map(([c, e]) => `\`${c}\`: ${e.description}`).join(' ');
      return [status, { ...first, code, description }];
    }),
  );
}

/** The OpenAPI 3.1 document for `routes`. */
export function buildOpenApiDocument(routes: readonly RouteDefinition[], schemas: Readonly<Record<string, JsonSchema>>, info: DocumentInfo): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[path] = { ...paths[path], [route.method]: operation(route, schemas) };
  }
  const tags = [...new Set(routes.map((r) => r.tag))].map((name) => {
    const description = TAG_DESCRIPTIONS[name];
    if (description === undefined) throw new Error(`tag ${name} has no description in openapi/tags.ts`);
    return { name, description };
  });
  // Path and query schemas are published inline, one parameter each; as components they would stand unused.
  const parameterSchemas = new Set(routes.flatMap((r) => [r.params, r.query]).filter((n): n is string => n !== undefined));
  const componentSchemas = Object.fromEntries(Object.entries(schemas).filter(([name]) => !parameterSchemas.has(name)));
  const problemStatusesUsed = new Set(routes.flatMap(problemStatuses));
  return {
    openapi: '3.1.0',
    info: { ...info, license: { name: 'Apache-2.0', identifier: 'Apache-2.0' } },
    servers: [{ url: '/' }],
    tags,
    security: [{ apiKey: [] }],
    paths,
    components: {
      schemas: componentSchemas,
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'API key',
          description: 'An API key from the gateway (demo keys: `demo-credentials.json` in the data directory). Each key maps to one enrolled identity.',
        },
      },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description: 'Makes a write safe to repeat: the same key with the same body returns the first answer and writes nothing; with a different body, 409.',
          schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
          example: '6f1c2a9e-3d4b-4c8e-9a7f-2b5d8e1f0c3a',
        },
        MinBlock: {
          name: 'X-Min-Block',
          in: 'header',
          required: false,
          description:
            "Read after write across gateways: the `blockNumber` a write answered (through this gateway or another organisation's). " +
            "The read waits until this gateway's own peer has committed that block, then reads; if it has not within the gateway's limit " +
            '(DAL_MIN_BLOCK_TIMEOUT_MS, 10 s by default) the answer is 504 `ledger_behind` and nothing was read. Accepted on every read, public or authenticated; a write refuses it (400).',
          schema: { type: 'string', pattern: '^[0-9]{1,15}$' },
          example: '42',
        },
      },
      headers: {
        IdempotentReplayed: {
          description: 'Sent when the request carried an Idempotency-Key: `true` when this is the first answer given again.',
          schema: { type: 'string', enum: ['true', 'false'] },
        },
      },
      responses: Object.fromEntries(
        Object.entries(PROBLEM_RESPONSES).filter(([status]) => problemStatusesUsed.has(Number(status))).map(([status, p]) => [
          `Problem${status}`,
          {
            description: p.description,
            content: {
              'application/problem+json': {
                schema: ref('Problem'),
                example: { type: problemType(p.code), title: p.title, status: Number(status), detail: p.exampleDetail, code: p.code },
              },
            },
          },
        ]),
      ),
    },
  };
}

function operation(route: RouteDefinition, schemas: Readonly<Record<string, JsonSchema>>): Record<string, unknown> {
  const parameters: unknown[] = [
    ...parametersOf(route.params, 'path', schemas),
    ...parametersOf(route.query, 'query', schemas),
    ...(route.idempotent ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : []),
    ...(isReadRoute(route) ? [{ $ref: '#/components/parameters/MinBlock' }] : []),
  ];
  const roles = route.access === 'authenticated' && route.roles ? `\n\nRoles: ${route.roles.join(', ')} (enforced by the chaincode).` : '';
  const responses: Record<string, unknown> = {};
  for (const [status, doc] of Object.entries(route.responses)) {
    const contentType = doc.contentType ?? 'application/json';
    responses[status] = {
      description: doc.description,
      ...(route.idempotent ? { headers: { 'Idempotent-Replayed': { $ref: '#/components/headers/IdempotentReplayed' } } } : {}),
      content: { [contentType]: doc.schema ? { schema: ref(doc.schema) } : {} },
    };
  }
  for (const status of problemStatuses(route)) responses[String(status)] = { $ref: `#/components/responses/Problem${status}` };
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description || roles ? { description: `${route.description ?? ''}${roles}`.trim() } : {}),
    ...(route.access === 'public' ? { security: [] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: ref(route.body) } } } }
      : {}),
    responses,
  };
}

/**
 * Problems every route of its kind can answer, plus the route's own. Any route can answer 503:
 * the ledger is out of reach, the gateway is stopping, or the endorsers refused the time on
 * its proposal (`proposal_time_out_of_window`); and 504: a write's outcome unknown, or a read's
 * X-Min-Block not reached in time.
 */
function problemStatuses(route: RouteDefinition): number[] {
  const statuses = new Set<number>([400, 500, 503, ...(route.errors ?? [])]);
  // a write: outcome unknown (`timeout`); a read: X-Min-Block not reached (`ledger_behind`)
  statuses.add(504);
  if (route.access === 'authenticated') statuses.add(401);
  // any request may send a body too slowly (`request_timeout`); an API key may spend its rate limit (`rate_limited`)
  statuses.add(408);
  if (route.access === 'authenticated') statuses.add(429);
  // Any request may carry a body, and the gateway reads one whatever the route: too large or not JSON is refused on every route.
  statuses.add(413);
  statuses.add(415);
  // and may send headers (a long query string) larger than the HTTP parser reads (`headers_too_large`)
  statuses.add(431);
  if (route.idempotent) statuses.add(409);
  return [...statuses].filter((s) => PROBLEM_RESPONSES[s] !== undefined).sort((a, b) => a - b);
}

function parametersOf(schemaName: string | undefined, where: 'path' | 'query', schemas: Readonly<Record<string, JsonSchema>>): unknown[] {
  if (schemaName === undefined) return [];
  const schema = schemas[schemaName] as { properties?: Record<string, JsonSchema & { description?: string }>; required?: string[] } | undefined;
  return Object.entries(schema?.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (schema?.required ?? []).includes(name),
    ...(property.description ? { description: property.description } : {}),
    schema: property,
  }));
}
