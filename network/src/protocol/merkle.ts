/**
 * A Merkle tree over a block's transaction envelopes (RFC 6962 shape: leaf = H(0x00 ‖ envelope),
 * node = H(0x01 ‖ left ‖ right), an odd node promoted). The embedded orderer signs its root in
 * the block metadata, so a certificate bundle proves its transaction is in a block with a few
 * hundred bytes instead of the whole block. The hash function is passed in: Node's native
 * SHA-256 on the commit path, @noble/hashes in the browser verifier.
 */
import { concatBytes, fromHex, itemAt, toHex } from './bytes';

export type Sha256 = (data: Uint8Array) => Uint8Array;

/** One step from a node to the root: the sibling's hash and on which side it stands. */
export interface MerkleStep {
  readonly hash: string;
  readonly right: boolean;
}

const LEAF = Uint8Array.of(0);
const NODE = Uint8Array.of(1);

export function merkleLeaf(envelope: Uint8Array, hash: Sha256): Uint8Array {
  return hash(concatBytes(LEAF, envelope));
}

function parent(left: Uint8Array, right: Uint8Array, hash: Sha256): Uint8Array {
  return hash(concatBytes(NODE, left, right));
}

function nextLevel(level: readonly Uint8Array[], hash: Sha256): Uint8Array[] {
  const next: Uint8Array[] = [];
  for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? parent(itemAt(level, i), itemAt(level, i + 1), hash) : itemAt(level, i));
  return next;
}

export function merkleRoot(envelopes: readonly Uint8Array[], hash: Sha256): Uint8Array {
  if (envelopes.length === 0) return hash(new Uint8Array());
  let level = envelopes.map((e) => merkleLeaf(e, hash));
  while (level.length > 1) level = nextLevel(level, hash);
  return itemAt(level, 0);
}

export function merklePath(envelopes: readonly Uint8Array[], index: number, hash: Sha256): MerkleStep[] {
  if (index < 0 || index >= envelopes.length) throw new RangeError(`no transaction ${String(index)} in a block of ${String(envelopes.length)}`);
  const steps: MerkleStep[] = [];
  let level = envelopes.map((e) => merkleLeaf(e, hash));
  let i = index;
  while (level.length > 1) {
    const sibling = i % 2 === 0 ? i + 1 : i - 1;
    if (sibling < level.length) steps.push({ hash: toHex(itemAt(level, sibling)), right: sibling > i });
    level = nextLevel(level, hash);
    i = Math.floor(i / 2);
  }
  return steps;
}

/** The root that an envelope and its path lead to. */
export function merkleRootFromPath(envelope: Uint8Array, path: readonly MerkleStep[], hash: Sha256): Uint8Array {
  let node = merkleLeaf(envelope, hash);
  for (const step of path) {
    const sibling = fromHex(step.hash);
    node = step.right ? parent(node, sibling, hash) : parent(sibling, node, hash);
  }
  return node;
}
