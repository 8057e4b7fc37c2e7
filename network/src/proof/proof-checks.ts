/**
 * The checks every portable proof shares — a certificate bundle (verify-bundle.ts) and a
 * provenance dossier (verify-dossier.ts) alike: trust pinned to the channel's roots, an
 * endorsed transaction (envelope, creator, txId, endorsements, write set), and its inclusion in
 * a block the orderer signed, by Merkle path (embedded orderer) or by the whole block data
 * (real Fabric, whose orderer signs no Merkle root). Runs unchanged in Node and browsers.
 * A failed check throws CheckFailed with its name; a passed one is reported through `pass`.
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
import type { ChannelTrust, MerkleStepJson } from './certificate-bundle';

export const sha256 = (data: Uint8Array): Uint8Array => nobleSha256(data);
type NodeType = 'client' | 'peer' | 'orderer' | 'admin';

export class CheckFailed extends Error {
  constructor(
    readonly check: string,
    detail: string,
  ) {
    super(detail);
  }
}

export type Pass = (name: string, detail: string) => void;

export interface Identity {
  readonly mspId: string;
  readonly cert: x509.X509Certificate;
  readonly nodeType: string;
  readonly commonName: string;
}

/** Identities and signatures checked against the anchors (pinned roots, or the document's own when unpinned). */
export interface Signatures {
  identity(serialized: Uint8Array, expect?: NodeType): Promise<Identity>;
  verify(id: Identity, data: Uint8Array, derSignature: Uint8Array): Promise<boolean>;
}

export interface PinnedTrust {
  readonly signatures: Signatures;
  /** True when no channel trust was given: the document vouches for itself, and `trust-anchors` failed. */
  readonly unpinned: boolean;
}

/**
 * `trust-anchors`: the roots signatures must chain to come from the verifier's channel trust,
 * never from the document; every root the document carries must equal the pinned one, and the
 * document must be for the pinned channel and chaincode. Without trust the check is reported
 * failed and the document's own roots are used for the other checks.
 */
export function pinTrust(
  doc: { readonly trustAnchors?: Readonly<Record<string, string>>; readonly channelName: string; readonly chaincodeName: string },
  trust: ChannelTrust | undefined,
  subtle: SubtleCrypto,
  report: (check: { name: string; ok: boolean; detail: string }) => void,
): PinnedTrust {
  const anchors = new Map<string, x509.X509Certificate>();
  try {
    for (const [mspId, pem] of Object.entries(trust ? trust.roots : (doc.trustAnchors ?? {}))) anchors.set(mspId, new x509.X509Certificate(pem));
  } catch (err) {
    throw new CheckFailed('trust-anchors', `a trust anchor is not a certificate: ${(err as Error).message}`);
  }
  if (trust) {
    for (const [mspId, pem] of Object.entries(doc.trustAnchors ?? {})) {
      const pinned = anchors.get(mspId);
      let theirs: x509.X509Certificate;
      try {
        theirs = new x509.X509Certificate(pem);
      } catch {
        throw new CheckFailed('trust-anchors', `the document's root for ${mspId} is not a certificate`);
      }
      if (!pinned) throw new CheckFailed('trust-anchors', `the document names ${mspId}, which is not an organisation of the pinned channel`);
      if (!equalBytes(new Uint8Array(pinned.rawData), new Uint8Array(theirs.rawData)))
        throw new CheckFailed('trust-anchors', `the document's root for ${mspId} differs from the pinned one`);
    }
    if (doc.channelName !== trust.channelName || doc.chaincodeName !== trust.chaincodeName) {
      throw new CheckFailed(
        'trust-anchors',
        `the proof is for ${doc.channelName}/${doc.chaincodeName}, the pinned channel is ${trust.channelName}/${trust.chaincodeName}`,
      );
    }
    report({
      name: 'trust-anchors',
      ok: true,
      detail: `signatures are checked against the ${anchors.size} pinned organisation roots of channel ${trust.channelName}`,
    });
  } else {
    report({
      name: 'trust-anchors',
      ok: false,
      detail:
        "not pinned: the remaining checks use the roots the document carries, which prove nothing on their own; verify against the channel's roots (a trust file, or a gateway's /verify/trust.json)",
    });
  }
  return { signatures: signaturesOver(anchors, subtle), unpinned: !trust };
}

function signaturesOver(anchors: ReadonlyMap<string, x509.X509Certificate>, subtle: SubtleCrypto): Signatures {
  const keys = new Map<x509.X509Certificate, Promise<CryptoKey>>();
  // a dossier names the same few peers and submitters many times: each identity is parsed and chained to its root once
  const known = new Map<string, Promise<Identity>>();
  const chained = async (serialized: Uint8Array): Promise<Identity> => {
    const sid = identities.SerializedIdentity.deserializeBinary(serialized);
    const mspId = sid.getMspid();
    const root = anchors.get(mspId);
    if (!root) throw new Error(`no trust anchor for ${mspId}`);
    const cert = new x509.X509Certificate(utf8.decode(sid.getIdBytes_asU8()));
    if (cert.issuer !== root.subject || !(await cert.verify({ publicKey: root.publicKey, signatureOnly: true }))) {
      throw new Error(`certificate ${cert.subject} is not issued by ${mspId}'s root`);
    }
    return { mspId, cert, nodeType: cert.subjectName.getField('OU')[0] ?? '', commonName: cert.subjectName.getField('CN')[0] ?? '' };
  };
  return {
    async identity(serialized, expect) {
      const at = toHex(sha256(serialized));
      let found = known.get(at);
      if (!found) known.set(at, (found = chained(serialized)));
      const id = await found;
      if (expect && id.nodeType !== expect) throw new Error(`${id.cert.subject} is a ${id.nodeType || 'no-NodeOU'} identity, expected ${expect}`);
      return id;
    },
    async verify(id, data, derSignature) {
      const raw = derToP1363(derSignature);
      if (!raw) return false;
      let key = keys.get(id.cert);
      if (!key) keys.set(id.cert, (key = subtle.importKey('spki', id.cert.publicKey.rawData, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify'])));
      return subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, await key, raw as Uint8Array<ArrayBuffer>, data as Uint8Array<ArrayBuffer>);
    },
  };
}

/** What a checked endorsed transaction establishes. */
export interface EndorsedTransaction {
  readonly txId: string;
  readonly creator: Identity;
  readonly endorsers: readonly string[];
  /** ISO time of the proposal's channel header. */
  readonly timestamp: string;
  /** Writes of namespace `chaincodeName`: key → value (undefined for a delete). */
  readonly writes: ReadonlyMap<string, Uint8Array | undefined>;
}

/**
 * `transaction`, `creator-certificate`, `creator-signature`, `transaction-id`, `endorsements`:
 * the envelope is an endorser transaction `txId` on the channel, signed by a creator whose
 * certificate the channel's CA issued, with a Fabric txId, and with valid peer endorsements
 * over the action whose write set (of `chaincodeName`) it returns.
 */
export async function checkEndorsedTransaction(
  envelopeBytes: Uint8Array,
  expected: { readonly txId: string; readonly channelName: string; readonly chaincodeName: string },
  signatures: Signatures,
  pass: Pass,
): Promise<EndorsedTransaction> {
  let payload: common.Payload, channelHeader: common.ChannelHeader, signatureHeader: common.SignatureHeader, envelope: common.Envelope;
  try {
    envelope = common.Envelope.deserializeBinary(envelopeBytes);
    payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
    channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8());
    signatureHeader = common.SignatureHeader.deserializeBinary(payload.getHeader()!.getSignatureHeader_asU8());
  } catch (err) {
    throw new CheckFailed('transaction', `the envelope does not decode: ${(err as Error).message}`);
  }
  if (channelHeader.getType() !== common.HeaderType.ENDORSER_TRANSACTION) throw new CheckFailed('transaction', 'not an endorser transaction');
  if (channelHeader.getTxId() !== expected.txId)
    throw new CheckFailed('transaction', `envelope txId ${channelHeader.getTxId()} differs from the proof's ${expected.txId}`);
  if (channelHeader.getChannelId() !== expected.channelName)
    throw new CheckFailed('transaction', `envelope channel ${channelHeader.getChannelId()} differs from ${expected.channelName}`);
  pass('transaction', `endorser transaction ${expected.txId} on channel ${expected.channelName}`);

  let creator: Identity;
  try {
    creator = await signatures.identity(signatureHeader.getCreator_asU8());
  } catch (err) {
    throw new CheckFailed('creator-certificate', (err as Error).message);
  }
  pass('creator-certificate', `${creator.commonName} of ${creator.mspId}, issued by its CA`);
  if (!(await signatures.verify(creator, envelope.getPayload_asU8(), envelope.getSignature_asU8())))
    throw new CheckFailed('creator-signature', "the submitter's signature over the transaction does not verify");
  pass('creator-signature', 'the submitter signed exactly this transaction');
  if (toHex(sha256(concatBytes(signatureHeader.getNonce_asU8(), signatureHeader.getCreator_asU8()))) !== expected.txId) {
    throw new CheckFailed('transaction-id', 'txId is not SHA-256(nonce ‖ creator)');
  }
  pass('transaction-id', 'txId derives from the nonce and the creator, as Fabric computes it');

  let prpBytes: Uint8Array, endorsements: proposalResponse.Endorsement[], action: proposal.ChaincodeAction;
  try {
    const tx = transaction.Transaction.deserializeBinary(payload.getData_asU8());
    const cap = transaction.ChaincodeActionPayload.deserializeBinary(tx.getActionsList()[0]!.getPayload_asU8());
    prpBytes = cap.getAction()!.getProposalResponsePayload_asU8();
    endorsements = cap.getAction()!.getEndorsementsList();
    action = proposal.ChaincodeAction.deserializeBinary(proposalResponse.ProposalResponsePayload.deserializeBinary(prpBytes).getExtension_asU8());
  } catch (err) {
    throw new CheckFailed('endorsements', `the endorsed action does not decode: ${(err as Error).message}`);
  }
  const endorsers: string[] = [];
  for (const e of endorsements) {
    let id: Identity;
    try {
      id = await signatures.identity(e.getEndorser_asU8(), 'peer');
    } catch (err) {
      throw new CheckFailed('endorsements', (err as Error).message);
    }
    if (!(await signatures.verify(id, concatBytes(prpBytes, e.getEndorser_asU8()), e.getSignature_asU8())))
      throw new CheckFailed('endorsements', `the endorsement of ${id.mspId} does not verify`);
    endorsers.push(id.mspId);
  }
  if (endorsers.length === 0) throw new CheckFailed('endorsements', 'the transaction carries no endorsement');
  pass('endorsements', `${endorsers.length} valid peer endorsements: ${endorsers.join(', ')}`);

  const writes = new Map<string, Uint8Array | undefined>();
  try {
    const rw = rwset.TxReadWriteSet.deserializeBinary(action.getResults_asU8());
    for (const ns of rw.getNsRwsetList()) {
      if (ns.getNamespace() !== expected.chaincodeName) continue;
      const kv = kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8());
      for (const w of kv.getWritesList()) writes.set(w.getKey(), w.getIsDelete() ? undefined : w.getValue_asU8());
    }
  } catch (err) {
    throw new CheckFailed('state-write', `the read/write set does not decode: ${(err as Error).message}`);
  }
  const ts = channelHeader.getTimestamp();
  const timestamp = new Date((ts?.getSeconds() ?? 0) * 1000 + Math.floor((ts?.getNanos() ?? 0) / 1e6)).toISOString();
  return { txId: expected.txId, creator, endorsers, timestamp, writes };
}

/** A block's header and the orderer's signature over it, as a proof carries them. */
export interface BlockProofJson {
  readonly number: number;
  readonly previousHash: string;
  readonly dataHash: string;
  /** Present when the orderer signed a Merkle root of the block's envelopes (embedded network). */
  readonly merkleRoot?: string;
  /** Otherwise every envelope of the block (base64), to recompute Fabric's data hash. */
  readonly envelopes?: readonly string[];
  /** The orderer's block signature: metadata value, signature header and signature (base64). */
  readonly ordererSignature: { readonly value: string; readonly signatureHeader: string; readonly signature: string };
}

/** `block-inclusion`: the envelope is at `txIndex` of the block, by Merkle path to its root or by the whole block data hashing to the header. */
export function checkInclusion(
  blk: BlockProofJson,
  envelopeBytes: Uint8Array,
  txIndex: number,
  merklePath: readonly MerkleStepJson[] | undefined,
  pass: Pass,
  all?: readonly Uint8Array[],
): void {
  let dataHash: Uint8Array;
  try {
    dataHash = fromHex(blk.dataHash);
    fromHex(blk.previousHash);
  } catch {
    throw new CheckFailed('block-inclusion', 'block hashes are not hex');
  }
  if (blk.merkleRoot && merklePath) {
    if (toHex(merkleRootFromPath(envelopeBytes, merklePath, sha256)) !== blk.merkleRoot)
      throw new CheckFailed('block-inclusion', "the Merkle path does not lead to the block's root");
    pass('block-inclusion', `transaction ${txIndex} is in block ${blk.number} (Merkle path of ${merklePath.length} steps)`);
  } else if (blk.envelopes) {
    const envelopes = all ?? blk.envelopes.map(fromBase64);
    const at = envelopes[txIndex];
    if (!at || !equalBytes(at, envelopeBytes)) throw new CheckFailed('block-inclusion', 'the transaction is not at its index in the block');
    if (!equalBytes(sha256(concatBytes(...envelopes)), dataHash))
      throw new CheckFailed('block-inclusion', "the block data does not hash to the header's data hash");
    pass('block-inclusion', `transaction ${txIndex} is in block ${blk.number} (data hash recomputed over ${envelopes.length} envelopes)`);
  } else {
    throw new CheckFailed('block-inclusion', 'the proof has neither a Merkle path nor the block data');
  }
}

/**
 * `block-signature`: an orderer of an ordering organisation of the channel signed the block's
 * header (and, on the embedded network, the Merkle root). Returns the header hash and the orderer.
 */
export async function checkBlockSignature(
  blk: BlockProofJson,
  signatures: Signatures,
  trust: ChannelTrust | undefined,
  pass: Pass,
): Promise<{ blockHash: string; orderer: Identity }> {
  let orderer: Identity, dataHash: Uint8Array, previousHash: Uint8Array;
  try {
    dataHash = fromHex(blk.dataHash);
    previousHash = fromHex(blk.previousHash);
  } catch {
    throw new CheckFailed('block-signature', 'block hashes are not hex');
  }
  try {
    const sh = common.SignatureHeader.deserializeBinary(fromBase64(blk.ordererSignature.signatureHeader));
    orderer = await signatures.identity(sh.getCreator_asU8(), 'orderer');
  } catch (err) {
    throw new CheckFailed('block-signature', (err as Error).message);
  }
  // as Fabric's BlockValidation policy: only the ordering organisation's orderers sign blocks
  if (trust && !trust.ordererMspIds.includes(orderer.mspId))
    throw new CheckFailed('block-signature', `block signed by ${orderer.mspId}, which is not an ordering organisation of the channel`);
  const value = fromBase64(blk.ordererSignature.value);
  const header = blockHeaderBytes(blk.number, previousHash, dataHash);
  if (
    !(await signatures.verify(
      orderer,
      concatBytes(value, fromBase64(blk.ordererSignature.signatureHeader), header),
      fromBase64(blk.ordererSignature.signature),
    ))
  ) {
    throw new CheckFailed('block-signature', "the orderer's signature over the block header does not verify");
  }
  if (blk.merkleRoot) {
    const consenter = common.OrdererBlockMetadata.deserializeBinary(value).getConsenterMetadata_asU8();
    if (toHex(consenter) !== blk.merkleRoot) throw new CheckFailed('block-signature', 'the orderer did not sign this Merkle root');
  }
  pass('block-signature', `block ${blk.number} header${blk.merkleRoot ? ' and Merkle root' : ''} signed by orderer ${orderer.commonName} of ${orderer.mspId}`);
  return { blockHash: toHex(sha256(header)), orderer };
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
