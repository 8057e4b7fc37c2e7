/**
 * The Ledger interface over real Hyperledger Fabric with fabric-network 2.2: connection
 * profile(s) and a file-system wallet from the options, one Gateway per identity, commit
 * waiting with the block number, events through contract listeners with a file
 * checkpointer, and blocks/transactions through qscc. fabric-network is deprecated for
 * Fabric 2.5+ in favour of the Fabric Gateway client; it stays behind this interface so it
 * can be swapped.
 */
import { lastConfigIndex, trustRootsFromConfigBlock } from './config-roots';
import { common } from '@hyperledger/fabric-protos';
import { Wallets, type Contract, type ContractEvent, type Gateway, type Wallet } from 'fabric-network';
import { EndorsementError, LedgerNotFoundError } from '../errors';
import type { BlockInfo, CommittedTransaction, Ledger, LedgerEvent, LedgerIdentity, SubmitOptions, TransactionInfo, TransactionResult } from '../ledger';
import { decodeTransaction } from '../../../../network/src/protocol/transaction';
import { decodeBlockInfo, decodeTransactionInfo } from './block-decoder';
import { commitWaiter } from './commit-waiter';
import { loadConnectionProfiles } from './connection-profiles';
import { translateFabricError } from './fabric-errors';
import { GatewayPool } from './gateway-pool';
import { checkWalletOrganization } from './wallet-organization';
import { ListenerCheckpoints, type ListenerCheckpoint } from './listener-checkpoints';
import { toBlockNumber } from './long';
import { StartupRetry } from './startup-retry';
import { transactionWithNonce } from './transaction-with-nonce';

export interface FabricLedgerOptions {
  /** A connection profile JSON file, or a folder of them (one per organisation, network/fabric/connection-profiles). */
  readonly connectionProfile: string;
  /** Folder of a fabric-network FileSystemWallet (written by scripts/fabric-enroll). */
  readonly wallet: string;
  readonly channelName: string;
  readonly chaincodeName: string;
  /** Map discovered host names to localhost: the gateway runs on the Docker host (FABRIC_AS_LOCALHOST). */
  readonly asLocalhost: boolean;
  /** Identity for block queries and event listening; default: the first identity in the wallet. */
  readonly serviceIdentity?: LedgerIdentity;
  /** Folder for the event listeners' checkpoint files (one per listener, removed when it unsubscribes). */
  readonly checkpointDir?: string;
  /**
   * The one organisation this gateway serves (DAL_ORG): the wallet must hold its identities
   * only (ForeignIdentityError otherwise), and only its connection profile is used.
   */
  readonly organization?: string;
  readonly commitTimeoutMs?: number;
  readonly startupRetry?: { readonly attempts: number; readonly delayMs: number };
  readonly log?: (message: string) => void;
}

/** Opens the backend; throws LedgerUnavailableError (after start-up retries) if the network cannot be reached. */
export async function openFabricLedger(options: Readonly<FabricLedgerOptions>): Promise<Ledger> {
  const wallet = await Wallets.newFileSystemWallet(options.wallet);
  const labels = await wallet.list();
  if (labels.length === 0) throw new Error(`wallet ${options.wallet} is empty: run npm run fabric:enroll`);
  if (options.organization !== undefined) await checkWalletOrganization(wallet, options.organization, options.wallet);
  const log = options.log ?? ((message: string) => console.warn(message));
  const ledger = new FabricLedger(options, wallet, new StartupRetry({ attempts: options.startupRetry?.attempts ?? 20, delayMs: options.startupRetry?.delayMs ?? 3000, log }));
  await ledger.height(); // connect now, so a wrong profile or an unreachable network shows at start-up
  return ledger;
}

class FabricLedger implements Ledger {
  readonly backend = 'fabric' as const;
  // fabric-network 2.2's discovery plans for the chaincode-level policy only, and
  // setEndorsingOrganizations sends to exactly the named organisations' peers.
  readonly plansKeyLevelEndorsement = false;
  readonly channelName: string;
  readonly chaincodeName: string;
  private readonly gateways: GatewayPool;
  private readonly commitTimeoutMs: number;
  private serviceIdentity?: LedgerIdentity;
  private readonly checkpoints?: ListenerCheckpoints;

  constructor(private readonly options: Readonly<FabricLedgerOptions>, private readonly wallet: Wallet, private readonly retry: StartupRetry) {
    this.channelName = options.channelName;
    this.chaincodeName = options.chaincodeName;
    this.commitTimeoutMs = options.commitTimeoutMs ?? 60_000;
    this.gateways = new GatewayPool({
      profiles: loadConnectionProfiles(options.connectionProfile, options.organization),
      wallet,
      asLocalhost: options.asLocalhost,
      commitTimeoutSeconds: Math.ceil(this.commitTimeoutMs / 1000),
    });
    this.serviceIdentity = options.serviceIdentity;
    if (options.checkpointDir) this.checkpoints = new ListenerCheckpoints(options.checkpointDir, `${this.channelName}-${this.chaincodeName}`);
  }

  private async contract(identity: LedgerIdentity, chaincodeName = this.chaincodeName): Promise<Contract> {
    return (await this.connection(identity, chaincodeName)).contract;
  }

  private async connection(identity: LedgerIdentity, chaincodeName = this.chaincodeName): Promise<{ gateway: Gateway; contract: Contract }> {
    const gateway = await this.gateways.get(identity);
    try {
      const network = await gateway.getNetwork(this.channelName);
      return { gateway, contract: network.getContract(chaincodeName) };
    } catch (err) {
      throw translateFabricError(err);
    }
  }

  submit(identity: LedgerIdentity, fn: string, args: readonly string[], options: SubmitOptions = {}): Promise<CommittedTransaction> {
    return this.retry.run(`submit ${fn}`, async () => {
      const { gateway, contract } = await this.connection(identity);
      const tx = options.nonce ? transactionWithNonce(gateway, contract, fn, options.nonce) : contract.createTransaction(fn);
      const waiter = commitWaiter(identity.mspId, this.commitTimeoutMs);
      tx.setEventHandler(waiter.factory);
      if (options.transient) tx.setTransient(toTransientMap(options.transient));
      if (options.endorsingOrganizations?.length) tx.setEndorsingOrganizations(...options.endorsingOrganizations);
      const txId = tx.getTransactionId();
      try {
        const payload = await tx.submit(...args);
        const blockNumber = waiter.blockNumber();
        if (blockNumber === undefined) throw new Error(`transaction ${txId} resolved without a commit event`);
        return { txId, blockNumber, payload: new Uint8Array(payload) };
      } catch (err) {
        throw translateFabricError(err, txId, waiter.blockNumber());
      }
    });
  }

  evaluate(identity: LedgerIdentity, fn: string, args: readonly string[], options: SubmitOptions = {}): Promise<Uint8Array> {
    return this.retry.run(`evaluate ${fn}`, async () => {
      const tx = (await this.contract(identity)).createTransaction(fn);
      if (options.transient) tx.setTransient(toTransientMap(options.transient));
      try {
        return new Uint8Array(await tx.evaluate(...args));
      } catch (err) {
        throw translateFabricError(err);
      }
    });
  }

  private async service(): Promise<LedgerIdentity> {
    if (!this.serviceIdentity) this.serviceIdentity = await this.gateways.firstIdentity();
    return this.serviceIdentity;
  }

  /** qscc (the peer's ledger query system chaincode) as the service identity. */
  private qscc(fn: string, ...args: string[]): Promise<Buffer> {
    return this.retry.run(`qscc ${fn}`, async () => {
      const contract = await this.contract(await this.service(), 'qscc');
      try {
        return await contract.evaluateTransaction(fn, this.channelName, ...args);
      } catch (err) {
        throw translateFabricError(err);
      }
    });
  }

  async height(): Promise<number> {
    const info = common.BlockchainInfo.deserializeBinary(await this.qscc('GetChainInfo'));
    return info.getHeight();
  }

  async getRawBlock(blockNumber: number): Promise<Uint8Array> {
    if (!Number.isSafeInteger(blockNumber) || blockNumber < 0 || blockNumber >= (await this.height())) {
      throw new LedgerNotFoundError(`block ${blockNumber} does not exist`);
    }
    return new Uint8Array(await this.qscc('GetBlockByNumber', String(blockNumber)));
  }

  async getBlock(blockNumber: number): Promise<BlockInfo> {
    return decodeBlockInfo(await this.getRawBlock(blockNumber));
  }

  async getTransactionResult(txId: string): Promise<TransactionResult> {
    const info = await this.getTransaction(txId);
    const block = common.Block.deserializeBinary(await this.getRawBlock(info.blockNumber));
    const envelope = block.getData()!.getDataList_asU8()[info.txIndex];
    if (!envelope) throw new LedgerNotFoundError(`transaction ${txId} is not at index ${info.txIndex} of block ${info.blockNumber}`);
    return { txId, blockNumber: info.blockNumber, validationCode: info.validationCode, payload: decodeTransaction(envelope).response.payload };
  }

  async getTransaction(txId: string): Promise<TransactionInfo> {
    let raw: Buffer;
    try {
      raw = await this.qscc('GetBlockByTxID', txId);
    } catch (err) {
      // qscc answers an unknown id with an error response, which arrives here as EndorsementError.
      if (err instanceof EndorsementError) throw new LedgerNotFoundError(`transaction ${txId} does not exist`);
      throw err;
    }
    return decodeTransactionInfo(raw, txId);
  }

  async trustRoots(): Promise<Readonly<Record<string, string>>> {
    // the latest block names the config block in force (a channel update may have added an organisation since genesis)
    const latest = await this.getRawBlock((await this.height()) - 1);
    return trustRootsFromConfigBlock(await this.getRawBlock(lastConfigIndex(latest)));
  }

  onEvent(listener: (event: LedgerEvent) => void, options: { readonly startBlock?: number } = {}): () => void {
    const handler = async (event: ContractEvent): Promise<void> => {
      const tx = event.getTransactionEvent();
      if (!tx.isValid) return;
      listener({
        txId: tx.transactionId,
        blockNumber: toBlockNumber(tx.getBlockEvent().blockNumber),
        chaincodeName: event.chaincodeId,
        eventName: event.eventName,
        payload: new Uint8Array(event.payload ?? Buffer.alloc(0)),
      });
    };
    const registered = (async (): Promise<{ contract: Contract; checkpoint?: ListenerCheckpoint }> => {
      const contract = await this.contract(await this.service());
      // A checkpoint of this listener's own: fabric-network ignores startBlock once a checkpoint holds a block.
      const checkpoint = await this.checkpoints?.forNewListener();
      await contract.addContractListener(handler, { type: 'full', startBlock: options.startBlock, checkpointer: checkpoint?.checkpointer });
      return { contract, checkpoint };
    })();
    registered.catch((err: unknown) => (this.options.log ?? console.warn)(`Fabric event listener failed: ${(err as Error).message}`));
    return () => {
      void registered.then(({ contract, checkpoint }) => {
        contract.removeContractListener(handler);
        checkpoint?.dispose();
      }, () => undefined);
    };
  }

  async close(): Promise<void> {
    this.gateways.close();
  }
}

function toTransientMap(transient: Readonly<Record<string, Uint8Array>>): Record<string, Buffer> {
  return Object.fromEntries(Object.entries(transient).map(([k, v]) => [k, Buffer.from(v)]));
}
