/**
 * The state changes of the valid transactions validated so far in one block. Later
 * transactions of the same block are validated against committed state plus these (as
 * Fabric's validator does with its in-block update batch), and the committer writes them.
 */
import type { Version } from './ledger-db';

export interface StateUpdate {
  readonly namespace: string;
  readonly key: string;
  readonly value: Buffer;
  readonly isDelete: boolean;
  /** Serialized peer.StateMetadataResult after this update. */
  readonly metadata: Buffer;
  readonly version: Version;
}

export interface HistoryEntry {
  readonly namespace: string;
  readonly key: string;
  readonly version: Version;
  readonly txId: string;
  readonly value: Buffer;
  readonly isDelete: boolean;
  readonly timestamp: { readonly seconds: number; readonly nanos: number };
}

export interface PrivateHashUpdate {
  readonly namespace: string;
  readonly collection: string;
  readonly keyHashHex: string;
  readonly valueHash: Buffer;
  readonly isDelete: boolean;
  /** A delete by PurgePrivateData. */
  readonly isPurge: boolean;
  /** Serialized peer.StateMetadataResult kept with the hash (private key-level validation parameter). */
  readonly metadata: Buffer;
  readonly version: Version;
}

export class BlockUpdates {
  readonly state = new Map<string, StateUpdate>();
  /** Keys whose validation parameter a valid transaction of this block changed. */
  readonly metadataChanged = new Set<string>();
  /** Private keys (namespace, collection, key hash) whose validation parameter a valid transaction of this block changed. */
  readonly privateMetadataChanged = new Set<string>();
  readonly history: HistoryEntry[] = [];
  readonly privateHashes = new Map<string, PrivateHashUpdate>();
  readonly txIds = new Set<string>();

  static id(namespace: string, key: string): string {
    return `${namespace}\u0000${key}`;
  }

  get(namespace: string, key: string): StateUpdate | undefined {
    return this.state.get(BlockUpdates.id(namespace, key));
  }

  put(update: StateUpdate): void {
    this.state.set(BlockUpdates.id(update.namespace, update.key), update);
  }

  static privateId(namespace: string, collection: string, keyHashHex: string): string {
    return `${namespace}\u0000${collection}\u0000${keyHashHex}`;
  }

  getPrivateHash(namespace: string, collection: string, keyHashHex: string): PrivateHashUpdate | undefined {
    return this.privateHashes.get(BlockUpdates.privateId(namespace, collection, keyHashHex));
  }

  putPrivateHash(update: PrivateHashUpdate): void {
    this.privateHashes.set(BlockUpdates.privateId(update.namespace, update.collection, update.keyHashHex), update);
  }
}
