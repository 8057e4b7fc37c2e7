/**
 * Private data waiting for its transaction to commit (core/transientstore): the endorsing
 * peer leaves the private write set here, and the committer moves it into the member
 * organisations' private stores when the transaction commits valid. It lives in memory:
 * after a crash, private values of in-flight transactions are gone, as their transactions are.
 */
export interface PrivateWrite {
  readonly value: Buffer;
  readonly isDelete: boolean;
}

export type PrivateWriteSet = ReadonlyMap<string, ReadonlyMap<string, PrivateWrite>>;

export class TransientStore {
  private readonly byTx = new Map<string, { set: PrivateWriteSet; addedAtHeight: number }>();

  constructor(private readonly maxBlocksRetained = 1000) {}

  persist(txId: string, set: PrivateWriteSet, height: number): void {
    if (set.size > 0) this.byTx.set(txId, { set, addedAtHeight: height });
  }

  take(txId: string): PrivateWriteSet | undefined {
    const e = this.byTx.get(txId);
    this.byTx.delete(txId);
    return e?.set;
  }

  /** Drops entries of transactions that never committed (peer.gossip.pvtData.transientstoreMaxBlockRetention). */
  purgeBelow(height: number): void {
    for (const [txId, e] of this.byTx) if (e.addedAtHeight + this.maxBlocksRetained < height) this.byTx.delete(txId);
  }
}
