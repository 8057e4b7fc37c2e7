/**
 * The native network (scripts/fabric-network.sh up --native): the compose file's topology as
 * processes of the Fabric release binaries on this host, in the style of fabric-samples'
 * test-network-nano-bash. Every listener is on 127.0.0.1 with its own port, every address
 * other nodes or clients dial is `localhost` (the TLS certificates carry it as a SAN), so
 * nothing needs Docker or /etc/hosts.
 *
 * Generated: `native/processes.tsv` (start order, kind, the port that says it is up, its env
 * file) and one `native/env/<name>.env` per process. Env values refer to three variables
 * the script sets: FABRIC_DIR (network/fabric), FABRIC_RUN (the run folder: ledgers, logs,
 * pid files) and FABRIC_BIN (the release folder: bin/, config/, builders/ccaas/).
 */
import { cryptoPaths, PVTDATA_PULL_RETRY_THRESHOLD, type CaNode, type FabricTopology, type OrdererNode, type PeerOrg } from './topology';

export type NativeKind = 'ca' | 'orderer' | 'peer' | 'ccaas';

export interface NativeProcess {
  readonly name: string;
  readonly kind: NativeKind;
  /** The TCP port on 127.0.0.1 that accepts connections once the process is ready. */
  readonly port: number;
  /** Environment, values may reference $FABRIC_DIR, $FABRIC_RUN and $FABRIC_BIN. */
  readonly env: readonly (readonly [string, string])[];
}

/** Run-time folder of the native network, relative to network/fabric (git-ignored). */
export const NATIVE_RUN_DIR = 'native-run';
const LOCAL = '127.0.0.1';
/** One host, 28 processes on a few cores: INFO without the chattiest loggers (`FABRIC_LOGGING_SPEC`). */
const LOGGING = 'info:gossip,comm.grpc.server,grpc,msp,cauthdsl,policies=warning';

function caProcess(ca: CaNode): NativeProcess {
  return {
    name: ca.host,
    kind: 'ca',
    port: ca.ports.listen,
    env: [
      ['FABRIC_CA_HOME', `$FABRIC_DIR/fabric-ca/${ca.dir}`],
      ['FABRIC_CA_SERVER_CA_NAME', ca.name],
      ['FABRIC_CA_SERVER_TLS_ENABLED', 'true'],
      ['FABRIC_CA_SERVER_ADDRESS', LOCAL],
      ['FABRIC_CA_SERVER_PORT', String(ca.ports.listen)],
      ['FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS', `${LOCAL}:${ca.ports.operations}`],
      ['FABRIC_CA_SERVER_CSR_HOSTS', `${ca.host},localhost,${LOCAL}`],
    ],
  };
}

function ordererProcess(topology: FabricTopology, o: OrdererNode): NativeProcess {
  const dir = `$FABRIC_DIR/${cryptoPaths.orderer(topology, o)}`;
  const tls = `${dir}/tls`;
  const data = `$FABRIC_RUN/data/${o.host}`;
  return {
    name: o.host,
    kind: 'orderer',
    port: o.ports.listen,
    env: [
      ['FABRIC_CFG_PATH', '$FABRIC_BIN/config'],
      ['FABRIC_LOGGING_SPEC', LOGGING],
      ['ORDERER_GENERAL_LISTENADDRESS', LOCAL],
      ['ORDERER_GENERAL_LISTENPORT', String(o.ports.listen)],
      ['ORDERER_GENERAL_LOCALMSPID', topology.ordererMspId],
      ['ORDERER_GENERAL_LOCALMSPDIR', `${dir}/msp`],
      ['ORDERER_GENERAL_TLS_ENABLED', 'true'],
      ['ORDERER_GENERAL_TLS_PRIVATEKEY', `${tls}/server.key`],
      ['ORDERER_GENERAL_TLS_CERTIFICATE', `${tls}/server.crt`],
      ['ORDERER_GENERAL_TLS_ROOTCAS', `[${tls}/ca.crt]`],
      ['ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE', `${tls}/server.crt`],
      ['ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY', `${tls}/server.key`],
      ['ORDERER_GENERAL_CLUSTER_ROOTCAS', `[${tls}/ca.crt]`],
      ['ORDERER_GENERAL_BOOTSTRAPMETHOD', 'none'],
      ['ORDERER_CHANNELPARTICIPATION_ENABLED', 'true'],
      ['ORDERER_FILELEDGER_LOCATION', `${data}/ledger`],
      ['ORDERER_CONSENSUS_WALDIR', `${data}/etcdraft/wal`],
      ['ORDERER_CONSENSUS_SNAPDIR', `${data}/etcdraft/snapshot`],
      ['ORDERER_ADMIN_TLS_ENABLED', 'true'],
      ['ORDERER_ADMIN_TLS_CERTIFICATE', `${tls}/server.crt`],
      ['ORDERER_ADMIN_TLS_PRIVATEKEY', `${tls}/server.key`],
      ['ORDERER_ADMIN_TLS_ROOTCAS', `[${tls}/ca.crt]`],
      ['ORDERER_ADMIN_TLS_CLIENTROOTCAS', `[${tls}/ca.crt]`],
      ['ORDERER_ADMIN_LISTENADDRESS', `${LOCAL}:${o.ports.admin}`],
      ['ORDERER_OPERATIONS_LISTENADDRESS', `${LOCAL}:${o.ports.operations}`],
      ['ORDERER_METRICS_PROVIDER', 'prometheus'],
    ],
  };
}

function peerProcess(p: PeerOrg): NativeProcess {
  const dir = `$FABRIC_DIR/${cryptoPaths.peer(p)}`;
  const tls = `${dir}/tls`;
  const address = `localhost:${p.ports.listen}`;
  const data = `$FABRIC_RUN/data/${p.peerHost}`;
  return {
    name: p.peerHost,
    kind: 'peer',
    port: p.ports.listen,
    env: [
      // The release's core.yaml with its ccaas_builder path pointed at FABRIC_BIN/builders/ccaas (written by `up --native`).
      ['FABRIC_CFG_PATH', '$FABRIC_RUN/config'],
      ['FABRIC_LOGGING_SPEC', LOGGING],
      ['CORE_PEER_TLS_ENABLED', 'true'],
      ['CORE_PEER_PROFILE_ENABLED', 'false'],
      ['CORE_PEER_TLS_CERT_FILE', `${tls}/server.crt`],
      ['CORE_PEER_TLS_KEY_FILE', `${tls}/server.key`],
      ['CORE_PEER_TLS_ROOTCERT_FILE', `${tls}/ca.crt`],
      ['CORE_PEER_ID', p.peerHost],
      ['CORE_PEER_ADDRESS', address],
      ['CORE_PEER_LISTENADDRESS', `${LOCAL}:${p.ports.listen}`],
      ['CORE_PEER_CHAINCODEADDRESS', `localhost:${p.ports.chaincode}`],
      ['CORE_PEER_CHAINCODELISTENADDRESS', `${LOCAL}:${p.ports.chaincode}`],
      ['CORE_PEER_GOSSIP_BOOTSTRAP', address],
      ['CORE_PEER_GOSSIP_EXTERNALENDPOINT', address],
      ['CORE_PEER_LOCALMSPID', p.mspId],
      ['CORE_PEER_MSPCONFIGPATH', `${dir}/msp`],
      ['CORE_PEER_FILESYSTEMPATH', data],
      ['CORE_LEDGER_SNAPSHOTS_ROOTDIR', `${data}/snapshots`],
      ['CORE_LEDGER_STATE_STATEDATABASE', 'goleveldb'],
      ['CORE_OPERATIONS_LISTENADDRESS', `${LOCAL}:${p.ports.operations}`],
      ['CORE_METRICS_PROVIDER', 'prometheus'],
      ['CORE_CHAINCODE_EXECUTETIMEOUT', '300s'],
      // A member of a collection whose private data it did not endorse waits this long for it
      // from other peers before committing the block without it (core.yaml default 60s). Only a
      // wrongly planned transaction leaves a member without its data, and that transaction is
      // invalid anyway; 5s keeps such a block from holding up the peer for a minute.
      ['CORE_PEER_GOSSIP_PVTDATA_PULLRETRYTHRESHOLD', PVTDATA_PULL_RETRY_THRESHOLD],
    ],
  };
}

function ccaasProcess(p: PeerOrg): NativeProcess {
  const tls = `$FABRIC_DIR/${cryptoPaths.peerOrg(p)}/ccaas/tls`;
  return {
    name: p.ccaasHost,
    kind: 'ccaas',
    port: p.ports.chaincodeServer,
    env: [
      ['CORE_PEER_LOCALMSPID', p.mspId],
      ['CORE_CHAINCODE_LOGGING_LEVEL', 'warning'],
      ['CHAINCODE_SERVER_ADDRESS', `${LOCAL}:${p.ports.chaincodeServer}`],
      ['CHAINCODE_TLS_CERT_FILE', `${tls}/server.crt`],
      ['CHAINCODE_TLS_KEY_FILE', `${tls}/server.key`],
      // The package id is known only after `deploy --ccaas` packaged the chaincode: it writes ccaas.env.
      ['CHAINCODE_PACKAGE_ID_VARIABLE', `DAL_CCAAS_PACKAGE_ID_${p.key.toUpperCase()}`],
    ],
  };
}

/** Every process of the native network, in start order: CAs, orderers, peers, chaincode servers. */
export function nativeProcesses(topology: FabricTopology): NativeProcess[] {
  return [
    ...[topology.ordererCa, ...topology.peerOrgs.map((p) => p.ca)].map(caProcess),
    ...topology.orderers.map((o) => ordererProcess(topology, o)),
    ...topology.peerOrgs.map(peerProcess),
    ...topology.peerOrgs.map(ccaasProcess),
  ];
}

export function nativeEnvPath(process: NativeProcess): string {
  return `native/env/${process.name}.env`;
}

/** `name kind port env-file`, tab-separated, one process a line, for the shell's `while read`. */
export function nativeProcessTable(processes: readonly NativeProcess[]): string {
  const header = '# Generated by scripts/fabric-generate.ts from network/consortium.json. Do not edit.\n# name\tkind\tport\tenv file (relative to network/fabric)\n';
  return header + processes.map((p) => [p.name, p.kind, p.port, nativeEnvPath(p)].join('\t')).join('\n') + '\n';
}

/** A file the shell sources with `set -a`: double quotes, so $FABRIC_DIR, $FABRIC_RUN and $FABRIC_BIN expand. */
export function nativeEnvFile(process: NativeProcess): string {
  const lines = process.env.map(([key, value]) => {
    if (/["\\`]/.test(value)) throw new Error(`${process.name}: ${key} has a character the env file cannot quote: ${value}`);
    return `${key}="${value}"`;
  });
  return `# Generated by scripts/fabric-generate.ts from network/consortium.json. Do not edit.\n# ${process.kind} ${process.name}, ready when 127.0.0.1:${process.port} accepts connections.\n${lines.join('\n')}\n`;
}
