/**
 * ECDSA signature verification off the main thread: a pool of worker threads that verify
 * batches (a block's creator and endorsement signatures go out as one message per worker).
 * The main thread keeps simulation, MVCC and commit; on 2 cores this is what keeps it from
 * being the bottleneck. Same rule as everywhere: SHA-256, DER, low-S only.
 *
 * A batch crosses to its worker as one packed buffer that is transferred, not cloned: the
 * signed bytes are mostly views into a whole block, and structured clone of a view copies the
 * entire buffer behind it (a block per signature).
 */
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { PublicKey } from '../protocol/crypto';
import { createPublicKey } from 'node:crypto';

export interface SignatureCheck {
  /** SubjectPublicKeyInfo DER of the signer's key. */
  readonly spki: Uint8Array;
  readonly data: Uint8Array;
  readonly signature: Uint8Array;
}

export interface SignatureVerifier {
  verify(check: SignatureCheck): Promise<boolean>;
  verifyMany(checks: readonly SignatureCheck[]): Promise<boolean[]>;
  close(): Promise<void>;
}

interface Pending {
  readonly checks: readonly SignatureCheck[];
  readonly resolve: (results: boolean[]) => void;
  readonly reject: (err: Error) => void;
}

export function keyFor(cache: Map<string, PublicKey>, spki: Uint8Array): PublicKey {
  const id = Buffer.from(spki).toString('base64');
  let k = cache.get(id);
  if (!k) {
    k = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    if (cache.size > 10_000) cache.clear();
    cache.set(id, k);
  }
  return k;
}

/** A batch of checks as the worker receives it: every check's bytes back to back, and their lengths. */
export interface PackedChecks {
  readonly id: number;
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** spki, data and signature length of each check in turn. */
  readonly lengths: Uint32Array<ArrayBuffer>;
}

function pack(id: number, checks: readonly SignatureCheck[]): PackedChecks {
  const lengths = new Uint32Array(new ArrayBuffer(checks.length * 12));
  let total = 0;
  checks.forEach((c, i) => {
    lengths[3 * i] = c.spki.length;
    lengths[3 * i + 1] = c.data.length;
    lengths[3 * i + 2] = c.signature.length;
    total += c.spki.length + c.data.length + c.signature.length;
  });
  const bytes = new Uint8Array(new ArrayBuffer(total));
  let at = 0;
  for (const c of checks) {
    for (const part of [c.spki, c.data, c.signature]) {
      bytes.set(part, at);
      at += part.length;
    }
  }
  return { id, bytes, lengths };
}

/** The checks of a packed batch, as views into its buffer (in the worker). */
export function unpack(packed: PackedChecks): SignatureCheck[] {
  const checks: SignatureCheck[] = [];
  let at = 0;
  const next = (len: number): Uint8Array => {
    const part = packed.bytes.subarray(at, at + len);
    at += len;
    return part;
  };
  for (let i = 0; i < packed.lengths.length; i += 3) {
    checks.push({ spki: next(packed.lengths[i]!), data: next(packed.lengths[i + 1]!), signature: next(packed.lengths[i + 2]!) });
  }
  return checks;
}

export function createVerifierPool(options: { readonly workers: number }): SignatureVerifier {
  const workers = Array.from({ length: Math.max(1, options.workers) }, () => new Worker(join(__dirname, 'signature-worker.js')));
  const inFlight = new Map<number, { resolve: (r: boolean[]) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let queue: Pending[] = [];
  let scheduled = false;
  let closed = false;

  for (const w of workers) {
    w.unref();
    w.on('message', (msg: { id: number; results: boolean[] }) => {
      const p = inFlight.get(msg.id);
      inFlight.delete(msg.id);
      p?.resolve(msg.results);
    });
    w.on('error', (err) => {
      for (const p of inFlight.values()) p.reject(err);
      inFlight.clear();
    });
  }

  const send = (worker: Worker, checks: readonly SignatureCheck[]): Promise<boolean[]> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      inFlight.set(id, { resolve, reject });
      const packed = pack(id, checks);
      worker.postMessage(packed, [packed.bytes.buffer, packed.lengths.buffer]);
    });

  // Everything queued in one turn of the event loop goes out together, split across workers.
  const flush = (): void => {
    scheduled = false;
    const batch = queue;
    queue = [];
    const all = batch.flatMap((p) => p.checks);
    if (all.length === 0) {
      for (const p of batch) p.resolve([]);
      return;
    }
    const per = Math.ceil(all.length / workers.length);
    const parts: Promise<boolean[]>[] = [];
    for (let i = 0; i < workers.length && i * per < all.length; i++) parts.push(send(workers[i]!, all.slice(i * per, (i + 1) * per)));
    Promise.all(parts).then(
      (results) => {
        const flat = results.flat();
        let at = 0;
        for (const p of batch) {
          p.resolve(flat.slice(at, at + p.checks.length));
          at += p.checks.length;
        }
      },
      (err: Error) => {
        for (const p of batch) p.reject(err);
      },
    );
  };

  const verifyMany = (checks: readonly SignatureCheck[]): Promise<boolean[]> => {
    if (closed) return Promise.reject(new Error('signature verifier closed'));
    return new Promise((resolve, reject) => {
      queue.push({ checks, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
  };

  return {
    verify: async (c) => (await verifyMany([c]))[0] ?? false,
    verifyMany,
    async close() {
      closed = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
