/**
 * Membership service providers: turns a serialized identity (msp.SerializedIdentity, the
 * creator or endorser bytes of a Fabric message) into a validated identity, as Fabric's
 * msp/mspimpl.go does — the certificate must chain to the organisation's root CA and carry a
 * NodeOU — and answers principal checks for endorsement policies.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import { msp } from '@hyperledger/fabric-protos';
import { itemAt } from './bytes';

/** Fabric NodeOUs: the OU that classifies an identity (msp/mspimplsetup.go). */
export type NodeType = 'client' | 'peer' | 'orderer' | 'admin';

export interface ValidatedIdentity {
  readonly mspId: string;
  readonly certificate: string;
  readonly publicKey: KeyObject;
  /** SubjectPublicKeyInfo DER of the key, for verification off the main thread. */
  readonly spki: Uint8Array;
  readonly nodeType: NodeType;
  /** fabric-shim's ClientIdentity.getID() format: `x509::<subject>::<issuer>`. */
  readonly id: string;
  readonly commonName: string;
  /** Certificate validity window (ms since epoch). */
  readonly notBefore: number;
  readonly notAfter: number;
  /** The certificate's serial number, lower-case hex without leading zeros (as CRLs are matched). */
  readonly serialNumber: string;
}

export class IdentityValidationError extends Error {
  override readonly name = 'IdentityValidationError';
}

/** Fabric MSPRole.MSPRoleType names as used in policies (`Org1MSP.peer`). */
export type PrincipalRole = 'member' | 'admin' | 'client' | 'peer' | 'orderer';

export interface MspRegistry {
  /** Decodes and validates serialized identity bytes; results are cached by those bytes (as Fabric's msp cache does). */
  deserialize(serializedIdentity: Uint8Array): ValidatedIdentity;
  /** True when the identity satisfies the principal `mspId.role`. */
  satisfies(identity: ValidatedIdentity, mspId: string, role: PrincipalRole): boolean;
  readonly mspIds: readonly string[];
  rootCertificate(mspId: string): string | undefined;
  /**
   * Replaces an organisation's revocation list: the serial numbers of its CA's CRL
   * (`revocation_list` of Fabric's MSPConfig, already checked against the root by crl.ts).
   */
  setRevokedSerials(mspId: string, serials: Iterable<string>): void;
  /**
   * Throws IdentityValidationError when the identity's certificate is on its organisation's
   * revocation list, as msp/mspimplvalidate.go does ("The certificate has been revoked").
   * Checked when an identity acts (proposal, broadcast), like expiry, so that history signed
   * before a revocation stays verifiable.
   */
  checkNotRevoked(identity: ValidatedIdentity): void;
}

/** Serial numbers as CRLs and certificates are compared: lower-case hex, no leading zeros. */
export function normalizeSerial(hex: string): string {
  return hex
    .toLowerCase()
    .replace(/[^0-9a-f]/g, '')
    .replace(/^0+(?=.)/, '');
}

export function serializeIdentity(mspId: string, certificatePem: string): Uint8Array {
  const sid = new msp.SerializedIdentity();
  sid.setMspid(mspId);
  sid.setIdBytes(Buffer.from(certificatePem, 'utf8'));
  return sid.serializeBinary();
}

/** Builds the registry from each organisation's root CA certificate (PEM). */
export function createMspRegistry(rootCertificates: ReadonlyMap<string, string>): MspRegistry {
  const roots = new Map<string, X509Certificate>();
  for (const [mspId, pem] of rootCertificates) roots.set(mspId, new X509Certificate(pem));
  const cache = new Map<string, ValidatedIdentity>();
  const revoked = new Map<string, ReadonlySet<string>>();
  const MAX_CACHE = 10_000;

  const deserialize = (bytes: Uint8Array): ValidatedIdentity => {
    const cacheKey = Buffer.from(bytes).toString('base64');
    const hit = cache.get(cacheKey);
    if (hit) return hit;
    let sid: msp.SerializedIdentity;
    try {
      sid = msp.SerializedIdentity.deserializeBinary(bytes);
    } catch {
      throw new IdentityValidationError('identity bytes are not a msp.SerializedIdentity');
    }
    const mspId = sid.getMspid();
    const root = roots.get(mspId);
    if (!root) throw new IdentityValidationError(`MSP ${mspId} is not a member of this channel`);
    let cert: X509Certificate;
    const pem = Buffer.from(sid.getIdBytes_asU8()).toString('utf8');
    try {
      cert = new X509Certificate(pem);
    } catch {
      throw new IdentityValidationError(`identity of ${mspId} does not hold a PEM certificate`);
    }
    if (!cert.checkIssued(root) || !cert.verify(root.publicKey)) {
      throw new IdentityValidationError(`certificate ${cert.subject.replace(/\n/g, ',')} is not issued by ${mspId}'s CA`);
    }
    // msp/mspimplvalidate.go: a CA certificate cannot be used as an identity
    if (cert.ca) throw new IdentityValidationError(`certificate of ${mspId} is a CA certificate and cannot be used as an identity`);
    // Fabric validates the chain at the certificate's own notBefore (FAB-3678): expiry is
    // checked when an identity acts (endorsement, ordering admission), not when blocks are
    // validated or re-verified later, so history stays valid after certificates expire.
    const nodeOus = dnFields(cert.subject, 'OU').filter((ou): ou is NodeType => ou === 'client' || ou === 'peer' || ou === 'orderer' || ou === 'admin');
    if (nodeOus.length !== 1) {
      throw new IdentityValidationError(
        `certificate of ${mspId} must carry exactly one NodeOU (client, peer, orderer, admin), it has ${String(nodeOus.length)}`,
      );
    }
    const ou = itemAt(nodeOus, 0);
    const identity: ValidatedIdentity = {
      mspId,
      certificate: pem,
      publicKey: cert.publicKey,
      spki: cert.publicKey.export({ type: 'spki', format: 'der' }),
      nodeType: ou,
      id: `x509::${slashDn(cert.subject)}::${slashDn(cert.issuer)}`,
      commonName: dnField(cert.subject, 'CN') ?? '',
      notBefore: Date.parse(cert.validFrom),
      notAfter: Date.parse(cert.validTo),
      serialNumber: normalizeSerial(cert.serialNumber),
    };
    if (cache.size >= MAX_CACHE) cache.clear();
    cache.set(cacheKey, identity);
    return identity;
  };

  return {
    deserialize,
    satisfies(identity, mspId, role) {
      if (identity.mspId !== mspId) return false;
      // as msp/mspimpl.go satisfiesPrincipalInternalV143: member matches any valid identity of the MSP
      if (role === 'member') return true;
      return identity.nodeType === role;
    },
    mspIds: [...roots.keys()],
    rootCertificate: (mspId) => rootCertificates.get(mspId),
    setRevokedSerials(mspId, serials) {
      revoked.set(mspId, new Set([...serials].map(normalizeSerial)));
    },
    checkNotRevoked(identity) {
      if (revoked.get(identity.mspId)?.has(identity.serialNumber)) {
        throw new IdentityValidationError(`the certificate of ${identity.commonName}@${identity.mspId} has been revoked (serial ${identity.serialNumber})`);
      }
    },
  };
}

function dnField(dn: string, field: string): string | undefined {
  return dnFields(dn, field)[0];
}

function dnFields(dn: string, field: string): string[] {
  const out: string[] = [];
  for (const line of dn.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0 && line.slice(0, eq) === field) out.push(line.slice(eq + 1));
  }
  return out;
}

/**
 * An identity acting now (proposing, broadcasting, endorsing) must hold an unexpired
 * certificate: the peer's ExpirationCheck filter and the orderer's expiration check.
 */
export function checkCurrentlyValid(identity: ValidatedIdentity, now: number = Date.now()): void {
  if (Number.isFinite(identity.notAfter) && identity.notAfter < now)
    throw new IdentityValidationError(`certificate of ${identity.commonName}@${identity.mspId} has expired`);
  if (Number.isFinite(identity.notBefore) && identity.notBefore > now + 5 * 60_000)
    throw new IdentityValidationError(`certificate of ${identity.commonName}@${identity.mspId} is not valid yet`);
}

/** The channel's Writers policy (per organisation `OR('Org.admin', 'Org.client')`): who may propose and broadcast. */
export function isWriter(identity: ValidatedIdentity): boolean {
  return identity.nodeType === 'client' || identity.nodeType === 'admin';
}

function slashDn(dn: string): string {
  return '/' + dn.split('\n').join('/');
}
