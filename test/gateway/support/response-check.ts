/**
 * Checks every answer a test gateway sends against the OpenAPI document it publishes: the
 * status must be one the operation lists, and a JSON body must be valid against the schema
 * published for that status (problem+json against `Problem`). Installed in front of the app by
 * startGateway, so every HTTP test checks every route it calls without saying so; the gateway's
 * close() fails the suite naming each answer that did not match.
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ResponseCheck {
  /** Express middleware that watches the answers of everything mounted after it. */
  readonly middleware: RequestHandler;
  /** One line per answer that does not match the document. */
  readonly failures: readonly string[];
  /** `operationId status` of every answer whose body was validated. */
  readonly checked: ReadonlySet<string>;
}

const BASE = 'urn:dal:test:openapi';

interface Operation {
  readonly operationId: string;
  readonly responses: Readonly<Record<string, Json>>;
}

export function responseCheck(document: Json): ResponseCheck {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'components' });
  ajv.addSchema({ $id: BASE, components: document.components });
  const compiled = new Map<string, ValidateFunction>();
  const validator = (ref: string): ValidateFunction => {
    let fn = compiled.get(ref);
    if (!fn) {
      fn = ajv.compile({ $ref: `${BASE}${ref}` });
      compiled.set(ref, fn);
    }
    return fn;
  };
  // Literal paths before templated ones, so /grants/check is not taken for /grants/{id}.
  const templates = Object.keys(document.paths as Json)
    .map((template) => ({ template, pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`), params: (template.match(/\{/g) ?? []).length }))
    .sort((a, b) => a.params - b.params);
  const failures: string[] = [];
  const checked = new Set<string>();

  const check = (req: Request, status: number, contentType: string, body: string): void => {
    const what = `${req.method} ${req.originalUrl.slice(0, 160)} → ${status}`;
    const path = req.path;
    const match = templates.find((t) => t.pattern.test(path));
    const method = req.method === 'HEAD' ? 'get' : req.method.toLowerCase();
    const operation = match ? ((document.paths as Json)[match.template][method] as Operation | undefined) : undefined;
    const isProblem = contentType.startsWith('application/problem+json');
    let schemaRef: string | undefined;
    let label: string;
    if (!operation) {
      // an unknown path or method: only a problem can be the answer
      if (!isProblem) failures.push(`${what}: ${contentType || 'no content type'} for a path and method the document does not list`);
      schemaRef = '#/components/schemas/Problem';
      label = `(undocumented) ${status}`;
    } else {
      label = `${operation.operationId} ${status}`;
      let response = operation.responses[String(status)];
      if (response === undefined) {
        failures.push(`${what}: status ${status} is not listed for ${operation.operationId}`);
        return;
      }
      if (typeof response.$ref === 'string') response = (document.components as Json).responses[(response.$ref as string).split('/').pop()!] as Json;
      const media = contentType.split(';')[0]!.trim();
      const content = (response.content ?? {}) as Json;
      if (req.method !== 'HEAD' && content[media] === undefined) {
        failures.push(`${what}: ${media || 'no content type'} is not what ${operation.operationId} lists for ${status} (${Object.keys(content).join(', ')})`);
        return;
      }
      schemaRef = (content[media]?.schema?.$ref as string | undefined) ?? undefined;
    }
    if (schemaRef === undefined || req.method === 'HEAD' || !/json/.test(contentType)) return;
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      failures.push(`${what}: the body is not JSON`);
      return;
    }
    const validate = validator(schemaRef);
    if (!validate(value)) {
      failures.push(`${what}: the body does not match ${schemaRef}: ${ajv.errorsText(validate.errors)}; body ${body.slice(0, 300)}`);
      return;
    }
    checked.add(label);
  };

  const middleware: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    // the document describes /api/v1 and itself; the rendered docs' assets and the verification page are outside it
    if (!req.path.startsWith('/api/v1/') && !templates.some((t) => t.pattern.test(req.path))) {
      next();
      return;
    }
    const send = res.send.bind(res);
    // res.json and res.send(object) end in res.send(string): the body as it goes out
    res.send = (chunk?: unknown): Response => {
      if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) {
        const text = Buffer.isBuffer(chunk) ? chunk.toString('utf8') : chunk;
        res.once('finish', () => check(req, res.statusCode, String(res.get('content-type') ?? ''), text));
      }
      return send(chunk);
    };
    next();
  };

  return { middleware, failures, checked };
}
