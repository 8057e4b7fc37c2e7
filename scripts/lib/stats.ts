/** Small measurement helpers for the benchmark scripts. */

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

/** Samples this process's resident set size every 100 ms and keeps the peak. */
export class RssSampler {
  private max = process.memoryUsage.rss();
  private readonly timer = setInterval(() => {
    this.max = Math.max(this.max, process.memoryUsage.rss());
  }, 100);

  constructor() {
    this.timer.unref();
  }

  peak(): number {
    return Math.max(this.max, process.memoryUsage.rss());
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
