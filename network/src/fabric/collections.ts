/**
 * The chaincode's private data collections in the format `peer lifecycle chaincode
 * approveformyorg --collections-config` reads (fabric-samples test-network/collections_config.json).
 */
import type { CollectionDefinition, Consortium } from '../consortium';

/** The consortium file already uses the field names of Fabric's collections config. */
export type CollectionConfig = CollectionDefinition;

export function collectionsConfig(consortium: Consortium): CollectionConfig[] {
  return consortium.chaincode.collections.map((c) => ({
    name: c.name,
    policy: c.policy,
    requiredPeerCount: c.requiredPeerCount,
    maxPeerCount: c.maxPeerCount,
    blockToLive: c.blockToLive,
    memberOnlyRead: c.memberOnlyRead,
    memberOnlyWrite: c.memberOnlyWrite,
  }));
}
