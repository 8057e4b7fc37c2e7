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
 */
import { plannedByChaincode } from '../ledger-service/endorsers';
import { evaluateTransaction, submitTransaction } from '../ledger-service/transaction';
import { bodyArg } from './chaincode-call';
import type { AuthenticatedContext, AuthenticatedRoute, Reply } from './route';

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

export function marketRoutes(): AuthenticatedRoute[] {
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
      params: 'OrderIdParams',
      responses: { 200: { description: 'The order.', schema: 'Order' } },
      errors: [404],
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
  ];
}
