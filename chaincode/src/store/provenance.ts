/**
 * The facts of a certificate's provenance, gathered from the ledger for its dossier: every
 * version of the certificate (its history), its evidence entries with their appraisers, every
 * upstream source through `parents` (to any depth, each with its issuing registry), its
 * recognitions (互认), grants (licences), listings, orders and settlements, and its
 * encumbrances (pledges, disputes, judicial freezes). Each fact is one committed write of one
 * key: the key, the transaction that wrote it and the value written, so that a dossier can
 * prove it with that transaction's endorsed write set. Confidential amounts (valuations,
 * prices) are never in a record on the channel, only their commitments (store/confidential.ts),
 * so no fact carries them.
 *
 * Cost: one key-history read per record, one partial-key range per index (grants, listings,
 * orders of each listing, encumbrances, recognitions) and one read per upstream certificate.
 */
import { Context } from 'fabric-contract-api';
import { ObjectType, certificateKey, encumbranceKey, grantKey, listingKey, orderKey, recognitionKey, settlementKey } from '../keys';
import type { Certificate } from '../model/certificate';
import type { Encumbrance, EncumbranceKind } from '../model/encumbrance';
import type { Grant } from '../model/grant';
import type { Order } from '../model/market';
import { FACT_KINDS, FactKind, Provenance, ProvenanceFact, UpstreamSource } from '../model/provenance';
import { collect } from '../state';
import { findCertificate } from './certificates';
import { historyOf } from './history';
import { listRecognitions } from './recognitions';

/** A grant's versions as facts, as many as the caller may read. */
type GrantVersions = (kind: 'grant' | 'source-grant', grantId: string) => Promise<ProvenanceFact[]>;

const ENCUMBRANCE_FACT: Readonly<Record<EncumbranceKind, FactKind>> = { pledge: 'pledge', dispute: 'dispute', judicial_freeze: 'freeze' };
/** Lineage is walked breadth-first to this many certificates at most (a derivation graph is small; a cycle is impossible but bounded anyway). */
const MAX_SOURCES = 256;

/** Every committed (non-delete) version of `key`, newest first, as facts. */
async function versions(ctx: Context, kind: FactKind, subject: string, key: string): Promise<ProvenanceFact[]> {
  return (await historyOf(ctx, key))
    .filter((h) => !h.isDelete && h.value !== null)
    .map((h) => ({ kind, subject, key, txId: h.txId, timestamp: h.timestamp, value: h.value }));
}

async function indexIds(ctx: Context, type: string, attributes: string[], at: number): Promise<string[]> {
  const iterator = await ctx.stub.getStateByPartialCompositeKey(type, attributes);
  return collect(iterator, (kv) => ctx.stub.splitCompositeKey(kv.key).attributes[at]);
}

/** The certificate's own versions (under its application id too) and, from them, its evidence entries. */
async function certificateFacts(ctx: Context, cert: Certificate): Promise<ProvenanceFact[]> {
  const facts = await versions(ctx, 'certificate', cert.id, certificateKey(ctx.stub, cert.id));
  if (cert.applicationId !== cert.id) {
    // the application's key before approval; afterwards it holds an alias, which is no version
    const before = await versions(ctx, 'certificate', cert.id, certificateKey(ctx.stub, cert.applicationId));
    facts.push(...before.filter((f) => (f.value as { docType?: string }).docType === 'certificate'));
  }
  const evidence = cert.evidence.map((entry, i): ProvenanceFact | undefined => {
    const written = facts.find((f) => f.txId === entry.txId);
    return (
      written && {
        kind: 'evidence',
        subject: cert.id,
        key: written.key,
        txId: entry.txId,
        timestamp: written.timestamp,
        path: `/evidence/${String(i)}`,
        value: entry,
      }
    );
  });
  return [...facts, ...evidence.filter((f): f is ProvenanceFact => f !== undefined)];
}

/**
 * Every upstream certificate through `parents`, breadth-first, each once, with the version it
 * holds now; and the grants under which the certificate or a source was derived (`parentGrants`).
 */
async function lineage(ctx: Context, cert: Certificate, grantVersions: GrantVersions): Promise<{ sources: UpstreamSource[]; facts: ProvenanceFact[] }> {
  const sources: UpstreamSource[] = [];
  const facts: ProvenanceFact[] = [];
  const grants = new Set<string>();
  const derivedUnder = async (child: Certificate): Promise<void> => {
    for (const { grantId } of child.parentGrants ?? []) {
      if (grants.has(grantId)) continue;
      grants.add(grantId);
      facts.push(...(await grantVersions('source-grant', grantId)));
    }
  };
  await derivedUnder(cert);
  const seen = new Set([cert.id]);
  let frontier: { cert: Certificate; depth: number }[] = [{ cert, depth: 0 }];
  while (frontier.length > 0 && sources.length < MAX_SOURCES) {
    const next: { cert: Certificate; depth: number }[] = [];
    for (const { cert: child, depth } of frontier) {
      for (const parentId of child.parents) {
        if (seen.has(parentId) || sources.length >= MAX_SOURCES) continue;
        seen.add(parentId);
        const parent = await findCertificate(ctx, parentId);
        if (!parent) continue;
        sources.push({ id: parent.id, registry: parent.registry, depth: depth + 1, parentOf: child.id });
        const latest = (await versions(ctx, 'source', parent.id, certificateKey(ctx.stub, parent.id)))[0];
        if (latest) facts.push(latest);
        await derivedUnder(parent);
        next.push({ cert: parent, depth: depth + 1 });
      }
    }
    frontier = next;
  }
  return { sources, facts };
}

/** The listings (public), and the orders and settlements the caller may read (an order is its parties' business). */
async function tradeFacts(ctx: Context, certificateId: string, mayReadOrder: (order: Order) => boolean): Promise<ProvenanceFact[]> {
  const facts: ProvenanceFact[] = [];
  for (const listingId of await indexIds(ctx, ObjectType.listingByCertificate, [certificateId], 1)) {
    facts.push(...(await versions(ctx, 'listing', listingId, listingKey(ctx.stub, listingId))));
    for (const orderId of await indexIds(ctx, ObjectType.orderByListing, [listingId], 1)) {
      const orderVersions = await versions(ctx, 'order', orderId, orderKey(ctx.stub, orderId));
      // newest first: the order as it stands names its parties
      const current = orderVersions[0];
      if (current === undefined || !mayReadOrder(current.value as Order)) continue;
      facts.push(...orderVersions);
      facts.push(...(await versions(ctx, 'settlement', orderId, settlementKey(ctx.stub, orderId))));
    }
  }
  return facts;
}

async function encumbranceFacts(ctx: Context, encumbrances: readonly Encumbrance[]): Promise<ProvenanceFact[]> {
  const facts: ProvenanceFact[] = [];
  for (const e of encumbrances) facts.push(...(await versions(ctx, ENCUMBRANCE_FACT[e.kind], e.id, encumbranceKey(ctx.stub, e.certificateId, e.id))));
  return facts;
}

/** The provenance of `cert`, facts oldest first (ledger time, then kind). `encumbrances` are the certificate's, already read for the authorization. */
export async function provenanceOf(
  ctx: Context,
  cert: Certificate,
  encumbrances: readonly Encumbrance[],
  mayReadVersions: (grant: Grant) => boolean,
  mayReadOrder: (order: Order) => boolean,
): Promise<Provenance> {
  const grantVersions: GrantVersions = async (kind, grantId) => {
    const all = await versions(ctx, kind, grantId, grantKey(ctx.stub, grantId));
    // newest first: a caller who may not read the grant's history gets the version in force only
    const inForce = all[0];
    return inForce !== undefined && !mayReadVersions(inForce.value as Grant) ? [inForce] : all;
  };
  const facts = await certificateFacts(ctx, cert);
  const upstream = await lineage(ctx, cert, grantVersions);
  facts.push(...upstream.facts);
  for (const r of await listRecognitions(ctx, cert.id))
    facts.push(...(await versions(ctx, 'recognition', r.id, recognitionKey(ctx.stub, r.certificateId, r.registry))));
  for (const grantId of await indexIds(ctx, ObjectType.grantByAsset, [cert.id], 2)) {
    facts.push(...(await grantVersions('grant', grantId)));
  }
  facts.push(...(await tradeFacts(ctx, cert.id, mayReadOrder)));
  facts.push(...(await encumbranceFacts(ctx, encumbrances)));
  const order = (f: ProvenanceFact): string => `${f.timestamp} ${String(FACT_KINDS.indexOf(f.kind)).padStart(2, '0')}`;
  facts.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  return { certificateId: cert.id, registry: cert.registry, sources: upstream.sources, facts };
}
