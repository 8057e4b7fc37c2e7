/**
 * The ways a write's endorsing organisations are planned, for SubmitTransaction.endorsers.
 * The chaincode puts a key-level policy on the records that belong to organisations and names
 * those organisations on the record as `endorsingOrgs` (chaincode/README.md, "Key-level
 * endorsement"); a write to such an existing record must be endorsed by them. A write of new
 * keys only (or of keys under the chaincode-level policy) needs nothing beyond that policy.
 * A write that touches several such records or a private data collection will plan the union
 * of what each needs, as a new EndorserPlanning here.
 */
import type { EndorserPlanning, EvaluateTransaction } from './transaction';

/** The write creates keys only, or writes keys under the chaincode-level policy: no plan. */
export const chaincodePolicyOnly: EndorserPlanning = {
  description: 'writes only new keys, or keys under the chaincode-level policy',
  queries: [],
  organisations: () => Promise.resolve(undefined),
};

/**
 * The write changes the existing record whose id is its first argument: the `endorsingOrgs`
 * that `getter` (same id) answers. No plan when the record cannot be read or names none; the
 * write then gets the chaincode's own 404 or 400.
 */
export function endorsingOrgsOf(getter: EvaluateTransaction): EndorserPlanning {
  return {
    description: `the endorsingOrgs of the record ${getter.name} answers for the first argument`,
    queries: [getter],
    async organisations(query, args) {
      const id = args[0];
      if (id === undefined || id === '') return undefined;
      const orgs = ((await query(getter, [id])) as { endorsingOrgs?: unknown } | null | undefined)?.endorsingOrgs;
      if (!Array.isArray(orgs) || orgs.length === 0 || !orgs.every((o): o is string => typeof o === 'string')) return undefined;
      return orgs;
    },
  };
}

