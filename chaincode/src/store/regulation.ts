/**
 * Regulation persistence: negative-list entries, filings and credit records, each under the
 * regulator's key-level policy (a filing under the issuing registry's as well).
 *
 * The three reads trading needs are point or partial-key reads, never a scan of a whole list:
 * - `negativeListMatches`: an active entry is indexed under [target, value, id], so the entries
 *   naming a category and those naming a fingerprint are two partial-key ranges; lifting an
 *   entry deletes its index key, so only active entries are read;
 * - `filingInForce`: the filings of one certificate are one partial-key range;
 * - `creditStatusOf`: one point read of the entity's credit key.
 * A transaction that relies on them therefore conflicts (MVCC, phantom read) with a concurrent
 * listing, lifting, approval or credit flag instead of slipping past it.
 */
import { Context } from 'fabric-contract-api';
import { FILING_ID_PATTERN, NEGATIVE_LIST_ID_PATTERN } from '../codes';
import { invalid, notFound } from '../errors';
import { ObjectType, creditKey, filingByCertificateKey, filingKey, negativeListKey, negativeListMatchKey } from '../keys';
import { CreditRecord, CreditStatus, Filing, NegativeListEntry, NegativeListTarget } from '../model/regulation';
import { TradeInput, filingIsInForce } from '../rules/regulation';
import type { Certificate } from '../model/certificate';
import { collect, putIndex, putJson, readJson, setKeyEndorsers } from '../state';
import { HistoryEntry, historyOf } from './history';
import { Page, readPage } from './paging';

/** The active entries naming exactly this category or fingerprint, in key order. */
export async function activeEntriesFor(ctx: Context, target: NegativeListTarget, value: string): Promise<NegativeListEntry[]> {
  const iterator = await ctx.stub.getStateByPartialCompositeKey(ObjectType.negativeListMatch, [target, value]);
  const ids = await collect(iterator, (kv) => ctx.stub.splitCompositeKey(kv.key).attributes[2]);
  const entries: NegativeListEntry[] = [];
  for (const id of ids) {
    const entry = await readJson<NegativeListEntry>(ctx, negativeListKey(ctx.stub, id));
    if (entry?.status === 'active') entries.push(entry);
  }
  return entries;
}

/** Active negative-list entries (负面清单) naming the category or the fingerprint: two partial-key reads. */
export async function negativeListMatches(ctx: Context, category: string, fingerprint: string): Promise<NegativeListEntry[]> {
  return [...(await activeEntriesFor(ctx, 'category', category)), ...(await activeEntriesFor(ctx, 'fingerprint', fingerprint))];
}

export async function loadNegativeListEntry(ctx: Context, id: string): Promise<NegativeListEntry> {
  if (!NEGATIVE_LIST_ID_PATTERN.test(id)) throw invalid(`${id} is not a negative-list entry id (NLE-<10 characters>)`);
  const entry = await readJson<NegativeListEntry>(ctx, negativeListKey(ctx.stub, id));
  if (!entry) throw notFound(`negative-list entry ${id} does not exist`);
  return entry;
}

/** A new entry: record under its key-level policy, and its match index. */
export async function createNegativeListEntry(ctx: Context, entry: NegativeListEntry): Promise<void> {
  const key = negativeListKey(ctx.stub, entry.id);
  await putJson(ctx, key, entry);
  await setKeyEndorsers(ctx, key, entry.endorsingOrgs);
  // the match index is what trading reads: under the same policy, so only the regulator's peer can remove a prohibition
  const match = negativeListMatchKey(ctx.stub, entry.target, entry.value, entry.id);
  await putIndex(ctx, match);
  await setKeyEndorsers(ctx, match, entry.endorsingOrgs);
}

/** A lifted entry: the record keeps it, the match index forgets it. */
export async function saveLiftedNegativeListEntry(ctx: Context, entry: NegativeListEntry): Promise<void> {
  await putJson(ctx, negativeListKey(ctx.stub, entry.id), entry);
  await ctx.stub.deleteState(negativeListMatchKey(ctx.stub, entry.target, entry.value, entry.id));
}

/** A page of the whole list, active and lifted, in id order. */
export async function listNegativeList(ctx: Context, pageSize: number, bookmark: string): Promise<Page<NegativeListEntry>> {
  return readPage(ctx, ObjectType.negativeList, [], pageSize, bookmark, (id) => readJson<NegativeListEntry>(ctx, negativeListKey(ctx.stub, id)));
}

export async function loadFiling(ctx: Context, id: string): Promise<Filing> {
  if (!FILING_ID_PATTERN.test(id)) throw invalid(`${id} is not a filing id (FIL-<10 characters>)`);
  const filing = await readJson<Filing>(ctx, filingKey(ctx.stub, id));
  if (!filing) throw notFound(`filing ${id} does not exist`);
  return filing;
}

/** A new filing: record under its key-level policy, and the index of its certificate. */
export async function createFiling(ctx: Context, filing: Filing): Promise<void> {
  const key = filingKey(ctx.stub, filing.id);
  await putJson(ctx, key, filing);
  await setKeyEndorsers(ctx, key, filing.endorsingOrgs);
  await putIndex(ctx, filingByCertificateKey(ctx.stub, filing.certificateId, filing.id));
}

export async function saveFiling(ctx: Context, filing: Filing): Promise<void> {
  await putJson(ctx, filingKey(ctx.stub, filing.id), filing);
}

/** Every filing of a certificate, in id order: one partial-key range. */
async function filingsOf(ctx: Context, certificateId: string): Promise<Filing[]> {
  const iterator = await ctx.stub.getStateByPartialCompositeKey(ObjectType.filingByCertificate, [certificateId]);
  const ids = await collect(iterator, (kv) => ctx.stub.splitCompositeKey(kv.key).attributes[1]);
  const filings: Filing[] = [];
  for (const id of ids) {
    const filing = await readJson<Filing>(ctx, filingKey(ctx.stub, id));
    if (filing) filings.push(filing);
  }
  return filings;
}

/** The approved filing of the certificate in force at `nowIso` with the latest term end, if any. */
export async function filingInForce(ctx: Context, certificateId: string, nowIso: string): Promise<Filing | undefined> {
  const inForce = (await filingsOf(ctx, certificateId)).filter((f) => filingIsInForce(f, nowIso));
  return inForce.sort((a, b) => (b.validUntil ?? '').localeCompare(a.validUntil ?? ''))[0];
}

/** A page of a certificate's filings, in id order. */
export async function listFilings(ctx: Context, certificateId: string, pageSize: number, bookmark: string): Promise<Page<Filing>> {
  return readPage(ctx, ObjectType.filingByCertificate, [certificateId], pageSize, bookmark, (id) => readJson<Filing>(ctx, filingKey(ctx.stub, id)));
}

export async function findCredit(ctx: Context, entity: string): Promise<CreditRecord | undefined> {
  return readJson<CreditRecord>(ctx, creditKey(ctx.stub, entity));
}

/** The entity's credit status: `normal` unless the regulator has flagged it dishonest (one point read). */
export async function creditStatusOf(ctx: Context, entity: string): Promise<CreditStatus> {
  return (await findCredit(ctx, entity))?.status ?? 'normal';
}

/** Writes the entity's credit record under the regulator's key-level policy (set again each time: same bytes). */
export async function saveCredit(ctx: Context, record: CreditRecord): Promise<void> {
  const key = creditKey(ctx.stub, record.entity);
  await putJson(ctx, key, record);
  await setKeyEndorsers(ctx, key, record.endorsingOrgs);
}

/** Every credit status the entity was given, newest first, with its transaction. */
export async function creditHistory(ctx: Context, entity: string): Promise<HistoryEntry[]> {
  return historyOf(ctx, creditKey(ctx.stub, entity));
}

/**
 * What `mayTrade` decides from, for a certificate and the entities of a trade: the negative-list
 * entries naming its category or fingerprint, its filing in force now, and each party's credit.
 * The one place both `Regulation:TradeCheck` and the Market contract read it.
 */
export async function tradeInputFor(
  ctx: Context,
  cert: Pick<Certificate, 'id' | 'category' | 'fingerprint' | 'grade'>,
  entities: readonly string[],
  nowIso: string,
): Promise<TradeInput> {
  const negativeList = await negativeListMatches(ctx, cert.category, cert.fingerprint);
  const filing = await filingInForce(ctx, cert.id, nowIso);
  const parties: { entity: string; credit: CreditStatus }[] = [];
  for (const entity of entities) parties.push({ entity, credit: await creditStatusOf(ctx, entity) });
  return { grade: cert.grade, negativeList, ...(filing ? { filing } : {}), parties };
}
