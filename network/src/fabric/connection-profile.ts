/**
 * Common connection profile per organisation, as fabric-samples' ccp-template.json, for
 * fabric-network (with discovery) and fabric-ca-client. TLS CA certificates are referenced
 * by `path`, relative to the profile's own folder, because they exist only once the
 * network's CAs have issued them; the fabric ledger backend and the enrol script resolve
 * those paths against the profile file (fabric-network alone would resolve them against
 * the process's working directory).
 */
import { cryptoPaths, type PeerOrg } from './topology';

/** Profiles live in network/fabric/connection-profiles. */
const FROM_PROFILES = '..';

export interface ConnectionProfile {
  readonly name: string;
  readonly version: string;
  readonly client: {
    readonly organization: string;
    readonly connection: { readonly timeout: { readonly peer: { readonly endorser: string }; readonly orderer: string } };
  };
  readonly organizations: Record<string, { readonly mspid: string; readonly peers: string[]; readonly certificateAuthorities: string[] }>;
  readonly peers: Record<string, {
    readonly url: string;
    readonly tlsCACerts: { readonly path: string };
    readonly grpcOptions: Record<string, string>;
  }>;
  readonly certificateAuthorities: Record<string, {
    readonly url: string;
    readonly caName: string;
    readonly tlsCACerts: { readonly path: string };
    readonly httpOptions: { readonly verify: boolean };
  }>;
}

export function connectionProfile(consortiumName: string, p: PeerOrg): ConnectionProfile {
  return {
    name: `${consortiumName}-${p.key}`,
    version: '1.0.0',
    client: { organization: p.mspId, connection: { timeout: { peer: { endorser: '300' }, orderer: '300' } } },
    organizations: { [p.mspId]: { mspid: p.mspId, peers: [p.peerHost], certificateAuthorities: [p.ca.host] } },
    peers: {
      [p.peerHost]: {
        url: `grpcs://localhost:${p.ports.listen}`,
        tlsCACerts: { path: `${FROM_PROFILES}/${cryptoPaths.peerTlsCa(p)}` },
        grpcOptions: { 'ssl-target-name-override': p.peerHost, hostnameOverride: p.peerHost },
      },
    },
    certificateAuthorities: {
      [p.ca.host]: {
        url: `https://localhost:${p.ca.ports.listen}`,
        caName: p.ca.name,
        tlsCACerts: { path: `${FROM_PROFILES}/${cryptoPaths.caTlsRoot(p.ca)}` },
        httpOptions: { verify: true },
      },
    },
  };
}
