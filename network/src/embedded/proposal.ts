/**
 * The client's side of a Fabric transaction (what fabric-gateway's proposalbuilder and
 * transactionbuilder do): a signed proposal with a txId derived from nonce and creator, and
 * the signed transaction envelope assembled from the endorsements.
 */
import { randomBytes } from 'node:crypto';
import { common, peer } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { sha256 } from '../protocol/crypto';
import { computeTxId } from '../protocol/tx-id';
import type { Signer } from './signer';

export interface ProposalRequest {
  readonly channelId: string;
  readonly chaincodeName: string;
  /** `Contract:Function` then the string arguments. */
  readonly args: readonly (string | Uint8Array)[];
  readonly transient?: Readonly<Record<string, Uint8Array>>;
  readonly signer: Signer;
  /** Proposal time; the chaincode's only clock (getTxTimestamp). */
  readonly timestamp?: Date;
  /** Fixed nonce, for tests that replay a txId; random otherwise. */
  readonly nonce?: Uint8Array;
}

export interface SignedProposalBundle {
  readonly txId: string;
  readonly signedProposal: peer.SignedProposal;
  readonly proposal: peer.Proposal;
  /** The header and payload pieces the transaction envelope reuses. */
  readonly headerBytes: Uint8Array;
  readonly signatureHeaderBytes: Uint8Array;
  readonly channelHeaderBytes: Uint8Array;
  /** ChaincodeProposalPayload without the transient map (what goes on the ledger). */
  readonly ledgerProposalPayloadBytes: Uint8Array;
}

export function createSignedProposal(req: ProposalRequest): SignedProposalBundle {
  const nonce = req.nonce ?? randomBytes(24);
  const creator = req.signer.serializedIdentity;
  const txId = computeTxId(nonce, creator);

  const ccId = new peer.ChaincodeID();
  ccId.setName(req.chaincodeName);
  const ext = new peer.ChaincodeHeaderExtension();
  ext.setChaincodeId(ccId);

  const ts = new Timestamp();
  const when = req.timestamp ?? new Date();
  ts.setSeconds(Math.floor(when.getTime() / 1000));
  ts.setNanos((when.getTime() % 1000) * 1_000_000);

  const ch = new common.ChannelHeader();
  ch.setType(common.HeaderType.ENDORSER_TRANSACTION);
  ch.setVersion(0);
  ch.setTimestamp(ts);
  ch.setChannelId(req.channelId);
  ch.setTxId(txId);
  ch.setEpoch(0);
  ch.setExtension$(ext.serializeBinary());
  const channelHeaderBytes = ch.serializeBinary();

  const sh = new common.SignatureHeader();
  sh.setCreator(creator);
  sh.setNonce(nonce);
  const signatureHeaderBytes = sh.serializeBinary();

  const header = new common.Header();
  header.setChannelHeader(channelHeaderBytes);
  header.setSignatureHeader(signatureHeaderBytes);
  const headerBytes = header.serializeBinary();

  const input = new peer.ChaincodeInput();
  input.setArgsList(req.args.map((a) => (typeof a === 'string' ? Buffer.from(a, 'utf8') : a)));
  const spec = new peer.ChaincodeSpec();
  spec.setType(peer.ChaincodeSpec.Type.NODE);
  spec.setChaincodeId(ccId);
  spec.setInput(input);
  const invocation = new peer.ChaincodeInvocationSpec();
  invocation.setChaincodeSpec(spec);
  const invocationBytes = invocation.serializeBinary();

  const ledgerPayload = new peer.ChaincodeProposalPayload();
  ledgerPayload.setInput(invocationBytes);
  const ledgerProposalPayloadBytes = ledgerPayload.serializeBinary();

  const payload = new peer.ChaincodeProposalPayload();
  payload.setInput(invocationBytes);
  const tmap = payload.getTransientmapMap();
  for (const [k, v] of Object.entries(req.transient ?? {})) tmap.set(k, v);

  const proposal = new peer.Proposal();
  proposal.setHeader(headerBytes);
  proposal.setPayload(payload.serializeBinary());
  const proposalBytes = proposal.serializeBinary();

  const signedProposal = new peer.SignedProposal();
  signedProposal.setProposalBytes(proposalBytes);
  signedProposal.setSignature(req.signer.sign(proposalBytes));

  return { txId, signedProposal, proposal, headerBytes, signatureHeaderBytes, channelHeaderBytes, ledgerProposalPayloadBytes };
}

/** protoutil.GetProposalHash1: hash of the header pieces and the payload without transient data. */
export function proposalHash(channelHeaderBytes: Uint8Array, signatureHeaderBytes: Uint8Array, ledgerProposalPayloadBytes: Uint8Array): Buffer {
  return sha256(channelHeaderBytes, signatureHeaderBytes, ledgerProposalPayloadBytes);
}

/** protoutil.CreateSignedTx: the envelope the orderer receives. */
export function createTransactionEnvelope(
  bundle: SignedProposalBundle,
  proposalResponsePayload: Uint8Array,
  endorsements: readonly peer.Endorsement[],
  signer: Signer,
): common.Envelope {
  const endorsed = new peer.ChaincodeEndorsedAction();
  endorsed.setProposalResponsePayload(proposalResponsePayload);
  endorsed.setEndorsementsList([...endorsements]);

  const cap = new peer.ChaincodeActionPayload();
  cap.setChaincodeProposalPayload(bundle.ledgerProposalPayloadBytes);
  cap.setAction(endorsed);

  const action = new peer.TransactionAction();
  action.setHeader(bundle.signatureHeaderBytes);
  action.setPayload(cap.serializeBinary());

  const tx = new peer.Transaction();
  tx.setActionsList([action]);

  const payload = new common.Payload();
  payload.setHeader(common.Header.deserializeBinary(bundle.headerBytes));
  payload.setData(tx.serializeBinary());
  const payloadBytes = payload.serializeBinary();

  const env = new common.Envelope();
  env.setPayload(payloadBytes);
  env.setSignature(signer.sign(payloadBytes));
  return env;
}
