/**
 * Host ports of the real-Fabric network. Every node listens inside its container on the
 * same port it publishes on the host: fabric-network's `asLocalhost` rewrites discovered
 * host names to localhost but keeps the port, so the two must match (as in fabric-samples'
 * test-network, where peer0.org2 listens on 9051 inside and out).
 */

export interface OrdererPorts {
  /** Atomic broadcast / deliver (gRPC, TLS). */
  readonly listen: number;
  /** Channel participation API used by `osnadmin` (HTTPS, mutual TLS). */
  readonly admin: number;
  /** Operations endpoint (health, Prometheus metrics). */
  readonly operations: number;
}

export interface PeerPorts {
  readonly listen: number;
  /** Where chaincode launched by the peer calls back; not published on the host. */
  readonly chaincode: number;
  readonly operations: number;
  /**
   * Native mode only: where this organisation's chaincode-as-a-service server listens on
   * 127.0.0.1 (in Docker every CCaaS container has its own address and uses CCAAS_PORT).
   */
  readonly chaincodeServer: number;
}

export interface CaPorts {
  readonly listen: number;
  readonly operations: number;
}

/** Blocks are 10 ports apart so that a node's related ports sit together and never overlap. */
const STEP = 10;

/** Orderer `index` (0-based): 7050/7053, 7060/7063, 7070/7073; operations 9443, 9444, 9445. */
export function ordererPorts(index: number): OrdererPorts {
  return { listen: 7050 + STEP * index, admin: 7053 + STEP * index, operations: 9443 + index };
}

/** Peer of the `index`-th peer organisation (0-based): 8051, 8061, …; operations 9451, 9452, …; native CCaaS 8053, 8063, …. */
export function peerPorts(index: number): PeerPorts {
  return { listen: 8051 + STEP * index, chaincode: 8052 + STEP * index, operations: 9451 + index, chaincodeServer: 8053 + STEP * index };
}

/** CA `index`: 0 is the ordering organisation's CA, 1.. the peer organisations' (11054, 11064, …). */
export function caPorts(index: number): CaPorts {
  return { listen: 11054 + STEP * index, operations: 11055 + STEP * index };
}

/** Port of every chaincode-as-a-service server inside its own container (fabric-samples uses 9999). */
export const CCAAS_PORT = 9999;
