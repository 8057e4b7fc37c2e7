/**
 * Runs a chaincode package in worker threads (its "containers") and routes Fabric chaincode
 * protocol messages between them and the simulations of the transactions they execute.
 * Two endorsements of the same transaction never share a worker: fabric-shim keys its
 * per-transaction state by channel + txId, exactly as a real peer's chaincode container is
 * private to that peer.
 */
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { peer } from '@hyperledger/fabric-protos';
import { serveChaincodeRequest } from './chaincode-support';
import { systemClock, type Clock } from './clock';
import type { TxSimulator } from './tx-simulator';
import { createMessageBatcher, isMessageBatch, type MessageBatcher } from './message-batch';

const T = peer.ChaincodeMessage.Type;

export interface ChaincodeExecution {
  readonly response: peer.Response;
  readonly event?: peer.ChaincodeEvent;
}

export interface ExecutionRequest {
  readonly channelId: string;
  readonly txId: string;
  readonly signedProposal: peer.SignedProposal;
  readonly input: peer.ChaincodeInput;
  readonly simulator: TxSimulator;
}

export interface ChaincodeRuntime {
  readonly chaincodeId: string;
  execute(request: ExecutionRequest): Promise<ChaincodeExecution>;
  close(): Promise<void>;
}

export interface ChaincodeRuntimeOptions {
  readonly packageDir: string;
  readonly chaincodeId: string;
  /** Worker threads ("containers"); at least the number of endorsements per transaction keeps them parallel. */
  readonly workers: number;
  /** fabric-shim log level (CORE_CHAINCODE_LOGGING_LEVEL). */
  readonly logLevel?: string;
  /** Fabric's chaincode.executetimeout. */
  readonly executeTimeoutMs?: number;
  /** The containers' host clock: what `Date.now()` reads inside the chaincode. Default the system clock. */
  readonly clock?: Clock;
  /** Added to the containers' environment (a CCaaS container's `environment:`), e.g. chaincode settings. */
  readonly env?: Readonly<Record<string, string>>;
}

export class ChaincodeExecutionError extends Error {
  override readonly name = 'ChaincodeExecutionError';
}

interface Running {
  readonly simulator: TxSimulator;
  readonly resolve: (e: ChaincodeExecution) => void;
  readonly reject: (e: Error) => void;
  readonly timer: NodeJS.Timeout;
  chain: Promise<void>;
}

class ChaincodeContainer {
  private readonly worker: Worker;
  private readonly outbox: MessageBatcher;
  private readonly running = new Map<string, Running>();
  readonly ready: Promise<void>;
  private exited = false;

  /** `clockOffset`: one BigInt64 cell, the host clock minus the system clock in ms (see HostClock). */
  constructor(private readonly options: ChaincodeRuntimeOptions, clockOffset: SharedArrayBuffer) {
    this.worker = new Worker(join(__dirname, 'chaincode-worker.js'), {
      workerData: { packageDir: options.packageDir, chaincodeId: options.chaincodeId, logLevel: options.logLevel ?? 'CRITICAL', clockOffset },
      env: { ...process.env, ...(options.env ?? {}) },
      stderr: false,
    });
    this.outbox = createMessageBatcher(this.worker);
    this.ready = new Promise<void>((resolve, reject) => {
      this.worker.on('message', (value: Uint8Array[] | { readonly startFailure: string }) => {
        if (!isMessageBatch(value)) {
          reject(new ChaincodeExecutionError(value.startFailure));
          return;
        }
        for (const bytes of value) {
          const msg = peer.ChaincodeMessage.deserializeBinary(bytes);
          if (msg.getType() === T.REGISTER) {
            this.send(T.REGISTERED);
            this.send(T.READY);
            resolve();
          } else this.onTransactionMessage(msg);
        }
      });
      this.worker.on('error', (err) => {
        reject(err);
        this.failAll(err);
      });
      this.worker.on('exit', (code) => {
        this.exited = true;
        const err = new ChaincodeExecutionError(`chaincode ${options.chaincodeId} container exited with code ${code}`);
        reject(err);
        this.failAll(err);
      });
    });
  }

  get alive(): boolean {
    return !this.exited;
  }

  load(): number {
    return this.running.size;
  }

  busyWith(contextId: string): boolean {
    return this.running.has(contextId);
  }

  execute(req: ExecutionRequest): Promise<ChaincodeExecution> {
    const contextId = req.channelId + req.txId;
    return new Promise<ChaincodeExecution>((resolve, reject) => {
      const timeoutMs = this.options.executeTimeoutMs ?? 30_000;
      const timer = setTimeout(() => {
        this.running.delete(contextId);
        reject(new ChaincodeExecutionError(`timeout expired while executing transaction ${req.txId} (${timeoutMs} ms)`));
      }, timeoutMs);
      this.running.set(contextId, { simulator: req.simulator, resolve, reject, timer, chain: Promise.resolve() });
      const msg = new peer.ChaincodeMessage();
      msg.setType(T.TRANSACTION);
      msg.setTxid(req.txId);
      msg.setChannelId(req.channelId);
      msg.setPayload(req.input.serializeBinary());
      msg.setProposal(req.signedProposal);
      this.post(msg);
    });
  }

  async terminate(): Promise<void> {
    this.failAll(new ChaincodeExecutionError('chaincode runtime closed'));
    if (!this.exited) await this.worker.terminate();
  }

  private onTransactionMessage(msg: peer.ChaincodeMessage): void {
    const contextId = msg.getChannelId() + msg.getTxid();
    const run = this.running.get(contextId);
    if (!run) {
      // a late request of a timed-out transaction: answer it, as the peer's handler answers
      // messages of unknown contexts, so the shim is not left waiting
      if (msg.getType() !== T.COMPLETED && msg.getType() !== T.ERROR) {
        const reply = new peer.ChaincodeMessage();
        reply.setType(T.ERROR);
        reply.setTxid(msg.getTxid());
        reply.setChannelId(msg.getChannelId());
        reply.setPayload(Buffer.from(`transaction ${msg.getTxid()} is no longer running (timed out)`, 'utf8'));
        this.post(reply);
      }
      return;
    }
    const type = msg.getType();
    if (type === T.COMPLETED) {
      this.finish(contextId, run);
      run.resolve({ response: peer.Response.deserializeBinary(msg.getPayload_asU8()), event: msg.getChaincodeEvent() });
      return;
    }
    if (type === T.ERROR) {
      this.finish(contextId, run);
      run.reject(new ChaincodeExecutionError(Buffer.from(msg.getPayload_asU8()).toString('utf8')));
      return;
    }
    // The shim sends one request at a time per transaction; keep replies in order regardless.
    run.chain = run.chain.then(async () => {
      const reply = await serveChaincodeRequest(run.simulator, msg);
      if (this.running.get(contextId) === run) this.post(reply);
    });
  }

  private finish(contextId: string, run: Running): void {
    clearTimeout(run.timer);
    this.running.delete(contextId);
  }

  private failAll(err: Error): void {
    for (const [id, run] of this.running) {
      this.finish(id, run);
      run.reject(err);
    }
  }

  private send(type: peer.ChaincodeMessage.TypeMap[keyof peer.ChaincodeMessage.TypeMap]): void {
    const msg = new peer.ChaincodeMessage();
    msg.setType(type);
    this.post(msg);
  }

  private post(msg: peer.ChaincodeMessage): void {
    this.outbox.send(msg.serializeBinary());
  }
}

/**
 * The containers' clock, shared with their threads as an offset from the system clock: the peer
 * reads `Clock.now()` when it hands a transaction over, and the chaincode's `Date.now()` then reads
 * the system clock plus that offset, so time runs on inside the container between hand-overs.
 */
class HostClock {
  readonly buffer = new SharedArrayBuffer(8);
  private readonly offset = new BigInt64Array(this.buffer);

  constructor(private readonly clock: Clock) {}

  sync(): void {
    Atomics.store(this.offset, 0, BigInt(Math.round(this.clock.now() - Date.now())));
  }
}

/** Starts the chaincode's containers and waits until each has registered with the peer. */
export async function startChaincodeRuntime(options: Readonly<ChaincodeRuntimeOptions>): Promise<ChaincodeRuntime> {
  const count = Math.max(1, options.workers);
  const containers: ChaincodeContainer[] = [];
  const hostClock = new HostClock(options.clock ?? systemClock);
  hostClock.sync();
  const spawn = async (): Promise<ChaincodeContainer> => {
    const c = new ChaincodeContainer(options, hostClock.buffer);
    await c.ready;
    return c;
  };
  containers.push(...(await Promise.all(Array.from({ length: count }, spawn))));
  const waiting: (() => void)[] = [];
  let closed = false;

  const pick = (contextId: string): ChaincodeContainer | undefined => {
    let best: ChaincodeContainer | undefined;
    for (const c of containers) {
      if (!c.alive || c.busyWith(contextId)) continue;
      if (!best || c.load() < best.load()) best = c;
    }
    return best;
  };

  return {
    chaincodeId: options.chaincodeId,
    async execute(req) {
      if (closed) throw new ChaincodeExecutionError('chaincode runtime closed');
      const contextId = req.channelId + req.txId;
      // restart containers that died (as a peer relaunches a crashed chaincode container)
      for (let i = 0; i < containers.length; i++) if (!containers[i]!.alive) containers[i] = await spawn();
      let container = pick(contextId);
      while (!container) {
        await new Promise<void>((r) => waiting.push(r));
        if (closed) throw new ChaincodeExecutionError('chaincode runtime closed');
        container = pick(contextId);
      }
      try {
        hostClock.sync();
        return await container.execute(req);
      } finally {
        waiting.shift()?.();
      }
    },
    async close() {
      closed = true;
      for (const w of waiting.splice(0)) w();
      await Promise.all(containers.map((c) => c.terminate()));
    },
  };
}
