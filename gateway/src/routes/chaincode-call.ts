/**
 * Binds a route's declared transaction to one request: `ctx.chaincode.submit` writes it as the
 * caller through the ledger writer (bounded retry, answer after commit with txId and
 * blockNumber, Idempotency-Key, with the request the idempotency fingerprint is taken from);
 * `ctx.chaincode.evaluate` reads it through the ledger reader. Calling what the route did not
 * declare is a programming error, answered 500 and caught by the route's own tests.
 */
import type { CallerIdentity } from '../auth/identity';
import type { LedgerReader } from '../ledger-service/ledger-reader';
import type { LedgerWriter } from '../ledger-service/ledger-writer';
import type { TransactionDeclaration } from '../ledger-service/transaction';
import type { ChaincodeCall, RequestContext, RouteDefinition } from './route';

/** Makes the `chaincode` of a request's context. */
export type ChaincodeBinder = (route: RouteDefinition, ctx: RequestContext & { readonly caller: CallerIdentity }) => ChaincodeCall;

export function chaincodeBinder(services: { readonly writer: LedgerWriter; readonly reader: LedgerReader }): ChaincodeBinder {
  return (route, ctx) => {
    const declared = <K extends TransactionDeclaration['kind']>(kind: K): Extract<TransactionDeclaration, { kind: K }> => {
      const transaction = route.transaction;
      if (transaction?.kind !== kind) throw new Error(`${route.operationId} declares no ${kind} transaction, yet its handler calls one`);
      return transaction as Extract<TransactionDeclaration, { kind: K }>;
    };
    return {
      submit: (args, status = 200, confidential) =>
        services.writer.write(ctx.caller, {
          transaction: declared('submit'),
          args,
          status,
          ...(confidential ? { confidential } : {}),
          ...(ctx.idempotencyKey !== undefined ? { idempotencyKey: ctx.idempotencyKey } : {}),
          request: { ...ctx.request, body: ctx.body },
        }),
      evaluate: (args) => services.reader.read(ctx.caller, declared('evaluate').name, args),
    };
  };
}

/** A JSON argument for the chaincode: the validated body as-is (`{}` when the route takes none). */
export function bodyArg(ctx: RequestContext): string {
  return JSON.stringify(ctx.body ?? {});
}
