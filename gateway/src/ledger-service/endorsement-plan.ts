/**
 * Which organisations must endorse a write, for a ledger backend that does not plan key-level
 * endorsement itself (`Ledger.plansKeyLevelEndorsement` false: fabric-network 2.2, whose
 * discovery knows the chaincode-level policy only and would otherwise pick two arbitrary
 * organisations, so that the write fails ENDORSEMENT_POLICY_FAILURE at commit).
 *
 * The chaincode puts a key-level policy on the records that belong to organisations and names
 * those organisations on the record as `endorsingOrgs` (chaincode/README.md, "Key-level
 * endorsement"). For a function that writes such an existing record, the plan is:
 * 1. the record's `endorsingOrgs`, read with its getter as the caller (as the read routes do,
 *    so planning reveals nothing the caller could not read);
 * 2. plus the caller's own organisation, whose peer the caller trusts with its proposal (as
 *    Fabric Gateway prefers the local organisation);
 * 3. padded, when that is not yet enough for the chaincode-level policy (OutOf(2, …) in
 *    network/consortium.json, which the indexes and counters written beside the record fall
 *    under), with the fewest organisations that make it so, the regulator first: it
 *    supervises every registry and already co-endorses important-grade records, so its peer
 *    is trusted with them anyway, and a fixed choice keeps plans repeatable (discovery's
 *    random pick spreads load, but makes a failure hard to reproduce).
 * Functions that write only new keys or keys under the chaincode-level policy get no plan.
 * Neither does a record that cannot be read: the chaincode then answers the write with its
 * own 404 or 400.
 */
import type { Consortium } from '../../../network/src/consortium';
import { completePeerOrganizations } from '../../../network/src/embedded/policy';
import { EndorsementError } from '../ledger/errors';
import type { Ledger, LedgerIdentity } from '../ledger/ledger';

export interface EndorsementPlanner {
  /** The organisations that must endorse `fn(args)` submitted as `caller` (sorted), or undefined for no plan. */
  plan(caller: LedgerIdentity, fn: string, args: readonly string[]): Promise<readonly string[] | undefined>;
}

export interface EndorsementPlannerOptions {
  /** Where the records are read (evaluate only). */
  readonly ledger: Pick<Ledger, 'evaluate'>;
  /** The channel's organisations and chaincode-level policy: network/consortium.json, from which the Fabric network is generated too. */
  readonly consortium: Consortium;
}

/**
 * Functions that write an existing record with a key-level policy, and the getter (same id
 * argument) whose answer names the record's `endorsingOrgs`. Read from chaincode/src/contracts.
 */
export const KEY_LEVEL_WRITES: ReadonlyMap<string, string> = new Map([
  // the certificate key, policy: issuing registry (+ regulator for `important`)
  ['Certificate:StartReview', 'Certificate:Get'],
  // also moves the record and leaves an alias under the application key (same policy)
  ['Certificate:Review', 'Certificate:Get'],
  // the objection key (its certificate's policy) and, when upheld, the certificate
  ['Certificate:ResolveObjection', 'Certificate:Get'],
  ['Certificate:Issue', 'Certificate:Get'],
  ['Certificate:AddEvidence', 'Certificate:Get'],
  // endorsed under the old policy even when it re-targets the grade
  ['Certificate:Change', 'Certificate:Get'],
  ['Certificate:TransferRight', 'Certificate:Get'],
  ['Certificate:Renew', 'Certificate:Get'],
  ['Certificate:Cancel', 'Certificate:Get'],
  ['Certificate:Revoke', 'Certificate:Get'],
  // the agreement key, policy: both registries
  ['Recognition:ApproveAgreement', 'Recognition:GetAgreement'],
  ['Recognition:TerminateAgreement', 'Recognition:GetAgreement'],
  // the grant key, policy: issuing registry and the grantor's registry
  ['Grant:Suspend', 'Grant:Get'],
  ['Grant:Resume', 'Grant:Get'],
  ['Grant:Revoke', 'Grant:Get'],
]);

export function createEndorsementPlanner(options: Readonly<EndorsementPlannerOptions>): EndorsementPlanner {
  const { ledger, consortium } = options;
  const peerOrgs = new Set(consortium.organizations.map((o) => o.mspId));
  const regulator = consortium.organizations.find((o) => o.type === 'regulator')?.mspId;
  const policy = consortium.chaincode.endorsementPolicy;

  const recordOrgs = async (caller: LedgerIdentity, getter: string, id: string): Promise<string[] | undefined> => {
    let payload: Uint8Array;
    try {
      payload = await ledger.evaluate(caller, getter, [id]);
    } catch (err) {
      if (err instanceof EndorsementError) return undefined;
      throw err;
    }
    let record: unknown;
    try {
      record = JSON.parse(Buffer.from(payload).toString('utf8'));
    } catch {
      return undefined;
    }
    const orgs = (record as { endorsingOrgs?: unknown } | null)?.endorsingOrgs;
    if (!Array.isArray(orgs) || orgs.length === 0 || !orgs.every((o): o is string => typeof o === 'string')) return undefined;
    return orgs;
  };

  return {
    async plan(caller, fn, args) {
      const getter = KEY_LEVEL_WRITES.get(fn);
      const id = args[0];
      if (getter === undefined || id === undefined || id === '') return undefined;
      const orgs = await recordOrgs(caller, getter, id);
      if (!orgs) return undefined;
      const needed = [...orgs, ...(peerOrgs.has(caller.mspId) ? [caller.mspId] : [])];
      const complete = completePeerOrganizations(policy, needed, regulator !== undefined ? [regulator] : []) ?? needed;
      return [...new Set(complete)].sort();
    },
  };
}
