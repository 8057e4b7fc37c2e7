/**
 * The revenue split an exchange sees before it settles: the payees the chaincode will pay
 * (exchange fee, then each upstream grant with a revenue share through the lineage, nearest
 * first, then the seller) and the chaincode's own distribution function (largest remainder,
 * exact in fen), read through the published API.
 */
import { api } from '../api';
import { distributeRevenue } from '../../../../chaincode/src/rules/revenue-distribution';
import type { Certificate, Listing, Order, Payout } from './common';

interface Grant {
  readonly id: string;
  readonly grantor: string;
  readonly revenueShareBps?: number;
  readonly parentGrantId?: string;
}

const MAX_DEPTH = 8;

async function upstreamGrants(certificateId: string): Promise<Grant[]> {
  const out: Grant[] = [];
  const seen = new Set<string>();
  let level: Certificate[] = [await api<Certificate>(`/certificates/${encodeURIComponent(certificateId)}`)];
  for (let depth = 0; depth < MAX_DEPTH && level.length > 0; depth++) {
    const next: Certificate[] = [];
    for (const link of level.flatMap((c) => c.parentGrants ?? [])) {
      let grant: Grant | undefined = await api<Grant>(`/grants/${encodeURIComponent(link.grantId)}`);
      for (let hops = 0; grant && hops < MAX_DEPTH; hops++) {
        if (!seen.has(grant.id)) {
          seen.add(grant.id);
          out.push(grant);
        }
        grant = grant.parentGrantId !== undefined ? await api<Grant>(`/grants/${encodeURIComponent(grant.parentGrantId)}`) : undefined;
      }
      next.push(await api<Certificate>(`/certificates/${encodeURIComponent(link.certificateId)}`));
    }
    level = next;
  }
  return out;
}

export async function previewSplit(order: Order, priceFen: number): Promise<Payout[]> {
  const listing = await api<Listing>(`/listings/${encodeURIComponent(order.listingId)}`);
  const shares: { payee: string; kind: 'exchange_fee' | 'upstream'; bps: number; grantId?: string }[] = [
    { payee: order.exchange, kind: 'exchange_fee', bps: listing.exchangeFeeBps ?? 0 },
  ];
  for (const grant of await upstreamGrants(order.certificateId)) {
    const bps = grant.revenueShareBps ?? 0;
    if (bps > 0) shares.push({ payee: grant.grantor, kind: 'upstream', bps, grantId: grant.id });
  }
  return distributeRevenue(priceFen, shares, order.seller);
}
