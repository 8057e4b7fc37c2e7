/**
 * The embedded certificate authority of one organisation: a self-signed ECDSA P-256 root
 * that enrols peers, orderers, admins and users the way fabric-ca does — NodeOU in the
 * subject's OU, attributes as raw JSON in the fabric-ca extension 1.2.3.4.5.6.7.8.1 — so
 * that `ctx.clientIdentity` in an unmodified chaincode reads them unchanged.
 */
import 'reflect-metadata'; // @peculiar/x509 resolves its ASN.1 schemas through tsyringe, which needs it
import { webcrypto, randomBytes } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/** fabric-ca's attribute extension (lib/attrmgr/attrmgr.go AttrOID). */
export const FABRIC_ATTRIBUTE_OID = '1.2.3.4.5.6.7.8.1';

import type { NodeType } from '../protocol/msp';

export interface EnrolledIdentity {
  readonly mspId: string;
  readonly enrollmentId: string;
  readonly nodeType: NodeType;
  readonly certificate: string;
  readonly privateKey: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface CaMaterial {
  readonly mspId: string;
  readonly certificate: string;
  readonly privateKey: string;
}

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000;

/** Creates a new root CA for an organisation. */
export async function createCa(mspId: string, commonName: string): Promise<CaMaterial> {
  const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const now = new Date();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${escapeDn(commonName)}, O=${escapeDn(mspId)}`,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + TEN_YEARS_MS),
    signingAlgorithm: ALG,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { mspId, certificate: cert.toString('pem'), privateKey: await pkcs8Pem(keys.privateKey) };
}

/** Issues an enrolment certificate signed by the CA, with fabric-ca attributes. */
export async function enroll(
  ca: CaMaterial,
  request: { readonly enrollmentId: string; readonly nodeType: NodeType; readonly attributes?: Readonly<Record<string, string>>; readonly validForMs?: number },
): Promise<EnrolledIdentity> {
  const caCert = new x509.X509Certificate(ca.certificate);
  const caKey = await webcrypto.subtle.importKey('pkcs8', pemToDer(ca.privateKey), ALG, false, ['sign']);
  const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  // fabric-ca adds hf.EnrollmentID, hf.Type and hf.Affiliation to every enrolment certificate
  const attrs: Record<string, string> = {
    'hf.Affiliation': '',
    'hf.EnrollmentID': request.enrollmentId,
    'hf.Type': request.nodeType,
    ...(request.attributes ?? {}),
  };
  const now = new Date();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${escapeDn(request.enrollmentId)}, OU=${request.nodeType}, O=${escapeDn(ca.mspId)}`,
    issuer: caCert.subject,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + (request.validForMs ?? TEN_YEARS_MS)),
    signingAlgorithm: ALG,
    publicKey: keys.publicKey,
    signingKey: caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
      new x509.Extension(FABRIC_ATTRIBUTE_OID, false, Buffer.from(JSON.stringify({ attrs }), 'utf8')),
    ],
  });
  return {
    mspId: ca.mspId,
    enrollmentId: request.enrollmentId,
    nodeType: request.nodeType,
    certificate: cert.toString('pem'),
    privateKey: await pkcs8Pem(keys.privateKey),
    attributes: request.attributes ?? {},
  };
}

async function pkcs8Pem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`;
}

function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

function serial(): string {
  const b = randomBytes(16);
  b[0] = (b[0] ?? 0) & 0x7f; // a positive INTEGER
  return b.toString('hex');
}

function escapeDn(value: string): string {
  return value.replace(/([,+"\\<>;=])/g, '\\$1');
}
