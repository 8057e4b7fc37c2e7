/**
 * The Ledger backend over the embedded Fabric-compatible network (network/embedded). It maps
 * the network's errors to the backend-neutral ones in errors.ts, and ledger records to the
 * shapes of ledger.ts.
 */
import { common } from '@hyperledger/fabric-protos';
import type { Consortium } from '../../../network/src/consortium';
import { openEmbeddedNetwork, type EmbeddedNetwork, type EmbeddedNetworkOptions } from '../../../network/src/embedded/network';
import type { Signer } from '../../../network/src/embedded/signer';
import { blockHeaderHash } from '../../../network/src/protocol/block-hash';
import { decodeTransaction, validationCodeName } from '../../../network/src/protocol/transaction';
import { METADATA } from '../../../network/src/protocol/block-metadata';
import {
  ChaincodeResponseError,
  EndorsementsMismatchError,
  NetworkClosedError,
  NoEndorsementPlanError,
  TransactionInvalidError,
} from '../../../network/src/embedded/errors';
import { DuplicateProposalError, ProposalRejectedError } from '../../../network/src/embedded/endorser';
import { BroadcastRejectedError } from '../../../network/src/embedded/orderer';
import type { BlockInfo, Ledger, StoreAuditReport, LedgerEvent, LedgerIdentity, SubmitOptions, TransactionInfo, TransactionResult } from './ledger';
import {
  CommitError,
  DuplicateTransactionError,
  EndorsementError,
  EndorsementMismatchError,
  LedgerNotFoundError,
  LedgerStorageError,
  LedgerUnavailableError,
  UnknownIdentityError,
} from './errors';
import { isStorageFault } from '../storage/storage-fault';

export interface EmbeddedLedgerOptions {
  readonly dataDir: string;
  readonly consortium: Consortium;
  /** Package directory of the chaincode. */
  readonly chaincodePath: string;
  readonly log?: (line: string) => void;
  /**
   * Tuning passed to the network (chaincode workers, batch settings), and how it plans
   * endorsements: `endorsementPlanning: 'discovery'` makes it choose endorsers as
   * fabric-network 2.2 does on real Fabric, and the ledger then reports
   * `plansKeyLevelEndorsement: false`. `clock` and `chaincodeEnv` are the peers' host clock
   * and the chaincode containers' environment (the endorsers' time window).
   */
  readonly network?: Partial<
    Pick<EmbeddedNetworkOptions, 'chaincodeWorkers' | 'batchSize' | 'batchTimeoutMs' | 'chaincodeLogLevel' | 'endorsementPlanning' | 'chooseLayout' | 'clock' | 'chaincodeEnv'>
  >;
}

export interface EnrollmentRequest {
  readonly mspId: string;
  readonly enrollmentId: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface EmbeddedLedger extends Ledger {
  readonly backend: 'embedded';
  /** Enrols an identity in the organisation's embedded CA (idempotent: returns the existing one). */
  enroll(request: EnrollmentRequest): Promise<LedgerIdentity>;
  /**
   * Revokes an identity at its organisation's embedded CA (its key leaves the wallet, its
   * certificate joins the CRL the channel's MSP refuses); undefined when it is not enrolled.
   */
  revoke(identity: LedgerIdentity): Promise<{ readonly serialNumber: string } | undefined>;
  /** The network underneath, for integrity checks and tests of the transaction flow. */
  readonly network: EmbeddedNetwork;
}

export async function openEmbeddedLedger(options: Readonly<EmbeddedLedgerOptions>): Promise<EmbeddedLedger> {
  const network = await openEmbeddedNetwork({
    dataDir: options.dataDir,
    consortium: options.consortium,
    chaincodePath: options.chaincodePath,
    log: options.log,
    ...(options.network ?? {}),
  });
  return new EmbeddedLedgerImpl(network);
}

class EmbeddedLedgerImpl implements EmbeddedLedger {
  readonly backend = 'embedded' as const;
  readonly channelName: string;
  readonly chaincodeName: string;
  readonly plansKeyLevelEndorsement: boolean;
  private readonly signers = new Map<string, Promise<Signer | undefined>>();

  constructor(readonly network: EmbeddedNetwork) {
    this.channelName = network.channelName;
    this.chaincodeName = network.chaincodeName;
    this.plansKeyLevelEndorsement = network.endorsementPlanning === 'gateway';
  }

  async enroll(request: EnrollmentRequest): Promise<LedgerIdentity> {
    const id = await this.network.enroll({ mspId: request.mspId, enrollmentId: request.enrollmentId, attributes: request.attributes });
    this.signers.delete(`${id.mspId}/${id.enrollmentId}`);
    return { mspId: id.mspId, enrollmentId: id.enrollmentId };
  }

  async revoke(identity: LedgerIdentity): Promise<{ readonly serialNumber: string } | undefined> {
    const revoked = await this.network.revoke(identity.mspId, identity.enrollmentId);
    this.signers.delete(`${identity.mspId}/${identity.enrollmentId}`);
    return revoked;
  }

  async submit(identity: LedgerIdentity, fn: string, args: readonly string[], options: SubmitOptions = {}): Promise<{ txId: string; blockNumber: number; payload: Uint8Array }> {
    const signer = await this.signer(identity);
    try {
      const r = await this.network.submit(signer, [fn, ...args], options);
      return { txId: r.txId, blockNumber: r.blockNumber, payload: r.payload };
    } catch (err) {
      throw translate(err);
    }
  }

  async evaluate(identity: LedgerIdentity, fn: string, args: readonly string[], options: SubmitOptions = {}): Promise<Uint8Array> {
    const signer = await this.signer(identity);
    try {
      return await this.network.evaluate(signer, [fn, ...args], options);
    } catch (err) {
      throw translate(err);
    }
  }

  height(): Promise<number> {
    return this.network.height();
  }

  auditStore(): Promise<StoreAuditReport> {
    return this.network.auditStore();
  }

  async getRawBlock(blockNumber: number): Promise<Uint8Array> {
    const raw = await this.network.rawBlock(blockNumber);
    if (!raw) throw new LedgerNotFoundError(`block ${blockNumber} does not exist`);
    return raw;
  }

  async getBlock(blockNumber: number): Promise<BlockInfo> {
    const block = common.Block.deserializeBinary(await this.getRawBlock(blockNumber));
    const header = block.getHeader()!;
    const filter = block.getMetadata()!.getMetadataList_asU8()[METADATA.TRANSACTIONS_FILTER] ?? new Uint8Array();
    return {
      number: header.getNumber(),
      previousHash: Buffer.from(header.getPreviousHash_asU8()).toString('hex'),
      dataHash: Buffer.from(header.getDataHash_asU8()).toString('hex'),
      headerHash: blockHeaderHash(header).toString('hex'),
      transactions: block
        .getData()!
        .getDataList_asU8()
        .map((env, i) => {
          let txId = '';
          try {
            txId = decodeTransaction(env).txId;
          } catch {
            // a malformed envelope keeps its place with an empty id
          }
          return { txId, validationCode: validationCodeName(filter[i] ?? 255) };
        }),
    };
  }

  async getTransactionResult(txId: string): Promise<TransactionResult> {
    const stored = await this.network.transaction(txId);
    if (!stored) throw new LedgerNotFoundError(`transaction ${txId} does not exist`);
    return { txId, blockNumber: stored.blockNumber, validationCode: stored.validationCode, payload: stored.transaction.response.payload };
  }

  async getTransaction(txId: string): Promise<TransactionInfo> {
    const stored = await this.network.transaction(txId);
    if (!stored) throw new LedgerNotFoundError(`transaction ${txId} does not exist`);
    const tx = stored.transaction;
    const creator = this.describe(tx.creator);
    const args = tx.args.map((a) => Buffer.from(a).toString('utf8'));
    return {
      txId: tx.txId,
      blockNumber: stored.blockNumber,
      txIndex: stored.txIndex,
      validationCode: stored.validationCode,
      timestamp: new Date(tx.timestamp.seconds * 1000 + Math.floor(tx.timestamp.nanos / 1e6)).toISOString(),
      creator,
      chaincodeName: tx.chaincodeName,
      function: args[0] ?? '',
      args: args.slice(1),
      endorsers: tx.endorsements.map((e) => this.describe(e.endorser).mspId),
      writes: tx.rwsets.flatMap((ns) => ns.kv.getWritesList().map((w) => ({ namespace: ns.namespace, key: w.getKey(), isDelete: w.getIsDelete() }))),
      event: tx.event ? { name: tx.event.name, payload: Buffer.from(tx.event.payload).toString('utf8') } : undefined,
    };
  }

  async trustRoots(): Promise<Readonly<Record<string, string>>> {
    const c = this.network.config;
    return Object.fromEntries([...c.organizations.map((o) => [o.mspId, o.rootCertificate] as const), [c.orderer.mspId, c.orderer.rootCertificate]]);
  }

  onEvent(listener: (event: LedgerEvent) => void, options: { readonly startBlock?: number } = {}): () => void {
    let live = options.startBlock === undefined;
    const buffered: LedgerEvent[] = [];
    let lastReplayed = -1;
    const off = this.network.onEvent((e) => {
      if (live) listener(e);
      else buffered.push(e);
    });
    if (!live) {
      void (async () => {
        const height = await this.network.height();
        for (let n = options.startBlock!; n < height; n++) {
          const raw = await this.network.rawBlock(n);
          if (!raw) break;
          const block = common.Block.deserializeBinary(raw);
          const filter = block.getMetadata()!.getMetadataList_asU8()[METADATA.TRANSACTIONS_FILTER] ?? new Uint8Array();
          block
            .getData()!
            .getDataList_asU8()
            .forEach((env, i) => {
              if (filter[i] !== 0) return;
              const tx = decodeTransaction(env);
              if (tx.event) listener({ txId: tx.txId, blockNumber: n, chaincodeName: tx.event.chaincodeId, eventName: tx.event.name, payload: tx.event.payload });
            });
          lastReplayed = n;
        }
        for (const e of buffered) if (e.blockNumber > lastReplayed) listener(e);
        buffered.length = 0;
        live = true;
      })();
    }
    return off;
  }

  close(): Promise<void> {
    return this.network.close();
  }

  private describe(serialized: Uint8Array): { mspId: string; id: string } {
    try {
      const id = this.network.msps.deserialize(serialized);
      return { mspId: id.mspId, id: id.id };
    } catch {
      return { mspId: 'unknown', id: 'unknown' };
    }
  }

  private async signer(identity: LedgerIdentity): Promise<Signer> {
    const key = `${identity.mspId}/${identity.enrollmentId}`;
    let p = this.signers.get(key);
    if (!p) {
      p = this.network.signer(identity.mspId, identity.enrollmentId).catch(() => undefined);
      this.signers.set(key, p);
    }
    const s = await p;
    if (!s) {
      this.signers.delete(key);
      throw new UnknownIdentityError(`no enrolled identity ${identity.enrollmentId} in ${identity.mspId}`);
    }
    return s;
  }
}

function translate(err: unknown): Error {
  if (err instanceof DuplicateProposalError) return new DuplicateTransactionError(err.txId);
  if (err instanceof ChaincodeResponseError) return new EndorsementError(err.message, err.status);
  if (err instanceof EndorsementsMismatchError) return new EndorsementMismatchError(err.message);
  if (err instanceof TransactionInvalidError) return new CommitError(err.txId, err.validationCode, err.blockNumber);
  if (err instanceof ProposalRejectedError) return new EndorsementError(err.message, 500);
  if (err instanceof NetworkClosedError && isStorageFault(err)) return new LedgerStorageError(err.message);
  if (err instanceof NetworkClosedError || err instanceof BroadcastRejectedError || err instanceof NoEndorsementPlanError) {
    return new LedgerUnavailableError(err.message);
  }
  return err instanceof Error ? err : new Error(String(err));
}
