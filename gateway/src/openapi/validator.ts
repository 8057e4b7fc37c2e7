/**
 * Checks requests against the published schemas (schemas.ts) with ajv, and says which
 * field failed in the 400's detail (`/fingerprint must match pattern "^[0-9a-f]{64}$"`).
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { InputError } from '../http/errors';
import { schemas as publishedSchemas, type JsonSchema } from './schemas';

/** Where a value came from; named in error details so the caller knows what to fix. */
export type InputLocation = 'body' | 'query' | 'path';

export interface RequestValidator {
  /**
   * Validates `value` against the named schema and returns it with defaults applied (and, for
   * query and path strings, coerced to the schema's types). Throws InputError naming the field.
   */
  validate(location: InputLocation, schemaName: string, value: unknown): unknown;
  /** Whether a schema of that name exists; routes are checked against this at startup. */
  has(schemaName: string): boolean;
}

const BASE = 'urn:dal:openapi';

/** Builds a validator over `schemas` (the published ones unless given). */
export function createRequestValidator(schemas: Readonly<Record<string, JsonSchema>> = publishedSchemas): RequestValidator {
  // Bodies are JSON and must already have the right types; query and path values are
  // strings on the wire, so that instance coerces them (`?limit=10` → 10).
  const forBody = newAjv(false, schemas);
  const forStrings = newAjv(true, schemas);
  const compiled = new Map<string, ValidateFunction>();

  const compile = (ajv: Ajv2020, key: string, schemaName: string): ValidateFunction => {
    let fn = compiled.get(key);
    if (!fn) {
      fn = ajv.compile({ $ref: `${BASE}#/components/schemas/${schemaName}` });
      compiled.set(key, fn);
    }
    return fn;
  };

  return {
    has: (schemaName) => Object.prototype.hasOwnProperty.call(schemas, schemaName),
    validate(location, schemaName, value) {
      if (!this.has(schemaName)) throw new Error(`no published schema named ${schemaName}`);
      if (location === 'body' && value === undefined) throw new InputError('a JSON request body is required');
      const fn = location === 'body' ? compile(forBody, `body:${schemaName}`, schemaName) : compile(forStrings, `str:${schemaName}`, schemaName);
      if (!fn(value)) throw new InputError(describe(location, fn.errors ?? []));
      return value;
    },
  };
}

function newAjv(coerce: boolean, schemas: Readonly<Record<string, JsonSchema>>): Ajv2020 {
  // allErrors off: stop at the first failure, so a hostile body cannot make validation expensive.
  const ajv = new Ajv2020({ strict: true, allErrors: false, useDefaults: true, coerceTypes: coerce });
  addFormats(ajv);
  // The schemas live at #/components/schemas as in the OpenAPI document, so their `$ref`s
  // resolve the same way here; `components` itself is a container, not a keyword to check.
  ajv.addKeyword({ keyword: 'components' });
  ajv.addSchema({ $id: BASE, components: { schemas } });
  return ajv;
}

function describe(location: InputLocation, errors: readonly ErrorObject[]): string {
  const error = errors[0];
  if (!error) return `the request ${location} is invalid`;
  const alternatives = missingAlternatives(errors);
  if (alternatives) {
    const names = alternatives.names.join(', ');
    return location === 'body' ? `${alternatives.path || '/'} needs one of ${names}` : `one of the ${location} parameters ${names} is required`;
  }
  const chosen = chosenBranchError(errors);
  if (chosen) return describe(location, [chosen]);
  let path = error.instancePath;
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'required') {
    path = `${path}/${String(error.params['missingProperty'])}`;
    message = 'is required';
  } else if (error.keyword === 'additionalProperties') {
    path = `${path}/${String(error.params['additionalProperty'])}`;
    message = 'is not allowed';
  }
  if (location === 'body') return `${path || '/'} ${message}`;
  const name = path.replace(/^\//, '').replace(/\//g, '.');
  return name ? `${location} parameter ${name} ${message}` : `the ${location} parameters ${message}`;
}

/**
 * An `anyOf` of `required` alone ("give one of these"): its first error names only the first
 * alternative, which would mislead, so the whole set is named instead.
 */
function missingAlternatives(errors: readonly ErrorObject[]): { path: string; names: string[] } | undefined {
  const last = errors[errors.length - 1];
  const branches = errors.slice(0, -1);
  if (last?.keyword !== 'anyOf' || branches.length === 0) return undefined;
  if (!branches.every((e) => e.keyword === 'required' && e.instancePath === last.instancePath)) return undefined;
  return { path: last.instancePath, names: branches.map((e) => String(e.params['missingProperty'])) };
}

/**
 * An `anyOf` whose branches each start with a `const` (`paid: true` or `false`): the branches
 * the request did not choose fail on that const, so the error worth naming is the first of the
 * branch it did choose. Undefined when no branch or more than one got past its const.
 */
function chosenBranchError(errors: readonly ErrorObject[]): ErrorObject | undefined {
  const last = errors[errors.length - 1];
  if (last?.keyword !== 'anyOf') return undefined;
  const prefix = `${last.schemaPath}/`;
  const firstOfBranch = new Map<string, ErrorObject>();
  for (const e of errors.slice(0, -1)) {
    if (!e.schemaPath.startsWith(prefix)) return undefined;
    const branch = e.schemaPath.slice(prefix.length).split('/')[0]!;
    if (!firstOfBranch.has(branch)) firstOfBranch.set(branch, e);
  }
  const firsts = [...firstOfBranch.values()];
  if (firsts.length < 2 || !firsts.some((e) => e.keyword === 'const')) return undefined;
  const chosen = firsts.filter((e) => e.keyword !== 'const');
  return chosen.length === 1 ? chosen[0] : undefined;
}
