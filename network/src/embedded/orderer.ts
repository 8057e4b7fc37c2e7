/**
 * The ordering service of the embedded network (one consenter, like a single-node Raft
 * cluster): admits signed envelopes from channel members, cuts them into blocks, chains the
 * headers as Fabric does and signs the block metadata. The consenter metadata it signs
 * carries a Merkle root over the block's envelopes for compact inclusion proofs.
 */
import { randomBytes } from 'node:crypto';
import { common } from '@hyperledger/fabric-protos';
import { blockDataHash, blockHeaderBytes, blockHeaderHash } from '../protocol/block-hash';
import type { SignatureVerifier } from './signature-verifier';
import { checkCurrentlyValid, isWriter, type MspRegistry } from '../protocol/msp';
import type { Signer } from './signer';
import { BlockCutter } from './block-cutter';
import { merkleRoot } from '../protocol/tx-merkle';
import type { BatchSize } from '../consortium';

export class BroadcastRejectedError extends Error {
  override readonly name = 'BroadcastRejectedError';
}

export interface OrdererOptions {
  readonly signer: Signer;
  readonly msps: MspRegistry;
  readonly verifier: SignatureVerifier;
  readonly batchSize: BatchSize;
  readonly batchTimeoutMs: number;
  /** The last block of the chain: the next block follows it. */
  readonly last: { readonly number: number; readonly headerHash: Uint8Array };
  readonly deliver: (block: common.Block) => void;
}

export interface Orderer {
  /**
   * Admits an envelope (checks size and its creator's signature, as the orderer's sigfilter
   * does); resolves once it is queued for a block. Envelopes are admitted in call order.
   */
  broadcast(envelope: Uint8Array): Promise<void>;
  /** Waits for envelopes being admitted, then cuts whatever is pending. */
  flush(): Promise<void>;
  close(): void;
}

export function createOrderer(options: Readonly<OrdererOptions>): Orderer {
  let nextNumber = options.last.number + 1;
  let previousHash: Uint8Array = Buffer.from(options.last.headerHash);
  let closed = false;
  let admission: Promise<void> = Promise.resolve();

  const cutter = new BlockCutter(options.batchSize, options.batchTimeoutMs, (envelopes) => {
    const block = createBlock(nextNumber, previousHash, envelopes, options.signer);
    nextNumber++;
    previousHash = blockHeaderHash(block.getHeader()!);
    options.deliver(block);
  });

  return {
    broadcast(envelope) {
      if (closed) return Promise.reject(new BroadcastRejectedError('the ordering service is shut down'));
      if (envelope.length > options.batchSize.absoluteMaxBytes) {
        return Promise.reject(new BroadcastRejectedError(`message payload is ${envelope.length} bytes and exceeds maximum allowed ${options.batchSize.absoluteMaxBytes} bytes`));
      }
      let check: Promise<boolean>;
      let messageSize = envelope.length;
      try {
        const env = common.Envelope.deserializeBinary(envelope);
        messageSize = env.getPayload_asU8().length + env.getSignature_asU8().length;
        const payload = common.Payload.deserializeBinary(env.getPayload_asU8());
        const creator = common.SignatureHeader.deserializeBinary(payload.getHeader()!.getSignatureHeader_asU8()).getCreator_asU8();
        const id = options.msps.deserialize(creator);
        checkCurrentlyValid(id);
        options.msps.checkNotRevoked(id);
        if (!isWriter(id)) throw new Error('not a writer');
        check = options.verifier.verify({ spki: id.spki, data: env.getPayload_asU8(), signature: env.getSignature_asU8() });
      } catch {
        check = Promise.resolve(false);
      }
      // verification runs in parallel; admission keeps the order in which envelopes arrived
      const admitted = admission.then(async () => {
        if (!(await check)) throw new BroadcastRejectedError('implicit policy evaluation failed: the envelope is not signed by a channel member (Writers)');
        if (closed) throw new BroadcastRejectedError('the ordering service is shut down');
        cutter.ordered(envelope, messageSize);
      });
      admission = admitted.catch(() => undefined);
      return admitted;
    },
    async flush() {
      await admission;
      cutter.cut();
    },
    close() {
      closed = true;
      cutter.close();
    },
  };
}

/** Builds a block over envelopes and signs its metadata (orderer/common/multichannel/blockwriter.go). */
export function createBlock(number: number, previousHash: Uint8Array, envelopes: readonly Uint8Array[], signer: Signer): common.Block {
  const dataHash = blockDataHash(envelopes);
  const header = new common.BlockHeader();
  header.setNumber(number);
  header.setPreviousHash(previousHash);
  header.setDataHash(dataHash);
  const data = new common.BlockData();
  data.setDataList([...envelopes]);

  const lastConfig = new common.LastConfig();
  lastConfig.setIndex(0);
  const obm = new common.OrdererBlockMetadata();
  obm.setLastConfig(lastConfig);
  obm.setConsenterMetadata(merkleRoot(envelopes));
  const value = obm.serializeBinary();

  const sh = new common.SignatureHeader();
  sh.setCreator(signer.serializedIdentity);
  sh.setNonce(randomBytes(24));
  const shBytes = sh.serializeBinary();
  const ms = new common.MetadataSignature();
  ms.setSignatureHeader(shBytes);
  ms.setSignature(signer.sign(Buffer.concat([value, shBytes, blockHeaderBytes(number, previousHash, dataHash)])));
  const signatures = new common.Metadata();
  signatures.setValue(value);
  signatures.setSignaturesList([ms]);

  const metadata = new common.BlockMetadata();
  const entries: Uint8Array[] = [signatures.serializeBinary(), new Uint8Array(), new Uint8Array(), new Uint8Array(), new Uint8Array()];
  metadata.setMetadataList(entries);

  const block = new common.Block();
  block.setHeader(header);
  block.setData(data);
  block.setMetadata(metadata);
  return block;
}
