/**
 * The append-only record of who called which write: one JSON line per authenticated request to
 * a write route, in `<dataDir>/access-log.jsonl`, opened for appending only (O_APPEND, mode
 * 0600). A line names the API key by its id (the public half of `dal_<keyId>_<secret>`, never
 * the key), the identity it maps to, the route, the status answered and, for a committed write,
 * its txId: enough to answer "which key wrote this transaction" from the gateway's side.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { Response } from 'express';
import type { CallerIdentity } from '../auth/identity';
import type { Logger } from '../logger';

/** One line of the journal. */
export interface WriteJournalEntry {
  /** ISO-8601 UTC, when the answer was sent (or the connection closed without one). */
  readonly time: string;
  readonly keyId: string | null;
  readonly identity: { readonly enrollmentId: string; readonly mspId: string };
  readonly method: string;
  /** The route as declared (`/api/v1/grants/:id/usages`) and its operationId. */
  readonly route: string;
  readonly operationId: string;
  /** The path as called. */
  readonly path: string;
  /** The status answered; null when the connection closed before an answer. */
  readonly status: number | null;
  /** The committed transaction, when the answer carried one. */
  readonly txId?: string;
}

export interface WriteJournal {
  /** Appends the write answered on `res` once its connection closes; `txId` is read from the answer given to `answered`. */
  watch(res: Response, write: { readonly caller: CallerIdentity; readonly keyId: string | undefined; readonly method: string; readonly route: string; readonly operationId: string; readonly path: string }): void;
  /** Remembers the txId of the answer about to be sent on `res`. */
  answered(res: Response, body: unknown): void;
  /** Resolves once every line so far is written. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export const WRITE_JOURNAL_FILE = 'access-log.jsonl';

/** Opens `file` for appending (creating it 0600); lines are written in the order answers close. */
export function openWriteJournal(file: string, log?: Logger): WriteJournal {
  const txIds = new WeakMap<Response, string>();
  let failed = false;
  // A journal that cannot be written is reported once; it does not take the gateway down.
  const report = (err: unknown): void => {
    if (!failed) log?.error(`cannot append to the write journal ${file}: ${(err as Error).message}`);
    failed = true;
  };
  let handle: FileHandle | undefined;
  let last: Promise<unknown> = open(file, 'a', 0o600).then((h) => (handle = h), report);
  const append = (entry: WriteJournalEntry): void => {
    const line = `${JSON.stringify(entry)}\n`;
    last = last.then(() => handle?.appendFile(line, 'utf8')).catch(report);
  };
  return {
    watch(res, write) {
      res.once('close', () => {
        const txId = txIds.get(res);
        append({
          time: new Date().toISOString(),
          keyId: write.keyId ?? null,
          identity: { enrollmentId: write.caller.enrollmentId, mspId: write.caller.mspId },
          method: write.method,
          route: write.route,
          operationId: write.operationId,
          path: write.path,
          status: res.headersSent ? res.statusCode : null,
          ...(txId !== undefined ? { txId } : {}),
        });
      });
    },
    answered(res, body) {
      const txId = (body as { txId?: unknown } | null | undefined)?.txId;
      if (typeof txId === 'string') txIds.set(res, txId);
    },
    flush: async () => {
      await last;
    },
    async close() {
      await last;
      await handle?.close();
      handle = undefined;
    },
  };
}
