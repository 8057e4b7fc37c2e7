/** The published schemas of trading (流通交易): listings, orders and each order step, settlements, and the confidential terms read. */
import {
  CATEGORIES,
  DEFAULT_PUBLICATION_THRESHOLD,
  DELIVERY_METHODS,
  LISTING_ID_PATTERN,
  LISTING_STATUSES,
  MAX_PRICE_FEN,
  MAX_PUBLICATION_THRESHOLD,
  MAX_PURPOSES,
  MAX_PURPOSE_LENGTH,
  MAX_SALT_BYTES,
  MAX_STATISTICS_MONTHS,
  MAX_TERM_DAYS,
  MAX_USES,
  MIN_PUBLICATION_THRESHOLD,
  MIN_SALT_BYTES,
  MONTH_PATTERN,
  ORDER_ID_PATTERN,
  ORDER_STATUSES,
  PAYEE_KINDS,
  RESOLUTION_OUTCOMES,
} from '../../../../chaincode/src/vocabulary';
import { CERTIFICATE_ID, COMMITTED, HEX64, ISO_TIME, MSP_ID, REASON, patternOf, ref, type JsonSchema } from './common';

const LISTING_ID = { type: 'string', pattern: patternOf(LISTING_ID_PATTERN), examples: ['LST-3K7M9Q2XAB'] } as const;
const ORDER_ID = { type: 'string', pattern: patternOf(ORDER_ID_PATTERN), examples: ['ORD-3K7M9Q2XAB'] } as const;
const FEN = { type: 'integer', minimum: 1, maximum: MAX_PRICE_FEN, description: 'Integer fen (分).' } as const;
const SALT = {
  type: 'string',
  pattern: `^([0-9a-f]{2}){${String(MIN_SALT_BYTES)},${String(MAX_SALT_BYTES)}}$`,
  description: "Hex salt of the price's commitment; absent, the gateway draws 32 random bytes. Handed back in the reply: keep it.",
} as const;
const CONFIDENTIAL_REF = {
  type: 'object',
  description: 'A confidential value: its private-data key, the organisations whose peers hold it, and SHA-256(salt ‖ canonical JSON of the value).',
  properties: { key: { type: 'string' }, holders: { type: 'array', items: MSP_ID }, commitment: HEX64 },
} as const;
const MONTH = { type: 'string', pattern: MONTH_PATTERN.source, examples: ['2026-03'] } as const;
const CATEGORY = { type: 'string', enum: CATEGORIES } as const;
const PRICE_RANGE = {
  category: CATEGORY,
  from: { ...MONTH, description: 'First month (YYYY-MM).' },
  to: { ...MONTH, description: `Last month (YYYY-MM), at most ${String(MAX_STATISTICS_MONTHS)} months after \`from\` counting both.` },
} as const;
const FIGURES = {
  type: 'object',
  description: 'Nearest-rank figures: the median and each quantile are one of the prices (the lower middle for an even count).',
  required: ['count', 'min', 'max', 'median', 'quantiles'],
  additionalProperties: false,
  properties: {
    count: { type: 'integer', minimum: 1 },
    min: { type: 'integer', minimum: 0 },
    max: { type: 'integer', minimum: 0 },
    median: { type: 'integer', minimum: 0 },
    quantiles: {
      type: 'object',
      required: ['p10', 'p25', 'p50', 'p75', 'p90'],
      additionalProperties: false,
      properties: Object.fromEntries(['p10', 'p25', 'p50', 'p75', 'p90'].map((q) => [q, { type: 'integer', minimum: 0 }])),
    },
  },
} as const;
const PUBLIC_CELL_PROPERTIES = {
  trades: { type: 'integer', minimum: 0, description: 'Settled trades, price disclosed or not.' },
  disclosed: { type: 'integer', minimum: 0, description: 'Of them, with a disclosed price.' },
  figures: { ...FIGURES, description: 'Over the disclosed prices only; absent below the threshold.' },
  withheld: { type: 'string', description: 'Why the figures are withheld.' },
} as const;
const EXACT_CELL_PROPERTIES = {
  trades: { type: 'integer', minimum: 0 },
  disclosed: { type: 'integer', minimum: 0 },
  figures: { ...FIGURES, description: 'Over every settled price, disclosed or not; absent for no trade.' },
} as const;
const TERMS = {
  type: 'object',
  required: ['purposes', 'termDays', 'deliveryMethod'],
  additionalProperties: false,
  properties: {
    purposes: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_PURPOSES,
      uniqueItems: true,
      items: { type: 'string', minLength: 1, maxLength: MAX_PURPOSE_LENGTH, pattern: '\\S' },
      description: "The buyer's licence's purposes.",
    },
    termDays: { type: 'integer', minimum: 1, maximum: MAX_TERM_DAYS, description: "The licence's term from settlement." },
    deliveryMethod: { type: 'string', enum: DELIVERY_METHODS },
    maxUses: { type: 'integer', minimum: 1, maximum: MAX_USES, description: 'A metered licence: at most this many uses.' },
  },
} as const;
const PAYEE = {
  type: 'object',
  properties: {
    payee: { type: 'string', description: 'The exchange (MSP id) or an entity.' },
    kind: { type: 'string', enum: PAYEE_KINDS },
    bps: { type: 'integer', minimum: 0, maximum: 10000 },
    grantId: { type: 'string' },
    fen: { type: 'integer', minimum: 0, description: 'Only where the price is disclosed (else in the confidential amounts).' },
  },
} as const;

export const marketSchemas: Readonly<Record<string, JsonSchema>> = {
  ListingIdParams: { type: 'object', required: ['id'], properties: { id: LISTING_ID } },
  OrderIdParams: { type: 'object', required: ['id'], properties: { id: ORDER_ID } },
  ListingRequest: {
    type: 'object',
    description: '上架: the operating-right holder lists the use of an issued certificate at one exchange, with a public asking price.',
    required: ['assetId', 'exchange', 'askingPriceFen', 'terms'],
    additionalProperties: false,
    properties: { assetId: CERTIFICATE_ID, exchange: { ...MSP_ID, examples: ['JiangsuExchangeMSP'] }, askingPriceFen: FEN, terms: TERMS },
    examples: [{ assetId: '321200-2026-000001', exchange: 'JiangsuExchangeMSP', askingPriceFen: 5000000, terms: { purposes: ['credit-scoring'], termDays: 365, deliveryMethod: 'api' } }],
  },
  ListingQuery: {
    type: 'object',
    description: 'At least one of `certificateId`, `exchange`.',
    additionalProperties: false,
    anyOf: ['certificateId', 'exchange'].map((name) => ({ required: [name], properties: { [name]: true } })),
    properties: {
      certificateId: CERTIFICATE_ID,
      exchange: MSP_ID,
      status: { type: 'string', enum: LISTING_STATUSES },
      limit: { type: 'integer', minimum: 1, maximum: 500, default: 50, description: 'Page size.' },
      bookmark: { type: 'string', maxLength: 1024, description: "Opaque; the previous page's `bookmark`." },
    },
  },
  Listing: {
    type: 'object',
    required: ['id', 'certificateId', 'exchange', 'seller', 'askingPriceFen', 'terms', 'status'],
    properties: {
      id: LISTING_ID,
      certificateId: CERTIFICATE_ID,
      category: { type: 'string' },
      exchange: MSP_ID,
      seller: { type: 'string', description: 'The operating-right holder when listed.' },
      sellerMspId: MSP_ID,
      registry: MSP_ID,
      askingPriceFen: FEN,
      exchangeFeeBps: { type: 'integer', minimum: 0, maximum: 10000 },
      terms: TERMS,
      status: { type: 'string', enum: LISTING_STATUSES },
      listedBy: ref('Actor'),
      listedAt: ISO_TIME,
      withdrawn: { type: 'object' },
      enforcementOf: { type: 'string', description: '处置 by sale: listed by the bank of this pledge in default; settling transfers the rights to the buyer.' },
      endorsingOrgs: { type: 'array', items: MSP_ID },
      createdTxId: { type: 'string' },
      lastTxId: { type: 'string' },
      updatedAt: ISO_TIME,
      ...COMMITTED,
    },
  },
  ListingPage: {
    type: 'object',
    required: ['items', 'bookmark'],
    properties: { items: { type: 'array', items: ref('Listing') }, bookmark: { type: 'string', description: 'Empty on the last page.' } },
  },
  OrderRequest: {
    type: 'object',
    description: '议价: an offer on an open listing. `offerPrice` is confidential: sent as transient data, kept by the peers of the certificate\'s registry, the seller\'s and the buyer\'s organisations, the exchange and the regulator.',
    required: ['listingId', 'offerPrice'],
    additionalProperties: false,
    properties: { listingId: LISTING_ID, offerPrice: FEN, salt: SALT },
  },
  CounterRequest: {
    type: 'object',
    description: "The seller's counter-offer, confidential like the offer.",
    required: ['price'],
    additionalProperties: false,
    properties: { price: FEN, salt: SALT },
  },
  DeliveryRequest: { type: 'object', required: ['deliverableHash'], additionalProperties: false, properties: { deliverableHash: HEX64 } },
  DisputeRequest: { type: 'object', required: ['reason', 'evidenceHash'], additionalProperties: false, properties: { reason: REASON, evidenceHash: HEX64 } },
  ResolutionRequest: {
    type: 'object',
    description:
      '`refund` ends the order; `release` lets it be settled in full; `partial` needs the agreed `price` and its `salt` (GET /orders/{id}/terms) and the `refundFen`, ' +
      'which is recorded confidentially. Only that dispute\'s encumbrance is lifted.',
    required: ['outcome'],
    additionalProperties: false,
    properties: {
      outcome: { type: 'string', enum: RESOLUTION_OUTCOMES },
      comment: REASON,
      price: FEN,
      refundFen: FEN,
      salt: { ...SALT, description: 'The salt of the agreed price (required for `partial`).' },
    },
  },
  SettlementRequest: {
    type: 'object',
    description:
      '结算 by the exchange: the agreed `price` with its `salt` (read with GET /orders/{id}/terms; they must open the agreed commitment), and `refundFen` after a partial resolution. ' +
      '`disclosePrice` (default false) publishes the price on the settlement and the price record; it needs both parties\' consent (POST /orders/{id}/disclosure-consent), else 422.',
    required: ['price', 'salt'],
    additionalProperties: false,
    properties: { price: FEN, salt: SALT, refundFen: FEN, disclosePrice: { type: 'boolean', default: false } },
  },
  Order: {
    type: 'object',
    description: 'An order as recorded: prices only as commitments (`offer`, `counter`, `agreed`), beside the public asking price.',
    required: ['id', 'listingId', 'certificateId', 'exchange', 'seller', 'buyer', 'askingPriceFen', 'status', 'offer'],
    properties: {
      id: ORDER_ID,
      listingId: LISTING_ID,
      certificateId: CERTIFICATE_ID,
      exchange: MSP_ID,
      seller: { type: 'string' },
      sellerMspId: MSP_ID,
      buyer: { type: 'string' },
      buyerMspId: MSP_ID,
      askingPriceFen: FEN,
      terms: TERMS,
      status: { type: 'string', enum: ORDER_STATUSES },
      confidentialHolders: { type: 'array', items: MSP_ID },
      offer: CONFIDENTIAL_REF,
      counter: CONFIDENTIAL_REF,
      agreed: CONFIDENTIAL_REF,
      delivery: { type: 'object' },
      dispute: { type: 'object' },
      resolution: { type: 'object' },
      settlement: ref('Settlement'),
      grantId: { type: 'string', description: "The buyer's licence, once settled." },
      enforcementOf: { type: 'string', description: "处置 by sale: the pledge in default whose bank listed the asset." },
      disclosureConsent: { type: 'array', items: { type: 'string' }, description: 'The parties who consented to the settled price being disclosed (信息披露).' },
      salt: { type: 'string', description: 'On an offer, counter or partial resolution: the salt used. Keep it.' },
      endorsingOrgs: { type: 'array', items: MSP_ID },
      ...COMMITTED,
    },
  },
  Settlement: {
    type: 'object',
    required: ['orderId', 'payees', 'amounts', 'disclosed'],
    properties: {
      orderId: ORDER_ID,
      listingId: LISTING_ID,
      certificateId: CERTIFICATE_ID,
      exchange: MSP_ID,
      category: { type: 'string' },
      payees: { type: 'array', items: PAYEE, description: 'Exchange fee, upstream holders (nearest first), seller; basis points only.' },
      amounts: CONFIDENTIAL_REF,
      disclosed: { type: 'boolean' },
      priceFen: { type: 'integer', minimum: 0 },
      payouts: { type: 'array', items: PAYEE },
      grantId: { type: 'string', description: "The buyer's licence; absent for a 处置 sale, which transfers the pledgor's rights instead." },
      enforcementOf: { type: 'string', description: '处置 by sale: the pledge in default this settlement enforced (the rights moved to the buyer).' },
      settledBy: ref('Actor'),
      settledAt: ISO_TIME,
    },
  },
  SettlementReply: {
    type: 'object',
    required: ['order', 'settlement'],
    properties: { order: ref('Order'), settlement: ref('Settlement'), ...COMMITTED },
  },
  OrderTerms: {
    type: 'object',
    description: "The order's confidential values from the caller's own organisation's peer, each `{value, salt, commitment}`.",
    required: ['orderId'],
    properties: { orderId: ORDER_ID, agreedFrom: { type: ['string', 'null'] }, offer: { type: 'object' }, counter: { type: 'object' }, refund: { type: 'object' }, amounts: { type: 'object' } },
  },
  PriceQuery: {
    type: 'object',
    required: ['category', 'from', 'to'],
    additionalProperties: false,
    properties: {
      ...PRICE_RANGE,
      threshold: {
        type: 'integer',
        minimum: MIN_PUBLICATION_THRESHOLD,
        maximum: MAX_PUBLICATION_THRESHOLD,
        description: `k: a cell publishes figures only with at least k disclosed prices (default ${String(DEFAULT_PUBLICATION_THRESHOLD)}).`,
      },
    },
  },
  ExactPriceQuery: { type: 'object', required: ['category', 'from', 'to'], additionalProperties: false, properties: PRICE_RANGE },
  MarketPrices: {
    type: 'object',
    required: ['category', 'fromMonth', 'toMonth', 'threshold', 'months', 'total'],
    properties: {
      category: CATEGORY,
      fromMonth: MONTH,
      toMonth: MONTH,
      threshold: { type: 'integer', minimum: MIN_PUBLICATION_THRESHOLD },
      months: {
        type: 'array',
        items: { type: 'object', required: ['month', 'trades', 'disclosed'], additionalProperties: false, properties: { month: MONTH, ...PUBLIC_CELL_PROPERTIES } },
      },
      total: { type: 'object', required: ['trades', 'disclosed'], additionalProperties: false, properties: PUBLIC_CELL_PROPERTIES, description: 'The whole range.' },
    },
  },
  ExactMarketPrices: {
    type: 'object',
    required: ['category', 'fromMonth', 'toMonth', 'readFrom', 'months', 'total'],
    properties: {
      category: CATEGORY,
      fromMonth: MONTH,
      toMonth: MONTH,
      readFrom: { ...MSP_ID, description: "The organisation whose copies of the confidential amounts were read (the caller's)." },
      months: {
        type: 'array',
        items: { type: 'object', required: ['month', 'trades', 'disclosed'], additionalProperties: false, properties: { month: MONTH, ...EXACT_CELL_PROPERTIES } },
      },
      total: { type: 'object', required: ['trades', 'disclosed'], additionalProperties: false, properties: EXACT_CELL_PROPERTIES },
    },
  },
  DisclosureQuery: {
    type: 'object',
    required: ['category', 'month'],
    additionalProperties: false,
    properties: {
      category: CATEGORY,
      month: MONTH,
      limit: { type: 'integer', minimum: 1, maximum: 500, default: 50, description: 'Page size.' },
      bookmark: { type: 'string', maxLength: 1024, description: "Opaque; the previous page's `bookmark`." },
    },
  },
  Disclosure: {
    type: 'object',
    description: 'One settled trade (信息披露): no party, no confidential term; `priceFen` only where the parties disclosed it.',
    required: ['orderId', 'certificateId', 'category', 'exchange', 'month', 'settledOn', 'disclosed'],
    additionalProperties: false,
    properties: {
      orderId: ORDER_ID,
      certificateId: CERTIFICATE_ID,
      category: CATEGORY,
      exchange: MSP_ID,
      month: MONTH,
      settledOn: { type: 'string', format: 'date' },
      disclosed: { type: 'boolean' },
      priceFen: { type: 'integer', minimum: 0 },
    },
  },
  DisclosurePage: {
    type: 'object',
    required: ['items', 'bookmark'],
    properties: { items: { type: 'array', items: ref('Disclosure') }, bookmark: { type: 'string', description: 'Empty on the last page.' } },
  },
};
