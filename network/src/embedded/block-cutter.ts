/**
 * The orderer's block cutter (orderer/common/blockcutter): batches envelopes until
 * maxMessageCount or preferredMaxBytes is reached, or batchTimeout passes after the first
 * pending envelope. An envelope larger than preferredMaxBytes is cut into a block of its own.
 */
import type { BatchSize } from '../consortium';

export class BlockCutter {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly batchSize: BatchSize,
    private readonly batchTimeoutMs: number,
    private readonly onBatch: (envelopes: Uint8Array[]) => void,
  ) {}

  /** `size` is Fabric's messageSizeBytes: the envelope's payload plus signature lengths. */
  ordered(envelope: Uint8Array, size: number = envelope.length): void {
    if (size > this.batchSize.preferredMaxBytes) {
      this.cut();
      this.emit([envelope]);
      return;
    }
    if (this.pendingBytes + size > this.batchSize.preferredMaxBytes) this.cut();
    this.pending.push(envelope);
    this.pendingBytes += size;
    if (this.pending.length >= this.batchSize.maxMessageCount) {
      this.cut();
      return;
    }
    if (!this.timer) this.timer = setTimeout(() => this.cut(), this.batchTimeoutMs);
  }

  /** Cuts whatever is pending. */
  cut(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    this.emit(batch);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }

  private emit(batch: Uint8Array[]): void {
    this.onBatch(batch);
  }
}
