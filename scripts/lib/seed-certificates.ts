/**
 * Issued certificates written fast into a stopped embedded gateway's data directory, for
 * benchmarks that need many on the ledger: the same chaincode transactions and arguments the
 * gateway's routes submit — `Certificate:Apply` (POST /certificates, signed as the holder),
 * `Certificate:Review` with `{decision: 'approve', publicityDays: 0}` (POST …/review) and
 * `Certificate:Issue` (POST …/issue), both signed as the registry's registrar; none carries
 * transient data, and the embedded network plans their key-level endorsement itself — through
 * the normal transaction flow of the embedded network (every endorser runs the chaincode, every
 * signature and policy is checked), with commit-conflict retries, many chains in flight and no
 * HTTP in between.
 *
 * A review reads and writes its registry's serial counter, so two reviews of one registry in
 * one block conflict: as in the gateway (write-lanes.ts), a registry's reviews wait in its lane,
 * one in flight at a time, while applications, issues and the other registries' reviews go on.
 */
import { join } from 'node:path';
import { loadConsortium } from '../../network/src/consortium';
import { openSeedIdentities } from './seed-identities';
import { openEmbeddedLedger } from '../../gateway/src/ledger/embedded-ledger';
import type { LedgerIdentity } from '../../gateway/src/ledger/ledger';
import { submitWithRetry } from '../../gateway/src/ledger-service/submit-with-retry';
import { createWriteLanes, laneOf, REGISTRY_SERIAL_COUNTER } from '../../gateway/src/ledger-service/write-lanes';
import { benchApplication } from './bench-application';

const CHAINCODE = join(__dirname, '..', '..', '..', 'chaincode');

/** A registry the certificates are issued at: its registrar's API key and the holders (enrolled there) who apply. */
export interface SeedRegistry {
  readonly mspId: string;
  readonly registrar: string;
  readonly holders: ReadonlyArray<{ readonly apiKey: string; readonly entity: string }>;
}

/**
 * Who applies and who reviews the `i`-th certificate of a ledger: registries in turn, and at a
 * registry its holders in turn (the spread bench:scale fills with, over HTTP or not).
 */
export function chainOf(registries: readonly SeedRegistry[], i: number): { readonly registry: SeedRegistry; readonly holder: SeedRegistry['holders'][number] } {
  const registry = registries[i % registries.length]!;
  return { registry, holder: registry.holders[Math.floor(i / registries.length) % registry.holders.length]! };
}

export interface CertificateSeedRequest {
  readonly dataDir: string;
  readonly registries: readonly SeedRegistry[];
  /** Index of the first certificate in the spread (chainOf): the number the ledger holds already. */
  readonly from: number;
  readonly certificates: number;
  readonly inFlight: number;
  /** No chain starts after this time (ms since the epoch); default none. */
  readonly deadline?: number;
  /** Called with each certificate id once it is issued. */
  readonly onIssued?: (id: string) => void;
}

export interface CertificateSeedResult {
  readonly issued: number;
  readonly failed: number;
  readonly seconds: number;
  readonly firstError?: string;
}

export async function seedCertificates(request: Readonly<CertificateSeedRequest>): Promise<CertificateSeedResult> {
  const identityOf = await openSeedIdentities(request.dataDir);
  // resolved before the ledger opens: an unknown key fails at once
  const identities = new Map<string, LedgerIdentity>();
  for (const r of request.registries) for (const apiKey of [r.registrar, ...r.holders.map((h) => h.apiKey)]) identities.set(apiKey, identityOf(apiKey));
  const ledger = await openEmbeddedLedger({ dataDir: request.dataDir, consortium: loadConsortium(), chaincodePath: CHAINCODE });
  const lanes = createWriteLanes();
  const submit = async (apiKey: string, fn: string, args: readonly string[]): Promise<Record<string, unknown>> => {
    const committed = await submitWithRetry(ledger, identities.get(apiKey)!, { fn, args });
    return JSON.parse(Buffer.from(committed.payload).toString('utf8')) as Record<string, unknown>;
  };
  const chain = async (i: number): Promise<string> => {
    const { registry, holder } = chainOf(request.registries, i);
    const applied = await submit(holder.apiKey, 'Certificate:Apply', [
      JSON.stringify(benchApplication(holder.entity, { registry: registry.mspId, name: `scale dataset ${i}` })),
    ]);
    const registrar = identities.get(registry.registrar)!;
    const reviewed = await lanes.run(laneOf(registrar.mspId, { lane: REGISTRY_SERIAL_COUNTER }), () =>
      submit(registry.registrar, 'Certificate:Review', [String(applied.id), JSON.stringify({ decision: 'approve', publicityDays: 0 })]),
    );
    const issued = await submit(registry.registrar, 'Certificate:Issue', [String(reviewed.id)]);
    if (issued.status !== 'issued') throw new Error(`${String(reviewed.id)} is ${String(issued.status)} after Certificate:Issue`);
    return String(issued.id);
  };
  let next = 0;
  let issued = 0;
  let failed = 0;
  let firstError: string | undefined;
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: request.inFlight }, async () => {
        // a failure stops new chains: an error that repeats (a full disk, a revoked key) is reported at once, not N times
        while (failed === 0 && next < request.certificates && Date.now() < (request.deadline ?? Infinity)) {
          const i = request.from + next++;
          try {
            request.onIssued?.(await chain(i));
            issued++;
          } catch (err) {
            failed++;
            firstError ??= (err as Error).message;
          }
        }
      }),
    );
  } finally {
    await ledger.close();
  }
  return { issued, failed, seconds: (performance.now() - started) / 1000, ...(firstError !== undefined ? { firstError } : {}) };
}
