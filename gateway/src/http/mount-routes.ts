/**
 * Turns route declarations into Express handlers: authenticate (unless public), validate
 * path, query and body against the published schemas, read Idempotency-Key, bind the declared
 * chaincode transaction, call the handler, send its reply. Errors are thrown and reach the one problem middleware (Express 5
 * forwards rejected promises), so handlers stay free of try/catch.
 */
import { Router, type Request, type Response } from 'express';
import { authenticate } from '../auth/authenticate';
import type { IdentityStore } from '../auth/identity';
import type { RequestValidator } from '../openapi/validator';
import type { ChaincodeBinder } from '../routes/chaincode-call';
import { isReadRoute, type RequestContext, type RouteDefinition } from '../routes/route';
import { apiKeyIdOf, recordCaller } from './access-log';
import { InputError, MethodNotAllowedError } from './errors';
import type { RateLimiter } from './rate-limit';
import type { WriteJournal } from './write-journal';

export interface MountOptions {
  readonly identities: IdentityStore;
  readonly validator: RequestValidator;
  /** Gives each authenticated request its route's declared chaincode transaction. */
  readonly chaincode: ChaincodeBinder;
  /** Waits until the ledger has committed this block (X-Min-Block on read routes). */
  readonly minBlock: (blockNumber: number) => Promise<void>;
  /** Takes one request from the caller's API key (rate-limit.ts); throws 429 when it has none left. */
  readonly rateLimit?: RateLimiter;
  /** Records every authenticated write (write-journal.ts). */
  readonly writeJournal?: WriteJournal;
}

/** The read-after-write header: the `blockNumber` a write answered (here or at another organisation's gateway). */
export const MIN_BLOCK_HEADER = 'X-Min-Block';

// Printable ASCII without spaces, as the IETF Idempotency-Key draft's examples; long enough for a UUID or a hash.
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** A router answering every declared route, and 405 for a declared path with another method. */
export function mountRoutes(routes: readonly RouteDefinition[], options: MountOptions): Router {
  // strict: `/certificates/` is no path of the published document, so it is a 404 like any other (found by the fuzzer)
  const router = Router({ strict: true });
  const methodsByPath = new Map<string, string[]>();
  for (const route of routes) {
    checkSchemas(route, options.validator);
    router[route.method](route.path, async (req: Request, res: Response) => {
      let reply;
      if (route.access === 'public') {
        const ctx = requestContext(route, req, res, options.validator);
        reply = await route.handler({ ...ctx, ...(await waitForMinBlock(route, req, options)) });
      } else {
        // Authentication before validation: a caller without a key learns nothing about the schema.
        const caller = authenticate(options.identities, req.get('authorization'));
        recordCaller(res, caller);
        const keyId = apiKeyIdOf(req);
        if (!isReadRoute(route)) options.writeJournal?.watch(res, { caller, keyId, method: req.method, route: route.path, operationId: route.operationId, path: req.path });
        // a resolved key has an id; the caller's enrolment stands in for a key store that does without
        options.rateLimit?.(keyId ?? `${caller.enrollmentId}@${caller.mspId}`);
        const ctx = { ...requestContext(route, req, res, options.validator), caller, ...(await waitForMinBlock(route, req, options)) };
        reply = await route.handler({ ...ctx, chaincode: options.chaincode(route, ctx) });
      }
      if (reply === undefined) return;
      options.writeJournal?.answered(res, reply.body);
      res.status(reply.status ?? 200).set(reply.headers ?? {}).json(reply.body);
    });
    const methods = methodsByPath.get(route.path) ?? [];
    methods.push(route.method.toUpperCase());
    if (route.method === 'get') methods.push('HEAD');
    methodsByPath.set(route.path, methods);
  }
  for (const [path, methods] of methodsByPath) {
    router.all(path, (req: Request, res: Response) => {
      if (req.method === 'OPTIONS') {
        res.set('Allow', [...methods, 'OPTIONS'].join(', ')).status(204).end();
        return;
      }
      throw new MethodNotAllowedError(`${req.method} is not allowed on ${req.path}`, methods);
    });
  }
  return router;
}

/** Validated input for the handler; throws InputError naming the first failing field. */
function requestContext(route: RouteDefinition, req: Request, res: Response, validator: RequestValidator): RequestContext {
  const params = route.params ? validator.validate('path', route.params, { ...req.params }) : { ...req.params };
  const query = route.query ? validator.validate('query', route.query, { ...req.query }) : {};
  const body = route.body ? validator.validate('body', route.body, req.body) : undefined;
  return {
    params: params as Record<string, string>,
    query: query as Record<string, unknown>,
    body,
    ...(route.idempotent ? idempotencyKey(req) : {}),
    request: { method: req.method, path: req.path },
    res,
  };
}

/** On a read route, waits for the block named by X-Min-Block; elsewhere the header is refused, not silently ignored. */
async function waitForMinBlock(route: RouteDefinition, req: Request, options: MountOptions): Promise<{ minBlock?: number }> {
  const value = req.get(MIN_BLOCK_HEADER);
  if (value === undefined) return {};
  if (!isReadRoute(route)) throw new InputError(`header ${MIN_BLOCK_HEADER} is accepted on reads only; a write is answered after its own commit`);
  if (!/^\d{1,15}$/.test(value.trim())) throw new InputError(`header ${MIN_BLOCK_HEADER} must be a block number (a non-negative integer), got "${value.slice(0, 40)}"`);
  const minBlock = Number(value.trim());
  await options.minBlock(minBlock);
  return { minBlock };
}

function idempotencyKey(req: Request): { idempotencyKey?: string } {
  const key = req.get('idempotency-key');
  if (key === undefined) return {};
  if (!IDEMPOTENCY_KEY.test(key)) throw new InputError('header Idempotency-Key must be 1 to 255 printable ASCII characters without spaces');
  return { idempotencyKey: key };
}

/** A route naming a schema that does not exist is a programming error: fail at startup, not on the first request. */
function checkSchemas(route: RouteDefinition, validator: RequestValidator): void {
  for (const name of [route.params, route.query, route.body]) {
    if (name !== undefined && !validator.has(name)) throw new Error(`${route.operationId}: no published schema named ${name}`);
  }
}
