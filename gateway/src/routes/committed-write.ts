/**
 * The one way a route writes: as the caller, through the ledger writer (bounded MVCC retry,
 * answer after commit with txId and blockNumber, Idempotency-Key), with the request the
 * idempotency fingerprint is taken from.
 */
import type { LedgerWriter } from '../ledger-service/ledger-writer';
import type { AuthenticatedContext, Reply } from './route';

export interface WriteCall {
  /** `Contract:Function` */
  readonly fn: string;
  readonly args: readonly string[];
  /** 201 for a create. */
  readonly status?: 200 | 201;
}

export function committedWrite(writer: LedgerWriter, ctx: AuthenticatedContext, call: WriteCall): Promise<Reply> {
  return writer.write(ctx.caller, {
    fn: call.fn,
    args: call.args,
    status: call.status ?? 200,
    ...(ctx.idempotencyKey !== undefined ? { idempotencyKey: ctx.idempotencyKey } : {}),
    request: { ...ctx.request, body: ctx.body },
  });
}

/** A JSON argument for the chaincode: the validated body as-is (`{}` when the route takes none). */
export function bodyArg(ctx: AuthenticatedContext): string {
  return JSON.stringify(ctx.body ?? {});
}
