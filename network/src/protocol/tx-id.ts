/** Fabric's transaction id: hex(SHA-256(nonce ‖ creator)), as protoutil.ComputeTxID computes it. */
import { sha256 } from './crypto';

export function computeTxId(nonce: Uint8Array, creator: Uint8Array): string {
  return sha256(nonce, creator).toString('hex');
}
