/**
 * A rule's answer. Rules are pure functions over records, caller and ledger time; they
 * return a refusal instead of throwing so that tests can assert on the answer and the
 * contract turns it into a ChaincodeError in one place (`enforce`).
 */
import { ChaincodeError, ErrorCode } from '../errors';

export type RuleResult = { readonly allowed: true } | { readonly allowed: false; readonly code: ErrorCode; readonly reason: string };

export const ALLOW: RuleResult = Object.freeze({ allowed: true });

export function refuse(code: ErrorCode, reason: string): RuleResult {
  return { allowed: false, code, reason };
}

export function enforce(result: RuleResult): void {
  if (!result.allowed) throw new ChaincodeError(result.code, result.reason);
}

/** Allowed when either is; otherwise one refusal `FORBIDDEN` with `reason` (two ways to hold an office). */
export function eitherOf(a: RuleResult, b: RuleResult, reason: string): RuleResult {
  return a.allowed || b.allowed ? ALLOW : refuse('FORBIDDEN', reason);
}
