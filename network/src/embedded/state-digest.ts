/**
 * One SHA-256 over everything a transaction can change besides the chain itself: the world
 * state (values with their versions and metadata), the private data the peers hold and the
 * private-data hashes, read from one LevelDB snapshot in key order. Two equal digests mean no
 * state changed in between; a test asserting that a refused request wrote nothing compares the
 * digests taken before and after it, together with the height.
 */
import { createHash } from 'node:crypto';
import type { Db } from './ledger-db';

/** The key prefixes of state (st/), private values (pv/) and private hashes (ph/); see KEY in ledger-db.ts. */
const STATE_PREFIXES = ['st/', 'pv/', 'ph/'] as const;

export async function stateDigest(db: Db): Promise<string> {
  const hash = createHash('sha256');
  const snapshot = db.snapshot();
  try {
    for (const prefix of STATE_PREFIXES) {
      const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
      for await (const [key, value] of db.iterator({ gte: prefix, lt: end, snapshot })) {
        const k = Buffer.from(key, 'utf8');
        hash.update(lengthOf(k.length)).update(k).update(lengthOf(value.length)).update(value);
      }
    }
  } finally {
    await snapshot.close();
  }
  return hash.digest('hex');
}

function lengthOf(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}
