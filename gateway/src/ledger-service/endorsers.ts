/**
 * The ways a write's endorsing organisations are planned, for SubmitTransaction.endorsers.
 * The chaincode puts a key-level policy on the records that belong to organisations and names
 * those organisations on the record as `endorsingOrgs` (chaincode/README.md, "Key-level
 * endorsement"); a write to such an existing record must be endorsed by them. A write of new
 * keys only (or of keys under the chaincode-level policy) needs nothing beyond that policy.
 * A write that touches several such records or a private data collection will plan the union
 * of what each needs, as a new EndorserPlanning here.
 */
import { evaluateTransaction, type EndorserPlanning, type EvaluateTransaction } from './transaction';

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
      if (!isOrganisationList(orgs) || orgs.length === 0) return undefined;
      // the indexes written beside the record fall under the chaincode-level policy
      return { organisations: orgs, chaincodePolicy: true };
    },
  };
}

/** `Planning:EndorsementPlan` (chaincode/src/contracts/planning-contract.ts). */
export const ENDORSEMENT_PLAN = evaluateTransaction('Planning:EndorsementPlan');

/**
 * The chaincode plans: it runs the write as the caller, with the same arguments and transient
 * data, in an evaluation, and answers the organisations every written key's policy needs — the
 * key-level policies of existing records, the implicit collections of the organisations whose
 * private data it writes — and whether the chaincode-level policy applies too. For writes that
 * touch several records or private data (docs/endorsement-planning.md). No plan when the
 * chaincode refuses the write: the write then gets the same refusal.
 */
export const plannedByChaincode: EndorserPlanning = {
  description: 'the organisations Planning:EndorsementPlan answers after running the write as the caller',
  queries: [ENDORSEMENT_PLAN],
  async organisations(query, args, write) {
    const plan = (await query(ENDORSEMENT_PLAN, [write.transaction, JSON.stringify(args)], write.transient)) as { organizations?: unknown; chaincodePolicy?: unknown } | undefined;
    if (!plan || !isOrganisationList(plan.organizations) || typeof plan.chaincodePolicy !== 'boolean') return undefined;
    return { organisations: plan.organizations, chaincodePolicy: plan.chaincodePolicy };
  },
};

function isOrganisationList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((o): o is string => typeof o === 'string');
}

