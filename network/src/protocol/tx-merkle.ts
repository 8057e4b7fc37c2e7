/** The Merkle tree of protocol/merkle.ts with Node's native SHA-256, for the orderer, the integrity check and the bundle builder. */
import { sha256 } from './crypto';
import { merklePath as path, merkleRoot as root, type MerkleStep } from './merkle';

const hash = (data: Uint8Array): Uint8Array => sha256(data);

export function merkleRoot(envelopes: readonly Uint8Array[]): Buffer {
  return Buffer.from(root(envelopes, hash));
}

export function merklePath(envelopes: readonly Uint8Array[], index: number): MerkleStep[] {
  return path(envelopes, index, hash);
}
