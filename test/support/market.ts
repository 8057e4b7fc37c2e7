/**
 * Trading through the real chaincode for the market and price-monitoring tests: a listing body,
 * a submission with a confidential price in transient data, and a trade driven from the offer
 * to the buyer's confirmation, ready for the exchange to settle (at a chosen ledger time).
 */
import { randomBytes } from 'node:crypto';
import { fingerprint } from './demo-parties';
import { signerOf } from './flow';
import type { TestNetwork } from './test-network';

export const EXCHANGE = 'JiangsuExchangeMSP';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export function listingBody(assetId: string, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    assetId,
    exchange: EXCHANGE,
    askingPriceFen: 5_000_000,
    terms: { purposes: ['credit-scoring'], termDays: 365, deliveryMethod: 'api', maxUses: 3 },
    ...overrides,
  });
}

/**
 * Submits with a confidential value and its salt in transient data; the parsed answer. With
 * `at`, the proposal is stamped `at` (the caller sets the endorsers' clock to match).
 */
export async function submitSecret(net: TestNetwork, as: string, fn: string, args: string[], value: object, salt: Buffer, at?: Date): Promise<Json> {
  const transient = { 'dal.confidential': Buffer.from(JSON.stringify(value)), 'dal.salt': salt };
  const payload =
    at === undefined
      ? (await net.ledger.submit(net.identities[as]!, fn, args, { transient })).payload
      : (await net.ledger.network.submit(await signerOf(net, as), [fn, ...args], { transient, timestamp: at })).payload;
  return JSON.parse(Buffer.from(payload).toString('utf8'));
}

/** An order agreed at `price`, delivered and confirmed: what the exchange needs to settle it. */
export interface ConfirmedOrder {
  readonly orderId: string;
  readonly price: number;
  readonly salt: Buffer;
  readonly seller: string;
  readonly buyer: string;
}

/** `buyer` offers `price` on the listing, `seller` accepts and delivers, the buyer confirms. */
export async function confirmedOrder(net: TestNetwork, listingId: string, seller: string, buyer: string, price: number): Promise<ConfirmedOrder> {
  const salt = randomBytes(16);
  const order = await submitSecret(net, buyer, 'Market:PlaceOrder', [JSON.stringify({ listingId })], { price }, salt);
  await net.submit(seller, 'Market:Accept', order.id);
  await net.submit(seller, 'Market:Deliver', order.id, JSON.stringify({ deliverableHash: fingerprint() }));
  await net.submit(buyer, 'Market:Confirm', order.id);
  return { orderId: order.id, price, salt, seller, buyer };
}

/** The exchange operator settles a confirmed order, disclosing its price (both parties consenting first) or not; the settlement. */
export async function settle(net: TestNetwork, order: ConfirmedOrder, disclosePrice: boolean, at?: Date): Promise<Json> {
  if (disclosePrice) {
    for (const party of [order.buyer, order.seller]) {
      // stamped `at` like the settlement below (the caller sets the endorsers' clock to match)
      if (at) await net.ledger.network.submit(await signerOf(net, party), ['Market:ConsentToDisclosure', order.orderId], { timestamp: at });
      else await net.submit(party, 'Market:ConsentToDisclosure', order.orderId);
    }
  }
  const args = [order.orderId, JSON.stringify({ disclosePrice })];
  return (await submitSecret(net, 'exchange-operator', 'Market:Settle', args, { price: order.price }, order.salt, at)).settlement;
}

/** Runs `tasks` with at most `width` in flight; their results in order. */
export async function inParallel<T>(width: number, tasks: readonly (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker));
  return results;
}
