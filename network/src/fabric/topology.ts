/**
 * The real-Fabric topology derived from the consortium file: host names, domains, ports
 * and file locations that every generated file (configtx, compose, CA configs, connection
 * profiles, the shell scripts' env file) must agree on. Computed once, here.
 */
import type { Consortium, Organization } from '../consortium';
import { caPorts, CCAAS_PORT, ordererPorts, peerPorts, type CaPorts, type OrdererPorts, type PeerPorts } from './ports';

/** Three Raft consenters: tolerates one orderer down while keeping a quorum of two. */
export const ORDERER_COUNT = 3;
export const BASE_DOMAIN = 'dal.example.com';
/** Docker network name; the peer also starts standard (non-CCaaS) chaincode containers on it. */
export const DOCKER_NETWORK = 'dal_fabric';
/**
 * core.yaml peer.gossip.pvtData.pullRetryThreshold for every peer: how long a collection member
 * that lacks private data of a block waits for it from other peers before committing without it.
 */
export const PVTDATA_PULL_RETRY_THRESHOLD = '5s';

export interface CaNode {
  /** CA name passed as `--caname` (fabric-ca's `ca.name`). */
  readonly name: string;
  readonly host: string;
  readonly ports: CaPorts;
  /** Folder under network/fabric/fabric-ca holding this CA's server config and state. */
  readonly dir: string;
}

export interface OrdererNode {
  readonly name: string;
  readonly host: string;
  readonly ports: OrdererPorts;
}

export interface PeerOrg {
  readonly org: Organization;
  readonly mspId: string;
  readonly key: string;
  readonly domain: string;
  readonly peerName: string;
  readonly peerHost: string;
  readonly ports: PeerPorts;
  readonly ca: CaNode;
  /** Host name of this organisation's chaincode-as-a-service container. */
  readonly ccaasHost: string;
  readonly ccaasPort: number;
}

export interface FabricTopology {
  readonly channelName: string;
  readonly ordererMspId: string;
  readonly ordererDomain: string;
  readonly ordererCa: CaNode;
  readonly orderers: readonly OrdererNode[];
  readonly peerOrgs: readonly PeerOrg[];
}

/** Derives host names and ports; pure, so the generator and the tests see the same values. */
export function fabricTopology(consortium: Consortium): FabricTopology {
  const ordererDomain = `orderer.${BASE_DOMAIN}`;
  const orderers: OrdererNode[] = [];
  for (let i = 0; i < ORDERER_COUNT; i++) {
    const name = `orderer${i + 1}`;
    orderers.push({ name, host: `${name}.${ordererDomain}`, ports: ordererPorts(i) });
  }
  const peerOrgs = consortium.organizations.map((org, i): PeerOrg => {
    const domain = `${org.key}.${BASE_DOMAIN}`;
    return {
      org,
      mspId: org.mspId,
      key: org.key,
      domain,
      peerName: 'peer0',
      peerHost: `peer0.${domain}`,
      ports: peerPorts(i),
      ca: { name: `ca-${org.key}`, host: `ca.${domain}`, ports: caPorts(i + 1), dir: org.key },
      ccaasHost: `ccaas.${domain}`,
      ccaasPort: CCAAS_PORT,
    };
  });
  return {
    channelName: consortium.channelName,
    ordererMspId: consortium.ordering.mspId,
    ordererDomain,
    ordererCa: { name: 'ca-orderer', host: `ca.${ordererDomain}`, ports: caPorts(0), dir: 'orderer' },
    orderers,
    peerOrgs,
  };
}

/** Every host port the compose file publishes, with what uses it (for uniqueness checks). */
export function publishedPorts(topology: FabricTopology): { readonly port: number; readonly use: string }[] {
  const out: { port: number; use: string }[] = [];
  for (const o of topology.orderers) {
    out.push({ port: o.ports.listen, use: `${o.host} listen` }, { port: o.ports.admin, use: `${o.host} admin` },
      { port: o.ports.operations, use: `${o.host} operations` });
  }
  for (const ca of [topology.ordererCa, ...topology.peerOrgs.map((p) => p.ca)]) {
    out.push({ port: ca.ports.listen, use: `${ca.host} listen` }, { port: ca.ports.operations, use: `${ca.host} operations` });
  }
  for (const p of topology.peerOrgs) {
    out.push({ port: p.ports.listen, use: `${p.peerHost} listen` }, { port: p.ports.operations, use: `${p.peerHost} operations` });
  }
  return out;
}

/** Paths (relative to network/fabric) of the crypto material the network scripts create. */
export const cryptoPaths = {
  peerOrg: (p: PeerOrg): string => `organizations/peerOrganizations/${p.domain}`,
  peer: (p: PeerOrg): string => `organizations/peerOrganizations/${p.domain}/peers/${p.peerHost}`,
  peerTlsCa: (p: PeerOrg): string => `organizations/peerOrganizations/${p.domain}/tlsca/tlsca-cert.pem`,
  ordererOrg: (t: FabricTopology): string => `organizations/ordererOrganizations/${t.ordererDomain}`,
  orderer: (t: FabricTopology, o: OrdererNode): string => `organizations/ordererOrganizations/${t.ordererDomain}/orderers/${o.host}`,
  ordererTlsCa: (t: FabricTopology): string => `organizations/ordererOrganizations/${t.ordererDomain}/tlsca/tlsca-cert.pem`,
  /**
   * What a client of a CA trusts for its TLS: the CA's root certificate. fabric-ca-server
   * with `tls.enabled` and no `tls.certfile` issues its TLS certificate (tls-cert.pem) from
   * that root (ca-cert.pem); the Go client accepts the leaf as a trust anchor, Node's TLS does
   * not (`unable to verify the first certificate`).
   */
  caTlsRoot: (ca: CaNode): string => `fabric-ca/${ca.dir}/ca-cert.pem`,
};
