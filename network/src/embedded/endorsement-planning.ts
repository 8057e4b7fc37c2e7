/**
 * Which organisations endorse a `submit`, in the two ways a Fabric client can work it out:
 * - `gateway`, as the Fabric Gateway peer service does: endorse on a plan for the
 *   chaincode-level policy, then add the organisations the key-level (and collection)
 *   policies of the written keys also need;
 * - `discovery`, as a fabric-network 2.2 client does with service discovery (fabric-common
 *   DiscoveryHandler): one layout of the chaincode-level policy, blind to key-level policies;
 *   with requested organisations, exactly those (its `requiredOrgs` plan).
 */
import type { Endorsement } from './endorser';
import { policiesForWrites, type PolicyContext } from './endorsement-policy';
import type { CompiledPolicy } from './policy';
import { NoEndorsementPlanError } from './errors';

export type EndorsementPlanning = 'gateway' | 'discovery';

export interface EndorsementPlannerOptions {
  readonly namespace: string;
  readonly policies: Pick<PolicyContext, 'db' | 'msps' | 'policyCache' | 'chaincodePolicy' | 'collectionPolicies'>;
  readonly chaincodePolicy: CompiledPolicy;
  /** Organisations with a peer on the channel. */
  readonly peerOrganizations: ReadonlySet<string>;
  /** In `discovery` mode, which layout endorses when the client names none. Default: one at random, as DiscoveryHandler shuffles them. */
  readonly chooseLayout?: (layouts: readonly (readonly string[])[]) => readonly string[];
}

export interface EndorsementPlanner {
  /** `gateway`: the first endorsers, the caller's own organisation and the requested ones plus a plan for the chaincode-level policy. */
  initial(own: string, requested: readonly string[]): string[];
  /** `gateway`: every organisation whose endorsement the policies of the first endorsement's writes need. */
  complete(first: Endorsement, requested: readonly string[]): Promise<string[]>;
  /** `discovery`: the endorsers fabric-network 2.2 would pick (DiscoveryHandler.endorse). */
  discovery(requested: readonly string[]): string[];
}

export function createEndorsementPlanner(options: Readonly<EndorsementPlannerOptions>): EndorsementPlanner {
  const { chaincodePolicy } = options;
  const layouts = chaincodePolicy.peerLayouts().filter((layout) => layout.every((o) => options.peerOrganizations.has(o)));
  const chooseLayout = options.chooseLayout ?? ((all) => all[Math.floor(Math.random() * all.length)]!);
  return {
    initial(own, requested) {
      const plan = chaincodePolicy.minimalPeerOrganizations([own, ...requested]) ?? [own];
      return [...new Set([own, ...requested, ...plan])];
    },

    async complete(first, requested) {
      const preferred = [first.endorserMspId, ...requested];
      const needed = new Set<string>([first.endorserMspId, ...requested]);
      const policies = await policiesForWrites(options.namespace, first.simulation?.writtenKeys ?? [], first.simulation?.privateWrittenKeys ?? [], options.policies);
      for (const policy of policies) {
        const orgs = policy.minimalPeerOrganizations([...needed, ...preferred]);
        if (!orgs) throw new NoEndorsementPlanError('no set of peers can satisfy the endorsement policy');
        for (const o of orgs) needed.add(o);
      }
      return [...needed];
    },

    discovery(requested) {
      // requiredOrgs: one peer of each named organisation, and no other
      if (requested.length > 0) return [...new Set(requested)];
      if (layouts.length === 0) throw new NoEndorsementPlanError('no set of peers can satisfy the chaincode endorsement policy');
      return [...chooseLayout(layouts)];
    },
  };
}
