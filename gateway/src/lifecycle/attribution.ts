/**
 * Which certificates a transaction touched, decided generically so that a contract added later
 * (pledges, say) appears in lifecycles without a change here:
 *
 * - the ids its chaincode event's record names (`id`, `applicationId`, `certificateId`,
 *   `assetId` and any other `…Id` field, one level of nested records deep, e.g. an order and its
 *   settlement);
 * - the ids in its arguments (plain, or fields of a JSON argument), which is all an invalidated
 *   transaction can be attributed by;
 * - the attributes of the composite keys it wrote (indexes name the certificate they serve).
 *
 * An id stands for a certificate when it is one, is the application id a certificate had before
 * approval, or is the id of a record (grant, listing, order, recognition, pledge…) first seen
 * naming a certificate. Only valid transactions teach the model such facts.
 */
import type { TransactionFacts } from './block-facts';

/** What the model knows about ids, as of the transaction being attributed. */
export interface IdResolver {
  certificateOf(id: string): Promise<string | undefined>;
}

/** A certificate record as the chaincode wrote it (its `docType` is `certificate`), with what lineage needs. */
export interface CertificateRecordFacts {
  readonly id: string;
  readonly applicationId: string;
  readonly registry: string;
  readonly name: string;
  readonly assetType: string;
  readonly status: string;
  readonly parents: readonly string[];
  readonly holder?: string;
}

export interface Attribution {
  /** Certificate → what the entry says about it (`Derived` for the parents of a new product). */
  readonly touched: ReadonlyMap<string, { readonly type: string; readonly related?: string }>;
  /** A metered use, folded into per-grant counts. */
  readonly usageOf?: { readonly certificateId: string; readonly grantId: string };
  /** Facts learned (valid transactions only). */
  readonly certificates: readonly CertificateRecordFacts[];
  readonly owners: readonly (readonly [record: string, certificate: string])[];
}

const MAX_ID_LENGTH = 128;
const NAMED_REFS = new Set(['id', 'applicationId', 'certificateId', 'assetId']);

function isRefField(field: string): boolean {
  return NAMED_REFS.has(field) || (field.endsWith('Id') && !/txId$/i.test(field));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The record itself and the records directly inside it (OrderSettled carries `{order, settlement}`). */
function recordsIn(value: unknown): Record<string, unknown>[] {
  if (!isObject(value)) return [];
  return [value, ...Object.values(value).filter(isObject)];
}

function refsOf(record: Record<string, unknown>, except?: string): string[] {
  return Object.entries(record)
    .filter(([field, v]) => field !== except && isRefField(field) && typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_LENGTH)
    .map(([, v]) => v as string);
}

function argumentIds(args: readonly string[]): string[] {
  return args.flatMap((arg) => {
    if (arg.startsWith('{')) {
      try {
        return recordsIn(JSON.parse(arg)).flatMap((r) => refsOf(r));
      } catch {
        return [];
      }
    }
    return arg.length > 0 && arg.length <= MAX_ID_LENGTH ? [arg] : [];
  });
}

/** The attributes of a composite key (`\0type\0a\0b\0`), or a simple key itself. */
function keyIds(key: string): string[] {
  if (!key.startsWith('\u0000')) return key.length <= MAX_ID_LENGTH ? [key] : [];
  return key
    .split('\u0000')
    .slice(2)
    .filter((part) => part.length > 0 && part.length <= MAX_ID_LENGTH);
}

function certificateFacts(record: Record<string, unknown>): CertificateRecordFacts | undefined {
  if (record.docType !== 'certificate' || typeof record.id !== 'string') return undefined;
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  const rights = Array.isArray(record.rights) ? (record.rights as unknown[]).filter(isObject) : [];
  const holding = rights.find((r) => r.type === 'holding');
  return {
    id: record.id,
    applicationId: text(record.applicationId) || record.id,
    registry: text(record.registry),
    name: text(record.name),
    assetType: text(record.assetType),
    status: text(record.status),
    parents: Array.isArray(record.parents) ? (record.parents as unknown[]).filter((p): p is string => typeof p === 'string') : [],
    ...(holding && typeof holding.holder === 'string' ? { holder: holding.holder } : {}),
  };
}

function isUsage(tx: TransactionFacts): boolean {
  return (tx.event?.name ?? '').endsWith('UsageRecorded') || tx.function.endsWith(':RecordUsage');
}

/**
 * Attributes `tx`. `resolver` answers from what earlier transactions taught; certificates and
 * records this transaction itself introduces are taken into account before its ids are resolved.
 */
export async function attribute(tx: TransactionFacts, resolver: IdResolver): Promise<Attribution> {
  const valid = tx.validationCode === 'VALID';
  const records = valid ? recordsIn(tx.event?.record) : [];
  const certificates = records.map(certificateFacts).filter((c): c is CertificateRecordFacts => c !== undefined);
  const introduced = new Map<string, string>();
  for (const c of certificates) {
    // the record says what its application became
    introduced.set(c.id, c.id);
    introduced.set(c.applicationId, c.id);
  }
  const resolve = async (id: string): Promise<string | undefined> => introduced.get(id) ?? (await resolver.certificateOf(id));

  const owners: [string, string][] = [];
  for (const record of records) {
    if (certificateFacts(record) || typeof record.id !== 'string') continue;
    for (const ref of refsOf(record, 'id')) {
      const cert = await resolve(ref);
      if (cert !== undefined) {
        owners.push([record.id, cert]);
        introduced.set(record.id, cert);
        break;
      }
    }
  }

  const eventIds = recordsIn(tx.event?.record).flatMap((r) => refsOf(r));
  const candidates = new Set([...eventIds, ...argumentIds(tx.args), ...tx.writes.flatMap(keyIds)]);
  const type = valid && tx.event ? tx.event.name : tx.function;
  const touched = new Map<string, { type: string; related?: string }>();
  for (const id of candidates) {
    const cert = await resolve(id);
    if (cert === undefined || touched.has(cert)) continue;
    const own = records.find((r) => typeof r.id === 'string' && introduced.get(r.id) === cert && !certificateFacts(r));
    touched.set(cert, { type, ...(own ? { related: own.id as string } : {}) });
  }
  if (tx.event?.name === 'CertificateApplied') {
    // a new product names its sources: each source's lifecycle says it was derived from, whatever keys the application wrote
    for (const c of certificates) {
      for (const parent of c.parents) {
        const p = await resolve(parent);
        if (p !== undefined && p !== c.id) touched.set(p, { type: 'Derived', related: c.id });
      }
    }
  }

  let usageOf: Attribution['usageOf'];
  if (isUsage(tx)) {
    const record = isObject(tx.event?.record) ? tx.event.record : {};
    const grantId = typeof record.grantId === 'string' ? record.grantId : tx.args[0];
    const cert = grantId !== undefined ? await resolve(grantId) : undefined;
    if (grantId !== undefined && cert !== undefined) usageOf = { certificateId: cert, grantId };
  }
  return { touched, ...(usageOf ? { usageOf } : {}), certificates, owners };
}
