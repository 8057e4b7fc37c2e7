/**
 * Hostile input generated from the OpenAPI document the gateway serves: for every operation,
 * requests with bodies built from its schemas (valid-ish, then mutated), path parameters, query
 * strings and headers (Authorization as every demo identity or none, Idempotency-Key,
 * Content-Type, X-Min-Block), sent one at a time over HTTP to a real gateway. Each answer is
 * checked against the invariants of docs/api.md: never a 5xx, every refusal problem+json, and
 * a refused request changes nothing — the ledger height and the state digest (world state and
 * private data, network/src/embedded/state-digest.ts) are the same after it as before, and
 * Object.prototype (the gateway runs in this process) is untouched.
 *
 * Cases are drawn by fast-check from a seed, so a run is repeatable; ids of records the run
 * creates join the pools later cases draw path parameters and references from.
 */
import fc from 'fast-check';
import { request, Agent } from 'node:http';
import type { TestGateway } from '../../gateway/support/start-gateway';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface FuzzFigures {
  readonly seed: number;
  readonly cases: number;
  /** Answers by status class (`2xx` …) and by status. */
  readonly byClass: Readonly<Record<string, number>>;
  readonly byStatus: Readonly<Record<string, number>>;
  /** Operations of the document the run reached, of how many. */
  readonly operationsCovered: number;
  readonly operations: number;
  readonly serverErrors: number;
  /** Accepted requests that committed a transaction (the height rose). */
  readonly committedWrites: number;
  readonly stateChangesFromRejected: number;
  readonly errorsNotProblemJson: number;
}

export interface FuzzFinding {
  readonly what: string;
  readonly request: string;
  readonly status: number;
  readonly detail: string;
}

export interface FuzzOptions {
  readonly cases: number;
  readonly seed: number;
  /** Demo identities (names of demo-credentials.json) the requests are sent as, with their roles. */
  readonly identities: readonly { readonly name: string; readonly roles: readonly string[] }[];
  /** Known values the generated requests refer to: ids of records made before the run, parties, organisations. */
  readonly seeds: { readonly ids: readonly string[]; readonly entities: readonly string[]; readonly mspIds: readonly string[] };
  /** Progress lines, every 1000 cases. */
  readonly progress?: (line: string) => void;
}

/** A reference into a pool, resolved when the case is sent (pools grow as the run creates records). */
class PoolRef {
  constructor(
    readonly pool: string,
    readonly n: number,
    readonly fallback: string,
  ) {}
}

/** A raw JSON number literal no JS number can hold exactly (`123456789012345678901234567890`, `1e400`). */
class RawNumber {
  constructor(readonly text: string) {}
}

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly operationId: string;
  readonly pathParams: readonly { name: string; schema: Json }[];
  readonly queryParams: readonly { name: string; schema: Json; required: boolean }[];
  readonly body?: Json;
  readonly idempotent: boolean;
  readonly minBlock: boolean;
  readonly streams: boolean;
  /** The roles the operation's description names (`Roles: registrar, regulator (enforced by the chaincode)`). */
  readonly roles: readonly string[];
}

interface Case {
  readonly op: number;
  readonly who: { kind: 'identity'; n: number } | { kind: 'none' } | { kind: 'raw'; value: string };
  readonly method?: string;
  readonly path: Readonly<Record<string, unknown>>;
  readonly query: readonly [string, unknown][];
  readonly body?: { kind: 'json'; value: unknown } | { kind: 'raw'; text: string };
  readonly contentType?: string;
  readonly idempotencyKey?: string;
  readonly minBlock?: string;
}

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\udfff\ud800',
  '\u202e',
  'a\u202egpj.exe',
  '\ufeff',
  '\u{10ffff}',
  '../../etc/passwd',
  '%00',
  '%2e%2e%2f',
  '<script>alert(1)</script>',
  "' OR '1'='1",
  '${7*7}',
  '{{7*7}}',
  '\\u0000',
  'x'.repeat(300),
  'é'.repeat(2100),
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e400',
  'true',
  '[]',
  '{}',
  '\u0000dal.grant.asset\u0000',
  '𠮷𠮷𠮷',
  '\r\n',
];
const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  -0,
  0.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  2 ** 63,
  new RawNumber('123456789012345678901234567890'),
  new RawNumber('1e400'),
  new RawNumber('-1e400'),
  new RawNumber('1E-400'),
  [],
  {},
  [null],
  [[[[[]]]]],
  { __proto__: null },
  ...HOSTILE_STRINGS,
];
const POLLUTION = ['{"__proto__":{"polluted":"yes"}}', '{"constructor":{"prototype":{"polluted":"yes"}}}', '{"__proto__":{"toString":"x","valueOf":1}}'];

/** The operations of the document, with what a request to each can carry. */
export function operationsOf(doc: Json): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths as Json)) {
    for (const [method, op] of Object.entries(methods as Json)) {
      const params = ((op.parameters ?? []) as Json[]).map((p) => (p.$ref ? { $ref: p.$ref as string } : p));
      const refs = params.filter((p) => p.$ref).map((p) => p.$ref as string);
      const content = Object.values(op.responses as Json).flatMap((r: Json) => Object.keys(r.content ?? {}));
      ops.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId as string,
        pathParams: params.filter((p) => p.in === 'path').map((p) => ({ name: p.name as string, schema: p.schema as Json })),
        queryParams: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name as string, schema: p.schema as Json, required: p.required === true })),
        ...(op.requestBody ? { body: op.requestBody.content['application/json'].schema as Json } : {}),
        idempotent: refs.some((r) => r.endsWith('/IdempotencyKey')),
        minBlock: refs.some((r) => r.endsWith('/MinBlock')),
        streams: content.includes('text/event-stream'),
        roles: (/Roles: ([^(]*)\(/.exec(String(op.description ?? ''))?.[1] ?? '')
          .split(',')
          .map((r) => r.trim())
          .filter((r) => r !== ''),
      });
    }
  }
  return ops;
}

/** fast-check arbitraries for values of JSON schemas, drawing ids and parties from pools. */
function schemaArbitraries(doc: Json, pools: Map<string, string[]>) {
  const components = (doc.components?.schemas ?? {}) as Json;
  const hostile = fc.constantFrom(...HOSTILE_VALUES);
  const hostileString = fc.constantFrom(...HOSTILE_STRINGS);

  const poolFor = (schema: Json, name: string | undefined): string | undefined => {
    if (typeof schema.pattern === 'string' && pools.has(schema.pattern)) return schema.pattern;
    if (name !== undefined && /^(holder|grantee|grantor|entity|transferTo|code|buyer|seller|pledgor)$/i.test(name)) return 'entity';
    if (typeof schema.pattern === 'string' && schema.pattern.includes('MSP')) return 'msp';
    return undefined;
  };

  const stringOf = (schema: Json, name: string | undefined): fc.Arbitrary<unknown> => {
    if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
    if (schema.const !== undefined) return fc.constant(schema.const);
    const pool = poolFor(schema, name);
    let shaped: fc.Arbitrary<unknown>;
    if (schema.format === 'date-time')
      shaped = fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    else if (schema.format === 'date')
      shaped = fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    else if (typeof schema.pattern === 'string' && schema.pattern.startsWith('^')) {
      try {
        shaped = fc.stringMatching(new RegExp(schema.pattern));
      } catch {
        shaped = fc.string({ maxLength: 40 });
      }
    } else {
      const min = (schema.minLength as number | undefined) ?? 0;
      const max = Math.min((schema.maxLength as number | undefined) ?? 40, min + 40);
      const text = (unit: 'grapheme' | 'grapheme-ascii'): fc.Arbitrary<string> =>
        fc.string({ minLength: Math.max(min, 1), maxLength: Math.max(min, max, 1), unit }).map((t) => t.normalize('NFC'));
      shaped = fc
        .oneof({ arbitrary: text('grapheme-ascii'), weight: 3 }, { arbitrary: text('grapheme'), weight: 1 })
        .filter((t) => /\S/.test(t) && t.length >= min);
    }
    const examples = Array.isArray(schema.examples) ? (schema.examples as unknown[]) : [];
    const options: fc.WeightedArbitrary<unknown>[] = [{ arbitrary: shaped, weight: 6 }];
    if (examples.length > 0) options.push({ arbitrary: fc.constantFrom(...examples), weight: 6 });
    // a pool still empty falls back to a value of the right shape
    if (pool !== undefined) options.push({ arbitrary: fc.tuple(fc.nat(), shaped).map(([n, fallback]) => new PoolRef(pool, n, String(fallback))), weight: 12 });
    return fc.oneof(...options);
  };

  const valueOf = (schema: Json | undefined, name: string | undefined, depth: number): fc.Arbitrary<unknown> => {
    if (schema === undefined || depth > 6) return fc.constant('x');
    if (typeof schema.$ref === 'string')
      return fc.constant(null).chain(() => valueOf(components[(schema.$ref as string).split('/').pop()!] as Json, name, depth + 1));
    if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf))
      return fc.oneof(...((schema.oneOf ?? schema.anyOf) as Json[]).map((s) => valueOf(s, name, depth + 1)));
    if (Array.isArray(schema.allOf)) return valueOf(Object.assign({}, ...(schema.allOf as Json[])), name, depth + 1);
    const type = Array.isArray(schema.type) ? (schema.type as string[]).find((t) => t !== 'null') : (schema.type as string | undefined);
    switch (type) {
      case 'string':
        return stringOf(schema, name);
      case 'integer': {
        const min = (schema.minimum as number | undefined) ?? -1000;
        const max = (schema.maximum as number | undefined) ?? Math.max(min + 1000, 1_000_000);
        return fc.oneof(
          { arbitrary: fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31) }), weight: 8 },
          fc.constantFrom(min, max, min - 1, max + 1),
        );
      }
      case 'number':
        return fc.double({
          min: (schema.minimum as number | undefined) ?? -1e6,
          max: (schema.maximum as number | undefined) ?? 1e9,
          noNaN: true,
          noDefaultInfinity: true,
        });
      case 'boolean':
        return fc.boolean();
      case 'array': {
        const min = (schema.minItems as number | undefined) ?? 0;
        const max = Math.min((schema.maxItems as number | undefined) ?? 4, min + 4);
        const items = valueOf(schema.items as Json | undefined, name, depth + 1);
        return schema.uniqueItems
          ? fc.uniqueArray(items, { minLength: min, maxLength: max, selector: (v) => JSON.stringify(v) })
          : fc.array(items, { minLength: min, maxLength: max });
      }
      case 'object':
      case undefined: {
        const properties = (schema.properties ?? {}) as Json;
        const required = new Set((schema.required ?? []) as string[]);
        const names = Object.keys(properties);
        if (names.length === 0) return type === 'object' ? fc.constant({}) : fc.oneof(hostile, fc.constant({ rows: 1 }));
        const record: Record<string, fc.Arbitrary<unknown>> = {};
        for (const n of names) record[n] = valueOf(properties[n] as Json, n, depth + 1);
        return fc.record(record, { requiredKeys: names.filter((n) => required.has(n)) });
      }
      default:
        return hostile;
    }
  };

  /** A body valid-ish for `schema`, then (half the time) mutated. */
  const bodyOf = (schema: Json): fc.Arbitrary<Case['body']> => {
    const valid = valueOf(schema, undefined, 0);
    const mutated = fc.tuple(valid, fc.nat(), hostile, fc.nat(5)).map(([v, pick, bad, how]) => ({ kind: 'json' as const, value: mutate(v, pick, bad, how) }));
    const raw = fc
      .oneof(
        fc.constantFrom(...POLLUTION),
        fc.constantFrom(
          '',
          '{',
          '{"a":',
          '[1,2',
          'null',
          '"x"',
          '3',
          'true',
          '{"a":1}garbage',
          '\u0000',
          '{"a":"\\ud800"}',
          '{"a":1,"a":2}',
          '{"a":"\\u0000"}',
        ),
        fc.nat({ max: 5000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
        fc.nat({ max: 5000 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
        fc.string({ maxLength: 60 }),
      )
      .map((text) => ({ kind: 'raw' as const, text }));
    return fc.oneof(
      { arbitrary: valid.map((value) => ({ kind: 'json' as const, value })), weight: 7 },
      { arbitrary: mutated, weight: 3 },
      { arbitrary: raw, weight: 1 },
    );
  };

  return { valueOf, bodyOf, hostileString };
}

/** One change to a generated value: drop a field, replace one with a hostile value, add pollution keys, nest it deep. */
function mutate(value: unknown, pick: number, bad: unknown, how: number): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return how % 2 === 0 ? bad : value;
  const copy = { ...(value as Json) };
  const keys = Object.keys(copy);
  const key = keys.length > 0 ? keys[pick % keys.length]! : 'x';
  switch (how) {
    case 0:
      delete copy[key];
      return copy;
    case 1:
      copy[key] = bad;
      return copy;
    case 2:
      return Object.assign(JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}') as Json, copy);
    case 3: {
      let deep: unknown = bad;
      for (let i = 0; i < 40; i++) deep = { a: deep };
      copy[key] = deep;
      return copy;
    }
    case 4:
      copy[`${key}Extra`] = bad;
      return copy;
    default:
      copy[key] = typeof copy[key] === 'string' ? `${copy[key] as string}${typeof bad === 'string' ? bad : '\u202e'}` : bad;
      return copy;
  }
}

/** `arbitrary` in `percent` of the draws, undefined in the others. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, percent: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: 100 - percent }, { arbitrary, weight: percent });
}

/** The arbitrary of cases over `ops`. */
function caseArbitrary(doc: Json, ops: readonly Operation[], pools: Map<string, string[]>, identities: FuzzOptions['identities']): fc.Arbitrary<Case> {
  const { valueOf, bodyOf, hostileString } = schemaArbitraries(doc, pools);
  const perOp = ops.map((op, index) => {
    // half the requests come from an identity holding a role the operation names, so that some writes get past authorization
    const fitting = identities.flatMap((id, n) => (id.roles.some((r) => op.roles.includes(r)) ? [n] : []));
    const anyone = fc.nat({ max: identities.length - 1 });
    const identity = fitting.length > 0 ? fc.oneof(anyone, fc.constantFrom(...fitting)) : anyone;
    const path = fc.record(
      Object.fromEntries(
        op.pathParams.map((p) => [
          p.name,
          fc.oneof(
            { arbitrary: valueOf(p.schema, p.name, 0), weight: 16 },
            { arbitrary: hostileString, weight: 1 },
            { arbitrary: fc.string({ maxLength: 20 }), weight: 1 },
          ),
        ]),
      ),
    );
    const query = fc
      .tuple(
        ...op.queryParams.map((p) =>
          fc.oneof(
            { arbitrary: fc.constant(undefined), weight: p.required ? 1 : 4 },
            { arbitrary: valueOf(p.schema, p.name, 0), weight: 6 },
            { arbitrary: hostileString, weight: 1 },
          ),
        ),
        sometimes(fc.tuple(fc.constantFrom('limit', 'bookmark', 'extra', '__proto__', 'constructor[prototype][polluted]', 'a[b]'), hostileString), 15),
      )
      .map((values) => {
        const extra = values.pop() as [string, string] | undefined;
        const pairs: [string, unknown][] = op.queryParams.flatMap((p, i) => (values[i] === undefined ? [] : [[p.name, values[i]] as [string, unknown]]));
        if (extra) pairs.push(extra);
        return pairs;
      });
    const body = op.body ? sometimes(bodyOf(op.body), 95) : sometimes(bodyOf({}), 10);
    return fc.record({
      op: fc.constant(index),
      who: fc.oneof(
        { arbitrary: identity.map((n) => ({ kind: 'identity' as const, n })), weight: 16 },
        { arbitrary: fc.constant({ kind: 'none' as const }), weight: 1 },
        {
          arbitrary: fc
            .constantFrom('Bearer dal_0123456789abcdef_AAAA', 'Bearer ', 'Basic dXNlcjpwYXNz', 'bearer   ', `Bearer ${'x'.repeat(5000)}`, 'Bearer a b')
            .map((value) => ({ kind: 'raw' as const, value })),
          weight: 1,
        },
      ),
      method: sometimes(fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', op.method === 'GET' ? 'POST' : 'GET'), 4),
      path,
      query,
      body,
      contentType: sometimes(
        fc.constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/json; charset=utf-16',
          'application/merge-patch+json',
          'application/json; charset=latin1',
          'multipart/form-data; boundary=x',
        ),
        7,
      ),
      idempotencyKey: op.idempotent
        ? sometimes(
            fc.oneof(
              fc.stringMatching(/^[\x21-\x7e]{1,40}$/),
              fc.constantFrom('fuzz-reused-key', 'a b', 'x'.repeat(300), '\t'),
              fc.constant('fuzz-reused-key'),
            ),
            35,
          )
        : sometimes(fc.constant('fuzz-on-a-read'), 3),
      minBlock: sometimes(fc.constantFrom('0', '1', 'abc', '-1', '1e3', '9'.repeat(20), ' 2 ', ''), op.minBlock ? 12 : 3),
    });
  });
  return fc.oneof(...perOp).map((c) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(c)) if (v !== null && v !== undefined) out[k] = v;
    return out as unknown as Case;
  });
}

/** Replaces pool references by pool values and raw numbers by a marker the serializer expands. */
function resolve(value: unknown, pools: Map<string, string[]>, raw: string[]): unknown {
  if (value instanceof PoolRef) {
    const pool = pools.get(value.pool) ?? [];
    return pool.length > 0 ? pool[value.n % pool.length] : value.fallback;
  }
  if (value instanceof RawNumber) {
    raw.push(value.text);
    return `\u0001raw${raw.length - 1}\u0001`;
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, pools, raw));
  if (value !== null && typeof value === 'object') {
    const out: Json = Object.create(Object.getPrototypeOf(value) === null ? null : Object.prototype) as Json;
    for (const k of Object.keys(value))
      Object.defineProperty(out, k, { value: resolve((value as Json)[k], pools, raw), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

function serialize(value: unknown, pools: Map<string, string[]>): string {
  const raw: string[] = [];
  const text = JSON.stringify(resolve(value, pools, raw)) ?? 'null';
  return text.replace(/"\\u0001raw(\d+)\\u0001"/g, (_m, i: string) => raw[Number(i)]!);
}

function asParam(value: unknown, pools: Map<string, string[]>): string {
  const v = resolve(value, pools, []);
  return typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
}

/** Percent-encodes a path segment; a lone surrogate is sent as the bytes WTF-8 gives it (invalid UTF-8 on the wire). */
function encodeSegment(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff)
      out += `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    else out += encodeURIComponent(ch);
  }
  return out;
}

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

/** Sends one request; header values the HTTP client refuses outright are left out (nothing was sent with them). */
function send(agent: Agent, url: URL, method: string, headers: Record<string, string>, body: string | undefined, streams: boolean): Promise<Answer> {
  return new Promise((resolvePromise, reject) => {
    const safe: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers)) if (/^[\t\x20-\x7e\x80-\xff]*$/.test(v)) safe[k] = v;
    const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
    const req = request(
      url,
      { method, agent, headers: { ...safe, ...(payload ? { 'content-length': String(payload.length) } : {}) }, timeout: 60_000 },
      (res) => {
        const contentType = String(res.headers['content-type'] ?? '');
        if (streams && contentType.startsWith('text/event-stream')) {
          res.destroy();
          resolvePromise({ status: res.statusCode ?? 0, contentType, text: '' });
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, contentType, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer within 60 s')));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Ids in an answer (`id`, and `…Id` fields) join the pools by the patterns they match. */
function harvest(text: string, pools: Map<string, string[]>): void {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return;
  }
  const visit = (v: unknown, depth: number): void => {
    if (depth > 3 || v === null || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v as Json)) {
      if (typeof x === 'string' && (k === 'id' || k.endsWith('Id'))) {
        for (const [pattern, pool] of pools) {
          if (pattern.startsWith('^') && new RegExp(pattern).test(x) && !pool.includes(x)) {
            pool.push(x);
            if (pool.length > 200) pool.shift();
          }
        }
      } else visit(x, depth + 1);
    }
  };
  visit(value, 0);
}

/** Runs `options.cases` cases against `gw`; returns the figures and every breach of the invariants. */
export async function fuzzGateway(gw: TestGateway, options: FuzzOptions): Promise<{ figures: FuzzFigures; findings: FuzzFinding[] }> {
  const doc = (await (await fetch(`${gw.url}/api/openapi.json`)).json()) as Json;
  const ops = operationsOf(doc);
  const pools = initialPools(doc, options.seeds.ids, options.seeds.entities, options.seeds.mspIds);
  const cases = fc.sample(caseArbitrary(doc, ops, pools, options.identities), { numRuns: options.cases, seed: options.seed });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const findings: FuzzFinding[] = [];
  const byClass: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  const covered = new Set<string>();
  let serverErrors = 0;
  let committedWrites = 0;
  let stateChangesFromRejected = 0;
  let errorsNotProblemJson = 0;
  const ledger = gw.net.ledger;
  let height = await ledger.height();
  let digest = await ledger.network.stateDigest();
  try {
    for (const [i, c] of cases.entries()) {
      const op = ops[c.op]!;
      const method = c.method ?? op.method;
      let path = op.path;
      for (const [name, value] of Object.entries(c.path)) path = path.replace(`{${name}}`, encodeSegment(asParam(value, pools)));
      const url = new URL(`${gw.url}${path}`);
      for (const [name, value] of c.query) url.searchParams.append(name, asParam(value, pools));
      const headers: Record<string, string> = {};
      if (c.who.kind === 'identity') headers.authorization = `Bearer ${gw.apiKey(options.identities[c.who.n]!.name)}`;
      if (c.who.kind === 'raw') headers.authorization = c.who.value;
      const body = c.body === undefined ? undefined : c.body.kind === 'raw' ? c.body.text : serialize(c.body.value, pools);
      if (body !== undefined) headers['content-type'] = c.contentType ?? 'application/json';
      if (c.idempotencyKey !== undefined) headers['idempotency-key'] = c.idempotencyKey;
      if (c.minBlock !== undefined) headers['x-min-block'] = c.minBlock;
      const who = c.who.kind === 'identity' ? options.identities[c.who.n]!.name : c.who.kind === 'none' ? '(no key)' : `(${c.who.value.slice(0, 24)})`;
      const described = `#${i} ${who} ${method} ${url.pathname}${url.search.slice(0, 200)} ${JSON.stringify(headers['idempotency-key'] ?? '')} ${body?.slice(0, 300) ?? ''}`;
      let answer: Answer;
      try {
        answer = await send(agent, url, method, headers, body, op.streams);
      } catch (err) {
        findings.push({ what: 'no answer', request: described, status: 0, detail: String(err) });
        serverErrors++;
        continue;
      }
      covered.add(`${op.method} ${op.path}`);
      if (process.env.DAL_FUZZ_TRACE) console.log(answer.status, described.slice(0, 400), '=>', answer.text.slice(0, 300));
      const cls = `${Math.floor(answer.status / 100)}xx`;
      byClass[cls] = (byClass[cls] ?? 0) + 1;
      byStatus[answer.status] = (byStatus[answer.status] ?? 0) + 1;
      const [afterHeight, afterDigest] = [await ledger.height(), await ledger.network.stateDigest()];
      if (answer.status >= 500) {
        serverErrors++;
        findings.push({ what: '5xx', request: described, status: answer.status, detail: answer.text.slice(0, 400) });
      }
      if (answer.status >= 400) {
        if (afterHeight !== height || afterDigest !== digest) {
          stateChangesFromRejected++;
          findings.push({
            what: 'a refused request changed state',
            request: described,
            status: answer.status,
            detail: `height ${height} -> ${afterHeight}, digest ${afterDigest === digest ? 'same' : 'changed'}`,
          });
        }
        let problem: Json | undefined;
        try {
          problem = JSON.parse(answer.text) as Json;
        } catch {
          // not JSON
        }
        if (!answer.contentType.startsWith('application/problem+json') || problem?.status !== answer.status || typeof problem?.code !== 'string') {
          errorsNotProblemJson++;
          findings.push({
            what: 'an error that is not problem+json',
            request: described,
            status: answer.status,
            detail: `${answer.contentType}: ${answer.text.slice(0, 200)}`,
          });
        }
      } else {
        if (afterHeight > height) committedWrites++;
        harvest(answer.text, pools);
      }
      if (({} as Json).polluted !== undefined || Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')) {
        findings.push({ what: 'Object.prototype polluted', request: described, status: answer.status, detail: '' });
        delete (Object.prototype as Json).polluted;
      }
      height = afterHeight;
      digest = afterDigest;
      if ((i + 1) % 1000 === 0) options.progress?.(`${i + 1} cases, ${JSON.stringify(byClass)}, height ${height}`);
    }
  } finally {
    agent.destroy();
  }
  return {
    figures: {
      seed: options.seed,
      cases: cases.length,
      byClass,
      byStatus,
      operationsCovered: covered.size,
      operations: ops.length,
      serverErrors,
      committedWrites,
      stateChangesFromRejected,
      errorsNotProblemJson,
    },
    findings,
  };
}

/**
 * Pools for a run: one per anchored pattern of the document, holding the `seeds` it matches
 * (ids of records made before the run, the demo parties); `entity` and `msp` by field name.
 */
function initialPools(doc: Json, seeds: readonly string[], entities: readonly string[], mspIds: readonly string[]): Map<string, string[]> {
  const patterns = new Set<string>();
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== 'object') return;
    const pattern = (v as Json).pattern;
    if (typeof pattern === 'string' && pattern.startsWith('^')) patterns.add(pattern);
    for (const x of Object.values(v as Json)) visit(x);
  };
  visit(doc);
  const pools = new Map<string, string[]>();
  for (const pattern of patterns)
    pools.set(
      pattern,
      [...seeds, ...entities, ...mspIds].filter((s) => new RegExp(pattern).test(s)),
    );
  pools.set('entity', [...entities]);
  pools.set('msp', [...mspIds]);
  return pools;
}
