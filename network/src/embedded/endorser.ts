/**
 * A peer's endorser (core/endorser/endorser.go): checks the signed proposal (creator valid in
 * its MSP, signature, txId derivation, not a duplicate), simulates it by running the chaincode
 * against committed state, and signs the resulting proposal response payload.
 */
import { common, peer } from '@hyperledger/fabric-protos';
import type { AbstractSnapshot } from 'abstract-level';
import type { SignatureVerifier } from './signature-verifier';
import { checkCurrentlyValid, isWriter, type MspRegistry, type ValidatedIdentity } from '../protocol/msp';
import { computeTxId } from '../protocol/tx-id';
import { proposalHash } from './proposal';
import type { Signer } from './signer';
import { TxSimulator, type SimulationResults } from './tx-simulator';
import type { ChaincodeRuntime } from './chaincode-runtime';
import { KEY, type Db } from './ledger-db';
import type { CollectionDefinition } from '../consortium';

export class ProposalRejectedError extends Error {
  override readonly name = 'ProposalRejectedError';
}

/** The proposal's txId is already on the ledger (core/endorser: "duplicate transaction found"). */
export class DuplicateProposalError extends ProposalRejectedError {
  constructor(readonly txId: string, creatorMspId: string) {
    super(`duplicate transaction found [${txId}]. Creator [${creatorMspId}]`);
  }
}

export interface EndorserOptions {
  readonly mspId: string;
  readonly signer: Signer;
  readonly db: Db;
  readonly msps: MspRegistry;
  readonly verifier: SignatureVerifier;
  readonly channelId: string;
  readonly chaincode: {
    readonly name: string;
    readonly version: string;
    readonly collections: readonly CollectionDefinition[];
    readonly collectionMembers: (collection: string) => readonly string[];
    readonly runtime: ChaincodeRuntime;
  };
}

export interface Endorsement {
  readonly txId: string;
  readonly endorserMspId: string;
  /** Status and message of the chaincode's response. Status >= 400 carries no endorsement. */
  readonly response: peer.Response;
  readonly proposalResponse: peer.ProposalResponse;
  readonly simulation?: SimulationResults;
  readonly creator: ValidatedIdentity;
}

export interface Endorser {
  readonly mspId: string;
  /** `snapshot`: simulate at this committed height (peers at the same height); default the latest. */
  processProposal(signedProposal: peer.SignedProposal, options?: { readonly snapshot?: AbstractSnapshot }): Promise<Endorsement>;
}

export function createEndorser(options: Readonly<EndorserOptions>): Endorser {
  const { msps, db, chaincode } = options;
  return {
    mspId: options.mspId,
    async processProposal(signedProposal, processOptions = {}) {
      const proposalBytes = signedProposal.getProposalBytes_asU8();
      let proposal: peer.Proposal;
      let header: common.Header;
      let channelHeader: common.ChannelHeader;
      let signatureHeader: common.SignatureHeader;
      let payload: peer.ChaincodeProposalPayload;
      let input: peer.ChaincodeInput | undefined;
      let ccName: string;
      try {
        proposal = peer.Proposal.deserializeBinary(proposalBytes);
        header = common.Header.deserializeBinary(proposal.getHeader_asU8());
        channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
        signatureHeader = common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8());
        payload = peer.ChaincodeProposalPayload.deserializeBinary(proposal.getPayload_asU8());
        const invocation = peer.ChaincodeInvocationSpec.deserializeBinary(payload.getInput_asU8());
        input = invocation.getChaincodeSpec()?.getInput();
        ccName = peer.ChaincodeHeaderExtension.deserializeBinary(channelHeader.getExtension_asU8()).getChaincodeId()?.getName() ?? '';
      } catch (err) {
        throw new ProposalRejectedError(`error unpacking proposal: ${(err as Error).message}`);
      }
      if (channelHeader.getType() !== common.HeaderType.ENDORSER_TRANSACTION) throw new ProposalRejectedError(`invalid header type ${channelHeader.getType()}`);
      if (channelHeader.getChannelId() !== options.channelId) throw new ProposalRejectedError(`channel '${channelHeader.getChannelId()}' not found`);
      if (!input) throw new ProposalRejectedError('proposal has no chaincode input');
      if (ccName !== chaincode.name) throw new ProposalRejectedError(`make sure the chaincode ${ccName} has been successfully defined on channel ${options.channelId}`);

      const creatorBytes = signatureHeader.getCreator_asU8();
      let creator: ValidatedIdentity;
      try {
        creator = msps.deserialize(creatorBytes);
        checkCurrentlyValid(creator);
        msps.checkNotRevoked(creator);
      } catch (err) {
        throw new ProposalRejectedError(`access denied: creator is not valid: ${(err as Error).message}`);
      }
      if (!isWriter(creator)) {
        throw new ProposalRejectedError(`access denied: channel [${options.channelId}] creator org [${creator.mspId}]: a ${creator.nodeType} identity does not satisfy the channel Writers policy`);
      }
      if (!(await options.verifier.verify({ spki: creator.spki, data: proposalBytes, signature: signedProposal.getSignature_asU8() }))) {
        throw new ProposalRejectedError('access denied: the creator\'s signature over the proposal is not valid');
      }
      const txId = channelHeader.getTxId();
      if (computeTxId(signatureHeader.getNonce_asU8(), creatorBytes) !== txId) {
        throw new ProposalRejectedError(`incorrectly computed txid: ${txId}`);
      }
      if (db.getSync(KEY.tx(txId))) throw new DuplicateProposalError(txId, creator.mspId);

      const ts = channelHeader.getTimestamp();
      const simulator = new TxSimulator({
        db,
        namespace: chaincode.name,
        peerMspId: options.mspId,
        creatorMspId: creator.mspId,
        collections: chaincode.collections,
        collectionMembers: chaincode.collectionMembers,
        txTimestamp: { seconds: ts?.getSeconds() ?? 0, nanos: ts?.getNanos() ?? 0 },
        snapshot: processOptions.snapshot,
      });
      let execution;
      try {
        execution = await chaincode.runtime.execute({ channelId: options.channelId, txId, signedProposal, input, simulator });
      } catch (err) {
        await simulator.abort();
        throw new ProposalRejectedError(`error in simulation: transaction returned with failure: ${(err as Error).message}`);
      }
      const response = execution.response;
      if (response.getStatus() >= 400) {
        await simulator.abort();
        const pr = new peer.ProposalResponse();
        pr.setVersion(1);
        pr.setResponse(response);
        return { txId, endorserMspId: options.mspId, response, proposalResponse: pr, creator };
      }
      const simulation = await simulator.done();

      const ccId = new peer.ChaincodeID();
      ccId.setName(chaincode.name);
      ccId.setVersion(chaincode.version);
      const action = new peer.ChaincodeAction();
      action.setResults(simulation.publicRwset);
      if (execution.event && execution.event.getEventName()) {
        const ev = execution.event;
        ev.setChaincodeId(chaincode.name);
        ev.setTxId(txId);
        action.setEvents(ev.serializeBinary());
      }
      action.setResponse(response);
      action.setChaincodeId(ccId);

      const ledgerPayload = new peer.ChaincodeProposalPayload();
      ledgerPayload.setInput(payload.getInput_asU8());
      const prp = new peer.ProposalResponsePayload();
      prp.setProposalHash(proposalHash(header.getChannelHeader_asU8(), header.getSignatureHeader_asU8(), ledgerPayload.serializeBinary()));
      prp.setExtension$(action.serializeBinary());
      const prpBytes = prp.serializeBinary();

      const endorsement = new peer.Endorsement();
      endorsement.setEndorser(options.signer.serializedIdentity);
      endorsement.setSignature(options.signer.sign(Buffer.concat([prpBytes, options.signer.serializedIdentity])));

      const pr = new peer.ProposalResponse();
      pr.setVersion(1);
      pr.setResponse(response);
      pr.setPayload(prpBytes);
      pr.setEndorsement(endorsement);
      return { txId, endorserMspId: options.mspId, response, proposalResponse: pr, simulation, creator };
    },
  };
}
