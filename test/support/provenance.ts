/**
 * A data product with a provenance worth a dossier, built through the real chaincode:
 * enterprise-a's two source datasets (Taizhou) and the product derived from both, with a
 * valuation by the appraiser firm (amount in private data), a recognition by Yancheng (互认), a
 * licence to enterprise-b, a trade settled through the exchange and a second order disputed.
 * `pledgedProvenanceProduct` goes on: metered uses of the licence, the dispute resolved (an open
 * dispute blocks a new pledge), then a pledge to Jiangsu Bank requested and accepted.
 */
import { randomBytes } from 'node:crypto';
import { activeAgreement } from '../chaincode/certificate-flows';
import { issueCertificate } from './certificates';
import { fingerprint } from './demo-parties';
import { freeLicenceBody, usageBody } from './grant-bodies';
import { confirmedOrder, listingBody, settle, submitSecret } from './market';
import type { TestNetwork } from './test-network';

export interface ProvenanceProduct {
  readonly productId: string;
  readonly sourceIds: readonly string[];
  readonly valuationTxId: string;
  readonly recognitionTxId: string;
  readonly grantId: string;
  readonly listingId: string;
  readonly settledOrderId: string;
  readonly disputedOrderId: string;
  readonly disputeId: string;
}

export async function provenanceProduct(net: TestNetwork): Promise<ProvenanceProduct> {
  const sources = [await issueCertificate(net), await issueCertificate(net)];
  const product = await issueCertificate(net, { body: { assetType: 'product', parents: sources.map((s: { id: string }) => s.id) } });
  const valuation = await net.ledger.submit(
    net.identities['appraiser']!,
    'Certificate:AddEvidence',
    [product.id, JSON.stringify({ kind: 'valuation', reportHash: fingerprint(), method: 'income' })],
    { transient: { 'dal.confidential': Buffer.from(JSON.stringify({ amount: 88_000_000 })), 'dal.salt': randomBytes(16) } },
  );
  await activeAgreement(net, 'yancheng-registrar', 'TaizhouRegistryMSP');
  const recognition = await net.submit('yancheng-registrar', 'Recognition:Recognise', JSON.stringify({ certificateId: product.id }));
  const grant = (await net.submit('enterprise-a', 'Grant:Create', JSON.stringify(freeLicenceBody(product.id)))).result;
  const listing = (await net.submit('enterprise-a', 'Market:CreateListing', listingBody(product.id))).result;
  const sold = await confirmedOrder(net, listing.id, 'enterprise-a', 'enterprise-b', 4_000_000);
  await settle(net, sold, false);
  const second = await submitSecret(net, 'data-group', 'Market:PlaceOrder', [JSON.stringify({ listingId: listing.id })], { price: 3_000_000 }, randomBytes(16));
  await net.submit('enterprise-a', 'Market:Accept', second.id);
  await net.submit('enterprise-a', 'Market:Deliver', second.id, JSON.stringify({ deliverableHash: fingerprint() }));
  const disputed = (await net.submit('data-group', 'Market:Dispute', second.id, JSON.stringify({ reason: 'rows missing', evidenceHash: fingerprint() })))
    .result;
  return {
    productId: product.id,
    sourceIds: sources.map((s: { id: string }) => s.id),
    valuationTxId: valuation.txId,
    recognitionTxId: recognition.txId,
    grantId: grant.id,
    listingId: listing.id,
    settledOrderId: sold.orderId,
    disputedOrderId: second.id,
    disputeId: disputed.dispute.encumbranceId,
  };
}

export interface PledgedProvenanceProduct extends ProvenanceProduct {
  readonly usageTxIds: readonly string[];
  readonly resolutionTxId: string;
  readonly pledgeId: string;
  /** Pledge:Request, then Pledge:Accept. */
  readonly pledgeTxIds: readonly string[];
}

export async function pledgedProvenanceProduct(net: TestNetwork): Promise<PledgedProvenanceProduct> {
  const product = await provenanceProduct(net);
  const usageTxIds: string[] = [];
  for (let i = 0; i < 2; i++)
    usageTxIds.push((await net.submit('enterprise-b', 'Grant:RecordUsage', product.grantId, JSON.stringify(usageBody('credit-scoring', 10 + i)))).txId);
  const resolution = await net.submit(
    'exchange-operator',
    'Market:Resolve',
    product.disputedOrderId,
    JSON.stringify({ outcome: 'refund', comment: 'rows missing, refunded' }),
  );
  const requested = await net.ledger.submit(
    net.identities['enterprise-a']!,
    'Pledge:Request',
    [JSON.stringify({ certificateId: product.productId, pledgee: 'JiangsuBankMSP', termDays: 180 })],
    { transient: { 'dal.confidential': Buffer.from(JSON.stringify({ amount: 30_000_000, valuationRef: 0 })), 'dal.salt': randomBytes(32) } },
  );
  const pledgeId = (JSON.parse(Buffer.from(requested.payload).toString('utf8')) as { id: string }).id;
  const accepted = await net.submit('bank-officer', 'Pledge:Accept', pledgeId);
  return { ...product, usageTxIds, resolutionTxId: resolution.txId, pledgeId, pledgeTxIds: [requested.txId, accepted.txId] };
}
