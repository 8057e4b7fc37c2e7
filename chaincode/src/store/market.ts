/**
 * Trading persistence: listings with the one-open-listing key per certificate and exchange,
 * orders with their index per listing, settlements, the public price records, and the walk
 * up a sold certificate's lineage to the grants entitled to a revenue share.
 *
 * Keys and conflicts (chaincode/README.md, "Trading keys"): an order writes only its own keys
 * (ids from tx ids), so orders on one listing never conflict with each other; the open-listing
 * key is what makes two concurrent listings of one certificate at one exchange conflict.
 */
import { Context } from 'fabric-contract-api';
import { LISTING_ID_PATTERN, ORDER_ID_PATTERN } from '../codes';
import { invalid, notFound } from '../errors';
import { ObjectType, listingKey, openListingKey, orderKey, priceKey, settlementKey } from '../keys';
import { Certificate } from '../model/certificate';
import { Grant, MAX_CHAIN_DEPTH } from '../model/grant';
import { Listing, ListingFilter, Order, PriceRecord, Settlement } from '../model/market';
import { collect, parseValue, putIndex, putJson, readJson, setKeyEndorsers } from '../state';
import { findCertificate } from './certificates';
import { ancestorsOf, findGrant } from './grants';
import { Page, readPage } from './paging';

export async function findListing(ctx: Context, id: string): Promise<Listing | undefined> {
  if (!LISTING_ID_PATTERN.test(id)) return undefined;
  return readJson<Listing>(ctx, listingKey(ctx.stub, id));
}

export async function loadListing(ctx: Context, id: string): Promise<Listing> {
  if (!LISTING_ID_PATTERN.test(id)) throw invalid(`${id} is not a listing id (LST-<10 characters>)`);
  const listing = await findListing(ctx, id);
  if (!listing) throw notFound(`listing ${id} does not exist`);
  return listing;
}

/** The id of the open listing of a certificate at an exchange, if there is one. */
export async function openListingOf(ctx: Context, certificateId: string, exchange: string): Promise<string | undefined> {
  return (await readJson<{ listingId: string }>(ctx, openListingKey(ctx.stub, certificateId, exchange)))?.listingId;
}

/** A new listing: record (key-level policy), its open-listing key and its two indexes. */
export async function createListing(ctx: Context, listing: Listing): Promise<void> {
  const key = listingKey(ctx.stub, listing.id);
  await putJson(ctx, key, listing);
  await setKeyEndorsers(ctx, key, listing.endorsingOrgs);
  await putJson(ctx, openListingKey(ctx.stub, listing.certificateId, listing.exchange), { listingId: listing.id });
  await putIndex(ctx, ctx.stub.createCompositeKey(ObjectType.listingByCertificate, [listing.certificateId, listing.id]));
  await putIndex(ctx, ctx.stub.createCompositeKey(ObjectType.listingByExchange, [listing.exchange, listing.id]));
}

/** A withdrawn listing frees its certificate and exchange for a new one. */
export async function closeListing(ctx: Context, listing: Listing): Promise<void> {
  await putJson(ctx, listingKey(ctx.stub, listing.id), listing);
  await ctx.stub.deleteState(openListingKey(ctx.stub, listing.certificateId, listing.exchange));
}

export async function listListings(ctx: Context, filter: ListingFilter, pageSize: number, bookmark: string): Promise<Page<Listing>> {
  const [type, attributes] =
    filter.certificateId !== undefined ? [ObjectType.listingByCertificate, [filter.certificateId]] : [ObjectType.listingByExchange, [filter.exchange ?? '']];
  return readPage(ctx, type, attributes, pageSize, bookmark, async (id) => {
    const listing = await findListing(ctx, id);
    if (!listing) return undefined;
    if (filter.exchange !== undefined && listing.exchange !== filter.exchange) return undefined;
    return filter.status === undefined || listing.status === filter.status ? listing : undefined;
  });
}

export async function findOrder(ctx: Context, id: string): Promise<Order | undefined> {
  if (!ORDER_ID_PATTERN.test(id)) return undefined;
  return readJson<Order>(ctx, orderKey(ctx.stub, id));
}

export async function loadOrder(ctx: Context, id: string): Promise<Order> {
  if (!ORDER_ID_PATTERN.test(id)) throw invalid(`${id} is not an order id (ORD-<10 characters>)`);
  const order = await findOrder(ctx, id);
  if (!order) throw notFound(`order ${id} does not exist`);
  return order;
}

/** A new order on its own keys only (record under key-level policy, index under the listing): never the listing's. */
export async function createOrder(ctx: Context, order: Order): Promise<void> {
  const key = orderKey(ctx.stub, order.id);
  await putJson(ctx, key, order);
  await setKeyEndorsers(ctx, key, order.endorsingOrgs);
  await putIndex(ctx, ctx.stub.createCompositeKey(ObjectType.orderByListing, [order.listingId, order.id]));
}

export async function saveOrder(ctx: Context, order: Order): Promise<void> {
  await putJson(ctx, orderKey(ctx.stub, order.id), order);
}

/** Every order placed on any listing of the certificate, listing by listing. */
export async function ordersOfCertificate(ctx: Context, certificateId: string): Promise<Order[]> {
  const ids = async (type: string, attribute: string): Promise<string[]> =>
    collect(await ctx.stub.getStateByPartialCompositeKey(type, [attribute]), (kv) => ctx.stub.splitCompositeKey(kv.key).attributes[1]);
  const orders: Order[] = [];
  for (const listingId of await ids(ObjectType.listingByCertificate, certificateId)) {
    for (const orderId of await ids(ObjectType.orderByListing, listingId)) {
      const order = await findOrder(ctx, orderId);
      if (order) orders.push(order);
    }
  }
  return orders;
}

export async function findSettlement(ctx: Context, orderId: string): Promise<Settlement | undefined> {
  return readJson<Settlement>(ctx, settlementKey(ctx.stub, orderId));
}

/** The settlement (key-level policy of the order) and its price record: one small key per trade, no shared counter. */
export async function recordSettlement(ctx: Context, settlement: Settlement, price: PriceRecord): Promise<void> {
  const key = settlementKey(ctx.stub, settlement.orderId);
  await putJson(ctx, key, settlement);
  await setKeyEndorsers(ctx, key, settlement.endorsingOrgs);
  await putJson(ctx, priceKey(ctx.stub, price.category, price.month, price.orderId), price);
}

/** Price records of a category, month by month from `fromMonth` to `toMonth` (each a partial-key range). */
export async function priceRecords(ctx: Context, category: string, months: readonly string[]): Promise<PriceRecord[]> {
  const out: PriceRecord[] = [];
  for (const month of months) {
    const iterator = await ctx.stub.getStateByPartialCompositeKey(ObjectType.price, [category, month]);
    out.push(...(await collect(iterator, (kv) => parseValue<PriceRecord>(kv.value))));
  }
  return out;
}

/**
 * The grants above a sold certificate that may carry a revenue share, nearest first: for each
 * `parentGrants` link, the grant and the grants above it (sub-licence chain), then the same for
 * the parent certificate, level by level, at most MAX_CHAIN_DEPTH levels, each grant once.
 */
export async function upstreamGrants(ctx: Context, cert: Certificate): Promise<Grant[]> {
  const out: Grant[] = [];
  const seen = new Set<string>();
  let level: Certificate[] = [cert];
  for (let depth = 0; depth < MAX_CHAIN_DEPTH && level.length > 0; depth++) {
    const next: Certificate[] = [];
    for (const link of level.flatMap((c) => c.parentGrants ?? [])) {
      const grant = await findGrant(ctx, link.grantId);
      if (!grant) continue;
      for (const g of [grant, ...(await ancestorsOf(ctx, grant))]) {
        if (seen.has(g.id)) continue;
        seen.add(g.id);
        out.push(g);
      }
      const parent = await findCertificate(ctx, link.certificateId);
      if (parent) next.push(parent);
    }
    level = next;
  }
  return out;
}
