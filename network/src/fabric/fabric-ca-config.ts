/**
 * fabric-ca-server-config.yaml for each organisation's CA (fabric-ca 1.5). The bootstrap
 * identity is the organisation's registrar: it registers the peer/orderer and admin
 * identities for the network scripts, and the demo users with the `dal.role` and
 * `dal.entity` attributes the chaincode authorises on (see scripts/fabric-enroll.ts).
 * Shape follows fabric-samples test-network/organizations/fabric-ca/org1.
 */
import type { CaNode } from './topology';

/** The attributes a registrar may put into certificates (fabric-ca `hf.Registrar.Attributes`). */
export const DAL_ATTRIBUTES = ['dal.role', 'dal.entity'] as const;

/** Demo bootstrap credentials; change them (and the enrol options) before any real use. */
export const CA_REGISTRAR = { enrollmentId: 'admin', secret: 'adminpw' } as const;

export interface CaSubject {
  /** X.509 O of the CA certificate: the organisation's domain. */
  readonly organization: string;
  readonly organizationalUnit: string;
  /** Affiliation tree this CA accepts (`<org key>.users`, `<org key>.nodes`). */
  readonly affiliation: string;
}

export function fabricCaServerConfig(ca: CaNode, subject: CaSubject): Record<string, unknown> {
  return {
    version: '1.5.0',
    port: ca.ports.listen,
    cors: { enabled: false, origins: ['*'] },
    debug: false,
    crlsizelimit: 512000,
    tls: { enabled: true, certfile: null, keyfile: null, clientauth: { type: 'noclientcert', certfiles: null } },
    ca: { name: ca.name, keyfile: null, certfile: null, chainfile: null },
    crl: { expiry: '24h' },
    registry: {
      // Demo users are enrolled again on every `fabric-network.sh enroll`.
      maxenrollments: -1,
      identities: [
        {
          name: CA_REGISTRAR.enrollmentId,
          pass: CA_REGISTRAR.secret,
          type: 'client',
          affiliation: '',
          attrs: {
            'hf.Registrar.Roles': 'peer,orderer,client,admin',
            'hf.Registrar.DelegateRoles': 'client',
            'hf.Registrar.Attributes': DAL_ATTRIBUTES.join(','),
            'hf.Revoker': true,
            'hf.IntermediateCA': false,
            'hf.GenCRL': true,
            'hf.AffiliationMgr': true,
          },
        },
      ],
    },
    db: { type: 'sqlite3', datasource: 'fabric-ca-server.db', tls: { enabled: false } },
    ldap: { enabled: false },
    affiliations: { [subject.affiliation]: ['users', 'nodes'] },
    signing: {
      default: { usage: ['digital signature'], expiry: '8760h' },
      profiles: {
        ca: { usage: ['cert sign', 'crl sign'], expiry: '43800h', caconstraint: { isca: true, maxpathlen: 0 } },
        tls: {
          usage: ['signing', 'key encipherment', 'server auth', 'client auth', 'key agreement'],
          expiry: '8760h',
        },
      },
    },
    csr: {
      cn: ca.host,
      keyrequest: { algo: 'ecdsa', size: 256 },
      names: [{ C: 'CN', ST: 'Jiangsu', L: 'Nanjing', O: subject.organization, OU: subject.organizationalUnit }],
      hosts: [ca.host, 'localhost'],
      ca: { expiry: '131400h', pathlength: 1 },
    },
    idemix: { curve: 'gurvy.Bn254' },
    bccsp: { default: 'SW', sw: { hash: 'SHA2', security: 256, filekeystore: { keystore: 'msp/keystore' } } },
    cacount: null,
    cafiles: null,
    intermediate: { parentserver: { url: null, caname: null }, enrollment: { hosts: null, profile: null, label: null }, tls: { certfiles: null, client: { certfile: null, keyfile: null } } },
    cfg: { identities: { passwordattempts: 10 } },
    operations: {
      listenAddress: `0.0.0.0:${ca.ports.operations}`,
      tls: { enabled: false },
    },
    metrics: { provider: 'prometheus' },
  };
}
