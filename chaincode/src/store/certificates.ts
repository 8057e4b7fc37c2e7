/**
 * Certificate persistence: the record, its alias, its indexes and its key-level endorsement
 * policy, kept consistent in one place; its objections, the serial counter, the query-code
 * index, its history and the paged list.
 *
 * There is no read-your-writes on Fabric, so every write here is computed from the record as
 * read at the start of the transaction (`before`) and the record to write (`after`), never by
 * reading back.
 */
import { Context } from 'fabric-contract-api';
import { APPLICATION_ID_PATTERN, CERTIFICATE_ID_PATTERN } from '../codes';
import { conflict, invalid, notFound } from '../errors';
import { ObjectType, certificateKey, fingerprintKey, objectionKey, queryCodeKey, serialKey } from '../keys';
import { Certificate, CertificateAlias, CertificateFilter, Objection, holdersOf, matchesFilter } from '../model/certificate';
import { publicityIndexEntries } from '../model/publicity';
import { holdsFingerprint } from '../rules/certificate';
import { collect, exists, parseValue, putIndex, putJson, readJson, setKeyEndorsers, stateBytes } from '../state';
import { HistoryEntry, historyOf } from './history';
import { Page, readPage } from './paging';

type StoredCertificate = Certificate | CertificateAlias;

export function isCertificateId(id: string): boolean {
  return CERTIFICATE_ID_PATTERN.test(id) || APPLICATION_ID_PATTERN.test(id);
}

/** Reads a certificate by certificate id or application id (an approved application's key holds an alias). */
export async function findCertificate(ctx: Context, id: string): Promise<Certificate | undefined> {
  if (!isCertificateId(id)) return undefined;
  const stored = await readJson<StoredCertificate>(ctx, certificateKey(ctx.stub, id));
  if (!stored) return undefined;
  if (stored.docType === 'certificateAlias') {
    return readJson<Certificate>(ctx, certificateKey(ctx.stub, stored.certificateId));
  }
  return stored;
}

export async function loadCertificate(ctx: Context, id: string): Promise<Certificate> {
  if (!isCertificateId(id)) throw invalid(`${id} is not a certificate id (<city>-<year>-<serial>) or application id`);
  const cert = await findCertificate(ctx, id);
  if (!cert) throw notFound(`certificate ${id} does not exist`);
  return cert;
}

interface IndexEntry {
  type: string;
  attributes: string[];
}

function indexEntries(cert: Certificate): IndexEntry[] {
  return [
    { type: ObjectType.byRegistry, attributes: [cert.registry, cert.id] },
    { type: ObjectType.byStatus, attributes: [cert.status, cert.id] },
    { type: ObjectType.byCategory, attributes: [cert.category, cert.id] },
    ...holdersOf(cert.rights).map((h) => ({ type: ObjectType.byHolder, attributes: [h, cert.id] })),
    // the 公示 board's keys while in publicity: entering writes them, any exit deletes them (model/publicity.ts)
    ...publicityIndexEntries(cert),
  ];
}

function entryKey(ctx: Context, e: IndexEntry): string {
  return ctx.stub.createCompositeKey(e.type, e.attributes);
}

/**
 * Writes `after`, moving it from `before`'s key when its id changed (an application approved
 * under its certificate id), and updates exactly the index entries that differ.
 */
export async function saveCertificate(ctx: Context, before: Certificate | undefined, after: Certificate): Promise<void> {
  const key = certificateKey(ctx.stub, after.id);
  const moved = before !== undefined && before.id !== after.id;

  const oldKeys = new Set((before ? indexEntries(before) : []).map((e) => entryKey(ctx, e)));
  const newKeys = new Set(indexEntries(after).map((e) => entryKey(ctx, e)));
  // Sorted so the order of stub calls is the same on every peer (the write set is sorted anyway).
  for (const k of [...oldKeys].filter((k) => !newKeys.has(k)).sort()) await ctx.stub.deleteState(k);
  for (const k of [...newKeys].filter((k) => !oldKeys.has(k)).sort()) await putIndex(ctx, k);

  const fpKey = fingerprintKey(ctx.stub, after.fingerprint);
  const heldBefore = before !== undefined && holdsFingerprint(before.status);
  if (holdsFingerprint(after.status)) {
    if (!heldBefore || moved) await ctx.stub.putState(fpKey, Buffer.from(after.id, 'utf8'));
  } else if (heldBefore) {
    // Rejected, cancelled or revoked: the same data may be registered again.
    await ctx.stub.deleteState(fpKey);
  }

  if (moved) {
    const alias: CertificateAlias = { docType: 'certificateAlias', applicationId: before.id, certificateId: after.id };
    await putJson(ctx, certificateKey(ctx.stub, before.id), alias);
  }
  await putJson(ctx, key, after);
  const endorsersChanged = before === undefined || moved || before.endorsingOrgs.join(',') !== after.endorsingOrgs.join(',');
  if (endorsersChanged) await setKeyEndorsers(ctx, key, after.endorsingOrgs);
}

/** The certificate id that holds this fingerprint, if any (consortium-wide). */
export async function fingerprintHolder(ctx: Context, fingerprint: string): Promise<string | undefined> {
  const bytes = await stateBytes(ctx, fingerprintKey(ctx.stub, fingerprint));
  return bytes && bytes.length > 0 ? Buffer.from(bytes).toString('utf8') : undefined;
}

export async function listObjections(ctx: Context, certificateId: string): Promise<Objection[]> {
  const iterator = await ctx.stub.getStateByPartialCompositeKey(ObjectType.objection, [certificateId]);
  return collect(iterator, (kv) => parseValue<Objection>(kv.value));
}

export async function findObjection(ctx: Context, certificateId: string, objectionId: string): Promise<Objection | undefined> {
  return readJson<Objection>(ctx, objectionKey(ctx.stub, certificateId, objectionId));
}

/**
 * A new objection: its own key, not a field of the certificate, so raising one needs no registry
 * endorsement, and Issue's range read over these keys fails (phantom read) if one appears
 * concurrently. Later changes of it need the certificate's endorsers.
 */
export async function createObjection(ctx: Context, objection: Objection, endorsingOrgs: readonly string[]): Promise<void> {
  const key = objectionKey(ctx.stub, objection.certificateId, objection.id);
  await putJson(ctx, key, objection);
  await setKeyEndorsers(ctx, key, endorsingOrgs);
}

export async function saveObjection(ctx: Context, objection: Objection): Promise<void> {
  await putJson(ctx, objectionKey(ctx.stub, objection.certificateId, objection.id), objection);
}

/**
 * The next serial of a registry in a year, counted on one key per registry and year that only
 * that registry's registrars write (chaincode/README.md, "Id allocation").
 */
export async function allocateSerial(ctx: Context, cityCode: string, year: string): Promise<number> {
  const counterKey = serialKey(ctx.stub, cityCode, year);
  const counter = (await readJson<{ last: number }>(ctx, counterKey)) ?? { last: 0 };
  const serial = counter.last + 1;
  await putJson(ctx, counterKey, { last: serial });
  return serial;
}

/** Indexes the query code (查询码) of a certificate being issued; `CONFLICT` in the improbable case it is taken. */
export async function claimQueryCode(ctx: Context, queryCode: string, certificateId: string): Promise<void> {
  const codeKey = queryCodeKey(ctx.stub, queryCode);
  // 50 bits make a clash improbable; refusing keeps the index one-to-one, a retry gets a new tx id.
  if (await exists(ctx, codeKey)) throw conflict(`query code ${queryCode} is taken; retry the transaction`);
  await ctx.stub.putState(codeKey, Buffer.from(certificateId, 'utf8'));
}

/** The certificate id a query code names, if any. */
export async function certificateIdByQueryCode(ctx: Context, queryCode: string): Promise<string | undefined> {
  const bytes = await stateBytes(ctx, queryCodeKey(ctx.stub, queryCode));
  return bytes && bytes.length > 0 ? Buffer.from(bytes).toString('utf8') : undefined;
}

/** Every version, newest first, including the application's key before the id was allocated. */
export async function certificateHistory(ctx: Context, cert: Certificate): Promise<HistoryEntry[]> {
  const entries = await historyOf(ctx, certificateKey(ctx.stub, cert.id));
  if (cert.applicationId !== cert.id) entries.push(...(await historyOf(ctx, certificateKey(ctx.stub, cert.applicationId))));
  return entries;
}

/**
 * The most selective given filter (holder, registry, status, category) drives the range; the
 * others are applied to the page.
 */
function indexFor(filter: CertificateFilter): [string, string[]] {
  if (filter.holder !== undefined) return [ObjectType.byHolder, [filter.holder]];
  if (filter.registry !== undefined) return [ObjectType.byRegistry, [filter.registry]];
  if (filter.status !== undefined) return [ObjectType.byStatus, [filter.status]];
  if (filter.category !== undefined) return [ObjectType.byCategory, [filter.category]];
  return [ObjectType.byRegistry, []];
}

export async function listCertificates(ctx: Context, filter: CertificateFilter, pageSize: number, bookmark: string): Promise<Page<Certificate>> {
  const [type, attributes] = indexFor(filter);
  return readPage(ctx, type, attributes, pageSize, bookmark, async (id) => {
    const cert = await readJson<Certificate>(ctx, certificateKey(ctx.stub, id));
    return cert && matchesFilter(cert, filter) ? cert : undefined;
  });
}
