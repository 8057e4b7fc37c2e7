/**
 * Offline verification of a certificate bundle. It needs no ledger and runs unchanged in Node
 * and browsers: protobuf decoding with @hyperledger/fabric-protos, certificates with
 * @peculiar/x509, ECDSA with WebCrypto, SHA-256 with @noble/hashes. Every check is reported by
 * name; the bundle is valid only when all pass.
 */
import 'reflect-metadata'; // @peculiar/x509 resolves its ASN.1 schemas through tsyringe, which needs it
import * as x509 from '@peculiar/x509';
// Deep imports of the message modules only: the package index also loads gRPC service stubs,
// which do not run in browsers.
import * as common from '@hyperledger/fabric-protos/lib/common/common_pb';
import * as identities from '@hyperledger/fabric-protos/lib/msp/identities_pb';
import * as transaction from '@hyperledger/fabric-protos/lib/peer/transaction_pb';
import * as proposal from '@hyperledger/fabric-protos/lib/peer/proposal_pb';
import * as proposalResponse from '@hyperledger/fabric-protos/lib/peer/proposal_response_pb';
import * as rwset from '@hyperledger/fabric-protos/lib/ledger/rwset/rwset_pb';
import * as kvrwset from '@hyperledger/fabric-protos/lib/ledger/rwset/kvrwset/kv_rwset_pb';
import { sha256 as nobleSha256 } from '@noble/hashes/sha256';
import { blockHeaderBytes } from '../protocol/block-header';
import { concatBytes, equalBytes, fromBase64, fromHex, toHex, utf8 } from '../protocol/bytes';
import { merkleRootFromPath } from '../protocol/merkle';
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

const sha256 = (data: Uint8Array): Uint8Array => nobleSha256(data);
type NodeType = 'client' | 'peer' | 'orderer' | 'admin';

interface Identity {
  readonly mspId: string;
  readonly cert: x509.X509Certificate;
  readonly nodeType: string;
  readonly commonName: string;
}

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

  // 2. trust anchors: pinned by the verifier, never taken on the bundle's word
  const anchors = new Map<string, x509.X509Certificate>();
  const trust = options.trust;
  let unpinned = false;
  try {
    for (const [mspId, pem] of Object.entries(trust ? trust.roots : (proof.trustAnchors ?? {}))) anchors.set(mspId, new x509.X509Certificate(pem));
  } catch (err) {
    return fail('trust-anchors', `a trust anchor is not a certificate: ${(err as Error).message}`);
  }
  if (trust) {
    for (const [mspId, pem] of Object.entries(proof.trustAnchors ?? {})) {
      const pinned = anchors.get(mspId);
      let theirs: x509.X509Certificate;
      try {
        theirs = new x509.X509Certificate(pem);
      } catch {
        return fail('trust-anchors', `the bundle's root for ${mspId} is not a certificate`);
      }
      if (!pinned) return fail('trust-anchors', `the bundle names ${mspId}, which is not an organisation of the pinned channel`);
      if (!equalBytes(new Uint8Array(pinned.rawData), new Uint8Array(theirs.rawData)))
        return fail('trust-anchors', `the bundle's root for ${mspId} differs from the pinned one`);
    }
    if (proof.channelName !== trust.channelName || proof.chaincodeName !== trust.chaincodeName) {
      return fail(
        'trust-anchors',
        `the proof is for ${proof.channelName}/${proof.chaincodeName}, the pinned channel is ${trust.channelName}/${trust.chaincodeName}`,
      );
    }
    pass('trust-anchors', `signatures are checked against the ${anchors.size} pinned organisation roots of channel ${trust.channelName}`);
  } else {
    unpinned = true;
    checks.push({
      name: 'trust-anchors',
      ok: false,
      detail:
        "not pinned: the remaining checks use the roots the bundle carries, which prove nothing on their own; verify against the channel's roots (a trust file, or a gateway's /verify/trust.json)",
    });
  }

  const identity = async (serialized: Uint8Array, expect?: NodeType): Promise<Identity> => {
    const sid = identities.SerializedIdentity.deserializeBinary(serialized);
    const mspId = sid.getMspid();
    const root = anchors.get(mspId);
    if (!root) throw new Error(`no trust anchor for ${mspId}`);
    const cert = new x509.X509Certificate(utf8.decode(sid.getIdBytes_asU8()));
    if (cert.issuer !== root.subject || !(await cert.verify({ publicKey: root.publicKey, signatureOnly: true }))) {
      throw new Error(`certificate ${cert.subject} is not issued by ${mspId}'s root`);
    }
    const ou = cert.subjectName.getField('OU')[0] ?? '';
    if (expect && ou !== expect) throw new Error(`${cert.subject} is a ${ou || 'no-NodeOU'} identity, expected ${expect}`);
    return { mspId, cert, nodeType: ou, commonName: cert.subjectName.getField('CN')[0] ?? '' };
  };
  const verifySig = async (id: Identity, data: Uint8Array, derSignature: Uint8Array): Promise<boolean> => {
    const raw = derToP1363(derSignature);
    if (!raw) return false;
    const key = await subtle.importKey('spki', id.cert.publicKey.rawData, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    return subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, raw as Uint8Array<ArrayBuffer>, data as Uint8Array<ArrayBuffer>);
  };

  // 3. the transaction
  let payload: common.Payload, channelHeader: common.ChannelHeader, signatureHeader: common.SignatureHeader, envelope: common.Envelope;
  try {
    envelope = common.Envelope.deserializeBinary(envelopeBytes);
    payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
    channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8());
    signatureHeader = common.SignatureHeader.deserializeBinary(payload.getHeader()!.getSignatureHeader_asU8());
  } catch (err) {
    return fail('transaction', `the envelope does not decode: ${(err as Error).message}`);
  }
  if (channelHeader.getType() !== common.HeaderType.ENDORSER_TRANSACTION) return fail('transaction', 'not an endorser transaction');
  if (channelHeader.getTxId() !== proof.transaction.txId)
    return fail('transaction', `envelope txId ${channelHeader.getTxId()} differs from the proof's ${proof.transaction.txId}`);
  if (channelHeader.getChannelId() !== proof.channelName)
    return fail('transaction', `envelope channel ${channelHeader.getChannelId()} differs from ${proof.channelName}`);
  pass('transaction', `endorser transaction ${proof.transaction.txId} on channel ${proof.channelName}`);

  let creator: Identity;
  try {
    creator = await identity(signatureHeader.getCreator_asU8());
  } catch (err) {
    return fail('creator-certificate', (err as Error).message);
  }
  pass('creator-certificate', `${creator.commonName} of ${creator.mspId}, issued by its CA`);
  if (!(await verifySig(creator, envelope.getPayload_asU8(), envelope.getSignature_asU8())))
    return fail('creator-signature', "the submitter's signature over the transaction does not verify");
  pass('creator-signature', 'the submitter signed exactly this transaction');
  if (toHex(sha256(concatBytes(signatureHeader.getNonce_asU8(), signatureHeader.getCreator_asU8()))) !== proof.transaction.txId) {
    return fail('transaction-id', 'txId is not SHA-256(nonce ‖ creator)');
  }
  pass('transaction-id', 'txId derives from the nonce and the creator, as Fabric computes it');

  // 4. endorsements and the write they endorse
  let prpBytes: Uint8Array, endorsements: proposalResponse.Endorsement[], action: proposal.ChaincodeAction;
  try {
    const tx = transaction.Transaction.deserializeBinary(payload.getData_asU8());
    const cap = transaction.ChaincodeActionPayload.deserializeBinary(tx.getActionsList()[0]!.getPayload_asU8());
    prpBytes = cap.getAction()!.getProposalResponsePayload_asU8();
    endorsements = cap.getAction()!.getEndorsementsList();
    action = proposal.ChaincodeAction.deserializeBinary(proposalResponse.ProposalResponsePayload.deserializeBinary(prpBytes).getExtension_asU8());
  } catch (err) {
    return fail('endorsements', `the endorsed action does not decode: ${(err as Error).message}`);
  }
  const endorsers: string[] = [];
  for (const e of endorsements) {
    let id: Identity;
    try {
      id = await identity(e.getEndorser_asU8(), 'peer');
    } catch (err) {
      return fail('endorsements', (err as Error).message);
    }
    if (!(await verifySig(id, concatBytes(prpBytes, e.getEndorser_asU8()), e.getSignature_asU8())))
      return fail('endorsements', `the endorsement of ${id.mspId} does not verify`);
    endorsers.push(id.mspId);
  }
  if (endorsers.length === 0) return fail('endorsements', 'the transaction carries no endorsement');
  pass('endorsements', `${endorsers.length} valid peer endorsements: ${endorsers.join(', ')}`);
  if (trust && !trust.issuerMspIds.includes(bundle.issuer.mspId))
    return fail('issuer-endorsement', `${bundle.issuer.mspId} is not a registry of the channel: it cannot issue certificates`);
  if (!endorsers.includes(bundle.issuer.mspId))
    return fail('issuer-endorsement', `the issuing registry ${bundle.issuer.mspId} did not endorse this transaction`);
  pass('issuer-endorsement', `the issuing registry ${bundle.issuer.mspId} endorsed it`);

  let written: Uint8Array | undefined;
  try {
    const rw = rwset.TxReadWriteSet.deserializeBinary(action.getResults_asU8());
    for (const ns of rw.getNsRwsetList()) {
      if (ns.getNamespace() !== proof.chaincodeName) continue;
      const kv = kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8());
      for (const w of kv.getWritesList()) if (w.getKey() === stateKey && !w.getIsDelete()) written = w.getValue_asU8();
    }
  } catch (err) {
    return fail('state-write', `the read/write set does not decode: ${(err as Error).message}`);
  }
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
  const ts = channelHeader.getTimestamp();
  const created = new Date((ts?.getSeconds() ?? 0) * 1000 + Math.floor((ts?.getNanos() ?? 0) / 1e6)).toISOString();
  if (proof.created !== created) return fail('credential-subject', `proof.created ${proof.created} is not the transaction's time ${created}`);
  pass('credential-subject', `every field of the endorsed state of certificate ${String(state.id)} is in credentialSubject, equal`);
  if (!CERTIFICATE_STATUSES.includes(String(state.status))) {
    return fail('certificate-status', `the proven state is ${String(state.status)}, not an issued certificate`);
  }
  pass('certificate-status', `the proven state is a certificate with status ${String(state.status)}`);

  // 5. the block: inclusion, then the orderer's signature over the header (and the Merkle root)
  const blk = proof.block;
  let dataHash: Uint8Array, previousHash: Uint8Array;
  try {
    dataHash = fromHex(blk.dataHash);
    previousHash = fromHex(blk.previousHash);
  } catch {
    return fail('block-inclusion', 'block hashes are not hex');
  }
  if (blk.number !== proof.transaction.blockNumber) return fail('block-inclusion', 'the block and the transaction name different block numbers');
  if (blk.merkleRoot && blk.merklePath) {
    if (toHex(merkleRootFromPath(envelopeBytes, blk.merklePath, sha256)) !== blk.merkleRoot)
      return fail('block-inclusion', "the Merkle path does not lead to the block's root");
    pass('block-inclusion', `transaction ${proof.transaction.txIndex} is in block ${blk.number} (Merkle path of ${blk.merklePath.length} steps)`);
  } else if (blk.envelopes) {
    const all = blk.envelopes.map(fromBase64);
    const at = all[proof.transaction.txIndex];
    if (!at || !equalBytes(at, envelopeBytes)) return fail('block-inclusion', 'the transaction is not at its index in the block');
    if (!equalBytes(sha256(concatBytes(...all)), dataHash)) return fail('block-inclusion', "the block data does not hash to the header's data hash");
    pass('block-inclusion', `transaction ${proof.transaction.txIndex} is in block ${blk.number} (data hash recomputed over ${all.length} envelopes)`);
  } else {
    return fail('block-inclusion', 'the proof has neither a Merkle path nor the block data');
  }

  let orderer: Identity;
  try {
    const sh = common.SignatureHeader.deserializeBinary(fromBase64(blk.ordererSignature.signatureHeader));
    orderer = await identity(sh.getCreator_asU8(), 'orderer');
  } catch (err) {
    return fail('block-signature', (err as Error).message);
  }
  // as Fabric's BlockValidation policy: only the ordering organisation's orderers sign blocks
  if (trust && !trust.ordererMspIds.includes(orderer.mspId))
    return fail('block-signature', `block signed by ${orderer.mspId}, which is not an ordering organisation of the channel`);
  const value = fromBase64(blk.ordererSignature.value);
  const header = blockHeaderBytes(blk.number, previousHash, dataHash);
  if (!(await verifySig(orderer, concatBytes(value, fromBase64(blk.ordererSignature.signatureHeader), header), fromBase64(blk.ordererSignature.signature)))) {
    return fail('block-signature', "the orderer's signature over the block header does not verify");
  }
  if (blk.merkleRoot) {
    const consenter = common.OrdererBlockMetadata.deserializeBinary(value).getConsenterMetadata_asU8();
    if (toHex(consenter) !== blk.merkleRoot) return fail('block-signature', 'the orderer did not sign this Merkle root');
  }
  pass('block-signature', `block ${blk.number} header${blk.merkleRoot ? ' and Merkle root' : ''} signed by orderer ${orderer.commonName} of ${orderer.mspId}`);

  const blockHash = toHex(sha256(header));
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
      creator: `${creator.commonName}@${creator.mspId}`,
    },
  };
}

/** DER ECDSA signature → IEEE P1363 r‖s (32 bytes each), as WebCrypto expects. */
function derToP1363(der: Uint8Array): Uint8Array | undefined {
  if (der.length < 8 || der[0] !== 0x30) return undefined;
  let i = 2;
  const part = (): Uint8Array | undefined => {
    if (der[i] !== 0x02) return undefined;
    const len = der[i + 1]!;
    let bytes = der.subarray(i + 2, i + 2 + len);
    i += 2 + len;
    while (bytes.length > 32 && bytes[0] === 0) bytes = bytes.subarray(1);
    if (bytes.length > 32) return undefined;
    const out = new Uint8Array(32);
    out.set(bytes, 32 - bytes.length);
    return out;
  };
  const r = part();
  const s = part();
  return r && s ? concatBytes(r, s) : undefined;
}
