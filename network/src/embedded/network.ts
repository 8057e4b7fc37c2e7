/**
 * The embedded Fabric-compatible network: one peer per organisation (each with its own
 * identity, chaincode container and private data store; all peers commit the same blocks to
 * one LevelDB replica), one ordering node, and a gateway that plans endorsements the way
 * Fabric Gateway does. `openEmbeddedNetwork` creates the channel on first use (genesis block
 * with every organisation's CA) and reopens it afterwards at its last committed block.
 */
import { auditStore, type StoreAudit } from './store-audit';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { common } from '@hyperledger/fabric-protos';
import type { Consortium } from '../consortium';
import { openLedgerDb, KEY, decodeTxLocation, type Db } from './ledger-db';
import { stateDigest } from './state-digest';
import { openWallet, type Wallet } from './wallet';
import type { EnrolledIdentity } from './ca';
import type { NodeType } from '../protocol/msp';
import { createMspRegistry, type MspRegistry } from '../protocol/msp';
import { createSigner, type Signer } from './signer';
import { revokedSerials } from './crl';
import { compilePolicy, loadPolicy, type CompiledPolicy } from './policy';
import { startChaincodeRuntime, type ChaincodeRuntime } from './chaincode-runtime';
import type { Clock } from './clock';
import { createEndorser, type Endorsement, type Endorser } from './endorser';
import { createOrderer, type Orderer } from './orderer';
import { createCommitter, type CommittedBlock, type Committer } from './committer';
import { TransientStore } from './transient-store';
import { createVerifierPool } from './signature-verifier';
import { blockHeaderHash } from '../protocol/block-hash';
import { createSignedProposal, createTransactionEnvelope, type SignedProposalBundle } from './proposal';
import { Code, decodeTransaction, validationCodeName, type DecodedTransaction } from '../protocol/transaction';
import { membersOf, type ChannelConfig } from '../protocol/channel-config';
import { createEndorsementPlanner, type EndorsementPlanning } from './endorsement-planning';
import { openChannel } from './genesis';
import { channelCollections } from './collections';
import { ChaincodeResponseError, EndorsementsMismatchError, NetworkClosedError, NoEndorsementPlanError, TransactionInvalidError } from './errors';

export interface EmbeddedNetworkOptions {
  readonly dataDir: string;
  readonly consortium: Consortium;
  /** Directory of the chaincode package (its package.json `main` is loaded, as `fabric-chaincode-node start` does). */
  readonly chaincodePath: string;
  /** Chaincode containers (worker threads). Default 2: two endorsements run in parallel. */
  readonly chaincodeWorkers?: number;
  /** Signature verification worker threads. Default 1. */
  readonly signatureWorkers?: number;
  readonly chaincodeLogLevel?: string;
  /**
   * The clock of the peers' hosts, which their chaincode containers read (`Date.now()` inside
   * the chaincode). Default the system clock. Tests that stamp proposals in the past or future
   * set it to the same time, as a real network's clocks would read then; it never reaches the
   * ledger, whose time is the proposal's timestamp.
   */
  readonly clock?: Clock;
  /** Environment of the chaincode containers (e.g. `DAL_TIME_WINDOW_SECONDS`), on top of the process's. */
  readonly chaincodeEnv?: Readonly<Record<string, string>>;
  /** Override the consortium's batch settings (tests cut blocks by count). */
  readonly batchSize?: Partial<Consortium['ordering']['batchSize']>;
  readonly batchTimeoutMs?: number;
  readonly log?: (line: string) => void;
  /**
   * Who works out which organisations endorse a `submit`:
   * - `gateway` (default), as the Fabric Gateway peer service does: a plan for the
   *   chaincode-level policy, then the organisations the key-level (and collection) policies
   *   of the written keys also need.
   * - `discovery`, as a fabric-network 2.2 client does with service discovery
   *   (fabric-common DiscoveryHandler): one layout of the chaincode-level policy, blind to
   *   key-level policies; with `endorsingOrganizations`, exactly those organisations
   *   (its `requiredOrgs` plan). A write to a key with its own policy then commits only if
   *   the client named the organisations that policy needs — the behaviour of the real-Fabric
   *   backend, reproduced so that it can be tested without Fabric.
   */
  readonly endorsementPlanning?: EndorsementPlanning;
  /**
   * In `discovery` mode, which layout of the chaincode-level policy endorses when the client
   * names no organisations. Default: one at random, as DiscoveryHandler shuffles the layouts.
   */
  readonly chooseLayout?: (layouts: readonly (readonly string[])[]) => readonly string[];
}

export type { EndorsementPlanning } from './endorsement-planning';
export type { Clock } from './clock';

export interface InvokeOptions {
  readonly transient?: Readonly<Record<string, Uint8Array>>;
  /** Organisations that must endorse, on top of what the policies need. */
  readonly endorsingOrganizations?: readonly string[];
  readonly timestamp?: Date;
  /** A fixed proposal nonce: the txId is then a function of nonce and creator. */
  readonly nonce?: Uint8Array;
}

export interface CommitStatus {
  readonly txId: string;
  readonly blockNumber: number;
  readonly validationCode: string;
}

export interface SubmitResult extends CommitStatus {
  readonly payload: Uint8Array;
}

export interface ChaincodeEventRecord {
  readonly txId: string;
  readonly blockNumber: number;
  readonly chaincodeName: string;
  readonly eventName: string;
  readonly payload: Uint8Array;
}

export interface StoredTransaction {
  readonly blockNumber: number;
  readonly txIndex: number;
  readonly validationCode: string;
  readonly transaction: DecodedTransaction;
  readonly envelope: Uint8Array;
}

export interface EmbeddedNetwork {
  readonly channelName: string;
  readonly chaincodeName: string;
  readonly config: ChannelConfig;
  readonly msps: MspRegistry;
  readonly peers: ReadonlyMap<string, Endorser>;
  /** How `submit` chooses endorsers (EmbeddedNetworkOptions.endorsementPlanning). */
  readonly endorsementPlanning: EndorsementPlanning;

  /** Enrols (or returns the already-enrolled) identity in the organisation's CA. */
  enroll(request: { mspId: string; enrollmentId: string; nodeType?: NodeType; attributes?: Readonly<Record<string, string>>; validForMs?: number }): Promise<EnrolledIdentity>;
  /** A signer for an enrolled identity, or undefined. */
  signer(mspId: string, enrollmentId: string): Promise<Signer | undefined>;
  /**
   * Revokes an enrolled identity at its organisation's CA and gives the channel's MSP of that
   * organisation the new CRL at once — what a config update carrying the CRL in the MSP's
   * `revocation_list` does on Fabric. Its later proposals and broadcasts are refused.
   * Undefined when no such identity is enrolled.
   */
  revoke(mspId: string, enrollmentId: string): Promise<{ readonly serialNumber: string } | undefined>;

  /** Endorse (on the peers the policies need, in `gateway` planning), order, and wait for the commit; rejects unless VALID. */
  submit(signer: Signer, args: readonly (string | Uint8Array)[], options?: InvokeOptions): Promise<SubmitResult>;
  /** Run on one peer of the caller's organisation; nothing is ordered. */
  evaluate(signer: Signer, args: readonly (string | Uint8Array)[], options?: InvokeOptions): Promise<Uint8Array>;

  // The transaction flow step by step, for clients and tests that need control over it.
  proposal(signer: Signer, args: readonly (string | Uint8Array)[], options?: InvokeOptions): SignedProposalBundle;
  endorse(bundle: SignedProposalBundle, organizations: readonly string[]): Promise<Endorsement[]>;
  assemble(bundle: SignedProposalBundle, endorsements: readonly Endorsement[], signer: Signer): Uint8Array;
  /** Sends an envelope to ordering and resolves with its commit status (valid or not). */
  broadcast(envelope: Uint8Array, txId: string): Promise<CommitStatus>;
  /** Cuts the pending block now. */
  cutBlock(): void;

  height(): Promise<number>;
  /** SHA-256 of the committed world state and private data (state-digest.ts): equal before and after means nothing was written. */
  stateDigest(): Promise<string>;
  rawBlock(blockNumber: number): Promise<Uint8Array | undefined>;
  transaction(txId: string): Promise<StoredTransaction | undefined>;
  onBlock(listener: (block: CommittedBlock) => void): () => void;
  onEvent(listener: (event: ChaincodeEventRecord) => void): () => void;
  /** State and history compared with the writes of the committed blocks, on one snapshot (store-audit.ts). */
  auditStore(): Promise<StoreAudit>;
  close(): Promise<void>;
}

export async function openEmbeddedNetwork(options: Readonly<EmbeddedNetworkOptions>): Promise<EmbeddedNetwork> {
  const log = options.log ?? ((): void => undefined);
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const wallet = openWallet(join(options.dataDir, 'crypto'));
  const db = await openLedgerDb(join(options.dataDir, 'ledger'));
  try {
    return await startNetwork(options, wallet, db, log);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}

async function startNetwork(options: Readonly<EmbeddedNetworkOptions>, wallet: Wallet, db: Db, log: (line: string) => void): Promise<EmbeddedNetwork> {
  const { consortium } = options;
  const peerOrgs = consortium.organizations.map((o) => o.mspId);
  const ordererMsp = consortium.ordering.mspId;

  // identities of the network's own nodes
  const ordererIdentity = await wallet.enroll(ordererMsp, { enrollmentId: 'orderer0', nodeType: 'orderer' });
  const peerIdentities = new Map<string, EnrolledIdentity>();
  for (const mspId of peerOrgs) peerIdentities.set(mspId, await wallet.enroll(mspId, { enrollmentId: 'peer0', nodeType: 'peer' }));

  // the channel: created with a genesis block on first start, read from it afterwards
  const ordererSigner = createSigner(ordererMsp, ordererIdentity.certificate, ordererIdentity.privateKey);
  const channel = await openChannel(db, wallet, consortium, ordererSigner, log);
  const { config } = channel;
  let height = channel.height;
  const roots = new Map<string, string>([...config.organizations.map((o) => [o.mspId, o.rootCertificate] as const), [config.orderer.mspId, config.orderer.rootCertificate]]);
  const msps = createMspRegistry(roots);
  // each organisation's CRL, as its MSP config's revocation_list
  for (const mspId of peerOrgs) {
    const crl = await wallet.crl(mspId);
    if (crl !== undefined) msps.setRevokedSerials(mspId, await revokedSerials(crl, roots.get(mspId)!));
  }
  const chaincodePolicy = loadPolicy(compilePolicy(config.chaincode.endorsementPolicy), msps);
  const policyCache = new Map<string, CompiledPolicy>();
  // the defined collections and every application organisation's implicit one
  const collections = channelCollections(
    config.chaincode.collections,
    config.organizations.map((o) => o.mspId),
  );
  const collectionPolicies = new Map<string, CompiledPolicy>();
  for (const c of collections) {
    if (c.endorsementPolicy) collectionPolicies.set(c.name, loadPolicy(compilePolicy(c.endorsementPolicy), msps));
  }
  const collectionMembers = (name: string): readonly string[] => {
    const c = collections.find((x) => x.name === name);
    return c ? membersOf(c.policy) : [];
  };

  const runtime: ChaincodeRuntime = await startChaincodeRuntime({
    packageDir: resolve(options.chaincodePath),
    chaincodeId: `${config.chaincode.name}:${config.chaincode.version}`,
    workers: options.chaincodeWorkers ?? 2,
    logLevel: options.chaincodeLogLevel,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.chaincodeEnv ? { env: options.chaincodeEnv } : {}),
  });

  const verifier = createVerifierPool({ workers: options.signatureWorkers ?? 1 });
  const peers = new Map<string, Endorser>();
  for (const org of config.organizations) {
    const id = peerIdentities.get(org.mspId)!;
    peers.set(
      org.mspId,
      createEndorser({
        mspId: org.mspId,
        signer: createSigner(org.mspId, id.certificate, id.privateKey),
        db,
        msps,
        verifier,
        channelId: config.channelName,
        chaincode: { name: config.chaincode.name, version: config.chaincode.version, collections, collectionMembers, runtime },
      }),
    );
  }

  const transientStore = new TransientStore();
  const blockListeners = new Set<(b: CommittedBlock) => void>();
  const eventListeners = new Set<(e: ChaincodeEventRecord) => void>();
  interface Waiter {
    readonly resolve: (s: CommitStatus) => void;
    readonly reject: (e: Error) => void;
  }
  const waiters = new Map<string, Waiter[]>();
  const failWaiters = (err: Error): void => {
    for (const list of waiters.values()) for (const w of list) w.reject(err);
    waiters.clear();
  };
  let fatal: Error | undefined;
  let closed = false;

  const onCommitted = (committed: CommittedBlock): void => {
    height = committed.number + 1;
    committed.transactions.forEach((tx, i) => {
      if (!tx) return;
      const status: CommitStatus = { txId: tx.txId, blockNumber: committed.number, validationCode: validationCodeName(committed.codes[i]!) };
      const list = waiters.get(tx.txId);
      const w = list?.shift();
      if (list && list.length === 0) waiters.delete(tx.txId);
      w?.resolve(status);
    });
    for (const l of blockListeners) safely(() => l(committed), log);
    committed.transactions.forEach((tx, i) => {
      if (!tx?.event || committed.codes[i] !== Code.VALID) return;
      const ev: ChaincodeEventRecord = { txId: tx.txId, blockNumber: committed.number, chaincodeName: tx.event.chaincodeId, eventName: tx.event.name, payload: tx.event.payload };
      for (const l of eventListeners) safely(() => l(ev), log);
    });
  };

  const committer: Committer = createCommitter({
    db,
    msps,
    namespace: config.chaincode.name,
    chaincodePolicy,
    policyCache,
    collectionPolicies,
    channelId: config.channelName,
    verifier,
    transientStore,
    collectionMembers,
    collectionBlockToLive: (name) => collections.find((c) => c.name === name)?.blockToLive ?? 0,
    onCommitted,
    onFatal: (err) => {
      fatal = err;
      log(`FATAL: commit failed, the network stops accepting transactions: ${err.stack ?? err.message}`);
      failWaiters(new NetworkClosedError(`the embedded network stopped after a commit failure: ${err.message}`));
    },
  });

  const lastRaw = await db.get(KEY.block(height - 1));
  const lastHeader = common.Block.deserializeBinary(lastRaw!).getHeader()!;
  const orderer: Orderer = createOrderer({
    signer: ordererSigner,
    msps,
    verifier,
    batchSize: { ...config.orderer.batchSize, ...(options.batchSize ?? {}) },
    batchTimeoutMs: options.batchTimeoutMs ?? config.orderer.batchTimeoutMs,
    last: { number: lastHeader.getNumber(), headerHash: blockHeaderHash(lastHeader) },
    deliver: (block) => committer.enqueue(block),
  });

  const ensureNotClosed = (): void => {
    if (closed) throw new NetworkClosedError('the embedded network is closed');
  };
  // After a commit failure (a full or read-only disk) nothing more is ordered; what is committed stays readable.
  const ensureOpen = (): void => {
    ensureNotClosed();
    if (fatal) throw new NetworkClosedError(`the embedded network stopped after a commit failure: ${fatal.message}`);
  };

  const endorse = async (bundle: SignedProposalBundle, organizations: readonly string[]): Promise<Endorsement[]> => {
    ensureNotClosed();
    for (const mspId of organizations) {
      if (!peers.has(mspId)) throw new NoEndorsementPlanError(`organisation ${mspId} has no peer on channel ${config.channelName}`);
    }
    // The endorsing peers of one proposal simulate at the same committed height, as peers kept
    // in step by gossip do; otherwise a commit between two simulations makes them disagree.
    const snapshot = db.snapshot();
    try {
      return await Promise.all(organizations.map((mspId) => peers.get(mspId)!.processProposal(bundle.signedProposal, { snapshot })));
    } finally {
      await snapshot.close();
    }
  };

  const failIfError = (e: Endorsement): void => {
    if (e.response.getStatus() >= 400) throw new ChaincodeResponseError(e.response.getMessage(), e.response.getStatus(), e.endorserMspId);
  };

  const endorsementPlanning = options.endorsementPlanning ?? 'gateway';
  const planner = createEndorsementPlanner({
    namespace: config.chaincode.name,
    policies: { db, msps, policyCache, chaincodePolicy, collectionPolicies },
    chaincodePolicy,
    peerOrganizations: new Set(peers.keys()),
    ...(options.chooseLayout ? { chooseLayout: options.chooseLayout } : {}),
  });

  const network: EmbeddedNetwork = {
    channelName: config.channelName,
    chaincodeName: config.chaincode.name,
    config,
    msps,
    peers,
    endorsementPlanning,

    async enroll(request) {
      if (!peers.has(request.mspId)) throw new NoEndorsementPlanError(`organisation ${request.mspId} is not a member of channel ${config.channelName}`);
      return wallet.enroll(request.mspId, { enrollmentId: request.enrollmentId, nodeType: request.nodeType ?? 'client', attributes: request.attributes, validForMs: request.validForMs });
    },

    async revoke(mspId, enrollmentId) {
      if (!peers.has(mspId)) throw new NoEndorsementPlanError(`organisation ${mspId} is not a member of channel ${config.channelName}`);
      const revoked = await wallet.revoke(mspId, enrollmentId);
      if (!revoked) return undefined;
      msps.setRevokedSerials(mspId, await revokedSerials(revoked.crl, roots.get(mspId)!));
      return { serialNumber: revoked.serialNumber };
    },

    async signer(mspId, enrollmentId) {
      const id = await wallet.get(mspId, enrollmentId);
      return id ? createSigner(id.mspId, id.certificate, id.privateKey) : undefined;
    },

    proposal(signer, args, opts = {}) {
      return createSignedProposal({
        channelId: config.channelName,
        chaincodeName: config.chaincode.name,
        args,
        transient: opts.transient,
        signer,
        timestamp: opts.timestamp,
        nonce: opts.nonce,
      });
    },

    endorse,

    assemble(bundle, endorsements, signer) {
      const first = endorsements[0];
      if (!first) throw new NoEndorsementPlanError('a transaction needs at least one endorsement');
      for (const e of endorsements) failIfError(e);
      const payload = first.proposalResponse.getPayload_asU8();
      for (const e of endorsements.slice(1)) {
        if (!Buffer.from(e.proposalResponse.getPayload_asU8()).equals(Buffer.from(payload))) {
          throw new EndorsementsMismatchError(
            `ProposalResponsePayloads do not match: the peers of ${first.endorserMspId} and ${e.endorserMspId} simulated different results (non-deterministic chaincode?)`,
          );
        }
      }
      const env = createTransactionEnvelope(
        bundle,
        payload,
        endorsements.map((e) => e.proposalResponse.getEndorsement()!),
        signer,
      );
      return env.serializeBinary();
    },

    broadcast(envelope, txId) {
      ensureOpen();
      return new Promise<CommitStatus>((resolvePromise, reject) => {
        const waiter: Waiter = { resolve: resolvePromise, reject };
        const list = waiters.get(txId) ?? [];
        list.push(waiter);
        waiters.set(txId, list);
        orderer.broadcast(envelope).catch((err: unknown) => {
          const mine = waiters.get(txId);
          if (mine) {
            mine.splice(mine.indexOf(waiter), 1);
            if (mine.length === 0) waiters.delete(txId);
          }
          reject(err);
        });
      });
    },

    cutBlock() {
      void orderer.flush();
    },

    async submit(signer, args, opts = {}) {
      ensureOpen();
      const bundle = network.proposal(signer, args, opts);
      const own = peers.has(signer.mspId) ? signer.mspId : [...peers.keys()][0]!;
      const requested = opts.endorsingOrganizations ?? [];
      let endorsements: Endorsement[];
      let first: Endorsement;
      if (endorsementPlanning === 'discovery') {
        // As fabric-network 2.2: whatever the written keys' own policies say, these and no others.
        endorsements = await endorse(bundle, planner.discovery(requested));
        first = endorsements[0]!;
        for (const e of endorsements) failIfError(e);
      } else {
        // As Fabric Gateway: endorse in parallel on a plan for the chaincode-level policy, then
        // add the organisations that key-level policies of the written keys also need.
        endorsements = await endorse(bundle, planner.initial(own, requested));
        first = endorsements.find((e) => e.endorserMspId === own) ?? endorsements[0]!;
        for (const e of endorsements) failIfError(e);
        const plan = await planner.complete(first, requested);
        const have = new Set(endorsements.map((e) => e.endorserMspId));
        const missing = plan.filter((o) => !have.has(o));
        if (missing.length > 0) endorsements.push(...(await endorse(bundle, missing)));
      }
      // the endorsing peer keeps the private write set until commit (its transient store)
      if (first.simulation) transientStore.persist(bundle.txId, first.simulation.privateWrites, height);
      const envelope = network.assemble(bundle, endorsements, signer);
      const status = await network.broadcast(envelope, bundle.txId);
      if (status.validationCode !== 'VALID') throw new TransactionInvalidError(bundle.txId, status.validationCode, status.blockNumber);
      return { ...status, payload: first.response.getPayload_asU8() };
    },

    async evaluate(signer, args, opts = {}) {
      ensureNotClosed();
      const bundle = network.proposal(signer, args, opts);
      const org = peers.has(signer.mspId) ? signer.mspId : [...peers.keys()][0]!;
      const [e] = await endorse(bundle, [org]);
      failIfError(e!);
      return e!.response.getPayload_asU8();
    },

    height: async () => height,

    stateDigest: () => stateDigest(db),

    async rawBlock(blockNumber) {
      if (!Number.isSafeInteger(blockNumber) || blockNumber < 0) return undefined;
      return (await db.get(KEY.block(blockNumber))) ?? undefined;
    },

    async transaction(txId) {
      const loc = await db.get(KEY.tx(txId));
      if (!loc) return undefined;
      const { blockNum, txNum, validationCode } = decodeTxLocation(loc);
      const raw = await db.get(KEY.block(blockNum));
      const envelope = common.Block.deserializeBinary(raw!).getData()!.getDataList_asU8()[txNum]!;
      return { blockNumber: blockNum, txIndex: txNum, validationCode: validationCodeName(validationCode), transaction: decodeTransaction(envelope), envelope };
    },

    onBlock(listener) {
      blockListeners.add(listener);
      return () => blockListeners.delete(listener);
    },

    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },

    auditStore() {
      ensureNotClosed();
      return auditStore(db, { pause: () => new Promise((resolve) => setImmediate(resolve)) });
    },

    async close() {
      if (closed) return;
      closed = true;
      await orderer.flush();
      orderer.close();
      await committer.idle();
      await runtime.close();
      await verifier.close();
      await db.close();
      failWaiters(new NetworkClosedError('the embedded network closed before the transaction committed; its outcome is unknown'));
    },
  };
  log(`embedded network up: channel ${config.channelName}, height ${height}, ${peers.size} peers, chaincode ${config.chaincode.name}`);
  return network;
}

function safely(fn: () => void, log: (line: string) => void): void {
  try {
    fn();
  } catch (err) {
    log(`a ledger listener threw: ${(err as Error).message}`);
  }
}

