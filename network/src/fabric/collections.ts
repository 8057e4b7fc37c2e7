/**
 * The chaincode's private data collections in the format `peer lifecycle chaincode
 * approveformyorg --collections-config` reads (fabric-samples test-network/collections_config.json).
 */
import type { Consortium } from '../consortium';

export interface CollectionConfig {
  readonly name: string;
  readonly policy: string;
  readonly requiredPeerCount: number;
  readonly maxPeerCount: number;
  readonly blockToLive: number;
  readonly memberOnlyRead: boolean;
  readonly memberOnlyWrite: boolean;
}

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
