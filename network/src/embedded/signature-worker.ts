/** Worker thread of the signature verifier pool: verifies batches of ECDSA signatures. */
import { parentPort } from 'node:worker_threads';
import { verifyLowS, type PublicKey } from '../protocol/crypto';
import { keyFor } from './signature-verifier';

const keys = new Map<string, PublicKey>();

parentPort!.on('message', (msg: { id: number; checks: { spki: Uint8Array; data: Uint8Array; signature: Uint8Array }[] }) => {
  const results = msg.checks.map((c) => {
    try {
      return verifyLowS(keyFor(keys, c.spki), c.data, c.signature);
    } catch {
      return false;
    }
  });
  parentPort!.postMessage({ id: msg.id, results });
});
