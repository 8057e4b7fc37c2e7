/**
 * A route is a declaration (method, path, who may call it, which published schemas its
 * input and output follow, which chaincode transaction it calls) plus a thin handler. The same declarations are mounted on the
 * Express app (http/mount-routes.ts) and described in the OpenAPI document
 * (openapi/document.ts), so the document cannot list a route that does not exist or miss
 * one that does.
 */
import type { Response } from 'express';
import type { CallerIdentity } from '../auth/identity';
import type { ConfidentialValue } from '../ledger-service/confidential';
import type { TransactionDeclaration } from '../ledger-service/transaction';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What a handler gets: validated input only, never the raw request. */
export interface RequestContext {
  /** The body, valid against `body` (undefined when the route takes none). */
  readonly body: unknown;
  /** Query parameters, valid against `query` and coerced to its types. */
  readonly query: Readonly<Record<string, unknown>>;
  /** Path parameters, valid against `params`. */
  readonly params: Readonly<Record<string, string>>;
  /** The `Idempotency-Key` header, on routes declared `idempotent`. */
  readonly idempotencyKey?: string;
  /**
   * The block the caller's `X-Min-Block` named, on a read: the ledger has it by the time the
   * handler runs, and a read served from memory must read the ledger again rather than answer
   * what it held before (verification/verification-read-model.ts).
   */
  readonly minBlock?: number;
  /** Method and path as received, for idempotency fingerprints. */
  readonly request: { readonly method: string; readonly path: string };
  /** For streaming routes (SSE) only; a handler that uses it returns undefined. */
  readonly res: Response;
}

export interface AuthenticatedContext extends RequestContext {
  readonly caller: CallerIdentity;
  /** The route's declared `transaction`, called as the caller (chaincode-call.ts). */
  readonly chaincode: ChaincodeCall;
}

/** The one way a handler reaches the chaincode: the transaction its route declares, nothing else. */
export interface ChaincodeCall {
  /**
   * Submits the declared SubmitTransaction and answers after the commit with the record plus
   * `txId` and `blockNumber` (bounded retry, the request's Idempotency-Key). 201 for a create.
   */
  /** `confidential`: a value for the endorsers only (transient data with a salt; the reply carries `salt`). */
  submit(args: readonly string[], status?: 200 | 201, confidential?: ConfidentialValue): Promise<Reply>;
  /** Evaluates the declared EvaluateTransaction; its parsed JSON answer. */
  evaluate(args: readonly string[]): Promise<unknown>;
}

/** A JSON answer; the mounting code sends it. */
export interface Reply {
  readonly status?: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ResponseDoc {
  readonly description: string;
  /** A schema name from openapi/schemas.ts. */
  readonly schema?: string;
  readonly contentType?: string;
}

interface RouteBase {
  readonly method: HttpMethod;
  /** Express path syntax (`/api/v1/certificates/:id`). */
  readonly path: string;
  readonly operationId: string;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  /** Schema names (openapi/schemas.ts) of the path parameters, query and body objects. */
  readonly params?: string;
  readonly query?: string;
  readonly body?: string;
  /**
   * The chaincode transaction the handler calls through `ctx.chaincode`: name, submit or
   * evaluate, and for a submit its endorser planning and lane (ledger-service/transaction.ts).
   */
  readonly transaction?: TransactionDeclaration;
  /** Accepts an `Idempotency-Key` header (writes). */
  readonly idempotent?: boolean;
  /** Success responses by status. Problem responses are added from `errors`. */
  readonly responses: Readonly<Record<number, ResponseDoc>>;
  /** Problem statuses this route can answer besides the ones every route can (400, 401, 500…). */
  readonly errors?: readonly number[];
}

export interface PublicRoute extends RouteBase {
  readonly access: 'public';
  handler(ctx: RequestContext): Promise<Reply | undefined> | Reply | undefined;
}

export interface AuthenticatedRoute extends RouteBase {
  readonly access: 'authenticated';
  /** Roles that may call it, for the documentation; the chaincode enforces them. */
  readonly roles?: readonly string[];
  handler(ctx: AuthenticatedContext): Promise<Reply | undefined> | Reply | undefined;
}

export type RouteDefinition = PublicRoute | AuthenticatedRoute;

/**
 * A route that only reads (no submit, nothing to make idempotent): it accepts `X-Min-Block`,
 * waiting for this gateway's ledger to reach that block before it reads (ledger-service/min-block.ts).
 */
export function isReadRoute(route: RouteDefinition): boolean {
  return route.transaction?.kind !== 'submit' && route.idempotent !== true;
}
