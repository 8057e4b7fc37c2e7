/**
 * Builds the OpenAPI 3.1 document from the route declarations and the published schemas,
 * so the document lists exactly the routes that exist and the schemas that are enforced.
 */
import type { RouteDefinition } from '../routes/route';
import { problemType } from '../http/problem';
import { ref, type JsonSchema } from './schemas';

export interface DocumentInfo {
  readonly title: string;
  readonly version: string;
  readonly description: string;
}

export type OpenApiDocument = Readonly<Record<string, unknown>>;

const PROBLEM_RESPONSES: Readonly<Record<number, { readonly code: string; readonly title: string; readonly description: string; readonly detail: string }>> = {
  400: { code: 'invalid_request', title: 'Invalid request', description: 'Malformed JSON, or input failing the schema; `detail` names the field.', detail: '/fingerprint must match pattern "^[0-9a-f]{64}$"' },
  401: { code: 'unauthenticated', title: 'Authentication required', description: 'No API key, or an unknown one.', detail: 'the API key is not valid' },
  403: { code: 'forbidden', title: 'Forbidden', description: "The caller's organisation or role may not do this.", detail: 'only a registrar of TaizhouRegistryMSP may review this application' },
  404: { code: 'not_found', title: 'Not found', description: 'No such resource.', detail: 'certificate 321200-2026-000001 does not exist' },
  405: { code: 'method_not_allowed', title: 'Method not allowed', description: 'The path exists with other methods (see `Allow`).', detail: 'DELETE is not allowed on /api/v1/me' },
  409: { code: 'conflict', title: 'Conflict', description: 'Wrong lifecycle state, duplicate, concurrent change, or an Idempotency-Key reused for a different request.', detail: 'fingerprint already registered as 321200-2026-000001' },
  413: { code: 'payload_too_large', title: 'Payload too large', description: 'The body exceeds the configured limit.', detail: 'the request body is larger than the gateway accepts' },
  415: { code: 'unsupported_media_type', title: 'Unsupported media type', description: 'The body is not `application/json` (UTF-8).', detail: 'the request body must be application/json' },
  422: { code: 'policy_violation', title: 'Policy violation', description: 'Well-formed, but a policy forbids it (negative list, core data, missing filing, grant scope, dishonest party).', detail: 'the category is on the negative list (prohibited)' },
  500: { code: 'internal', title: 'Internal error', description: 'A fault in the gateway; the detail carries a reference to its log line.', detail: 'the gateway failed to handle the request; reference 0d8b…' },
  503: { code: 'unavailable', title: 'Service unavailable', description: "The ledger cannot be reached right now (`unavailable`), or its endorsers refused the time the gateway stamped on the proposal (`proposal_time_out_of_window`: the gateway's and the peers' clocks are further apart than the endorsers' window, DAL_TIME_WINDOW_SECONDS; nothing was written).", detail: 'the ledger is not available right now; retry later' },
  504: { code: 'timeout', title: 'Ledger timeout', description: 'The ledger did not confirm in time; the outcome of a write is unknown.', detail: 'the ledger did not confirm the transaction in time' },
};

/** The OpenAPI 3.1 document for `routes`. */
export function buildOpenApiDocument(routes: readonly RouteDefinition[], schemas: Readonly<Record<string, JsonSchema>>, info: DocumentInfo): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[path] = { ...paths[path], [route.method]: operation(route, schemas) };
  }
  const tags = [...new Set(routes.map((r) => r.tag))].map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info: { ...info, license: { name: 'Apache-2.0', identifier: 'Apache-2.0' } },
    servers: [{ url: '/' }],
    tags,
    security: [{ apiKey: [] }],
    paths,
    components: {
      schemas,
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
      },
      headers: {
        IdempotentReplayed: {
          description: 'Sent when the request carried an Idempotency-Key: `true` when this is the first answer given again.',
          schema: { type: 'string', enum: ['true', 'false'] },
        },
      },
      responses: Object.fromEntries(
        Object.entries(PROBLEM_RESPONSES).map(([status, p]) => [
          `Problem${status}`,
          {
            description: p.description,
            content: {
              'application/problem+json': {
                schema: ref('Problem'),
                example: { type: problemType(p.code), title: p.title, status: Number(status), detail: p.detail, code: p.code },
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
  ];
  const roles = route.access === 'authenticated' && route.roles ? `\n\nRoles: ${route.roles.join(', ')} (enforced by the chaincode).` : '';
  const responses: Record<string, unknown> = {};
  for (const [status, doc] of Object.entries(route.responses)) {
    const contentType = doc.contentType ?? 'application/json';
    responses[status] = {
      description: doc.description,
      ...(route.idempotent ? { headers: { 'Idempotent-Replayed': { $ref: '#/components/headers/IdempotentReplayed' } } } : {}),
      content: { [contentType]: { ...(doc.schema ? { schema: ref(doc.schema) } : {}), ...(doc.example !== undefined ? { example: doc.example } : {}) } },
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

/** Problems every route of its kind can answer, plus the route's own. */
function problemStatuses(route: RouteDefinition): number[] {
  const statuses = new Set<number>([400, 500, ...(route.errors ?? [])]);
  if (route.access === 'authenticated') statuses.add(401);
  if (route.body) {
    statuses.add(413);
    statuses.add(415);
  }
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
