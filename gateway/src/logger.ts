/**
 * A levelled line logger. Small on purpose: the gateway logs startup, warnings, failures and
 * one access line per request (http/access-log.ts); structured request logs belong to the proxy in front of it.
 */
import type { LogLevel } from './config';

export interface Logger {
  error(line: string): void;
  warn(line: string): void;
  info(line: string): void;
  debug(line: string): void;
}

const RANK: Readonly<Record<LogLevel, number>> = { error: 0, warn: 1, info: 2, debug: 3 };

/** A logger that writes lines at or above `level` to `sink` (stderr by default). */
export function createLogger(level: LogLevel, sink: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Logger {
  const at =
    (l: LogLevel) =>
    (line: string): void => {
      if (RANK[l] <= RANK[level]) sink(`${new Date().toISOString()} ${l.toUpperCase().padEnd(5)} ${line}`);
    };
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

/** Discards everything; for tests that assert behaviour, not log lines. */
export const silentLogger: Logger = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} };
