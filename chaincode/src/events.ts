/**
 * The one way a state change is announced: a chaincode event carrying the record as canonical
 * JSON, and the transaction's answer. Fabric keeps one event per transaction (the last set wins),
 * so a transaction calls this once, at its end.
 */
import { Context } from 'fabric-contract-api';
import { canonicalBytes, canonicalJson } from './canonical-json';

/**
 * Sets `event` with `record` and answers `answer` (the record itself unless the answer adds
 * fields computed for the caller, such as a recognition's `valid` or a use's `usesRemaining`).
 */
export function emit(ctx: Context, event: string, record: object, answer: object = record): string {
  ctx.stub.setEvent(event, canonicalBytes(record));
  return canonicalJson(answer);
}
