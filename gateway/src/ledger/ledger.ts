/**
 * The one backend interface the gateway talks to. Two implementations: the embedded
 * Fabric-compatible network (network/embedded) and real Fabric (fabric-network). Routes
 * never import either; the backend is chosen once from config.
 */

/** Who a transaction is signed as: an identity the backend holds a key for (its wallet). */
export interface LedgerIdentity {
  readonly mspId: string;
  readonly enrollmentId: string;
}

export interface SubmitOptions {
  /** Transient data (not written to the ledger), e.g. private-data values. */
  readonly transient?: Readonly<Record<string, Uint8Array>>;
  /**
   * Organisations whose peers must endorse. A backend that plans key-level endorsement adds
   * what the policies require; one that does not (`plansKeyLevelEndorsement: false`, as
   * fabric-network's `setEndorsingOrganizations`) endorses on exactly these organisations.
   */
  readonly endorsingOrganizations?: readonly string[];
  /**
   * The proposal nonce (24 bytes), so that repeating a request repeats its txId and the ledger
   * refuses the copy (DuplicateTransactionError at endorsement once the first is committed, or
   * a CommitError DUPLICATE_TXID when both were in flight). Both backends honour it.
   */
  readonly nonce?: Uint8Array;
}

export interface CommittedTransaction {
  readonly txId: string;
  readonly blockNumber: number;
  /** The chaincode's response payload (what the transaction function returned). */
  readonly payload: Uint8Array;
}

export interface LedgerEvent {
  readonly txId: string;
  readonly blockNumber: number;
  readonly chaincodeName: string;
  readonly eventName: string;
  readonly payload: Uint8Array;
}

/** Fabric's TxValidationCode names (peer/transaction.proto), e.g. `VALID`, `MVCC_READ_CONFLICT`. */
export type ValidationCode = string;

export interface TransactionInfo {
  readonly txId: string;
  readonly blockNumber: number;
  readonly txIndex: number;
  readonly validationCode: ValidationCode;
  /** ISO-8601 UTC, from the proposal's channel header. */
  readonly timestamp: string;
  readonly creator: { readonly mspId: string; readonly id: string };
  readonly chaincodeName: string;
  /** The invoked function (`Contract:Function`) and its string arguments. */
  readonly function: string;
  readonly args: readonly string[];
  readonly endorsers: readonly string[];
  readonly writes: readonly { readonly namespace: string; readonly key: string; readonly isDelete: boolean }[];
  readonly event?: { readonly name: string; readonly payload: string };
}

export interface BlockInfo {
  readonly number: number;
  /** Hex of the header fields, hashed as Fabric does (protoutil.BlockHeaderHash). */
  readonly previousHash: string;
  readonly dataHash: string;
  readonly headerHash: string;
  readonly transactions: readonly { readonly txId: string; readonly validationCode: ValidationCode }[];
}

export interface TransactionResult {
  readonly txId: string;
  readonly blockNumber: number;
  readonly validationCode: ValidationCode;
  /** What the chaincode returned when it was endorsed. */
  readonly payload: Uint8Array;
}

export interface Ledger {
  readonly backend: 'embedded' | 'fabric';
  readonly channelName: string;
  readonly chaincodeName: string;
  /**
   * True when `submit` itself gets the endorsements that the key-level policies (state-based
   * endorsement) of the written keys need, as Fabric Gateway does. False when it plans for the
   * chaincode-level policy only, as fabric-network 2.2's discovery does: a write to a key with
   * its own policy then commits only if the caller names the organisations that policy needs
   * in `SubmitOptions.endorsingOrganizations` (the ledger writer does, endorsement-plan.ts).
   */
  readonly plansKeyLevelEndorsement: boolean;

  /** Endorse, order and wait for commit; resolves only when the transaction is committed VALID. */
  submit(identity: LedgerIdentity, fn: string, args: readonly string[], options?: SubmitOptions): Promise<CommittedTransaction>;
  /** Query one peer; nothing is ordered or written. */
  evaluate(identity: LedgerIdentity, fn: string, args: readonly string[], options?: SubmitOptions): Promise<Uint8Array>;

  /** Number of blocks on the channel (the next block's number). */
  height(): Promise<number>;
  getBlock(blockNumber: number): Promise<BlockInfo>;
  /** The block exactly as stored, a serialized common.Block, for proofs. */
  getRawBlock(blockNumber: number): Promise<Uint8Array>;
  getTransaction(txId: string): Promise<TransactionInfo>;
  /** The committed outcome of a transaction and the chaincode's response payload. */
  getTransactionResult(txId: string): Promise<TransactionResult>;

  /** Root CA certificates (PEM) of the channel's organisations, by MSP id, from the channel configuration. */
  trustRoots(): Promise<Readonly<Record<string, string>>>;

  /**
   * The embedded backend only: its state and history compared with the writes of the valid
   * transactions of its blocks. A Fabric peer's state database is out of the gateway's reach.
   */
  auditStore?(): Promise<StoreAuditReport>;

  /** Chaincode events of valid transactions, in commit order; returns an unsubscribe function. */
  onEvent(listener: (event: LedgerEvent) => void, options?: { readonly startBlock?: number }): () => void;

  close(): Promise<void>;
}

/** What `Ledger.auditStore` found: counts, and the lowest block whose writes the store does not hold as written. */
export interface StoreAuditReport {
  readonly ok: boolean;
  readonly checkedStateKeys: number;
  readonly checkedHistoryEntries: number;
  readonly firstBadBlock?: number;
  readonly problem?: string;
}
