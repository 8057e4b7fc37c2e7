/**
 * Chaincode-as-a-service package files, read by the peer image's `ccaas_builder`
 * (fabric ccaas_builder; fabric-samples test-network/scripts/deployCCAAS.sh):
 * metadata.json says `type: ccaas`, connection.json says where the chaincode server of the
 * peer's own organisation listens. TLS is required on that link; the packaging script adds
 * `root_cert` (the organisation's TLS CA) when it builds the package, since that
 * certificate exists only once the network is up.
 */
import type { Consortium } from '../consortium';
import type { PeerOrg } from './topology';

export interface CcaasMetadata {
  readonly type: 'ccaas';
  readonly label: string;
}

export interface CcaasConnection {
  readonly address: string;
  readonly dial_timeout: string;
  readonly tls_required: boolean;
  readonly client_auth_required: boolean;
  readonly root_cert?: string;
}

/** The package label: `<name>_<version>`, as `peer lifecycle chaincode package --label` uses it. */
export function chaincodeLabel(consortium: Consortium): string {
  return `${consortium.chaincode.name}_${consortium.chaincode.version}`;
}

export function ccaasMetadata(consortium: Consortium): CcaasMetadata {
  return { type: 'ccaas', label: chaincodeLabel(consortium) };
}

/** `native`: the server runs as a process on this host (scripts/fabric-network.sh up --native), on its own port. */
export function ccaasConnection(p: PeerOrg, mode: 'docker' | 'native' = 'docker'): CcaasConnection {
  const address = mode === 'native' ? `localhost:${p.ports.chaincodeServer}` : `${p.ccaasHost}:${p.ccaasPort}`;
  return { address, dial_timeout: '10s', tls_required: true, client_auth_required: false };
}
