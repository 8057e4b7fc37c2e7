/** Worker thread of the signature verifier pool: verifies batches of ECDSA signatures. */
import { parentPort } from 'node:worker_threads';
import { verifyLowS, type PublicKey } from '../protocol/crypto';
import { keyFor, unpack, type PackedChecks } from './signature-verifier';

const keys = new Map<string, PublicKey>();

parentPort!.on('message', (msg: PackedChecks) => {
  const results = unpack(msg).map((c) => {
    try {
      return verifyLowS(keyFor(keys, c.spki), c.data, c.signature);
    } catch {
      return false;
    }
  });
  parentPort!.postMessage({ id: msg.id, results });
});
