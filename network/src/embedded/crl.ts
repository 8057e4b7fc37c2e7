/**
 * Certificate revocation lists of the embedded CAs, as fabric-ca's `gencrl` writes them: an
 * X.509 CRL signed by the organisation's root, listing the serial numbers of revoked
 * enrolment certificates. The embedded MSPs read them as Fabric's MSP reads the
 * `revocation_list` of its MSPConfig: a CRL counts only if the organisation's root signed it.
 */
import 'reflect-metadata'; // @peculiar/x509 resolves its ASN.1 schemas through tsyringe, which needs it
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { CaMaterial } from './ca';
import { normalizeSerial } from '../protocol/msp';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000;

export interface RevokedCertificate {
  readonly serialNumber: string;
  /** ISO-8601. */
  readonly revokedAt: string;
}

/** A CRL was not signed by the organisation's root CA (Fabric's MSP refuses to set it up). */
export class RevocationListError extends Error {
  override readonly name = 'RevocationListError';
}

/** Signs a CRL of `revoked` with the CA's key (PEM). */
export async function createRevocationList(ca: CaMaterial, revoked: readonly RevokedCertificate[]): Promise<string> {
  const caCert = new x509.X509Certificate(ca.certificate);
  const now = new Date();
  const signingKey = await webcrypto.subtle.importKey('pkcs8', pemToDer(ca.privateKey), ALG, false, ['sign']);
  const crl = await x509.X509CrlGenerator.create({
    issuer: caCert.subject,
    thisUpdate: now,
    // fabric-ca sets nextUpdate too (crl.expiry); the MSP does not expire CRLs, and a CRL
    // without one is misread by @peculiar/x509 2.x (its entries come back empty)
    nextUpdate: new Date(now.getTime() + TEN_YEARS_MS),
    signingAlgorithm: ALG,
    signingKey,
    extensions: [await x509.AuthorityKeyIdentifierExtension.create(caCert)],
    entries: revoked.map((r) => ({ serialNumber: r.serialNumber, revocationDate: new Date(r.revokedAt), reason: x509.X509CrlReason.keyCompromise })),
  });
  return crl.toString('pem');
}

/** The serial numbers a CRL revokes, after checking that `rootCertificate` signed it. */
export async function revokedSerials(crlPem: string, rootCertificate: string): Promise<string[]> {
  const crl = new x509.X509Crl(crlPem);
  const root = new x509.X509Certificate(rootCertificate);
  if (crl.issuer !== root.subject || !(await crl.verify({ publicKey: root.publicKey }))) {
    throw new RevocationListError(`the CRL issued by ${crl.issuer} is not signed by the root CA ${root.subject}`);
  }
  return crl.entries.map((e) => normalizeSerial(e.serialNumber));
}

function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}
