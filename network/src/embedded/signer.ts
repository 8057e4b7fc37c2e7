/** A signing identity: an enrolled certificate with its private key (a wallet entry). */
import { privateKeyFromPem, signLowS, type PrivateKey } from '../protocol/crypto';
import { serializeIdentity } from '../protocol/msp';

export interface Signer {
  readonly mspId: string;
  readonly certificate: string;
  /** msp.SerializedIdentity bytes: the creator or endorser field of Fabric messages. */
  readonly serializedIdentity: Uint8Array;
  sign(data: Uint8Array): Uint8Array;
}

export function createSigner(mspId: string, certificatePem: string, privateKeyPem: string): Signer {
  const key: PrivateKey = privateKeyFromPem(privateKeyPem);
  return {
    mspId,
    certificate: certificatePem,
    serializedIdentity: serializeIdentity(mspId, certificatePem),
    sign: (data) => signLowS(key, data),
  };
}
