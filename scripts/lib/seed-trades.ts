/**
 * Settled trades written fast into a stopped embedded gateway's data directory, for benchmarks
 * that need many on the ledger: the same chaincode transactions, arguments, confidential
 * transient data and commit-conflict retries the gateway's routes submit (Market:PlaceOrder →
 * Accept → Deliver → Confirm → Settle, signed as the buyer, the seller and the exchange operator
 * whose API keys are given), through the normal transaction flow of the embedded network —
 * every endorser runs the chaincode, every signature and policy is checked — but with many
 * trades in flight and no HTTP in between.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { loadConsortium } from '../../network/src/consortium';
import { openSeedIdentities } from './seed-identities';
import { openEmbeddedLedger } from '../../gateway/src/ledger/embedded-ledger';
import type { LedgerIdentity } from '../../gateway/src/ledger/ledger';
import { confidentialSubmission } from '../../gateway/src/ledger-service/confidential';
import { submitWithRetry } from '../../gateway/src/ledger-service/submit-with-retry';

const CHAINCODE = join(__dirname, '..', '..', '..', 'chaincode');

export interface SeedRequest {
  readonly dataDir: string;
  /** API keys of the demo identities that trade (resolved through the gateway's key store). */
  readonly keys: { readonly buyer: string; readonly seller: string; readonly exchange: string };
  /** Open listings the trades buy from, round robin. */
  readonly listings: readonly string[];
  readonly trades: number;
  readonly inFlight: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface SeedResult {
  readonly settled: number;
  readonly failed: number;
  readonly seconds: number;
  readonly firstError?: string;
}

export async function seedTrades(request: Readonly<SeedRequest>): Promise<SeedResult> {
  const identityOf = await openSeedIdentities(request.dataDir);
  const buyer = identityOf(request.keys.buyer);
  const seller = identityOf(request.keys.seller);
  const exchange = identityOf(request.keys.exchange);
  const ledger = await openEmbeddedLedger({ dataDir: request.dataDir, consortium: loadConsortium(), chaincodePath: CHAINCODE });
  let next = 0;
  let settled = 0;
  let failed = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const submit = async (
    who: LedgerIdentity,
    fn: string,
    args: readonly string[],
    confidential?: { value: Record<string, unknown>; salt?: string },
  ): Promise<Record<string, unknown>> => {
    const secret = confidential ? confidentialSubmission(confidential) : undefined;
    const committed = await submitWithRetry(ledger, who, { fn, args, ...(secret ? { options: { transient: secret.transient } } : {}) });
    return { ...(JSON.parse(Buffer.from(committed.payload).toString('utf8')) as Record<string, unknown>), ...(secret ? { salt: secret.salt } : {}) };
  };
  const trade = async (i: number): Promise<void> => {
    const price = 9_000 + (i % 1000);
    const order = await submit(buyer, 'Market:PlaceOrder', [JSON.stringify({ listingId: request.listings[i % request.listings.length] })], {
      value: { price },
    });
    const id = String(order.id);
    await submit(seller, 'Market:Accept', [id]);
    await submit(seller, 'Market:Deliver', [id, JSON.stringify({ deliverableHash: randomBytes(32).toString('hex') })]);
    await submit(buyer, 'Market:Confirm', [id]);
    await submit(exchange, 'Market:Settle', [id, JSON.stringify({ disclosePrice: false })], { value: { price }, salt: String(order.salt) });
  };
  try {
    await Promise.all(
      Array.from({ length: request.inFlight }, async () => {
        while (next < request.trades) {
          const i = next++;
          try {
            await trade(i);
            settled++;
          } catch (err) {
            failed++;
            firstError ??= (err as Error).message;
          }
          request.onProgress?.(settled + failed, request.trades);
        }
      }),
    );
  } finally {
    await ledger.close();
  }
  return { settled, failed, seconds: (performance.now() - started) / 1000, ...(firstError !== undefined ? { firstError } : {}) };
}
