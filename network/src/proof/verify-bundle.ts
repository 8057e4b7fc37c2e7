/**
 * Offline verification of a certificate bundle. It needs no ledger and runs unchanged in Node
 * and browsers: protobuf decoding with @hyperledger/fabric-protos, certificates with
 * @peculiar/x509, ECDSA with WebCrypto, SHA-256 with @noble/hashes. Every check is reported by
 * name; the bundle is valid only when all pass.
 */
import { equalBytes, fromBase64, utf8 } from '../protocol/bytes';
import {
  BUNDLE_NAME,
  BUNDLE_SUBJECT_FIELDS,
  BUNDLE_TYPE,
  CERTIFICATE_STATUSES,
  PROOF_TYPE,
  certificateStateKey,
  type BundleVerification,
  type CertificateBundle,
  type ChannelTrust,
  type VerificationCheck,
} from './certificate-bundle';
import { CheckFailed, checkBlockSignature, checkEndorsedTransaction, checkInclusion, pinTrust } from './proof-checks';

export interface VerifyOptions {
  /**
   * What the verifier knows about the channel beforehand (roots, orderer and issuer
   * organisations, chaincode). Without it the bundle's own anchors are used for the other
   * checks, but `trust-anchors` fails: a bundle cannot vouch for itself.
   */
  readonly trust?: ChannelTrust;
  readonly subtle?: SubtleCrypto;
}

export async function verifyCertificateBundle(bundle: CertificateBundle, options: VerifyOptions = {}): Promise<BundleVerification> {
  const checks: VerificationCheck[] = [];
  const subtle = options.subtle ?? globalThis.crypto.subtle;
  const pass = (name: string, detail: string): void => void checks.push({ name, ok: true, detail });
  const fail = (name: string, detail: string): BundleVerification => {
    checks.push({ name, ok: false, detail });
    return { valid: false, checks };
  };

  // 1. shape
  if (!bundle || typeof bundle !== 'object' || !Array.isArray(bundle.type) || !bundle.type.includes(BUNDLE_TYPE) || bundle.proof?.type !== PROOF_TYPE) {
    return fail('format', `not a ${BUNDLE_TYPE} with a ${PROOF_TYPE}`);
  }
  const proof = bundle.proof;
  let envelopeBytes: Uint8Array, stateKey: string, stateValue: Uint8Array;
  try {
    envelopeBytes = fromBase64(proof.transaction.envelope);
    stateKey = utf8.decode(fromBase64(proof.stateKey));
    stateValue = fromBase64(proof.stateValue);
  } catch (err) {
    return fail('format', `proof fields are not valid base64: ${(err as Error).message}`);
  }
  pass('format', `W3C VC 2.0 shaped ${BUNDLE_TYPE}, proof ${PROOF_TYPE}`);

  try {
    return await checkBundle(bundle, proof, envelopeBytes, stateKey, stateValue, options, checks, subtle);
  } catch (err) {
    if (err instanceof CheckFailed) return fail(err.check, err.message);
    throw err;
  }
}

async function checkBundle(
  bundle: CertificateBundle,
  proof: CertificateBundle['proof'],
  envelopeBytes: Uint8Array,
  stateKey: string,
  stateValue: Uint8Array,
  options: VerifyOptions,
  checks: VerificationCheck[],
  subtle: SubtleCrypto,
): Promise<BundleVerification> {
  const pass = (name: string, detail: string): void => void checks.push({ name, ok: true, detail });
  const fail = (name: string, detail: string): never => {
    throw new CheckFailed(name, detail);
  };

  // 2. trust anchors: pinned by the verifier, never taken on the bundle's word
  const trust = options.trust;
  const { signatures, unpinned } = pinTrust(proof, trust, subtle, (c) => void checks.push(c));

  // 3. the transaction and 4. its endorsements
  const tx = await checkEndorsedTransaction(
    envelopeBytes,
    { txId: proof.transaction.txId, channelName: proof.channelName, chaincodeName: proof.chaincodeName },
    signatures,
    pass,
  );
  const endorsers = tx.endorsers;
  if (trust && !trust.issuerMspIds.includes(bundle.issuer.mspId))
    return fail('issuer-endorsement', `${bundle.issuer.mspId} is not a registry of the channel: it cannot issue certificates`);
  if (!endorsers.includes(bundle.issuer.mspId))
    return fail('issuer-endorsement', `the issuing registry ${bundle.issuer.mspId} did not endorse this transaction`);
  pass('issuer-endorsement', `the issuing registry ${bundle.issuer.mspId} endorsed it`);

  const written = tx.writes.get(stateKey);
  if (!written || !equalBytes(written, stateValue)) return fail('state-write', 'the endorsed transaction does not write this certificate state');

  let state: Record<string, unknown>;
  try {
    state = JSON.parse(utf8.decode(stateValue)) as Record<string, unknown>;
  } catch {
    return fail('credential-subject', 'the certificate state is not JSON');
  }
  if (stateKey !== certificateStateKey(String(state.id))) return fail('state-write', 'the proven key is not the certificate record of the id it holds');
  pass('state-write', `the endorsed write set stores certificate ${String(state.id)} under its record key in chaincode ${proof.chaincodeName}`);

  const subject = bundle.credentialSubject ?? {};
  const mismatch = Object.entries(subject).find(([k, v]) => JSON.stringify(state[k]) !== JSON.stringify(v));
  if (mismatch) return fail('credential-subject', `credentialSubject.${mismatch[0]} differs from the endorsed certificate state`);
  const omitted = BUNDLE_SUBJECT_FIELDS.find((f) => state[f] !== undefined && !(f in subject));
  if (omitted) return fail('credential-subject', `credentialSubject leaves out ${omitted}, which the endorsed state has`);
  if (bundle.id !== `urn:dal:certificate:${String(state.id)}` || state.registry !== bundle.issuer.mspId) {
    return fail('credential-subject', 'the bundle id or issuer differs from the endorsed certificate');
  }
  if ((bundle.validFrom ?? undefined) !== (state.issuedAt ?? undefined) || (bundle.validUntil ?? undefined) !== (state.expiresAt ?? undefined)) {
    return fail('credential-subject', "validFrom/validUntil differ from the certificate's issuedAt/expiresAt");
  }
  // every human-readable field is bound too: what a reader sees is what was proven
  if (bundle.name !== BUNDLE_NAME) return fail('credential-subject', `the bundle's name is not "${BUNDLE_NAME}"`);
  const pinnedNames = trust?.organizationNames?.[bundle.issuer.mspId];
  if (pinnedNames && ((bundle.issuer.name ?? pinnedNames.name) !== pinnedNames.name || (bundle.issuer.nameZh ?? pinnedNames.nameZh) !== pinnedNames.nameZh)) {
    return fail('credential-subject', `the issuer's names differ from those the channel publishes for ${bundle.issuer.mspId}`);
  }
  if (proof.created !== tx.timestamp) return fail('credential-subject', `proof.created ${proof.created} is not the transaction's time ${tx.timestamp}`);
  pass('credential-subject', `every field of the endorsed state of certificate ${String(state.id)} is in credentialSubject, equal`);
  if (!CERTIFICATE_STATUSES.includes(String(state.status))) {
    return fail('certificate-status', `the proven state is ${String(state.status)}, not an issued certificate`);
  }
  pass('certificate-status', `the proven state is a certificate with status ${String(state.status)}`);

  // 5. the block: inclusion, then the orderer's signature over the header (and the Merkle root)
  const blk = proof.block;
  if (blk.number !== proof.transaction.blockNumber) return fail('block-inclusion', 'the block and the transaction name different block numbers');
  checkInclusion(blk, envelopeBytes, proof.transaction.txIndex, blk.merklePath, pass);
  const { blockHash, orderer } = await checkBlockSignature(blk, signatures, trust, pass);

  return {
    valid: !unpinned,
    checks,
    facts: {
      certificateId: String(state.id),
      txId: proof.transaction.txId,
      blockNumber: blk.number,
      blockHash,
      endorsedBy: endorsers,
      orderedBy: orderer.mspId,
      creator: `${tx.creator.commonName}@${tx.creator.mspId}`,
    },
  };
}
