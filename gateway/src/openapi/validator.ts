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
  const forBody = newAjv(false, false, schemas);
  const forStrings = newAjv(true, false, schemas);
  // Only a request that failed is validated again, by these, to list all of its problems.
  const forBodyProblems = newAjv(false, true, schemas);
  const forStringProblems = newAjv(true, true, schemas);
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
      if (fn(value)) return value;
      const all = location === 'body' ? compile(forBodyProblems, `body-all:${schemaName}`, schemaName) : compile(forStringProblems, `str-all:${schemaName}`, schemaName);
      throw inputError(location, all(value) ? (fn.errors ?? []) : (all.errors ?? []));
    },
  };
}

function newAjv(coerce: boolean, allErrors: boolean, schemas: Readonly<Record<string, JsonSchema>>): Ajv2020 {
  // allErrors off for the first pass: a valid request costs no more than it must. A request that
  // fails is checked again with allErrors on, so that it hears of all its problems; the body
  // parser bounds that work (at most BODY_LIMIT bytes, nested at most MAX_JSON_DEPTH deep).
  const ajv = new Ajv2020({ strict: true, allErrors, useDefaults: true, coerceTypes: coerce });
  addFormats(ajv);
  // The schemas live at #/components/schemas as in the OpenAPI document, so their `$ref`s
  // resolve the same way here; `components` itself is a container, not a keyword to check.
  ajv.addKeyword({ keyword: 'components' });
  ajv.addSchema({ $id: BASE, components: { schemas } });
  return ajv;
}

/** At most this many problems are listed in a 400's `errors`. */
const MAX_REPORTED = 50;

/** The 400 for a failed validation: `detail` the first problem, `errors` every one (up to MAX_REPORTED). */
function inputError(location: InputLocation, errors: readonly ErrorObject[]): InputError {
  const problems = problemGroups(errors).map((group) => ({ detail: describe(location, group), ...where(location, group) }));
  const unique = problems.filter((p, i) => problems.findIndex((q) => q.detail === p.detail) === i).slice(0, MAX_REPORTED);
  return new InputError(unique[0]?.detail ?? `the request ${location} is invalid`, unique);
}

/**
 * Splits ajv's list (allErrors) into one group per problem: an `anyOf` or `oneOf` comes after the
 * errors of its branches, which belong to it; every other error is a problem of its own.
 */
function problemGroups(errors: readonly ErrorObject[]): ErrorObject[][] {
  const groups: ErrorObject[][] = [];
  let pending: ErrorObject[] = [];
  for (const e of errors) {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') {
      const prefix = `${e.schemaPath}/`;
      const branches = pending.filter((b) => b.schemaPath.startsWith(prefix));
      for (const other of pending.filter((b) => !b.schemaPath.startsWith(prefix))) groups.push([other]);
      groups.push([...branches, e]);
      pending = [];
    } else {
      pending.push(e);
    }
  }
  for (const other of pending) groups.push([other]);
  return groups;
}

/** Where a problem lies: a JSON Pointer into the body, or the parameter's name. */
function where(location: InputLocation, group: readonly ErrorObject[]): { pointer?: string; parameter?: string } {
  const last = group[group.length - 1]!;
  let path = last.instancePath;
  if (group.length === 1 && last.keyword === 'required') path = `${path}/${String(last.params['missingProperty'])}`;
  if (group.length === 1 && last.keyword === 'additionalProperties') path = `${path}/${String(last.params['additionalProperty'])}`;
  if (location === 'body') return { pointer: `#${path}` };
  const name = path.replace(/^\//, '').split('/')[0];
  return name ? { parameter: name } : {};
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
