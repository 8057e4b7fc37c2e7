/**
 * Decoding of an endorser transaction envelope into the pieces validation, commit and ledger
 * queries need. A malformed envelope fails with the TxValidationCode Fabric would give it.
 */
import { common, ledger, peer } from '@hyperledger/fabric-protos';
import { itemAt } from './bytes';

const { kvrwset } = ledger.rwset;
export const Code = peer.TxValidationCode;

export class MalformedTransactionError extends Error {
  override readonly name = 'MalformedTransactionError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export interface NamespaceRwset {
  readonly namespace: string;
  readonly kv: InstanceType<typeof kvrwset.KVRWSet>;
  readonly collections: readonly { readonly name: string; readonly hashed: InstanceType<typeof kvrwset.HashedRWSet> }[];
}

export interface DecodedTransaction {
  readonly payloadBytes: Uint8Array;
  readonly signature: Uint8Array;
  readonly type: number;
  readonly txId: string;
  readonly channelId: string;
  readonly timestamp: { readonly seconds: number; readonly nanos: number };
  readonly creator: Uint8Array;
  readonly nonce: Uint8Array;
  readonly chaincodeName: string;
  readonly args: readonly Uint8Array[];
  readonly proposalResponsePayload: Uint8Array;
  readonly endorsements: readonly { readonly endorser: Uint8Array; readonly signature: Uint8Array }[];
  readonly response: { readonly status: number; readonly message: string; readonly payload: Uint8Array };
  readonly event?: { readonly name: string; readonly payload: Uint8Array; readonly chaincodeId: string };
  readonly rwsets: readonly NamespaceRwset[];
  /** Set for CONFIG envelopes (the genesis block): the payload's data. */
  readonly configData?: Uint8Array;
}

export function decodeTransaction(envelopeBytes: Uint8Array): DecodedTransaction {
  let env: common.Envelope;
  let payload: common.Payload;
  let ch: common.ChannelHeader;
  let sh: common.SignatureHeader;
  try {
    env = common.Envelope.deserializeBinary(envelopeBytes);
    payload = common.Payload.deserializeBinary(env.getPayload_asU8());
  } catch (err) {
    throw new MalformedTransactionError(Code.BAD_PAYLOAD, `cannot decode envelope payload: ${(err as Error).message}`);
  }
  const header = payload.getHeader();
  if (!header) throw new MalformedTransactionError(Code.BAD_COMMON_HEADER, 'payload has no header');
  try {
    ch = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
    sh = common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8());
  } catch (err) {
    throw new MalformedTransactionError(Code.BAD_COMMON_HEADER, `cannot decode header: ${(err as Error).message}`);
  }
  const ts = ch.getTimestamp();
  const base = {
    payloadBytes: env.getPayload_asU8(),
    signature: env.getSignature_asU8(),
    type: ch.getType(),
    txId: ch.getTxId(),
    channelId: ch.getChannelId(),
    timestamp: { seconds: ts?.getSeconds() ?? 0, nanos: ts?.getNanos() ?? 0 },
    creator: sh.getCreator_asU8(),
    nonce: sh.getNonce_asU8(),
  };
  if (ch.getType() === common.HeaderType.CONFIG) {
    return {
      ...base,
      chaincodeName: '',
      args: [],
      proposalResponsePayload: new Uint8Array(),
      endorsements: [],
      response: { status: 200, message: '', payload: new Uint8Array() },
      rwsets: [],
      configData: payload.getData_asU8(),
    };
  }
  if (ch.getType() !== common.HeaderType.ENDORSER_TRANSACTION)
    throw new MalformedTransactionError(Code.UNKNOWN_TX_TYPE, `unsupported header type ${String(ch.getType())}`);
  try {
    const tx = peer.Transaction.deserializeBinary(payload.getData_asU8());
    const actions = tx.getActionsList();
    if (actions.length !== 1)
      throw new MalformedTransactionError(Code.NIL_TXACTION, `a transaction must carry exactly one action, found ${String(actions.length)}`);
    const cap = peer.ChaincodeActionPayload.deserializeBinary(itemAt(actions, 0).getPayload_asU8());
    const endorsed = cap.getAction();
    if (!endorsed) throw new MalformedTransactionError(Code.NIL_TXACTION, 'transaction action has no endorsed action');
    const prpBytes = endorsed.getProposalResponsePayload_asU8();
    const prp = peer.ProposalResponsePayload.deserializeBinary(prpBytes);
    const action = peer.ChaincodeAction.deserializeBinary(prp.getExtension_asU8());
    const ccpp = peer.ChaincodeProposalPayload.deserializeBinary(cap.getChaincodeProposalPayload_asU8());
    const spec = peer.ChaincodeInvocationSpec.deserializeBinary(ccpp.getInput_asU8()).getChaincodeSpec();
    const rw = ledger.rwset.TxReadWriteSet.deserializeBinary(action.getResults_asU8());
    const rwsets: NamespaceRwset[] = rw.getNsRwsetList().map((ns) => ({
      namespace: ns.getNamespace(),
      kv: kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8()),
      collections: ns.getCollectionHashedRwsetList().map((c) => ({
        name: c.getCollectionName(),
        hashed: kvrwset.HashedRWSet.deserializeBinary(c.getHashedRwset_asU8()),
      })),
    }));
    const evBytes = action.getEvents_asU8();
    let event: DecodedTransaction['event'];
    if (evBytes.length > 0) {
      const ev = peer.ChaincodeEvent.deserializeBinary(evBytes);
      event = { name: ev.getEventName(), payload: ev.getPayload_asU8(), chaincodeId: ev.getChaincodeId() };
    }
    const resp = action.getResponse();
    return {
      ...base,
      chaincodeName: action.getChaincodeId()?.getName() ?? spec?.getChaincodeId()?.getName() ?? '',
      args: spec?.getInput()?.getArgsList_asU8() ?? [],
      proposalResponsePayload: prpBytes,
      endorsements: endorsed.getEndorsementsList().map((e) => ({ endorser: e.getEndorser_asU8(), signature: e.getSignature_asU8() })),
      response: { status: resp?.getStatus() ?? 0, message: resp?.getMessage() ?? '', payload: resp?.getPayload_asU8() ?? new Uint8Array() },
      event,
      rwsets,
    };
  } catch (err) {
    if (err instanceof MalformedTransactionError) throw err;
    throw new MalformedTransactionError(Code.BAD_RESPONSE_PAYLOAD, `cannot decode endorser transaction: ${(err as Error).message}`);
  }
}

export function validationCodeName(code: number): string {
  for (const [name, value] of Object.entries(Code)) if (value === code) return name;
  return `UNKNOWN_${String(code)}`;
}
