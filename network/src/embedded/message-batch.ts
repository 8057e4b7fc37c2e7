/**
 * Chaincode messages between the peer and a container thread, posted in batches.
 *
 * A `postMessage` costs tens of microseconds of the sender's time whatever its size (the
 * serialisation step and the wake-up of the other thread's event loop), and an endorsement
 * exchanges about twenty chaincode messages with its container (the proposal, every GetState /
 * PutState and its answer, the completion). With many transactions in flight the messages of
 * several of them are ready in the same turn of the event loop, so a sender queues what it
 * writes in one turn and posts the whole queue once, when the turn's I/O is done (setImmediate):
 * the order of messages is kept, nothing waits longer than the current turn, and each message
 * is still one encoded peer.ChaincodeMessage, as on Fabric's gRPC stream.
 */
import { transferList } from './transfer';

/** What a batch is posted through: a Worker, or a worker's parentPort. */
interface Port {
  postMessage(value: unknown, transfer: ArrayBuffer[]): void;
}

export interface MessageBatcher {
  /** Queues `bytes` (an encoded message) to be posted with the rest of this turn's messages. */
  send(bytes: Uint8Array): void;
}

export function createMessageBatcher(port: Port): MessageBatcher {
  let queue: Uint8Array[] = [];
  const flush = (): void => {
    const batch = queue;
    queue = [];
    port.postMessage(batch, batch.flatMap(transferList));
  };
  return {
    send(bytes) {
      queue.push(bytes);
      if (queue.length === 1) setImmediate(flush);
    },
  };
}

/** True for what a batcher posts (an array of encoded messages), as opposed to a control message. */
export function isMessageBatch(value: unknown): value is Uint8Array[] {
  return Array.isArray(value);
}
