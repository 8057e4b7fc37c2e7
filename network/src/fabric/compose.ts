/**
 * docker-compose.yaml: a CA per organisation (ordering org included), three Raft orderers,
 * one peer per peer organisation (LevelDB state), TLS on every gRPC endpoint, operations
 * endpoints with Prometheus metrics, and one chaincode-as-a-service container per
 * organisation (compose profile `ccaas`, started by `fabric-network.sh deploy --ccaas`).
 * Environment follows fabric-samples test-network/compose/compose-test-net.yaml; the peer
 * keeps the image's own core.yaml (which already declares the `ccaas_builder` external
 * builder), so crypto material is mounted under /var/hyperledger/peer instead of over it.
 */
import { cryptoPaths, PVTDATA_PULL_RETRY_THRESHOLD, DOCKER_NETWORK, type CaNode, type FabricTopology, type OrdererNode, type PeerOrg } from './topology';

/** compose.yaml sits in network/fabric/compose; volume paths are relative to it. */
const UP = '..';
export const IMAGE = {
  peer: 'hyperledger/fabric-peer:${FABRIC_VERSION:-2.5}',
  orderer: 'hyperledger/fabric-orderer:${FABRIC_VERSION:-2.5}',
  ca: 'hyperledger/fabric-ca:${FABRIC_CA_VERSION:-1.5}',
  /** CCaaS runs the operator's Node (Node 20 here), not the nodeenv image. */
  chaincode: 'node:${CHAINCODE_NODE_VERSION:-20}-bookworm-slim',
} as const;

type Service = Record<string, unknown>;

function caService(ca: CaNode): Service {
  return {
    image: IMAGE.ca,
    container_name: ca.host,
    labels: { service: 'hyperledger-fabric' },
    environment: [
      'FABRIC_CA_HOME=/etc/hyperledger/fabric-ca-server',
      `FABRIC_CA_SERVER_CA_NAME=${ca.name}`,
      'FABRIC_CA_SERVER_TLS_ENABLED=true',
      `FABRIC_CA_SERVER_PORT=${ca.ports.listen}`,
      `FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS=0.0.0.0:${ca.ports.operations}`,
      `FABRIC_CA_SERVER_CSR_HOSTS=${ca.host},localhost`,
    ],
    ports: [`${ca.ports.listen}:${ca.ports.listen}`, `${ca.ports.operations}:${ca.ports.operations}`],
    command: 'sh -c "fabric-ca-server start"',
    volumes: [`${UP}/fabric-ca/${ca.dir}:/etc/hyperledger/fabric-ca-server`],
    networks: [DOCKER_NETWORK],
  };
}

function ordererService(topology: FabricTopology, o: OrdererNode): Service {
  const dir = `${UP}/${cryptoPaths.orderer(topology, o)}`;
  const tls = '/var/hyperledger/orderer/tls';
  return {
    image: IMAGE.orderer,
    container_name: o.host,
    labels: { service: 'hyperledger-fabric' },
    environment: [
      'FABRIC_LOGGING_SPEC=INFO',
      'ORDERER_GENERAL_LISTENADDRESS=0.0.0.0',
      `ORDERER_GENERAL_LISTENPORT=${o.ports.listen}`,
      `ORDERER_GENERAL_LOCALMSPID=${topology.ordererMspId}`,
      'ORDERER_GENERAL_LOCALMSPDIR=/var/hyperledger/orderer/msp',
      'ORDERER_GENERAL_TLS_ENABLED=true',
      `ORDERER_GENERAL_TLS_PRIVATEKEY=${tls}/server.key`,
      `ORDERER_GENERAL_TLS_CERTIFICATE=${tls}/server.crt`,
      `ORDERER_GENERAL_TLS_ROOTCAS=[${tls}/ca.crt]`,
      `ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE=${tls}/server.crt`,
      `ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY=${tls}/server.key`,
      `ORDERER_GENERAL_CLUSTER_ROOTCAS=[${tls}/ca.crt]`,
      // No system channel: channels are joined through the channel participation API.
      'ORDERER_GENERAL_BOOTSTRAPMETHOD=none',
      'ORDERER_CHANNELPARTICIPATION_ENABLED=true',
      'ORDERER_ADMIN_TLS_ENABLED=true',
      `ORDERER_ADMIN_TLS_CERTIFICATE=${tls}/server.crt`,
      `ORDERER_ADMIN_TLS_PRIVATEKEY=${tls}/server.key`,
      `ORDERER_ADMIN_TLS_ROOTCAS=[${tls}/ca.crt]`,
      `ORDERER_ADMIN_TLS_CLIENTROOTCAS=[${tls}/ca.crt]`,
      `ORDERER_ADMIN_LISTENADDRESS=0.0.0.0:${o.ports.admin}`,
      `ORDERER_OPERATIONS_LISTENADDRESS=0.0.0.0:${o.ports.operations}`,
      'ORDERER_METRICS_PROVIDER=prometheus',
    ],
    working_dir: '/root',
    command: 'orderer',
    volumes: [`${dir}/msp:/var/hyperledger/orderer/msp`, `${dir}/tls:${tls}`, `${o.host}:/var/hyperledger/production/orderer`],
    ports: [`${o.ports.listen}:${o.ports.listen}`, `${o.ports.admin}:${o.ports.admin}`, `${o.ports.operations}:${o.ports.operations}`],
    networks: [DOCKER_NETWORK],
  };
}

function peerService(p: PeerOrg): Service {
  const tls = '/var/hyperledger/peer/tls';
  const address = `${p.peerHost}:${p.ports.listen}`;
  return {
    image: IMAGE.peer,
    container_name: p.peerHost,
    labels: { service: 'hyperledger-fabric' },
    environment: [
      'FABRIC_LOGGING_SPEC=INFO',
      'CORE_PEER_TLS_ENABLED=true',
      'CORE_PEER_PROFILE_ENABLED=false',
      `CORE_PEER_TLS_CERT_FILE=${tls}/server.crt`,
      `CORE_PEER_TLS_KEY_FILE=${tls}/server.key`,
      `CORE_PEER_TLS_ROOTCERT_FILE=${tls}/ca.crt`,
      `CORE_PEER_ID=${p.peerHost}`,
      `CORE_PEER_ADDRESS=${address}`,
      `CORE_PEER_LISTENADDRESS=0.0.0.0:${p.ports.listen}`,
      `CORE_PEER_CHAINCODEADDRESS=${p.peerHost}:${p.ports.chaincode}`,
      `CORE_PEER_CHAINCODELISTENADDRESS=0.0.0.0:${p.ports.chaincode}`,
      `CORE_PEER_GOSSIP_BOOTSTRAP=${address}`,
      `CORE_PEER_GOSSIP_EXTERNALENDPOINT=${address}`,
      `CORE_PEER_LOCALMSPID=${p.mspId}`,
      'CORE_PEER_MSPCONFIGPATH=/var/hyperledger/peer/msp',
      // LevelDB (goleveldb) state database: the chaincode uses composite-key indexes, never CouchDB queries.
      'CORE_LEDGER_STATE_STATEDATABASE=goleveldb',
      `CORE_OPERATIONS_LISTENADDRESS=0.0.0.0:${p.ports.operations}`,
      'CORE_METRICS_PROVIDER=prometheus',
      `CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG={"peername":"${p.key}"}`,
      'CORE_CHAINCODE_EXECUTETIMEOUT=300s',
      `CORE_PEER_GOSSIP_PVTDATA_PULLRETRYTHRESHOLD=${PVTDATA_PULL_RETRY_THRESHOLD}`,
      // Standard (non-CCaaS) Node chaincode is built and run by the peer through Docker.
      'CORE_VM_ENDPOINT=unix:///host/var/run/docker.sock',
      `CORE_VM_DOCKER_HOSTCONFIG_NETWORKMODE=${DOCKER_NETWORK}`,
    ],
    working_dir: '/root',
    command: 'peer node start',
    volumes: [
      `${UP}/${cryptoPaths.peer(p)}/msp:/var/hyperledger/peer/msp`,
      `${UP}/${cryptoPaths.peer(p)}/tls:${tls}`,
      `${p.peerHost}:/var/hyperledger/production`,
      '/var/run/docker.sock:/host/var/run/docker.sock',
    ],
    ports: [`${p.ports.listen}:${p.ports.listen}`, `${p.ports.operations}:${p.ports.operations}`],
    networks: [DOCKER_NETWORK],
  };
}

/** Environment variable holding an organisation's CCaaS package id (set by fabric-network.sh deploy --ccaas). */
export function ccaasPackageIdVariable(p: PeerOrg): string {
  return `DAL_CCAAS_PACKAGE_ID_${p.key.toUpperCase()}`;
}

function ccaasService(p: PeerOrg): Service {
  const tls = '/var/hyperledger/ccaas/tls';
  return {
    image: IMAGE.chaincode,
    container_name: p.ccaasHost,
    profiles: ['ccaas'],
    labels: { service: 'hyperledger-fabric' },
    // The endorser's time window (chaincode/src/time-window.ts, docs/time.md): each organisation's
    // chaincode process compares proposal timestamps with this container's clock, the host's.
    environment: [`CORE_PEER_LOCALMSPID=${p.mspId}`, 'CORE_CHAINCODE_LOGGING_LEVEL=info', 'DAL_TIME_WINDOW_SECONDS=${DAL_TIME_WINDOW_SECONDS:-300}'],
    working_dir: '/opt/chaincode',
    // The package id is only known after packaging: compose interpolates it at `up` time.
    command: [
      'node_modules/.bin/fabric-chaincode-node', 'server',
      '--chaincode-address', `0.0.0.0:${p.ccaasPort}`,
      '--chaincode-id', `\${${ccaasPackageIdVariable(p)}:?run fabric-network.sh deploy --ccaas}`,
      '--chaincode-tls-cert-file', `${tls}/server.crt`,
      '--chaincode-tls-key-file', `${tls}/server.key`,
    ],
    volumes: [`${UP}/build/chaincode-server:/opt/chaincode:ro`, `${UP}/${cryptoPaths.peerOrg(p)}/ccaas/tls:${tls}:ro`],
    networks: [DOCKER_NETWORK],
  };
}

export function composeDocument(topology: FabricTopology): Record<string, unknown> {
  const services: Record<string, Service> = {};
  for (const ca of [topology.ordererCa, ...topology.peerOrgs.map((p) => p.ca)]) services[ca.host] = caService(ca);
  for (const o of topology.orderers) services[o.host] = ordererService(topology, o);
  for (const p of topology.peerOrgs) services[p.peerHost] = peerService(p);
  for (const p of topology.peerOrgs) services[p.ccaasHost] = ccaasService(p);
  const volumes: Record<string, null> = {};
  for (const o of topology.orderers) volumes[o.host] = null;
  for (const p of topology.peerOrgs) volumes[p.peerHost] = null;
  return {
    name: 'dal-fabric',
    volumes,
    networks: { [DOCKER_NETWORK]: { name: DOCKER_NETWORK } },
    services,
  };
}
