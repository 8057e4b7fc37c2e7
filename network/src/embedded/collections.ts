/**
 * The private data collections a chaincode's transactions can use: the ones its definition
 * lists plus one implicit collection per application organisation of the channel, as the
 * Fabric 2.x lifecycle serves them (core/chaincode/lifecycle/deployedcc_infoprovider.go
 * AllCollectionsConfigPkg / CollectionInfo). A name `_implicit_org_<MSPID>` for an
 * organisation that is not on the channel is in neither list, so the simulator refuses it
 * as an undefined collection, as txmgr/collection_val.go validateCollName does.
 */
import type { CollectionDefinition } from '../consortium';
import { peerOrgPolicies } from '../fabric/configtx';

/** core/chaincode/implicitcollection/name.go: implicitCollectionNamePrefix. */
const IMPLICIT_COLLECTION_PREFIX = '_implicit_org_';

/** core/chaincode/implicitcollection NameForOrg. */
export function implicitCollectionName(mspId: string): string {
  return `${IMPLICIT_COLLECTION_PREFIX}${mspId}`;
}

/**
 * GenerateImplicitCollectionForOrg: members are that organisation only (SignedByMspMember),
 * no member-only read or write, no blockToLive. Its endorsement policy is the organisation's
 * `/Channel/Application/<Org>/Endorsement` policy (ImplicitCollectionEndorsementPolicyAsBytes),
 * which our channel configuration defines as in fabric/configtx.ts peerOrgPolicies.
 */
export function implicitCollection(mspId: string): CollectionDefinition {
  return {
    name: implicitCollectionName(mspId),
    policy: `OR('${mspId}.member')`,
    // the dissemination counts are the peer's core.yaml implicitCollectionDisseminationPolicy; the embedded network stores at every member peer
    requiredPeerCount: 0,
    maxPeerCount: 0,
    blockToLive: 0,
    memberOnlyRead: false,
    memberOnlyWrite: false,
    endorsementPolicy: peerOrgPolicies(mspId).Endorsement!.Rule,
  };
}

/** The chaincode's collections followed by the implicit collection of each application organisation. */
export function channelCollections(defined: readonly CollectionDefinition[], organizations: readonly string[]): CollectionDefinition[] {
  return [...defined, ...organizations.map(implicitCollection)];
}
