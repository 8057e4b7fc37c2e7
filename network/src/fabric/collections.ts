/**
 * The chaincode's private data collections in the format `peer lifecycle chaincode
 * approveformyorg --collections-config` reads (fabric-samples test-network/collections_config.json).
 */
import type { CollectionDefinition, Consortium } from '../consortium';

/** Fabric's collection config: the consortium's fields, with the endorsement policy in Fabric's wrapper. */
export type CollectionConfig = Omit<CollectionDefinition, 'endorsementPolicy'> & { readonly endorsementPolicy?: { readonly signaturePolicy: string } };

export function collectionsConfig(consortium: Consortium): CollectionConfig[] {
  return consortium.chaincode.collections.map((c) => ({
    name: c.name,
    policy: c.policy,
    requiredPeerCount: c.requiredPeerCount,
    maxPeerCount: c.maxPeerCount,
    blockToLive: c.blockToLive,
    memberOnlyRead: c.memberOnlyRead,
    memberOnlyWrite: c.memberOnlyWrite,
    ...(c.endorsementPolicy ? { endorsementPolicy: { signaturePolicy: c.endorsementPolicy } } : {}),
  }));
}
