/**
 * Hashing and ECDSA P-256 signing as Fabric's bccsp does it: SHA-256, DER signatures with
 * low-S (the peer and orderer reject high-S signatures, bccsp/sw/ecdsa.go verifyECDSA).
 * Node's native crypto: pure-JS ECDSA is ~40x slower and this is the hot path.
 */
import { createHash, createPrivateKey, sign, verify, type KeyObject } from 'node:crypto';

const P256_N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
const P256_HALF_N = P256_N >> 1n;

export function sha256(...parts: readonly Uint8Array[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

export type PrivateKey = KeyObject;
export type PublicKey = KeyObject;

export function privateKeyFromPem(pem: string): PrivateKey {
  return createPrivateKey(pem);
}

/** ECDSA-SHA256 signature in DER with S normalised to the lower half of the curve order. */
export function signLowS(key: PrivateKey, data: Uint8Array): Buffer {
  return toLowS(sign('sha256', data, key));
}

/** Verifies an ECDSA-SHA256 DER signature and refuses high-S ones, as Fabric does. */
export function verifyLowS(key: PublicKey, data: Uint8Array, signature: Uint8Array): boolean {
  const rs = parseDer(signature);
  if (!rs || rs.s > P256_HALF_N || rs.s === 0n || rs.r === 0n) return false;
  try {
    return verify('sha256', data, key, signature);
  } catch {
    return false;
  }
}

function toLowS(der: Buffer): Buffer {
  const rs = parseDer(der);
  if (!rs) throw new Error('ECDSA signer produced an unparseable signature');
  if (rs.s <= P256_HALF_N) return der;
  return encodeDer(rs.r, P256_N - rs.s);
}

function parseDer(sig: Uint8Array): { r: bigint; s: bigint } | undefined {
  // SEQUENCE { INTEGER r, INTEGER s }, short-form lengths only (P-256 signatures are < 128 bytes)
  if (sig.length < 8 || sig[0] !== 0x30 || sig[1] !== sig.length - 2) return undefined;
  let i = 2;
  const readInt = (): bigint | undefined => {
    if (sig[i] !== 0x02) return undefined;
    const len = sig[i + 1];
    if (len === undefined || len === 0 || len > 33 || i + 2 + len > sig.length) return undefined;
    const bytes = sig.subarray(i + 2, i + 2 + len);
    i += 2 + len;
    return BigInt('0x' + Buffer.from(bytes).toString('hex'));
  };
  const r = readInt();
  const s = readInt();
  if (r === undefined || s === undefined || i !== sig.length) return undefined;
  return { r, s };
}

function encodeDer(r: bigint, s: bigint): Buffer {
  const int = (v: bigint): Buffer => {
    let hex = v.toString(16);
    if (hex.length % 2) hex = '0' + hex;
    let b = Buffer.from(hex, 'hex');
    if ((b[0] ?? 0) & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
    return Buffer.concat([Buffer.from([0x02, b.length]), b]);
  };
  const body = Buffer.concat([int(r), int(s)]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}
