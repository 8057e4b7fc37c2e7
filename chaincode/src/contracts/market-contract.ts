/**
 * Market: trading (流通交易) at an exchange — listing (上架) by the operating-right holder,
 * orders (议价: offer, counter, accept), delivery (交付), confirmation, dispute (争议) and its
 * resolution by the exchange, and settlement (结算) with revenue distribution (收益分配), which
 * issues the buyer a licence (use rights, never the operating right).
 *
 * Confidential prices. Offers, counter-offers, a partial refund and the per-payee amounts go in
 * transient data (`dal.confidential`, salt in `dal.salt`) and are written to the implicit
 * collections of the certificate's registry, the seller's and the buyer's organisations, the
 * exchange and the regulator (store/confidential.ts); the public order keeps only commitments.
 * The chaincode cannot read another organisation's implicit collection on whichever peer runs
 * it, so a later step that needs a price — a partial resolution, the settlement — is given it
 * again in transient data with the agreed terms' salt, and checks it against the commitment.
 *
 * Keys and conflicts: listings, orders and settlements have ids from tx ids and their own keys;
 * an order never writes its listing, so concurrent orders on one listing do not conflict
 * (chaincode/README.md, "Trading keys").
 */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContract } from './ledger-contract';
import { canonicalJson } from '../canonical-json';
import { grantIdFor, listingIdFor, orderIdFor } from '../codes';
import { LedgerContext } from '../context';
import { ChaincodeError, invalid } from '../errors';
import { emit } from '../events';
import { actorOf, type Caller } from '../identity';
import { orderTermsKey } from '../keys';
import { Certificate } from '../model/certificate';
import { ConfidentialRef, commitmentOf, confidentialInput } from '../model/confidential';
import { Consortium } from '../model/consortium';
import { EncumberedOperation } from '../model/encumbrance';
import { Grant } from '../model/grant';
import type { Pledge } from '../model/pledge';
import {
  AmountsValue,
  Listing,
  Order,
  OrderStatus,
  PriceRecord,
  Settlement,
  parseDelivery,
  parseDisputeRequest,
  parseListingFilter,
  parseListingRequest,
  parseOrderRequest,
  parsePriceValue,
  parseResolutionRequest,
  parseSettleRequest,
  parseSettlementValue,
} from '../model/market';
import { parseJsonObject, parseOptionalJsonObject } from '../model/request';
import { mayActAsEntity, mayActAsExchangeOf, mayActAsSupervisor, mayReadConfidential } from '../rules/authorization';
import { mayReadOrder } from '../rules/read-access';
import { grantEndorsers } from '../rules/grant';
import { unencumberedFor } from '../rules/encumbrance';
import { canEnforce, encumbrancesBeyondConsent, mayActAsBankOf } from '../rules/pledge';
import {
  DEFAULT_EXCHANGE_FEE_BPS,
  canList,
  canPlaceOrder,
  bothConsentedToDisclosure,
  certificateHolds,
  marketEndorsers,
  monthOf,
  payeesOf,
  requireOrderStatus,
  sellerStillEntitled,
} from '../rules/market';
import { checkShares, distributeRevenue } from '../rules/revenue-distribution';
import { RuleResult, eitherOf, enforce, refuse } from '../rules/result';
import { loadCertificate } from '../store/certificates';
import { putConfidential, readConfidential } from '../store/confidential';
import { activeEncumbrances, openEncumbrance, findEncumbrance, saveEncumbrance } from '../store/encumbrances';
import { currentPledgeOf, loadPledge, recordConsentedListing } from '../store/pledges';
import { enforcePledge } from '../store/pledge-enforcement';
import { createGrant } from '../store/grants';
import {
  closeListing,
  createListing,
  createOrder,
  findSettlement,
  listListings,
  loadListing,
  loadOrder,
  openListingOf,
  priceRecords,
  recordSettlement,
  saveOrder,
  upstreamGrants,
} from '../store/market';
import { parsePageSize } from '../store/paging';
import { addDays } from '../time';
import { mayTrade } from '../rules/regulation';
import { tradeInputFor } from '../store/regulation';
import { MAX_STATISTICS_MONTHS } from '../model/price-statistics';
import {
  disclosurePage,
  exactPrices,
  parsePriceRange,
  parseThreshold,
  publicPrices,
} from '../store/price-monitoring';

/** The parties a regulatory check looks at: the seller, and the buyer once there is one. */
interface TradeParties {
  seller: string;
  buyer?: string;
}

/**
 * Who sells in a listing. 防范非法二次交易: the operating-right holder, as itself; a licensee has
 * use, not the right to sell. 处置 by sale (docs/pledges.md): an officer of a bank lists the
 * pledgor's asset, only for a pledge of its own in default and at the exchange it consented to;
 * the listing then carries the pledge id.
 */
function listingSeller(
  caller: Caller,
  consortium: Consortium,
  cert: Certificate,
  pledge: Pledge | undefined,
  exchange: string,
  nowIso: string,
): { seller: string; sale: { enforcementOf?: string } } {
  if (consortium.typeOf(caller.mspId) !== 'bank') {
    const holder = cert.rights.find((r) => r.type === 'operating')?.holder;
    enforce(mayActAsEntity(caller, holder, consortium));
    return { seller: holder ?? '', sale: {} };
  }
  if (pledge?.status !== 'active') throw new ChaincodeError('FORBIDDEN', 'a bank lists only an asset it holds in pledge, to enforce it (处置)');
  enforce(mayActAsBankOf(caller, pledge.pledgee, consortium));
  enforce(canEnforce(pledge, nowIso));
  if (pledge.listingConsent?.exchange !== exchange) {
    throw new ChaincodeError('CONFLICT', `pledge ${pledge.id} has no listing consent for ${exchange}; the bank records it first (Pledge:ConsentToListing)`);
  }
  return { seller: pledge.pledgor, sale: { enforcementOf: pledge.id } };
}

/** At most this many months in one price-record query (ten years). */
const MAX_PRICE_MONTHS = 120;

@Info({ title: 'Market', description: 'Trading at an exchange: listing, 议价, delivery, dispute, settlement with revenue distribution' })
export class MarketContract extends LedgerContract {
  constructor() {
    super('Market');
  }

  /**
   * 上架 by the holder of the operating right (a holder/operator entity its registry vouches
   * for): `{assetId, exchange, askingPriceFen, terms: {purposes, termDays, deliveryMethod, maxUses?}}`.
   * One open listing per certificate and exchange.
   */
  @Transaction()
  @Returns('string')
  public async CreateListing(ctx: LedgerContext, requestJson: string): Promise<string> {
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    const request = parseListingRequest(parseJsonObject(requestJson, 'request'));
    if (consortium.typeOf(request.exchange) !== 'exchange') throw invalid(`${request.exchange} is not an exchange organisation of the consortium`);
    const cert = await loadCertificate(ctx, request.assetId);
    const now = ctx.now;
    const pledge = await currentPledgeOf(ctx, cert.id);
    const { seller, sale } = listingSeller(caller, consortium, cert, pledge, request.exchange, now);
    enforce(canList(cert, seller, now));
    // a pledged asset lists only with its bank's recorded consent for this exchange (Pledge:ConsentToListing)
    enforce(unencumberedFor(cert.id, encumbrancesBeyondConsent(await activeEncumbrances(ctx, cert.id), pledge, request.exchange), 'listing'));
    await this.regulatoryRefusal(ctx, cert, { seller });
    // lineage shares above 100 % could never settle: refuse the listing now, not the trade at the end
    enforce(checkShares(payeesOf(request.exchange, DEFAULT_EXCHANGE_FEE_BPS, await upstreamGrants(ctx, cert))));
    const open = await openListingOf(ctx, cert.id, request.exchange);
    if (open !== undefined) throw new ChaincodeError('CONFLICT', `certificate ${cert.id} already has the open listing ${open} at ${request.exchange}; withdraw it first`);
    const txId = ctx.txId;
    const listing: Listing = {
      docType: 'marketListing',
      id: listingIdFor(txId),
      certificateId: cert.id,
      category: cert.category,
      exchange: request.exchange,
      seller,
      sellerMspId: caller.mspId,
      registry: cert.registry,
      askingPriceFen: request.askingPriceFen,
      exchangeFeeBps: DEFAULT_EXCHANGE_FEE_BPS,
      terms: request.terms,
      status: 'open',
      listedBy: actorOf(caller),
      listedAt: now,
      ...sale,
      endorsingOrgs: marketEndorsers(request.exchange, cert.registry),
      createdTxId: txId,
      lastTxId: txId,
      updatedAt: now,
    };
    await createListing(ctx, listing);
    // recorded on the pledge, whose policy names the bank: the bank's peer endorses the listing too
    if (pledge?.status === 'active') await recordConsentedListing(ctx, pledge, listing.id);
    return emit(ctx, 'ListingCreated', listing);
  }

  /** The seller withdraws an open listing (`{reason?}`); orders already placed on it go on. */
  @Transaction()
  @Returns('string')
  public async WithdrawListing(ctx: LedgerContext, id: string, requestJson: string): Promise<string> {
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    const body = parseOptionalJsonObject(requestJson, 'request');
    const reason = typeof body.reason === 'string' ? body.reason.slice(0, 2000) : undefined;
    const listing = await loadListing(ctx, id);
    enforce(listing.enforcementOf !== undefined ? mayActAsBankOf(caller, listing.sellerMspId, consortium) : mayActAsEntity(caller, listing.seller, consortium));
    if (listing.status !== 'open') throw new ChaincodeError('CONFLICT', `listing ${listing.id} is already ${listing.status}`);
    const now = ctx.now;
    const txId = ctx.txId;
    const after: Listing = {
      ...listing,
      status: 'withdrawn',
      withdrawn: { ...(reason !== undefined ? { reason } : {}), at: now, by: actorOf(caller), txId },
      lastTxId: txId,
      updatedAt: now,
    };
    await closeListing(ctx, after);
    return emit(ctx, 'ListingWithdrawn', after);
  }

  /**
   * 议价: a buyer (holder/operator entity) offers on an open listing: `{listingId}`, the offered
   * price `{price}` (fen) in transient `dal.confidential` with its salt in `dal.salt`.
   */
  @Transaction()
  @Returns('string')
  public async PlaceOrder(ctx: LedgerContext, requestJson: string): Promise<string> {
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    const buyer = caller.entity ?? '';
    enforce(mayActAsEntity(caller, buyer, consortium));
    const request = parseOrderRequest(parseJsonObject(requestJson, 'request'));
    const listing = await loadListing(ctx, request.listingId);
    const cert = await loadCertificate(ctx, listing.certificateId);
    const now = ctx.now;
    enforce(canPlaceOrder(listing, cert, buyer, now));
    // a listing whose seller has since lost the rights cannot lead to a settlement
    enforce(sellerStillEntitled({ seller: listing.seller, certificateId: cert.id }, cert));
    const pledge = await currentPledgeOf(ctx, cert.id);
    const consented = pledge?.listingConsent?.listings.includes(listing.id) === true ? pledge : undefined;
    enforce(unencumberedFor(cert.id, encumbrancesBeyondConsent(await activeEncumbrances(ctx, cert.id), consented, listing.exchange), 'order'));
    await this.regulatoryRefusal(ctx, cert, { seller: listing.seller, buyer });
    const txId = ctx.txId;
    const id = orderIdFor(txId);
    const holders = this.confidentialHolders(consortium, cert, listing, caller.mspId);
    const { value, salt } = confidentialInput(ctx.stub.getTransient());
    const offer = await putConfidential(ctx, orderTermsKey(ctx.stub, id, 'offer'), holders, parsePriceValue(value), salt);
    const order: Order = {
      docType: 'marketOrder',
      id,
      listingId: listing.id,
      certificateId: cert.id,
      exchange: listing.exchange,
      seller: listing.seller,
      sellerMspId: listing.sellerMspId,
      buyer,
      buyerMspId: caller.mspId,
      askingPriceFen: listing.askingPriceFen,
      terms: listing.terms,
      status: 'offered',
      confidentialHolders: offer.holders,
      offer,
      ...(listing.enforcementOf !== undefined ? { enforcementOf: listing.enforcementOf } : {}),
      placedBy: actorOf(caller),
      placedAt: now,
      lastAction: 'PlaceOrder',
      endorsingOrgs: listing.endorsingOrgs,
      createdTxId: txId,
      lastTxId: txId,
      updatedAt: now,
    };
    await createOrder(ctx, order);
    return emit(ctx, 'OrderPlaced', order);
  }

  /** The seller counters an offer: the counter price `{price}` in transient data, as for an offer. */
  @Transaction()
  @Returns('string')
  public async Counter(ctx: LedgerContext, id: string): Promise<string> {
    const order = await this.asParty(ctx, id, 'seller');
    enforce(requireOrderStatus(order, ['offered'], 'counter'));
    const { value, salt } = confidentialInput(ctx.stub.getTransient());
    const counter = await putConfidential(ctx, orderTermsKey(ctx.stub, order.id, 'counter'), order.confidentialHolders, parsePriceValue(value), salt);
    return this.update(ctx, order, 'Counter', 'OrderCountered', { status: 'countered', counter });
  }

  /** The seller accepts the buyer's offer, or the buyer accepts the seller's counter: the price is agreed. */
  @Transaction()
  @Returns('string')
  public async Accept(ctx: LedgerContext, id: string): Promise<string> {
    const order = await this.asParty(ctx, id, 'either');
    const side = this.sideOf(ctx, order);
    if (side === 'seller') {
      enforce(requireOrderStatus(order, ['offered'], 'accept the offer of'));
      return this.update(ctx, order, 'Accept', 'OrderAccepted', { status: 'agreed', agreed: { ...order.offer, from: 'offer' } });
    }
    enforce(requireOrderStatus(order, ['countered'], 'accept the counter-offer of'));
    const counter = order.counter ?? order.offer;
    return this.update(ctx, order, 'Accept', 'OrderAccepted', { status: 'agreed', agreed: { ...counter, from: 'counter' } });
  }

  /** 交付: the seller records the deliverable's SHA-256 `{deliverableHash}`. */
  @Transaction()
  @Returns('string')
  public async Deliver(ctx: LedgerContext, id: string, requestJson: string): Promise<string> {
    const order = await this.asParty(ctx, id, 'seller');
    const { deliverableHash } = parseDelivery(parseJsonObject(requestJson, 'request'));
    enforce(requireOrderStatus(order, ['agreed'], 'deliver'));
    return this.update(ctx, order, 'Deliver', 'OrderDelivered', { status: 'delivered', delivery: { deliverableHash, at: ctx.now, txId: ctx.txId } });
  }

  /** The buyer confirms the delivery; the exchange may then settle. */
  @Transaction()
  @Returns('string')
  public async Confirm(ctx: LedgerContext, id: string): Promise<string> {
    const order = await this.asParty(ctx, id, 'buyer');
    enforce(requireOrderStatus(order, ['delivered'], 'confirm'));
    return this.update(ctx, order, 'Confirm', 'OrderConfirmed', { status: 'confirmed', confirmedAt: ctx.now });
  }

  /**
   * 信息披露 consent: the buyer or the seller agrees that the settled price may be published. A
   * settlement discloses the price only when both have (`Settle` `{disclosePrice: true}` is
   * refused otherwise): the price is theirs, not the exchange's, to publish.
   */
  @Transaction()
  @Returns('string')
  public async ConsentToDisclosure(ctx: LedgerContext, id: string): Promise<string> {
    const order = await this.asParty(ctx, id, 'either');
    enforce(requireOrderStatus(order, ['offered', 'countered', 'agreed', 'delivered', 'confirmed', 'disputed', 'resolved'], 'consent to disclosure on'));
    const consented = [...new Set([...(order.disclosureConsent ?? []), ctx.caller.entity ?? ''])].sort();
    return this.update(ctx, order, 'ConsentToDisclosure', 'DisclosureConsented', { disclosureConsent: consented });
  }

  /**
   * 争议: the buyer or the seller opens a dispute `{reason, evidenceHash}` on an agreed or
   * delivered order. While it is open, a `dispute` encumbrance (lifted by the exchange) blocks
   * listing, ordering, transferring and changing the certificate.
   */
  @Transaction()
  @Returns('string')
  public async Dispute(ctx: LedgerContext, id: string, requestJson: string): Promise<string> {
    const order = await this.asParty(ctx, id, 'either');
    const request = parseDisputeRequest(parseJsonObject(requestJson, 'request'));
    enforce(requireOrderStatus(order, ['agreed', 'delivered'], 'open a dispute on'));
    const cert = await loadCertificate(ctx, order.certificateId);
    const now = ctx.now;
    const txId = ctx.txId;
    const caller = ctx.caller;
    const encumbrance = await openEncumbrance(ctx, cert, { kind: 'dispute', holder: order.exchange, reference: order.id, reason: request.reason });
    return this.update(ctx, order, 'Dispute', 'OrderDisputed', {
      status: 'disputed',
      dispute: { ...request, openedBy: actorOf(caller), at: now, encumbranceId: encumbrance.id, txId },
    });
  }

  /**
   * The exchange resolves a dispute `{outcome: refund | release | partial, comment?}` and lifts
   * that dispute's encumbrance only. `refund` ends the order; `release` lets it be settled in
   * full; `partial` takes `{price, refundFen}` in transient data with the agreed terms' salt
   * and records the refund confidentially; settlement then pays the price less the refund.
   */
  @Transaction()
  @Returns('string')
  public async Resolve(ctx: LedgerContext, id: string, requestJson: string): Promise<string> {
    const order = await this.asExchange(ctx, id);
    const request = parseResolutionRequest(parseJsonObject(requestJson, 'request'));
    enforce(requireOrderStatus(order, ['disputed'], 'resolve'));
    const dispute = order.dispute;
    const encumbrance = dispute ? await findEncumbrance(ctx, order.certificateId, dispute.encumbranceId) : undefined;
    if (!encumbrance || encumbrance.status !== 'active') throw new ChaincodeError('CONFLICT', `order ${order.id} has no active dispute encumbrance`);
    const now = ctx.now;
    const txId = ctx.txId;
    const by = actorOf(ctx.caller);
    const refund = request.outcome === 'partial' ? await this.recordRefund(ctx, order) : undefined;
    await saveEncumbrance(ctx, { ...encumbrance, status: 'lifted', lifted: { reference: order.id, reason: `dispute resolved: ${request.outcome}`, at: now, by, txId }, lastTxId: txId, updatedAt: now });
    const status: OrderStatus = request.outcome === 'refund' ? 'refunded' : 'resolved';
    return this.update(ctx, order, 'Resolve', 'DisputeResolved', {
      status,
      resolution: { outcome: request.outcome, ...(request.comment !== undefined ? { comment: request.comment } : {}), ...(refund ? { refund } : {}), by, at: now, txId },
    });
  }

  /**
   * 结算 by an operator of the order's exchange, after confirmation or a `release`/`partial`
   * resolution: `{disclosePrice?}`; the agreed price `{price, refundFen?}` in transient data
   * with the agreed terms' salt. Splits the price among the exchange fee, the upstream grants
   * with revenue shares and the seller (rules/revenue-distribution.ts), records the amounts
   * confidentially, writes the price record, and issues the buyer a licence grant — or, for a
   * 处置 sale listed by the pledgee bank (`enforcementOf`), transfers the pledgor's rights to the
   * buyer and ends the pledge `enforced` with this order (docs/pledges.md).
   */
  @Transaction()
  @Returns('string')
  public async Settle(ctx: LedgerContext, id: string, requestJson: string): Promise<string> {
    const consortium = await ctx.consortium();
    const order = await this.asExchange(ctx, id);
    const { disclosePrice } = parseSettleRequest(parseOptionalJsonObject(requestJson, 'request'));
    enforce(requireOrderStatus(order, ['confirmed', 'resolved'], 'settle'));
    if (disclosePrice) enforce(bothConsentedToDisclosure(order));
    if (await findSettlement(ctx, order.id)) throw new ChaincodeError('CONFLICT', `order ${order.id} is already settled`);
    const cert = await loadCertificate(ctx, order.certificateId);
    enforce(sellerStillEntitled(order, cert));
    // settlement issues the buyer a licence: a revoked or expired certificate, or one under a
    // pledge or judicial freeze (which block new grants), settles nothing — except the pledgee
    // bank's 处置 sale, which transfers the pledgor's rights and ends the pledge instead
    enforce(certificateHolds(cert, ctx.now));
    const pledge = await this.pledgeSoldBy(ctx, order, cert);
    await this.regulatoryRefusal(ctx, cert, { seller: order.seller, buyer: order.buyer });
    const { value, salt } = this.openAgreed(ctx, order);
    const settledFen = value.price - this.refundOf(order, value.refundFen, salt);
    const listing = await loadListing(ctx, order.listingId);
    const shares = payeesOf(order.exchange, listing.exchangeFeeBps, await upstreamGrants(ctx, cert));
    enforce(checkShares(shares));
    // the proceeds of a 处置 sale, after the exchange fee and the upstream shares, go to the bank
    const payouts = distributeRevenue(settledFen, shares, pledge === undefined ? order.seller : pledge.pledgee);
    const amountsValue: AmountsValue = { settledFen, payouts };
    const amounts = await putConfidential(ctx, orderTermsKey(ctx.stub, order.id, 'amounts'), order.confidentialHolders, amountsValue, salt);
    const delivered = await this.deliverRights(ctx, order, cert, consortium, pledge);
    const now = ctx.now;
    const settlement: Settlement = {
      docType: 'marketSettlement',
      orderId: order.id,
      listingId: order.listingId,
      certificateId: cert.id,
      exchange: order.exchange,
      category: cert.category,
      payees: payouts.map(({ fen: _fen, ...payee }) => payee),
      amounts,
      disclosed: disclosePrice,
      ...(disclosePrice ? { priceFen: settledFen, payouts } : {}),
      ...delivered,
      settledBy: actorOf(ctx.caller),
      settledAt: now,
      endorsingOrgs: order.endorsingOrgs,
      txId: ctx.txId,
    };
    const price: PriceRecord = { docType: 'marketPrice', category: cert.category, month: monthOf(now), orderId: order.id, disclosed: disclosePrice, ...(disclosePrice ? { priceFen: settledFen } : {}), settledAt: now };
    await recordSettlement(ctx, settlement, price);
    const { enforcementOf: _sold, ...licence } = delivered;
    const after = this.next(ctx, order, 'Settle', { status: 'settled', settledAt: now, ...licence });
    await saveOrder(ctx, after);
    return emit(ctx, 'OrderSettled', { order: after, settlement });
  }

  @Transaction(false)
  @Returns('string')
  public async GetListing(ctx: LedgerContext, id: string): Promise<string> {
    return canonicalJson(await loadListing(ctx, id));
  }

  /** Paged: `filterJson` `{certificateId?, exchange?, status?}` (certificateId or exchange required). */
  @Transaction(false)
  @Returns('string')
  public async ListListings(ctx: LedgerContext, filterJson: string, pageSize: string, bookmark: string): Promise<string> {
    const filter = parseListingFilter(parseOptionalJsonObject(filterJson, 'filter'));
    return canonicalJson(await listListings(ctx, filter, parsePageSize(pageSize), bookmark));
  }

  /**
   * The order (commitments, never prices) with its settlement once settled: for its buyer and
   * seller, the exchange, the certificate's registry and the regulator (rules/read-access.ts).
   */
  @Transaction(false)
  @Returns('string')
  public async GetOrder(ctx: LedgerContext, id: string): Promise<string> {
    const order = await loadOrder(ctx, id);
    const cert = await loadCertificate(ctx, order.certificateId);
    enforce(mayReadOrder(ctx.caller, order, cert.registry, await ctx.consortium()));
    const settlement = await findSettlement(ctx, order.id);
    return canonicalJson({ ...order, ...(settlement ? { settlement } : {}) });
  }

  /**
   * The confidential prices of an order from the caller's own organisation's peer: offer,
   * counter, refund and settlement amounts, each with its salt. For the buyer, the seller, the
   * exchange's operators and the regulator's regulators and auditors, in an organisation
   * holding a copy; everyone else `FORBIDDEN`.
   */
  @Transaction(false)
  @Returns('string')
  public async Terms(ctx: LedgerContext, id: string): Promise<string> {
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    const order = await loadOrder(ctx, id);
    enforce(
      mayReadConfidential(caller, order.confidentialHolders, [
        mayActAsEntity(caller, order.buyer, consortium),
        mayActAsEntity(caller, order.seller, consortium),
        mayActAsExchangeOf(caller, order.exchange, consortium),
        mayActAsSupervisor(caller, consortium),
      ]),
    );
    const settlement = await findSettlement(ctx, order.id);
    const refs: [string, ConfidentialRef | undefined][] = [
      ['offer', order.offer],
      ['counter', order.counter],
      ['refund', order.resolution?.refund],
      ['amounts', settlement?.amounts],
    ];
    const out: Record<string, unknown> = { orderId: order.id, agreedFrom: order.agreed?.from ?? null };
    for (const [name, ref] of refs) {
      if (ref) out[name] = await readConfidential(ctx, ref, caller.mspId);
    }
    return canonicalJson(out);
  }

  /** The price records of a category from `fromMonth` to `toMonth` (YYYY-MM, at most 120 months): amounts only where disclosed. */
  @Transaction(false)
  @Returns('string')
  public async PriceRecords(ctx: LedgerContext, category: string, fromMonth: string, toMonth: string): Promise<string> {
    const { months } = parsePriceRange(category, fromMonth, toMonth, MAX_PRICE_MONTHS);
    const records = await priceRecords(ctx, category, months);
    return canonicalJson({ category, fromMonth, toMonth, count: records.length, records });
  }

  /**
   * 价格监测, public: per month from `fromMonth` to `toMonth` (YYYY-MM, at most 36 months) and over
   * the range, count of trades and of disclosed prices, and figures (min, max, median,
   * quantiles) over the disclosed prices only — withheld in a cell with fewer than k disclosed
   * prices. `threshold` is k: empty for 5, else an integer from 2. A price not disclosed is never
   * read, so no answer, and no difference between answers, depends on one.
   */
  @Transaction(false)
  @Returns('string')
  public async Prices(ctx: LedgerContext, category: string, fromMonth: string, toMonth: string, threshold: string): Promise<string> {
    const range = parsePriceRange(category, fromMonth, toMonth, MAX_STATISTICS_MONTHS);
    return canonicalJson(await publicPrices(ctx, range, parseThreshold(threshold)));
  }

  /**
   * 价格监测 for the regulator's regulators and auditors: exact figures over every settled price
   * in the range (at most 36 months), the ones not disclosed read from the regulator's own
   * copy of each settlement's confidential amounts on its own peer.
   */
  @Transaction(false)
  @Returns('string')
  public async ExactPrices(ctx: LedgerContext, category: string, fromMonth: string, toMonth: string): Promise<string> {
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    enforce(mayActAsSupervisor(caller, consortium));
    const range = parsePriceRange(category, fromMonth, toMonth, MAX_STATISTICS_MONTHS);
    return canonicalJson(await exactPrices(ctx, range, caller.mspId));
  }

  /**
   * 信息披露: a page of the settled trades of a category in one month (YYYY-MM) — order,
   * certificate, category, exchange, settlement day, and the price only where the parties
   * disclosed it. No party, no confidential term.
   */
  @Transaction(false)
  @Returns('string')
  public async Disclosures(ctx: LedgerContext, category: string, month: string, pageSize: string, bookmark: string): Promise<string> {
    const range = parsePriceRange(category, month, month, 1);
    return canonicalJson(await disclosurePage(ctx, range.category, range.fromMonth, parsePageSize(pageSize), bookmark));
  }

  /**
   * The regulator's rules (rules/regulation.ts `mayTrade`: core data never trades, the negative
   * list 负面清单, important data only under a filing in force 重要数据流通备案, no party flagged
   * dishonest 失信), each refusal POLICY_VIOLATION (422). Called at listing, order and settlement,
   * so every trade passes them in the same transaction that moves it, and a concurrent listing on
   * the negative list or credit flag conflicts with it at commit (store/regulation.ts).
   */
  private async regulatoryRefusal(ctx: LedgerContext, cert: Certificate, parties: TradeParties): Promise<void> {
    const entities = [parties.seller, ...(parties.buyer !== undefined ? [parties.buyer] : [])];
    enforce(mayTrade(await tradeInputFor(ctx, cert, entities, ctx.now)));
  }

  /**
   * The pledge a 处置 sale enforces, checked: still active and in default, and nothing but that
   * pledge encumbering the certificate's transfer. For any other order: undefined, after checking
   * that nothing blocks the buyer's new grant (a pledge or a judicial freeze does).
   */
  private async pledgeSoldBy(ctx: LedgerContext, order: Order, cert: Certificate): Promise<Pledge | undefined> {
    if (order.enforcementOf === undefined) {
      await this.refuseIfEncumbered(ctx, cert, 'new_grant');
      return undefined;
    }
    const pledge = await loadPledge(ctx, order.enforcementOf);
    enforce(canEnforce(pledge, ctx.now));
    const others = (await activeEncumbrances(ctx, cert.id)).filter((e) => e.id !== pledge.encumbranceId);
    enforce(unencumberedFor(cert.id, others, 'transfer'));
    return pledge;
  }

  /**
   * What the buyer receives: a licence grant, or — in a 处置 sale — every right the pledgor holds,
   * the pledge ending `enforced` with this order (store/pledge-enforcement.ts).
   */
  private async deliverRights(ctx: LedgerContext, order: Order, cert: Certificate, consortium: Consortium, pledge: Pledge | undefined): Promise<{ grantId?: string; enforcementOf?: string }> {
    if (pledge === undefined) {
      const grant = this.licenceFor(ctx, order, cert, consortium);
      await createGrant(ctx, grant);
      return { grantId: grant.id };
    }
    const sale = { orderId: order.id, listingId: order.listingId, exchange: order.exchange };
    await enforcePledge(ctx, ctx.caller, ctx.now, pledge, cert, { transferTo: order.buyer, reason: `the pledgor defaulted; sold at ${order.exchange}`, sale });
    return { enforcementOf: pledge.id };
  }

  private async refuseIfEncumbered(ctx: LedgerContext, cert: Certificate, operation: EncumberedOperation): Promise<void> {
    enforce(unencumberedFor(cert.id, await activeEncumbrances(ctx, cert.id), operation));
  }

  /**
   * The certificate's issuing registry, the seller's organisation (its registry, which differs
   * when the operating right moved to another city's enterprise), the buyer's organisation, the
   * exchange and the regulator.
   */
  private confidentialHolders(consortium: Consortium, cert: Certificate, listing: Listing, buyerMspId: string): string[] {
    return [...new Set([cert.registry, listing.sellerMspId, buyerMspId, listing.exchange, consortium.regulatorMspId()])].sort();
  }

  private sideOf(ctx: LedgerContext, order: Order): 'buyer' | 'seller' {
    if (order.enforcementOf !== undefined) return ctx.caller.mspId === order.sellerMspId ? 'seller' : 'buyer';
    return ctx.caller.entity === order.seller ? 'seller' : 'buyer';
  }

  /** Loads the order and checks the caller speaks for the named side (or either side). */
  private async asParty(ctx: LedgerContext, id: string, side: 'buyer' | 'seller' | 'either'): Promise<Order> {
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    const order = await loadOrder(ctx, id);
    const asBuyer = mayActAsEntity(caller, order.buyer, consortium);
    // a 处置 sale's seller side is the bank that listed it
    const asSeller = order.enforcementOf !== undefined ? mayActAsBankOf(caller, order.sellerMspId, consortium) : mayActAsEntity(caller, order.seller, consortium);
    const verdicts: Record<typeof side, RuleResult> = {
      buyer: asBuyer.allowed ? asBuyer : refuse('FORBIDDEN', `only the buyer of order ${order.id} may do this`),
      seller: asSeller.allowed ? asSeller : refuse('FORBIDDEN', `only the seller of order ${order.id} may do this`),
      either: eitherOf(asBuyer, asSeller, `only the buyer or the seller of order ${order.id} may do this`),
    };
    enforce(verdicts[side]);
    return order;
  }

  private async asExchange(ctx: LedgerContext, id: string): Promise<Order> {
    const consortium = await ctx.consortium();
    const order = await loadOrder(ctx, id);
    enforce(mayActAsExchangeOf(ctx.caller, order.exchange, consortium));
    return order;
  }

  /** The agreed price (and a refund) from transient data, checked against the agreed commitment with its salt. */
  private openAgreed(ctx: LedgerContext, order: Order): { value: { price: number; refundFen?: number }; salt: Uint8Array } {
    const agreed = order.agreed;
    if (!agreed) throw new ChaincodeError('CONFLICT', `order ${order.id} has no agreed price`);
    const { value, salt } = confidentialInput(ctx.stub.getTransient());
    const opened = parseSettlementValue(value);
    if (commitmentOf(salt, { price: opened.price }) !== agreed.commitment) {
      throw invalid(`the price and salt in transient data do not open the agreed commitment of order ${order.id}; read them with Market:Terms`);
    }
    return { value: opened, salt };
  }

  /** A partial resolution's refund `{price, refundFen}` (opened with the agreed salt), recorded confidentially. */
  private async recordRefund(ctx: LedgerContext, order: Order): Promise<ConfidentialRef> {
    const { value, salt } = this.openAgreed(ctx, order);
    if (value.refundFen === undefined || value.refundFen < 1 || value.refundFen >= value.price) {
      throw invalid('a partial resolution names refundFen, at least 1 and less than the agreed price, in transient dal.confidential');
    }
    return putConfidential(ctx, orderTermsKey(ctx.stub, order.id, 'refund'), order.confidentialHolders, { refundFen: value.refundFen }, salt);
  }

  /** A partial resolution's refund, checked against its commitment; 0 otherwise. */
  private refundOf(order: Order, refundFen: number | undefined, salt: Uint8Array): number {
    const ref = order.resolution?.refund;
    if (!ref) return 0;
    if (refundFen === undefined || commitmentOf(salt, { refundFen }) !== ref.commitment) {
      throw invalid(`order ${order.id} was resolved with a partial refund: give its refundFen in transient data with the agreed salt`);
    }
    return refundFen;
  }

  /** The buyer's licence: use (processing) for the listed purposes and term, never the operating right. */
  private licenceFor(ctx: LedgerContext, order: Order, cert: Certificate, consortium: Consortium): Grant {
    const now = ctx.now;
    const txId = ctx.txId;
    const sellerRegistry = consortium.isRegistry(order.sellerMspId) ? order.sellerMspId : cert.registry;
    return {
      docType: 'grant',
      id: grantIdFor(txId),
      assetId: cert.id,
      type: 'licence',
      grantee: order.buyer,
      rights: ['processing'],
      purposes: order.terms.purposes,
      validFrom: now,
      validTo: addDays(now, order.terms.termDays),
      paid: true,
      ...(order.terms.maxUses !== undefined ? { maxUses: order.terms.maxUses } : {}),
      rawDataStaysInDomain: order.terms.deliveryMethod === 'sandbox' || order.terms.deliveryMethod === 'privacy_computing',
      grantor: order.seller,
      registry: cert.registry,
      status: 'active',
      grantedBy: actorOf(ctx.caller),
      grantedAt: now,
      depth: 0,
      endorsingOrgs: grantEndorsers(cert.registry, sellerRegistry),
      createdTxId: txId,
      lastTxId: txId,
      updatedAt: now,
    };
  }

  private next(ctx: LedgerContext, order: Order, action: string, patch: Partial<Order>): Order {
    return { ...order, ...patch, lastAction: action, lastTxId: ctx.txId, updatedAt: ctx.now };
  }

  private async update(ctx: LedgerContext, order: Order, action: string, event: string, patch: Partial<Order>): Promise<string> {
    const after = this.next(ctx, order, action, patch);
    await saveOrder(ctx, after);
    return emit(ctx, event, after);
  }
}
