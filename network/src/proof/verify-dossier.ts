/**
 * Offline verification of a provenance dossier, with the checks a certificate bundle has
 * (proof-checks.ts: the same trust pinning, transaction, endorsement and block checks) applied
 * to every transaction and block the dossier carries, plus what binds each fact to them:
 * - `fact-write`: the fact's transaction wrote its key (not a delete) in the pinned chaincode;
 * - `fact-value`: the value shown is the value written (at the fact's JSON pointer, if any);
 * - `fact-context`: its block number, time and actor are those of the transaction;
 * - `dossier-subject`: every fact is about the dossier's certificate, and every upstream
 *   certificate its proven records name as a parent is in the dossier, proven.
 * Each check is reported once, by name, with the first failure's detail (which transaction,
 * block or fact). Runs unchanged in Node and browsers.
 */
import { fromBase64, utf8 } from '../protocol/bytes';
import type { ChannelTrust } from './certificate-bundle';
import { certificateStateKey } from './certificate-bundle';
import { CheckFailed, checkBlockSignature, checkEndorsedTransaction, checkInclusion, pinTrust, type EndorsedTransaction } from './proof-checks';
import { DOSSIER_CHECKS, DOSSIER_PROOF_TYPE, DOSSIER_TYPE, type DossierFact, type DossierVerification, type ProvenanceDossier } from './provenance-dossier';

type Check = DossierVerification['checks'][number];

/** Kinds whose record names the certificate it belongs to (`certificateId`, or a grant's `assetId`). */
const RECORDS_OF_THE_CERTIFICATE = new Set(['recognition', 'grant', 'listing', 'order', 'settlement', 'pledge', 'dispute', 'freeze']);

export async function verifyProvenanceDossier(
  dossier: ProvenanceDossier,
  options: { readonly trust?: ChannelTrust; readonly subtle?: SubtleCrypto } = {},
): Promise<DossierVerification> {
  const checks: Check[] = [];
  const fail = (name: string, detail: string): DossierVerification => {
    checks.push({ name, ok: false, detail });
    return { valid: false, checks };
  };
  let decoded: Decoded;
  try {
    decoded = decode(dossier);
  } catch (err) {
    return fail('format', err instanceof CheckFailed ? err.message : `the dossier could not be read: ${(err as Error).message}`);
  }
  checks.push({ name: 'format', ok: true, detail: `W3C VC 2.0 shaped ${DOSSIER_TYPE}, proof ${DOSSIER_PROOF_TYPE}` });
  try {
    return await check(dossier, decoded, options, checks);
  } catch (err) {
    if (err instanceof CheckFailed) return fail(err.check, err.message);
    throw err;
  }
}

interface Decoded {
  readonly envelopes: ReadonlyMap<string, Uint8Array>;
  readonly blockData: ReadonlyMap<number, readonly Uint8Array[]>;
}

/** `format`: the shape, and every base64 field decodes. */
function decode(dossier: ProvenanceDossier): Decoded {
  const proof = dossier?.proof;
  if (!dossier || !Array.isArray(dossier.type) || !dossier.type.includes(DOSSIER_TYPE) || proof?.type !== DOSSIER_PROOF_TYPE) {
    throw new CheckFailed('format', `not a ${DOSSIER_TYPE} with a ${DOSSIER_PROOF_TYPE}`);
  }
  if (!Array.isArray(dossier.credentialSubject?.facts) || typeof proof.transactions !== 'object' || typeof proof.blocks !== 'object') {
    throw new CheckFailed('format', 'the dossier has no facts, transactions or blocks');
  }
  const blockData = new Map<number, Uint8Array[]>();
  for (const [n, block] of Object.entries(proof.blocks)) if (block.envelopes) blockData.set(Number(n), block.envelopes.map(fromBase64));
  const envelopes = new Map<string, Uint8Array>();
  for (const [txId, tx] of Object.entries(proof.transactions)) {
    const bytes = tx.envelope !== undefined ? fromBase64(tx.envelope) : blockData.get(tx.blockNumber)?.[tx.txIndex];
    if (!bytes) throw new CheckFailed('format', `transaction ${txId} has no envelope and its block ${tx.blockNumber} does not carry it`);
    envelopes.set(txId, bytes);
  }
  for (const f of dossier.credentialSubject.facts) utf8.decode(fromBase64(f.stateKey));
  return { envelopes, blockData };
}

/** Per-item passes are not reported one by one: each check is summarised once for all items. */
const quiet = (): void => undefined;

async function within<T>(where: string, run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof CheckFailed) throw new CheckFailed(err.check, `${where}: ${err.message}`);
    throw err;
  }
}

async function check(
  dossier: ProvenanceDossier,
  decoded: Decoded,
  options: { trust?: ChannelTrust; subtle?: SubtleCrypto },
  checks: Check[],
): Promise<DossierVerification> {
  const proof = dossier.proof;
  const subject = dossier.credentialSubject;
  const { signatures, unpinned } = pinTrust(proof, options.trust, options.subtle ?? globalThis.crypto.subtle, (c) => void checks.push(c));
  const report = (name: string, detail: string): void => void checks.push({ name, ok: true, detail });

  // every transaction: envelope, creator, txId, endorsements (the bundle's checks)
  const txs = new Map<string, EndorsedTransaction>();
  for (const [txId, envelope] of decoded.envelopes) {
    txs.set(
      txId,
      await within(`transaction ${txId}`, () =>
        checkEndorsedTransaction(envelope, { txId, channelName: proof.channelName, chaincodeName: proof.chaincodeName }, signatures, quiet),
      ),
    );
  }
  const n = txs.size;
  report('transaction', `${n} endorser transactions on channel ${proof.channelName}`);
  report('creator-certificate', `the ${n} submitters' certificates are issued by their organisations' CAs`);
  report('creator-signature', `each of the ${n} submitters signed exactly its transaction`);
  report('transaction-id', `the ${n} txIds derive from their nonces and creators, as Fabric computes them`);
  const endorsers = [...new Set([...txs.values()].flatMap((t) => t.endorsers))].sort();
  report('endorsements', `every transaction carries valid peer endorsements (${endorsers.join(', ')})`);

  // every fact: written by its transaction, the value shown, its block, time and actor
  const records: { fact: DossierFact; record: unknown; key: string }[] = [];
  for (const [i, fact] of subject.facts.entries()) {
    const where = `fact ${i} (${fact.kind} ${fact.subject})`;
    const tx = txs.get(fact.txId);
    if (!tx) throw new CheckFailed('fact-write', `${where}: transaction ${fact.txId} is not in the dossier`);
    const key = utf8.decode(fromBase64(fact.stateKey));
    const written = tx.writes.get(key);
    if (!written)
      throw new CheckFailed('fact-write', `${where}: transaction ${fact.txId} does not write its key${tx.writes.has(key) ? ' (it deletes it)' : ''}`);
    let record: unknown;
    try {
      record = JSON.parse(utf8.decode(written));
    } catch {
      throw new CheckFailed('fact-value', `${where}: the written value is not JSON`);
    }
    const shown = fact.path === undefined ? record : atPointer(record, fact.path);
    if (shown === undefined || canonical(shown) !== canonical(fact.value))
      throw new CheckFailed('fact-value', `${where}: the value differs from what transaction ${fact.txId} wrote`);
    const placed = proof.transactions[fact.txId]!;
    if (
      fact.blockNumber !== placed.blockNumber ||
      fact.timestamp !== tx.timestamp ||
      fact.actor?.mspId !== tx.creator.mspId ||
      fact.actor?.id !== tx.creator.commonName
    ) {
      throw new CheckFailed(
        'fact-context',
        `${where}: its block, time or actor differs from transaction ${fact.txId} (block ${placed.blockNumber}, ${tx.timestamp}, ${tx.creator.commonName}@${tx.creator.mspId})`,
      );
    }
    records.push({ fact, record, key });
  }
  report('fact-write', `each of the ${subject.facts.length} facts is a write of its key by its endorsed transaction in chaincode ${proof.chaincodeName}`);
  report('fact-value', 'every value shown is the value written');
  report('fact-context', "every fact's block, time and actor are its transaction's");

  checkSubject(dossier, records);
  report(
    'dossier-subject',
    `every fact is about certificate ${subject.certificateId} or one of its ${subject.sources.length} upstream sources, and every parent its proven records name is proven here`,
  );

  // every transaction in its block, every block signed by the orderer
  for (const [txId, placed] of Object.entries(proof.transactions)) {
    const block = proof.blocks[String(placed.blockNumber)];
    if (!block || block.number !== placed.blockNumber)
      throw new CheckFailed('block-inclusion', `transaction ${txId}: the dossier has no block ${placed.blockNumber}`);
    await within(`transaction ${txId}`, () =>
      checkInclusion(block, decoded.envelopes.get(txId)!, placed.txIndex, placed.merklePath, quiet, decoded.blockData.get(placed.blockNumber)),
    );
  }
  const blockNumbers = [...new Set(Object.values(proof.transactions).map((t) => t.blockNumber))].sort((a, b) => a - b);
  report('block-inclusion', `the ${n} transactions are in their ${blockNumbers.length} blocks`);
  const orderers = new Set<string>();
  for (const number of blockNumbers) {
    const { orderer } = await within(`block ${number}`, () => checkBlockSignature(proof.blocks[String(number)]!, signatures, options.trust, quiet));
    orderers.add(orderer.mspId);
  }
  report('block-signature', `the ${blockNumbers.length} block headers are signed by orderers of ${[...orderers].join(', ')}`);
  checks.sort((a, b) => DOSSIER_CHECKS.indexOf(a.name as (typeof DOSSIER_CHECKS)[number]) - DOSSIER_CHECKS.indexOf(b.name as (typeof DOSSIER_CHECKS)[number]));
  return {
    valid: !unpinned,
    checks,
    facts: { certificateId: subject.certificateId, factCount: subject.facts.length, transactionCount: n, blocks: blockNumbers, orderedBy: [...orderers] },
  };
}

/** `dossier-subject`: the facts are about this certificate and its lineage, and the lineage is complete as its proven records name it. */
function checkSubject(dossier: ProvenanceDossier, records: readonly { fact: DossierFact; record: unknown; key: string }[]): void {
  const { certificateId, registry, sources } = dossier.credentialSubject;
  const fail = (detail: string): never => {
    throw new CheckFailed('dossier-subject', detail);
  };
  const own = records.filter((r) => r.fact.kind === 'certificate' && r.key === certificateStateKey(certificateId));
  const latest = own.reduce<(typeof own)[number] | undefined>((a, r) => (!a || r.fact.blockNumber >= a.fact.blockNumber ? r : a), undefined);
  const current = latest?.record as { id?: string; applicationId?: string; registry?: string; parents?: string[] } | undefined;
  if (!current || current.id !== certificateId) return fail(`no proven version of certificate ${certificateId} under its record key`);
  if (current.registry !== registry) return fail(`the dossier names ${registry} as issuer, the proven certificate ${current.registry}`);
  const ownKeys = new Set([certificateStateKey(certificateId), certificateStateKey(current.applicationId ?? certificateId)]);
  const sourceIds = new Map(sources.map((s) => [s.id, s]));
  type Derived = { parents?: string[]; parentGrants?: { certificateId: string; grantId: string }[]; registry?: string };
  const provenSources = new Map<string, Derived>();
  const sourceGrants = new Map<string, { assetId?: string }>();
  for (const { fact, record, key } of records) {
    const r = record as { id?: string; certificateId?: string; assetId?: string; orderId?: string; registry?: string; parents?: string[] };
    if (fact.kind === 'certificate' || fact.kind === 'evidence') {
      if (!ownKeys.has(key)) fail(`a ${fact.kind} fact is written under another record than certificate ${certificateId}'s`);
    } else if (fact.kind === 'source') {
      const listed = sourceIds.get(fact.subject);
      if (key !== certificateStateKey(fact.subject) || r.id !== fact.subject || !listed)
        fail(`source fact ${fact.subject} is not a proven upstream certificate of the dossier`);
      if (listed!.registry !== r.registry) fail(`source ${fact.subject} is listed as issued by ${listed!.registry}, its proven record says ${r.registry}`);
      provenSources.set(fact.subject, r);
    } else if (fact.kind === 'source-grant') {
      if (r.id !== fact.subject) fail(`source-grant fact ${fact.subject} proves the record of grant ${String(r.id)}`);
      sourceGrants.set(fact.subject, r);
    } else if (RECORDS_OF_THE_CERTIFICATE.has(fact.kind)) {
      if ((r.certificateId ?? r.assetId) !== certificateId)
        fail(`${fact.kind} fact ${fact.subject} is about ${r.certificateId ?? r.assetId}, not ${certificateId}`);
    } else {
      fail(`fact kind ${fact.kind} is unknown`);
    }
  }
  const derived: Derived[] = [current as Derived, ...provenSources.values()];
  const named = derived.flatMap((s) => s.parents ?? []);
  const missing = named.find((id) => !provenSources.has(id));
  if (missing) fail(`upstream certificate ${missing} is named as a parent but not proven in the dossier`);
  // the grants a derivation rests on: each one named is proven, and each proven one is named, for the parent it licenses
  const licences = new Map(derived.flatMap((s) => s.parentGrants ?? []).map((g) => [g.grantId, g.certificateId]));
  for (const [grantId, parent] of licences) {
    if (sourceGrants.get(grantId)?.assetId !== parent) fail(`grant ${grantId}, under which ${parent} was used as a parent, is not proven in the dossier`);
  }
  const stray = [...sourceGrants.keys()].find((id) => !licences.has(id));
  if (stray) fail(`source-grant fact ${stray} is not a grant any proven derivation names`);
}

/** RFC 6901 JSON pointer. */
function atPointer(value: unknown, pointer: string): unknown {
  if (pointer === '') return value;
  let at: unknown = value;
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (at === null || typeof at !== 'object' || !Object.prototype.hasOwnProperty.call(at, token)) return undefined;
    at = (at as Record<string, unknown>)[token];
  }
  return at;
}

/** JSON with object keys sorted, to compare values regardless of key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
