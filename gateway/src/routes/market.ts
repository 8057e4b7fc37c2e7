/**
 * Trading at an exchange (流通交易): listing (上架) by the operating-right holder, orders
 * (议价: offer, counter, accept), delivery (交付), confirmation, dispute (争议) and its
 * resolution, settlement (结算) with revenue distribution (收益分配). Each write is one
 * chaincode transaction signed as the caller; the chaincode decides who may, and which
 * organisations must endorse (Planning:EndorsementPlan: the exchange, the issuing registry and,
 * for confidential prices, every organisation that keeps a copy).
 *
 * Prices other than the public asking price travel as transient data with a salt
 * (confidential.ts), never in the transaction; the reply hands the salt back.
 *
 * Price monitoring (价格监测) and disclosure (信息披露) are public reads, without a key, signed
 * as the public verifier (verification/public-verifier.ts); the regulator's exact figures are
 * read as the caller, on its own organisation's peer, which holds its copies of the amounts.
 * The public figures are kept in memory until a settlement of their category commits
 * (market/price-figures-cache.ts); the exact ones are read on every request.
 */
import { plannedByChaincode } from '../ledger-service/endorsers';
import { evaluateTransaction, submitTransaction } from '../ledger-service/transaction';
import { bodyArg } from './chaincode-call';
import type { AuthenticatedContext, AuthenticatedRoute, PublicRoute, Reply, RouteDefinition } from './route';
import type { RouteServices } from './route-services';

const TAG = 'market';
const WRITE_ERRORS = [403, 404, 409, 422] as const;
const PARTY_ROLES = ['holder', 'operator'] as const;
const EXCHANGE_ROLES = ['exchange'] as const;

interface Page {
  readonly items: unknown[];
  readonly bookmark: string;
}

/** A write route on an order: POST /orders/{id}/<step>, planned by the chaincode. */
function orderStep(
  step: string,
  operationId: string,
  transaction: string,
  summary: string,
  options: { roles: readonly string[]; body?: string; description?: string; handler: (ctx: AuthenticatedContext) => Promise<Reply> },
): AuthenticatedRoute {
  return {
    method: 'post',
    path: `/api/v1/orders/:id/${step}`,
    access: 'authenticated',
    roles: [...options.roles],
    operationId,
    tag: TAG,
    summary,
    ...(options.description !== undefined ? { description: options.description } : {}),
    params: 'OrderIdParams',
    ...(options.body !== undefined ? { body: options.body } : {}),
    idempotent: true,
    responses: { 200: { description: 'The order after the step.', schema: operationId === 'settleOrder' ? 'SettlementReply' : 'Order' } },
    errors: WRITE_ERRORS,
    transaction: submitTransaction(transaction, { endorsers: plannedByChaincode }),
    handler: options.handler,
  };
}

/** Submits with a confidential value in transient data and hands the salt back in the reply. */
async function withSecret(
  ctx: AuthenticatedContext,
  args: readonly string[],
  value: Record<string, unknown>,
  salt: string | undefined,
  status: 200 | 201 = 200,
): Promise<Reply> {
  return ctx.chaincode.submit(args, status, { value, ...(salt !== undefined ? { salt } : {}) });
}

const PRICES = evaluateTransaction('Market:Prices');
const DISCLOSURES = evaluateTransaction('Market:Disclosures');

/** A public query, signed as the public verifier; its parsed JSON answer. */
async function publicQuery(services: Pick<RouteServices, 'ledger' | 'publicVerifier'>, fn: string, args: readonly string[]): Promise<unknown> {
  const payload = await services.ledger.evaluate(services.publicVerifier, fn, args);
  return JSON.parse(Buffer.from(payload).toString('utf8')) as unknown;
}

/** GET /market/prices, /market/prices/exact and /market/disclosures. */
function priceRoutes(services: Pick<RouteServices, 'ledger' | 'publicVerifier' | 'priceFigures'>): RouteDefinition[] {
  const range = (query: Readonly<Record<string, unknown>>): string[] => [String(query.category), String(query.from), String(query.to)];
  const prices: PublicRoute = {
    method: 'get',
    path: '/api/v1/market/prices',
    access: 'public',
    operationId: 'getMarketPrices',
    tag: TAG,
    summary: 'Price monitoring (价格监测): settled-trade figures of a category per month and over the range — public',
    description:
      'No API key. For each month from `from` to `to` (at most 36) and for the whole range: how many trades settled, how many with a disclosed price, and ' +
      'count, min, max, median and quantiles (nearest rank) over the **disclosed** prices only. A cell with fewer than `threshold` (k, default 5, at least 2) disclosed prices ' +
      'publishes its counts only (`withheld`). A price the parties did not disclose is never read, so no figure, and no difference between two answers, depends on one. ' +
      'Served from memory until a settlement of the category commits; with `X-Min-Block`, computed with that block.',
    query: 'PriceQuery',
    responses: { 200: { description: 'The figures.', schema: 'MarketPrices' } },
    transaction: PRICES,
    async handler({ query, minBlock }) {
      const [category = '', from = '', to = ''] = range(query);
      const threshold = query.threshold === undefined ? '' : String(query.threshold);
      return { body: await services.priceFigures.figures({ category, from, to, threshold }, minBlock === undefined ? {} : { minBlock }) };
    },
  };
  const exact: AuthenticatedRoute = {
    method: 'get',
    path: '/api/v1/market/prices/exact',
    access: 'authenticated',
    roles: ['regulator', 'auditor'],
    operationId: 'getExactMarketPrices',
    tag: TAG,
    summary: "The regulator's exact price figures over every settled trade, disclosed or not",
    description:
      "For the regulator organisation's regulators and auditors (403 for anyone else). Prices not disclosed are read from the regulator's own copies of the settlement amounts, on its own peer.",
    query: 'ExactPriceQuery',
    responses: { 200: { description: 'The exact figures.', schema: 'ExactMarketPrices' } },
    errors: [403],
    transaction: evaluateTransaction('Market:ExactPrices'),
    async handler({ chaincode, query }) {
      return { body: await chaincode.evaluate(range(query)) };
    },
  };
  const disclosures: PublicRoute = {
    method: 'get',
    path: '/api/v1/market/disclosures',
    access: 'public',
    operationId: 'listMarketDisclosures',
    tag: TAG,
    summary: 'Disclosure (信息披露): a page of the settled trades of a category in one month — public',
    description:
      'No API key. Each settled trade with its order, certificate, category, exchange and settlement day, and its price only where the parties disclosed it ' +
      '(`disclosed: false` otherwise). No buyer, seller or payee — no entity code of any kind — and no confidential term. Follow `bookmark` until it is empty.',
    query: 'DisclosureQuery',
    responses: { 200: { description: 'One page.', schema: 'DisclosurePage' } },
    transaction: DISCLOSURES,
    async handler({ query }) {
      const page = (await publicQuery(services, DISCLOSURES.name, [
        String(query.category),
        String(query.month),
        String(query.limit),
        String(query.bookmark ?? ''),
      ])) as Page;
      return { body: { items: page.items, bookmark: page.bookmark } };
    },
  };
  return [prices, exact, disclosures];
}

export function marketRoutes(services: Pick<RouteServices, 'ledger' | 'publicVerifier' | 'priceFigures'>): RouteDefinition[] {
  const id = (ctx: AuthenticatedContext): string => ctx.params.id ?? '';
  const body = (ctx: AuthenticatedContext): Record<string, unknown> => (ctx.body ?? {}) as Record<string, unknown>;

  return [
    {
      method: 'post',
      path: '/api/v1/listings',
      access: 'authenticated',
      roles: [...PARTY_ROLES],
      operationId: 'createListing',
      tag: TAG,
      summary: 'List (上架) the use of an issued certificate at an exchange, as its operating-right holder',
      description:
        'Only the holder of the operating right lists (403 for anyone else — a licensee has use, not the right to resell: 防范非法二次交易). ' +
        'One open listing per certificate and exchange (409); a certificate not issued, expired, or under a pledge, dispute or judicial freeze: 409; core data: 422.',
      body: 'ListingRequest',
      idempotent: true,
      responses: { 201: { description: 'The listing, `open`.', schema: 'Listing' } },
      errors: WRITE_ERRORS,
      transaction: submitTransaction('Market:CreateListing', { endorsers: plannedByChaincode }),
      handler: (ctx) => ctx.chaincode.submit([bodyArg(ctx)], 201),
    },
    {
      method: 'post',
      path: '/api/v1/listings/:id/withdraw',
      access: 'authenticated',
      roles: [...PARTY_ROLES],
      operationId: 'withdrawListing',
      tag: TAG,
      summary: 'Withdraw an open listing, as its seller',
      params: 'ListingIdParams',
      body: 'OptionalReasonRequest',
      idempotent: true,
      responses: { 200: { description: 'The listing, `withdrawn`.', schema: 'Listing' } },
      errors: WRITE_ERRORS,
      transaction: submitTransaction('Market:WithdrawListing', { endorsers: plannedByChaincode }),
      handler: (ctx) => ctx.chaincode.submit([id(ctx), bodyArg(ctx)]),
    },
    {
      method: 'get',
      path: '/api/v1/listings/:id',
      access: 'authenticated',
      operationId: 'getListing',
      tag: TAG,
      summary: 'One listing',
      params: 'ListingIdParams',
      responses: { 200: { description: 'The listing.', schema: 'Listing' } },
      errors: [404],
      transaction: evaluateTransaction('Market:GetListing'),
      async handler({ chaincode, params }) {
        return { body: await chaincode.evaluate([params.id ?? '']) };
      },
    },
    {
      method: 'get',
      path: '/api/v1/listings',
      access: 'authenticated',
      operationId: 'listListings',
      tag: TAG,
      summary: 'A page of the listings of a certificate or at an exchange',
      description:
        'Name `certificateId` or `exchange` (400 otherwise); `status` narrows the page, so a page may hold fewer than `limit` items. Follow `bookmark` until it is empty.',
      query: 'ListingQuery',
      responses: { 200: { description: 'One page.', schema: 'ListingPage' } },
      transaction: evaluateTransaction('Market:ListListings'),
      async handler(ctx) {
        const filter: Record<string, unknown> = {};
        for (const f of ['certificateId', 'exchange', 'status'] as const) if (ctx.query[f] !== undefined) filter[f] = ctx.query[f];
        const answer = (await ctx.chaincode.evaluate([JSON.stringify(filter), String(ctx.query.limit), String(ctx.query.bookmark ?? '')])) as Page;
        return { body: { items: answer.items, bookmark: answer.bookmark } };
      },
    },
    {
      method: 'post',
      path: '/api/v1/orders',
      access: 'authenticated',
      roles: [...PARTY_ROLES],
      operationId: 'placeOrder',
      tag: TAG,
      summary: 'Offer (议价) on an open listing, as a buyer',
      description:
        "`offerPrice` is confidential (transient data; kept by the peers of the certificate's registry, the seller's organisation, yours, the exchange and the regulator); " +
        'the order records its commitment beside the public asking price. The reply hands back `salt`. The seller itself: 422.',
      body: 'OrderRequest',
      idempotent: true,
      responses: { 201: { description: 'The order, `offered`, with `salt`.', schema: 'Order' } },
      errors: WRITE_ERRORS,
      transaction: submitTransaction('Market:PlaceOrder', { endorsers: plannedByChaincode }),
      handler: (ctx) => {
        const { listingId, offerPrice, salt } = body(ctx) as { listingId: string; offerPrice: number; salt?: string };
        return withSecret(ctx, [JSON.stringify({ listingId })], { price: offerPrice }, salt, 201);
      },
    },
    orderStep('counter', 'counterOrder', 'Market:Counter', 'Counter an offer, as the seller (the counter price is confidential, like the offer)', {
      roles: PARTY_ROLES,
      body: 'CounterRequest',
      handler: (ctx) => {
        const { price, salt } = body(ctx) as { price: number; salt?: string };
        return withSecret(ctx, [id(ctx)], { price }, salt);
      },
    }),
    orderStep('accept', 'acceptOrder', 'Market:Accept', "Accept: the seller accepts the buyer's offer, or the buyer the seller's counter (→ agreed)", {
      roles: PARTY_ROLES,
      handler: (ctx) => ctx.chaincode.submit([id(ctx)]),
    }),
    orderStep('deliver', 'deliverOrder', 'Market:Deliver', 'Record the delivery (交付) with the deliverable’s SHA-256, as the seller', {
      roles: PARTY_ROLES,
      body: 'DeliveryRequest',
      handler: (ctx) => ctx.chaincode.submit([id(ctx), bodyArg(ctx)]),
    }),
    orderStep('confirm', 'confirmOrder', 'Market:Confirm', 'Confirm the delivery, as the buyer', {
      roles: PARTY_ROLES,
      handler: (ctx) => ctx.chaincode.submit([id(ctx)]),
    }),
    orderStep(
      'disclosure-consent',
      'consentToDisclosure',
      'Market:ConsentToDisclosure',
      'Consent, as the buyer or the seller, to the settled price being disclosed',
      {
        roles: PARTY_ROLES,
        description: 'A settlement publishes the price (`disclosePrice: true`) only when both the buyer and the seller have consented.',
        handler: (ctx) => ctx.chaincode.submit([id(ctx)]),
      },
    ),
    orderStep('dispute', 'disputeOrder', 'Market:Dispute', 'Open a dispute (争议) on an agreed or delivered order, as the buyer or the seller', {
      roles: PARTY_ROLES,
      body: 'DisputeRequest',
      description: 'While open, a `dispute` encumbrance blocks listing, ordering, transferring and changing the certificate.',
      handler: (ctx) => ctx.chaincode.submit([id(ctx), bodyArg(ctx)]),
    }),
    orderStep('resolve', 'resolveOrder', 'Market:Resolve', 'Resolve a dispute as the exchange: refund, release or partial; lifts that dispute only', {
      roles: EXCHANGE_ROLES,
      body: 'ResolutionRequest',
      handler: (ctx) => {
        const { price, refundFen, salt, ...resolution } = body(ctx) as { price?: number; refundFen?: number; salt?: string };
        if (price === undefined && refundFen === undefined) return ctx.chaincode.submit([id(ctx), JSON.stringify(resolution)]);
        return withSecret(ctx, [id(ctx), JSON.stringify(resolution)], { price, refundFen }, salt);
      },
    }),
    orderStep('settle', 'settleOrder', 'Market:Settle', 'Settle (结算) as the exchange: revenue distribution and the buyer’s licence', {
      roles: EXCHANGE_ROLES,
      body: 'SettlementRequest',
      description:
        'The price is split among the exchange fee, every upstream right holder with a revenue share and the seller (largest remainder, exact in fen); ' +
        'the per-payee amounts stay confidential unless `disclosePrice`. The buyer gets a `licence` grant for the listed purposes and term.',
      handler: (ctx) => {
        const { price, refundFen, salt, disclosePrice } = body(ctx) as { price: number; refundFen?: number; salt: string; disclosePrice?: boolean };
        const value = refundFen === undefined ? { price } : { price, refundFen };
        return withSecret(ctx, [id(ctx), JSON.stringify({ disclosePrice: disclosePrice === true })], value, salt);
      },
    }),
    {
      method: 'get',
      path: '/api/v1/orders/:id',
      access: 'authenticated',
      operationId: 'getOrder',
      tag: TAG,
      summary: 'One order (prices as commitments only), with its settlement once settled',
      description:
        "For the buyer, the seller (a 处置 sale's selling bank), the exchange's operators, the registrars of the certificate's registry and the regulator's " +
        "regulators and auditors; anyone else 403. The listing it answers is public; who negotiates for it is the parties' business.",
      params: 'OrderIdParams',
      responses: { 200: { description: 'The order.', schema: 'Order' } },
      errors: [403, 404],
      transaction: evaluateTransaction('Market:GetOrder'),
      async handler({ chaincode, params }) {
        return { body: await chaincode.evaluate([params.id ?? '']) };
      },
    },
    {
      method: 'get',
      path: '/api/v1/orders/:id/terms',
      access: 'authenticated',
      operationId: 'getOrderTerms',
      tag: TAG,
      summary: "An order's confidential prices, from your organisation's own peer",
      description:
        "For the buyer, the seller, the exchange's operators and the regulator's regulators and auditors, in an organisation holding a copy; anyone else 403.",
      params: 'OrderIdParams',
      responses: { 200: { description: 'Offer, counter, refund and settlement amounts, each with the salt that opens its commitment.', schema: 'OrderTerms' } },
      errors: [403, 404],
      transaction: evaluateTransaction('Market:Terms'),
      async handler({ chaincode, params }) {
        return { body: await chaincode.evaluate([params.id ?? '']) };
      },
    },
    ...priceRoutes(services),
  ];
}
