/** Small measurement helpers for the benchmark scripts. */
import { readFileSync } from 'node:fs';

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

/**
 * CPU time (user + system) of this whole process since `reset()`, every thread included
 * (getrusage of the process: the chaincode containers and signature verifiers are its threads).
 */
export class CpuMeter {
  private start = process.cpuUsage();

  reset(): void {
    this.start = process.cpuUsage();
  }

  /** Milliseconds of CPU since the last reset. */
  ms(): number {
    const u = process.cpuUsage(this.start);
    return (u.user + u.system) / 1000;
  }
}

/**
 * CPU time (user + system, all threads) another process has used so far, in ms, from
 * /proc/<pid>/stat (Linux; undefined elsewhere). For the gateway a benchmark starts as a child.
 */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name (which may hold spaces) start at state; utime, stime are 14 and 15
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS : undefined;
  } catch {
    return undefined;
  }
}

/** USER_HZ: the unit of /proc/<pid>/stat times (100 on Linux on every common architecture). */
const CLOCK_TICKS = 100;
