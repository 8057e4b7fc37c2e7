/**
 * configtx.yaml for `configtxgen -profile <CHANNEL_PROFILE> -outputBlock`: one ordering
 * organisation with three Raft consenters and every peer organisation of the consortium on
 * the application channel. The channel is created with the channel participation API
 * (`osnadmin channel join`), so there is no system channel and no Consortiums section; the
 * anchor peers are encoded in the channel's genesis block. Layout follows fabric-samples
 * test-network/configtx/configtx.yaml (Fabric 2.5).
 */
import type { Consortium } from '../consortium';
import { cryptoPaths, type FabricTopology } from './topology';

export const CHANNEL_PROFILE = 'DataAssetChannel';

/**
 * Where the nodes are reached and where the file sits. Docker: host names on the Docker
 * network, configtx.yaml in network/fabric/configtx. Native: every node on localhost with its
 * own port (no /etc/hosts edits), configtx.yaml in network/fabric/native/configtx.
 */
export interface ConfigtxAddressing {
  readonly host: (dockerHost: string) => string;
  /** From the configtx.yaml folder to network/fabric (configtxgen resolves MSPDir and TLS paths against it). */
  readonly toFabricDir: string;
}

export const DOCKER_ADDRESSING: ConfigtxAddressing = { host: (h) => h, toFabricDir: '..' };
export const NATIVE_ADDRESSING: ConfigtxAddressing = { host: () => 'localhost', toFabricDir: '../..' };

interface SignaturePolicy {
  readonly Type: 'Signature' | 'ImplicitMeta';
  readonly Rule: string;
}

const signature = (rule: string): SignaturePolicy => ({ Type: 'Signature', Rule: rule });
const implicit = (rule: string): SignaturePolicy => ({ Type: 'ImplicitMeta', Rule: rule });

/** Policies every peer organisation carries; `Endorsement` is what `MAJORITY Endorsement` counts. */
export function peerOrgPolicies(mspId: string): Record<string, SignaturePolicy> {
  return {
    Readers: signature(`OR('${mspId}.admin', '${mspId}.peer', '${mspId}.client')`),
    Writers: signature(`OR('${mspId}.admin', '${mspId}.client')`),
    Admins: signature(`OR('${mspId}.admin')`),
    Endorsement: signature(`OR('${mspId}.peer')`),
  };
}

/** Byte sizes as configtxgen writes them in its samples (`10 MB`), exact numbers otherwise. */
function byteSize(bytes: number): string | number {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return bytes;
}

/** The configtx.yaml document as a plain object (the caller serialises it). */
export function configtxDocument(consortium: Consortium, topology: FabricTopology, addressing: ConfigtxAddressing = DOCKER_ADDRESSING): Record<string, unknown> {
  const FROM_CONFIGTX = addressing.toFabricDir;
  const at = addressing.host;
  const ordererOrgDir = cryptoPaths.ordererOrg(topology);
  const ordererMsp = topology.ordererMspId;
  const ordererOrg = {
    Name: ordererMsp,
    ID: ordererMsp,
    MSPDir: `${FROM_CONFIGTX}/${ordererOrgDir}/msp`,
    Policies: {
      Readers: signature(`OR('${ordererMsp}.member')`),
      Writers: signature(`OR('${ordererMsp}.member')`),
      Admins: signature(`OR('${ordererMsp}.admin')`),
    },
    OrdererEndpoints: topology.orderers.map((o) => `${at(o.host)}:${o.ports.listen}`),
  };
  const peerOrgs = topology.peerOrgs.map((p) => ({
    Name: p.mspId,
    ID: p.mspId,
    MSPDir: `${FROM_CONFIGTX}/${cryptoPaths.peerOrg(p)}/msp`,
    Policies: peerOrgPolicies(p.mspId),
    AnchorPeers: [{ Host: at(p.peerHost), Port: p.ports.listen }],
  }));
  const channelCapabilities = { V2_0: true };
  const ordererCapabilities = { V2_0: true };
  // V2_5 enables private data purge; every node runs Fabric 2.5.
  const applicationCapabilities = { V2_5: true };
  const ordering = consortium.ordering;
  const orderer = {
    OrdererType: 'etcdraft',
    Addresses: topology.orderers.map((o) => `${at(o.host)}:${o.ports.listen}`),
    EtcdRaft: {
      Consenters: topology.orderers.map((o) => {
        const tls = `${FROM_CONFIGTX}/${cryptoPaths.orderer(topology, o)}/tls/server.crt`;
        return { Host: at(o.host), Port: o.ports.listen, ClientTLSCert: tls, ServerTLSCert: tls };
      }),
      Options: {
        TickInterval: '500ms',
        ElectionTick: 10,
        HeartbeatTick: 1,
        MaxInflightBlocks: 5,
        SnapshotIntervalSize: '16 MB',
      },
    },
    BatchTimeout: `${ordering.batchTimeoutMs}ms`,
    BatchSize: {
      MaxMessageCount: ordering.batchSize.maxMessageCount,
      AbsoluteMaxBytes: byteSize(ordering.batchSize.absoluteMaxBytes),
      PreferredMaxBytes: byteSize(ordering.batchSize.preferredMaxBytes),
    },
    Organizations: [ordererOrg],
    Policies: {
      Readers: implicit('ANY Readers'),
      Writers: implicit('ANY Writers'),
      Admins: implicit('MAJORITY Admins'),
      BlockValidation: implicit('ANY Writers'),
    },
    Capabilities: ordererCapabilities,
  };
  const application = {
    Organizations: peerOrgs,
    Policies: {
      Readers: implicit('ANY Readers'),
      Writers: implicit('ANY Writers'),
      Admins: implicit('MAJORITY Admins'),
      LifecycleEndorsement: implicit('MAJORITY Endorsement'),
      Endorsement: implicit('MAJORITY Endorsement'),
    },
    Capabilities: applicationCapabilities,
  };
  const channelPolicies = {
    Readers: implicit('ANY Readers'),
    Writers: implicit('ANY Writers'),
    Admins: implicit('MAJORITY Admins'),
  };
  return {
    Organizations: [ordererOrg, ...peerOrgs],
    Capabilities: { Channel: channelCapabilities, Orderer: ordererCapabilities, Application: applicationCapabilities },
    Application: application,
    Orderer: orderer,
    Channel: { Policies: channelPolicies, Capabilities: channelCapabilities },
    Profiles: {
      [CHANNEL_PROFILE]: {
        Policies: channelPolicies,
        Capabilities: channelCapabilities,
        Orderer: orderer,
        Application: application,
      },
    },
  };
}
