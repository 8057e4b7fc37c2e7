/**
 * Certificate persistence: the record, its alias, its indexes and its key-level endorsement
 * policy, kept consistent in one place.
 *
 * There is no read-your-writes on Fabric, so every write here is computed from the record as
 * read at the start of the transaction (`before`) and the record to write (`after`), never by
 * reading back.
 */
import { Context } from 'fabric-contract-api';
import { APPLICATION_ID_PATTERN, CERTIFICATE_ID_PATTERN } from '../codes';
import { invalid, notFound } from '../errors';
import { ObjectType, certificateKey, fingerprintKey, objectionKey } from '../keys';
import { Certificate, CertificateAlias, Objection, holdersOf } from '../model/certificate';
import { holdsFingerprint } from '../rules/certificate';
import { collect, parseValue, putIndex, putJson, readJson, setKeyEndorsers } from '../state';

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

  if (moved && before) {
    const alias: CertificateAlias = { docType: 'certificateAlias', applicationId: before.id, certificateId: after.id };
    await putJson(ctx, certificateKey(ctx.stub, before.id), alias);
  }
  await putJson(ctx, key, after);
  const endorsersChanged = before === undefined || moved || before.endorsingOrgs.join(',') !== after.endorsingOrgs.join(',');
  if (endorsersChanged) await setKeyEndorsers(ctx, key, after.endorsingOrgs);
}

/** The certificate id that holds this fingerprint, if any (consortium-wide). */
export async function fingerprintHolder(ctx: Context, fingerprint: string): Promise<string | undefined> {
  const bytes = await ctx.stub.getState(fingerprintKey(ctx.stub, fingerprint));
  return bytes && bytes.length > 0 ? Buffer.from(bytes).toString('utf8') : undefined;
}

export async function listObjections(ctx: Context, certificateId: string): Promise<Objection[]> {
  const iterator = await ctx.stub.getStateByPartialCompositeKey(ObjectType.objection, [certificateId]);
  return collect(iterator, (kv) => parseValue<Objection>(kv.value));
}

export async function findObjection(ctx: Context, certificateId: string, objectionId: string): Promise<Objection | undefined> {
  return readJson<Objection>(ctx, objectionKey(ctx.stub, certificateId, objectionId));
}
