/**
 * A Merkle tree over a block's transaction envelopes (RFC 6962 shape: leaf = H(0x00 ‖ envelope),
 * node = H(0x01 ‖ left ‖ right), an odd node is promoted). Its root goes into the block metadata
 * the orderer signs, so a certificate bundle can prove its transaction is in a block with a
 * few hundred bytes instead of the whole block. Fabric's own data hash stays as Fabric computes it.
 */
import { sha256 } from './crypto';

export function merkleLeaf(envelope: Uint8Array): Buffer {
  return sha256(Buffer.from([0]), envelope);
}

function node(left: Uint8Array, right: Uint8Array): Buffer {
  return sha256(Buffer.from([1]), left, right);
}

export function merkleRoot(envelopes: readonly Uint8Array[]): Buffer {
  if (envelopes.length === 0) return sha256(new Uint8Array());
  let level: Buffer[] = envelopes.map(merkleLeaf);
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? node(level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}

/** Sibling hashes from leaf to root; `right` says the sibling stands to the right. */
export interface MerkleStep {
  readonly hash: string;
  readonly right: boolean;
}

export function merklePath(envelopes: readonly Uint8Array[], index: number): MerkleStep[] {
  if (index < 0 || index >= envelopes.length) throw new RangeError(`no transaction ${index} in a block of ${envelopes.length}`);
  const steps: MerkleStep[] = [];
  let level: Buffer[] = envelopes.map(merkleLeaf);
  let i = index;
  while (level.length > 1) {
    const sibling = i % 2 === 0 ? i + 1 : i - 1;
    if (sibling < level.length) steps.push({ hash: level[sibling]!.toString('hex'), right: sibling > i });
    const next: Buffer[] = [];
    for (let j = 0; j < level.length; j += 2) next.push(j + 1 < level.length ? node(level[j]!, level[j + 1]!) : level[j]!);
    level = next;
    i = Math.floor(i / 2);
  }
  return steps;
}
