/**
 * State keys. Records and indexes are composite keys (`\u0000type\u0000attr…\u0000`), so a
 * plain range query never sees them and every index is a partial-key range — no query scans
 * the whole state (LevelDB has no rich queries).
 *
 * Index entries carry a one-byte value: an empty value would be a delete on Fabric.
 */
import type { ChaincodeStub } from 'fabric-shim';

type Stub = Pick<ChaincodeStub, 'createCompositeKey'>;

export const CONSORTIUM_KEY = 'consortium';

export const ObjectType = {
  /** certificate or application record, by id; an approved application's key keeps an alias */
  certificate: 'dal.cert',
  /** per registry and year: the last serial allocated (written by that registry's registrar only) */
  serial: 'dal.cert.serial',
  /** fingerprint → certificate id, consortium-wide uniqueness (防止一数多登) */
  byFingerprint: 'dal.cert.fp',
  /** query code (查询码) → certificate id */
  byQueryCode: 'dal.cert.qc',
  byRegistry: 'dal.cert.registry',
  byHolder: 'dal.cert.holder',
  byStatus: 'dal.cert.status',
  byCategory: 'dal.cert.category',
  /** objections of one certificate: [certificate id, objection id] */
  objection: 'dal.cert.objection',
  /** encumbrances of one certificate (pledge, dispute, judicial freeze): [certificate id, encumbrance id] */
  encumbrance: 'dal.cert.encumbrance',
  /** a valuation's confidential amount, in private data only: [certificate id, evidence index] */
  valuation: 'dal.cert.valuation',
  agreement: 'dal.agreement',
  /** agreements of a registry pair: [lower mspId, higher mspId, agreement id] */
  agreementByPair: 'dal.agreement.pair',
  /** recognitions of one certificate: [certificate id, recognising mspId] */
  recognition: 'dal.recognition',
  grant: 'dal.grant',
  /** grants of one asset: [certificate id, grantee, grant id] */
  grantByAsset: 'dal.grant.asset',
  grantByGrantee: 'dal.grant.grantee',
  grantByGrantor: 'dal.grant.grantor',
  /** uses of one grant: [grant id, usage id] */
  grantUsage: 'dal.grant.usage',
  /** count of uses of a grant with maxUses: [grant id] */
  grantUsageCount: 'dal.grant.uses',
  /** negative-list entries (负面清单), by id */
  negativeList: 'dal.reg.negative',
  /** active negative-list entries by what they name: [target (category | fingerprint), value, entry id] */
  negativeListMatch: 'dal.reg.negative.match',
  /** important-data filings (重要数据流通备案), by id */
  filing: 'dal.reg.filing',
  /** filings of one certificate: [certificate id, filing id] */
  filingByCertificate: 'dal.reg.filing.cert',
  /** an entity's credit status (信用监管), by entity; its history is the key's history */
  credit: 'dal.reg.credit',
  listing: 'dal.market.listing',
  /** the one open listing of a certificate at an exchange: [certificate id, exchange mspId] → listing id */
  openListing: 'dal.market.open',
  listingByCertificate: 'dal.market.listing.cert',
  listingByExchange: 'dal.market.listing.exchange',
  order: 'dal.market.order',
  /** orders of one listing: [listing id, order id] */
  orderByListing: 'dal.market.order.listing',
  /** one per settled order: [order id] */
  settlement: 'dal.market.settlement',
  /** an order's confidential prices, in private data only: [order id, what] */
  orderTerms: 'dal.market.terms',
  /** one per settled trade for price monitoring: [category, YYYY-MM, order id] */
  price: 'dal.market.price',
  /** pledges (质押), by id */
  pledge: 'dal.pledge',
  /** the one pending or active pledge of a certificate: [certificate id] → pledge id (no asset pledged twice) */
  pledgeSlot: 'dal.cert.pledge',
  /** pledges of one bank: [pledgee mspId, pledge id] */
  pledgeByPledgee: 'dal.pledge.pledgee',
  /** pledges of one pledgor: [entity, pledge id] */
  pledgeByPledgor: 'dal.pledge.pledgor',
  /** a pledge's confidential amount and valuation reference, in private data only: [pledge id] */
  pledgeTerms: 'dal.pledge.terms',
  /**
   * applications in publicity (公示), newest first (model/publicity.ts):
   * [audience, registry | *, category | *, asset type | *, newest-first time, certificate id]
   */
  publicity: 'dal.cert.publicity',
} as const;

export const INDEX_VALUE = Buffer.from([0]);

export function certificateKey(stub: Stub, id: string): string {
  return stub.createCompositeKey(ObjectType.certificate, [id]);
}

export function serialKey(stub: Stub, cityCode: string, year: string): string {
  return stub.createCompositeKey(ObjectType.serial, [cityCode, year]);
}

export function fingerprintKey(stub: Stub, fingerprint: string): string {
  return stub.createCompositeKey(ObjectType.byFingerprint, [fingerprint]);
}

export function queryCodeKey(stub: Stub, code: string): string {
  return stub.createCompositeKey(ObjectType.byQueryCode, [code]);
}

export function objectionKey(stub: Stub, certificateId: string, objectionId: string): string {
  return stub.createCompositeKey(ObjectType.objection, [certificateId, objectionId]);
}

export function encumbranceKey(stub: Stub, certificateId: string, encumbranceId: string): string {
  return stub.createCompositeKey(ObjectType.encumbrance, [certificateId, encumbranceId]);
}

export function valuationKey(stub: Stub, certificateId: string, evidenceIndex: number): string {
  return stub.createCompositeKey(ObjectType.valuation, [certificateId, String(evidenceIndex)]);
}

export function agreementKey(stub: Stub, id: string): string {
  return stub.createCompositeKey(ObjectType.agreement, [id]);
}

/** The pair is ordered so that A↔B and B↔A share one range. */
export function registryPair(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}

export function agreementPairKey(stub: Stub, a: string, b: string, agreementId: string): string {
  return stub.createCompositeKey(ObjectType.agreementByPair, [...registryPair(a, b), agreementId]);
}

export function recognitionKey(stub: Stub, certificateId: string, registry: string): string {
  return stub.createCompositeKey(ObjectType.recognition, [certificateId, registry]);
}

export function grantKey(stub: Stub, id: string): string {
  return stub.createCompositeKey(ObjectType.grant, [id]);
}

export function grantUsageKey(stub: Stub, grantId: string, usageId: string): string {
  return stub.createCompositeKey(ObjectType.grantUsage, [grantId, usageId]);
}

export function grantUsageCountKey(stub: Stub, grantId: string): string {
  return stub.createCompositeKey(ObjectType.grantUsageCount, [grantId]);
}

export function negativeListKey(stub: Stub, id: string): string {
  return stub.createCompositeKey(ObjectType.negativeList, [id]);
}

export function negativeListMatchKey(stub: Stub, target: string, value: string, id: string): string {
  return stub.createCompositeKey(ObjectType.negativeListMatch, [target, value, id]);
}

export function filingKey(stub: Stub, id: string): string {
  return stub.createCompositeKey(ObjectType.filing, [id]);
}

export function filingByCertificateKey(stub: Stub, certificateId: string, filingId: string): string {
  return stub.createCompositeKey(ObjectType.filingByCertificate, [certificateId, filingId]);
}

export function creditKey(stub: Stub, entity: string): string {
  return stub.createCompositeKey(ObjectType.credit, [entity]);
}

export function listingKey(stub: Stub, id: string): string {
  return stub.createCompositeKey(ObjectType.listing, [id]);
}

export function openListingKey(stub: Stub, certificateId: string, exchange: string): string {
  return stub.createCompositeKey(ObjectType.openListing, [certificateId, exchange]);
}

export function orderKey(stub: Stub, id: string): string {
  return stub.createCompositeKey(ObjectType.order, [id]);
}

export function settlementKey(stub: Stub, orderId: string): string {
  return stub.createCompositeKey(ObjectType.settlement, [orderId]);
}

export function orderTermsKey(stub: Stub, orderId: string, what: 'offer' | 'counter' | 'refund' | 'amounts'): string {
  return stub.createCompositeKey(ObjectType.orderTerms, [orderId, what]);
}

export function priceKey(stub: Stub, category: string, month: string, orderId: string): string {
  return stub.createCompositeKey(ObjectType.price, [category, month, orderId]);
}

export function pledgeKey(stub: Stub, id: string): string {
  return stub.createCompositeKey(ObjectType.pledge, [id]);
}

export function pledgeSlotKey(stub: Stub, certificateId: string): string {
  return stub.createCompositeKey(ObjectType.pledgeSlot, [certificateId]);
}

export function pledgeTermsKey(stub: Stub, pledgeId: string): string {
  return stub.createCompositeKey(ObjectType.pledgeTerms, [pledgeId]);
}
