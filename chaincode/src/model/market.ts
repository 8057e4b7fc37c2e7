/**
 * Trading (流通交易) records as stored: a listing (上架) of the use of a certificate at one
 * exchange, the orders (议价 → 交付 → 确认 → 结算, or 争议) placed on it, the settlement with its
 * revenue distribution (收益分配), and the public price record of each settled trade (价格监测).
 *
 * Prices the parties do not disclose never appear here: an offer, a counter-offer, the agreed
 * price, a partial refund and the per-payee amounts are private data of the organisations
 * involved (model/confidential.ts), and the order keeps only their ConfidentialRef. The asking
 * price is public: it is what the listing advertises.
 */
import { invalid } from '../errors';
import { Actor } from '../identity';
import { ConfidentialRef } from './confidential';
import { MAX_PURPOSES, MAX_PURPOSE_LENGTH, MAX_USES } from './grant';
import { JsonObject, optionalInteger, optionalString, parseKeyAttribute, requireEnum, requireHex64, requireString } from './request';

export const LISTING_STATUSES = ['open', 'withdrawn'] as const;
export type ListingStatus = (typeof LISTING_STATUSES)[number];

/** How the deliverable reaches the buyer: an API, a file, a sandbox or privacy-computing node (原始数据不出域). */
export const DELIVERY_METHODS = ['api', 'file', 'sandbox', 'privacy_computing'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

/**
 * `offered` → (seller) `agreed` | `countered`; `countered` → (buyer) `agreed`; `agreed` →
 * (seller) `delivered` → (buyer) `confirmed` → (exchange) `settled`. From `agreed` or
 * `delivered` either party may open a dispute → `disputed` → (exchange) `refunded` (final) or
 * `resolved` (release or partial) → (exchange) `settled`.
 */
export const ORDER_STATUSES = ['offered', 'countered', 'agreed', 'delivered', 'confirmed', 'disputed', 'resolved', 'refunded', 'settled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const RESOLUTION_OUTCOMES = ['refund', 'release', 'partial'] as const;
export type ResolutionOutcome = (typeof RESOLUTION_OUTCOMES)[number];

/** Who receives a part of the price at settlement. */
export const PAYEE_KINDS = ['exchange_fee', 'upstream', 'seller'] as const;
export type PayeeKind = (typeof PAYEE_KINDS)[number];

/** A licence bought on the exchange runs at most ten years (3650 days). */
export const MAX_TERM_DAYS = 3650;
/** The largest price in fen the chaincode accepts (about 90 trillion yuan): exact in a JS number. */
export const MAX_PRICE_FEN = Number.MAX_SAFE_INTEGER;

export interface ListingTerms {
  /** The purposes (scenarios) the buyer may use the data for: the licence's purposes. */
  purposes: string[];
  /** The licence's term from settlement, in days. */
  termDays: number;
  deliveryMethod: DeliveryMethod;
  /** Metered licence: at most this many uses. */
  maxUses?: number;
}

export interface ListingRequest {
  assetId: string;
  /** The exchange organisation (MSP id) the asset is listed at. */
  exchange: string;
  askingPriceFen: number;
  terms: ListingTerms;
}

export interface Listing {
  docType: 'marketListing';
  id: string;
  certificateId: string;
  category: string;
  exchange: string;
  /** The entity holding the operating right when listed. */
  seller: string;
  /** The registry that vouched for the seller (the organisation its users act through). */
  sellerMspId: string;
  /** The certificate's issuing registry. */
  registry: string;
  askingPriceFen: number;
  /** The exchange's fee in basis points of the settled price, fixed when listed. */
  exchangeFeeBps: number;
  terms: ListingTerms;
  status: ListingStatus;
  listedBy: Actor;
  listedAt: string;
  withdrawn?: { reason?: string; at: string; by: Actor; txId: string };
  /** 处置 by sale: the pledge in default whose bank listed the asset; settling transfers the pledgor's rights. */
  enforcementOf?: string;
  endorsingOrgs: string[];
  createdTxId: string;
  lastTxId: string;
  updatedAt: string;
}

export interface OrderDispute {
  reason: string;
  evidenceHash: string;
  openedBy: Actor;
  at: string;
  /** The `dispute` encumbrance on the certificate while it is open. */
  encumbranceId: string;
  txId: string;
}

export interface OrderResolution {
  outcome: ResolutionOutcome;
  comment?: string;
  /** A partial resolution's refund in fen, confidential like the price it is part of. */
  refund?: ConfidentialRef;
  by: Actor;
  at: string;
  txId: string;
}

export interface Order {
  docType: 'marketOrder';
  id: string;
  listingId: string;
  certificateId: string;
  exchange: string;
  seller: string;
  sellerMspId: string;
  buyer: string;
  buyerMspId: string;
  /** The listing's public asking price when the offer was made, recorded beside the confidential offer. */
  askingPriceFen: number;
  terms: ListingTerms;
  status: OrderStatus;
  /** The organisations whose peers hold this order's confidential prices, sorted. */
  confidentialHolders: string[];
  offer: ConfidentialRef;
  counter?: ConfidentialRef;
  /** The accepted price: the offer's or the counter's reference. */
  agreed?: ConfidentialRef & { from: 'offer' | 'counter' };
  delivery?: { deliverableHash: string; at: string; txId: string };
  confirmedAt?: string;
  dispute?: OrderDispute;
  resolution?: OrderResolution;
  settledAt?: string;
  /** The licence issued to the buyer at settlement. */
  grantId?: string;
  /** 处置 by sale: the pledge whose enforcement this order settles (copied from its listing). */
  enforcementOf?: string;
  /** The parties (buyer, seller entities) who consented to the settled price being disclosed, sorted. */
  disclosureConsent?: string[];
  placedBy: Actor;
  placedAt: string;
  lastAction: string;
  endorsingOrgs: string[];
  createdTxId: string;
  lastTxId: string;
  updatedAt: string;
}

/** One payee's share of a settled price; `fen` only in the confidential copy, or when the price is disclosed. */
export interface Payee {
  payee: string;
  kind: PayeeKind;
  bps: number;
  /** The upstream grant that entitles an upstream payee. */
  grantId?: string;
}

export interface Payout extends Payee {
  fen: number;
}

export interface Settlement {
  docType: 'marketSettlement';
  orderId: string;
  listingId: string;
  certificateId: string;
  exchange: string;
  category: string;
  payees: Payee[];
  /** The per-payee amounts (and the amount settled), confidential to the order's holders. */
  amounts: ConfidentialRef;
  disclosed: boolean;
  /** Only when disclosed. */
  priceFen?: number;
  payouts?: Payout[];
  /** The buyer's licence; absent for a 处置 sale, which transfers the pledgor's rights instead. */
  grantId?: string;
  /** 处置 by sale: the pledge enforced by this settlement. */
  enforcementOf?: string;
  settledBy: Actor;
  settledAt: string;
  endorsingOrgs: string[];
  txId: string;
}

/** One settled trade for price monitoring, keyed by category and month; no amount unless disclosed. */
export interface PriceRecord {
  docType: 'marketPrice';
  category: string;
  /** `YYYY-MM` of settlement (ledger time). */
  month: string;
  orderId: string;
  disclosed: boolean;
  priceFen?: number;
  settledAt: string;
}

/** What the parties' peers hold for an order: the confidential values the order references. */
export interface PriceValue {
  price: number;
}

export interface AmountsValue {
  settledFen: number;
  payouts: Payout[];
}

function parsePurposes(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_PURPOSES) {
    throw invalid(`terms.purposes must be a non-empty array of at most ${String(MAX_PURPOSES)} strings`);
  }
  const purposes = value.map((p, i) => {
    if (typeof p !== 'string' || p.trim() === '' || p.length > MAX_PURPOSE_LENGTH) throw invalid(`terms.purposes[${String(i)}] must be a non-empty string`);
    return p.trim();
  });
  if (new Set(purposes).size !== purposes.length) throw invalid('terms.purposes must be distinct');
  return purposes.sort();
}

function parseTerms(value: unknown): ListingTerms {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid('terms must be an object {purposes, termDays, deliveryMethod, maxUses?}');
  const body = value as JsonObject;
  const purposes = parsePurposes(body.purposes);
  const termDays = optionalInteger(body, 'termDays', 1, MAX_TERM_DAYS);
  if (termDays === undefined) throw invalid(`terms.termDays must be an integer 1..${String(MAX_TERM_DAYS)}`);
  const deliveryMethod = requireEnum(body, 'deliveryMethod', DELIVERY_METHODS);
  const maxUses = optionalInteger(body, 'maxUses', 1, MAX_USES);
  return { purposes, termDays, deliveryMethod, ...(maxUses !== undefined ? { maxUses } : {}) };
}

export function parseListingRequest(body: JsonObject): ListingRequest {
  const assetId = requireString(body, 'assetId', 64);
  const exchange = requireString(body, 'exchange', 128);
  const askingPriceFen = optionalInteger(body, 'askingPriceFen', 1, MAX_PRICE_FEN);
  if (askingPriceFen === undefined) throw invalid('askingPriceFen (integer fen, at least 1) is required');
  return { assetId, exchange, askingPriceFen, terms: parseTerms(body.terms) };
}

export function parseOrderRequest(body: JsonObject): { listingId: string } {
  if ('price' in body || 'offerPrice' in body || 'priceFen' in body) {
    throw invalid('the offer price is confidential: it goes in transient data dal.confidential as {"price": fen}, never in the arguments');
  }
  return { listingId: requireString(body, 'listingId', 64) };
}

/** A confidential price from transient data: `{price}` in integer fen. */
export function parsePriceValue(value: JsonObject): PriceValue {
  const price = optionalInteger(value, 'price', 1, MAX_PRICE_FEN);
  if (price === undefined) throw invalid('transient dal.confidential must be {"price": integer fen ≥ 1}');
  return { price };
}

/** Settle's confidential input: the agreed price (and a partial refund) opened with the agreed salt. */
export function parseSettlementValue(value: JsonObject): PriceValue & { refundFen?: number } {
  const { price } = parsePriceValue(value);
  const refundFen = optionalInteger(value, 'refundFen', 0, MAX_PRICE_FEN);
  return { price, ...(refundFen !== undefined ? { refundFen } : {}) };
}

export function parseDelivery(body: JsonObject): { deliverableHash: string } {
  return { deliverableHash: requireHex64(body, 'deliverableHash') };
}

export function parseDisputeRequest(body: JsonObject): { reason: string; evidenceHash: string } {
  const reason = requireString(body, 'reason', 2000);
  const evidenceHash = requireHex64(body, 'evidenceHash');
  return { reason, evidenceHash };
}

export function parseResolutionRequest(body: JsonObject): { outcome: ResolutionOutcome; comment?: string } {
  if ('refundFen' in body) throw invalid('a partial refund is confidential: it goes in transient data dal.confidential as {"price", "refundFen"}');
  const outcome = requireEnum(body, 'outcome', RESOLUTION_OUTCOMES);
  const comment = optionalString(body, 'comment', 2000);
  return { outcome, ...(comment !== undefined ? { comment } : {}) };
}

export function parseSettleRequest(body: JsonObject): { disclosePrice: boolean } {
  if (body.disclosePrice !== undefined && typeof body.disclosePrice !== 'boolean') throw invalid('disclosePrice must be true or false');
  return { disclosePrice: body.disclosePrice === true };
}

/** `Market:ListListings` filter: `certificateId` or `exchange` (one index each), `status` applied to the page. */
export interface ListingFilter {
  certificateId?: string;
  exchange?: string;
  status?: ListingStatus;
}

export function parseListingFilter(body: JsonObject): ListingFilter {
  const certificateId = parseKeyAttribute(body.certificateId, 'filter.certificateId');
  const exchange = parseKeyAttribute(body.exchange, 'filter.exchange');
  const status = body.status === undefined ? undefined : requireEnum(body, 'status', LISTING_STATUSES);
  if (certificateId === undefined && exchange === undefined) throw invalid('name certificateId or exchange to list listings');
  return {
    ...(certificateId !== undefined ? { certificateId } : {}),
    ...(exchange !== undefined ? { exchange } : {}),
    ...(status !== undefined ? { status } : {}),
  };
}

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export function parseMonth(text: string, what: string): string {
  if (typeof text !== 'string' || !MONTH_PATTERN.test(text)) throw invalid(`${what} must be a month YYYY-MM`);
  return text;
}
