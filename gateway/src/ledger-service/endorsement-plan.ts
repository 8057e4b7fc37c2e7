/**
 * Which organisations must endorse a write, for a ledger backend that does not plan key-level
 * endorsement itself (`Ledger.plansKeyLevelEndorsement` false: fabric-network 2.2, whose
 * discovery knows the chaincode-level policy only and would otherwise pick two arbitrary
 * organisations, so that the write fails ENDORSEMENT_POLICY_FAILURE at commit).
 *
 * The write's declaration says which organisations its keys' own policies need
 * (SubmitTransaction.endorsers, endorsers.ts); the plan is:
 * 1. those organisations, found by the declared queries evaluated as the caller (as the read
 *    routes do, so planning reveals nothing the caller could not read);
 * 2. plus the caller's own organisation, whose peer the caller trusts with its proposal (as
 *    Fabric Gateway prefers the local organisation);
 * 3. padded, when that is not yet enough for the chaincode-level policy (OutOf(2, …) in
 *    network/consortium.json, which the indexes and counters written beside the record fall
 *    under), with the fewest organisations that make it so, the regulator first: it
 *    supervises every registry and already co-endorses important-grade records, so its peer
 *    is trusted with them anyway, and a fixed choice keeps plans repeatable (discovery's
 *    random pick spreads load, but makes a failure hard to reproduce).
 * A write carrying a confidential value (transient data) never goes without a plan: the
 * planning refusal is its answer. A write declared `chaincodePolicyOnly` gets no plan. Neither does one whose record cannot be
 * read: the chaincode then answers the write with its own 404 or 400.
 */
import type { Consortium } from '../../../network/src/consortium';
import { completePeerOrganizations } from '../../../network/src/embedded/policy';
import { InternalError } from '../http/errors';
import { EndorsementError } from '../ledger/errors';
import type { Ledger, LedgerIdentity } from '../ledger/ledger';
import type { PlanningQuery, SubmitTransaction, Transient } from './transaction';

export interface EndorsementPlanner {
  /** The organisations that must endorse `transaction(args)` submitted as `caller` (sorted), or undefined for no plan. */
  plan(caller: LedgerIdentity, transaction: SubmitTransaction, args: readonly string[], transient?: Transient): Promise<readonly string[] | undefined>;
}

export interface EndorsementPlannerOptions {
  /** Where the records are read (evaluate only). */
  readonly ledger: Pick<Ledger, 'evaluate'>;
  /** The channel's organisations and chaincode-level policy: network/consortium.json, from which the Fabric network is generated too. */
  readonly consortium: Consortium;
}

export function createEndorsementPlanner(options: Readonly<EndorsementPlannerOptions>): EndorsementPlanner {
  const { ledger, consortium } = options;
  const peerOrgs = new Set(consortium.organizations.map((o) => o.mspId));
  const regulator = consortium.organizations.find((o) => o.type === 'regulator')?.mspId;
  const policy = consortium.chaincode.endorsementPolicy;

  const queryAs = (caller: LedgerIdentity): PlanningQuery => async (query, args, transient) => {
    let payload: Uint8Array;
    try {
      payload = await ledger.evaluate(caller, query.name, args, transient ? { transient } : undefined);
    } catch (err) {
      // A write carrying a confidential value fails closed: its refusal is the answer, and the value
      // is never sent to endorsers no plan named (fabric-network's discovery would pick any two).
      if (err instanceof EndorsementError && !transient) return undefined;
      throw err;
    }
    try {
      return JSON.parse(Buffer.from(payload).toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  };

  return {
    async plan(caller, transaction, args, transient) {
      const needs = await transaction.endorsers.organisations(queryAs(caller), args, { transaction: transaction.name, ...(transient ? { transient } : {}) });
      if (!needs && transient) throw new InternalError(`no endorsement plan for ${transaction.name}: a confidential value is sent only to the organisations a plan names`);
      if (!needs) return undefined;
      const needed = [...needs.organisations, ...(peerOrgs.has(caller.mspId) ? [caller.mspId] : [])];
      const complete = needs.chaincodePolicy ? (completePeerOrganizations(policy, needed, regulator !== undefined ? [regulator] : []) ?? needed) : needed;
      return [...new Set(complete)].sort();
    },
  };
}
