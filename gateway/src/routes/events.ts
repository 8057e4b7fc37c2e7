/**
 * GET /api/v1/events: committed chaincode events as Server-Sent Events. Each message's `id` is
 * `<blockNumber>:<txId>`, so a reconnecting EventSource (which sends `Last-Event-ID`) resumes
 * from that block and skips what it already received; `?fromBlock=` replays from a block.
 * The ledger subscription lives exactly as long as the connection.
 */
import type { Response } from 'express';
import { InputError, NotAllowedError } from '../http/errors';
import { toHttpError } from '../http/problem';
import type { Ledger, LedgerEvent } from '../ledger/ledger';
import { evaluateTransaction } from '../ledger-service/transaction';
import type { AuthenticatedRoute, ChaincodeCall } from './route';

/** Comment lines keep proxies and load balancers from closing an idle stream. */
const HEARTBEAT_MS = 15_000;
/** A client this far behind is dropped rather than buffered without bound; it resumes with Last-Event-ID. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const LAST_EVENT_ID = /^(\d{1,15}):([\x21-\x7e]{1,128})$/;

interface ResumePoint {
  readonly startBlock?: number;
  /** Events of `startBlock` up to and including this transaction were delivered before. */
  readonly afterTxId?: string;
}

export function eventRoutes(ledger: Ledger): AuthenticatedRoute[] {
  return [
    {
      method: 'get',
      path: '/api/v1/events',
      access: 'authenticated',
      operationId: 'streamEvents',
      tag: 'events',
      summary: 'Server-Sent Events of committed chaincode events (valid transactions only, in commit order)',
      description:
        'Each message: `id: <blockNumber>:<txId>`, `event: <chaincode event name>`, `data: <LedgerEventData JSON>`. ' +
        'Reconnect with `Last-Event-ID` (EventSource does it) to resume after the last message received, or pass `fromBlock` to replay ' +
        'from a block; without either, only events committed from now on. A comment line is sent every 15 s. Any API key. ' +
        "A `GrantUsageRecorded` event (who used which data, how often, for what) reaches only callers the chaincode lets read that grant's uses " +
        '(GET /grants/{id}/usages: the grantor, the grantee, their registries, the regulator and auditors); others do not receive it.',
      query: 'EventStreamQuery',
      responses: {
        200: {
          description:
            "The stream (`text/event-stream`), open until the client disconnects; the schema is that of each message's `data`. A message:\n\n" +
            '```\nid: 12:9f2c…\nevent: CertificateIssued\ndata: {"txId":"9f2c…","blockNumber":12,"chaincodeName":"dal","eventName":"CertificateIssued","payload":{"id":"321200-2026-000001"}}\n```',
          contentType: 'text/event-stream',
          schema: 'LedgerEventData',
        },
      },
      errors: [400],
      // Asked, as the caller, once per grant and connection, whether the caller may read a usage event's grant.
      transaction: evaluateTransaction('Grant:ListUsages'),
      handler({ query, res, chaincode }) {
        const resume = resumePoint(res.req.get('last-event-id'), query.fromBlock);
        stream(ledger, res, resume, readAccess(chaincode));
        return undefined;
      },
    },
  ];
}

function resumePoint(lastEventId: string | undefined, fromBlock: unknown): ResumePoint {
  if (lastEventId !== undefined && lastEventId.trim() !== '') {
    const match = LAST_EVENT_ID.exec(lastEventId.trim());
    if (!match) throw new InputError('header Last-Event-ID must be an event id of this stream, <blockNumber>:<txId>');
    return { startBlock: Number(match[1]), afterTxId: match[2] };
  }
  return typeof fromBlock === 'number' ? { startBlock: fromBlock } : {};
}

/** Whether the caller may receive an event; the chaincode decides, by the record's read rule (chaincode/src/rules/read-access.ts). */
type ReadAccess = (event: LedgerEvent) => Promise<boolean>;

/** Events that say what is readable only by some: the record id whose read rule applies. */
const GUARDED: Readonly<Record<string, (payload: { grantId?: unknown }) => unknown>> = {
  GrantUsageRecorded: (payload) => payload.grantId,
};

function readAccess(chaincode: ChaincodeCall): ReadAccess {
  // A grant's parties never change, so one answer per grant holds for the connection.
  const decided = new Map<string, Promise<boolean>>();
  return async (event) => {
    const guard = GUARDED[event.eventName];
    if (guard === undefined) return true;
    let id: unknown;
    try {
      id = guard(JSON.parse(Buffer.from(event.payload).toString('utf8')) as { grantId?: unknown });
    } catch {
      return false;
    }
    if (typeof id !== 'string') return false;
    let answer = decided.get(id);
    if (answer === undefined) {
      answer = chaincode.evaluate([id, '1', '']).then(
        () => true,
        (err: unknown) => {
          // Only a refusal is remembered; anything else (ledger unavailable) is asked again next time.
          if (!(toHttpError(err) instanceof NotAllowedError)) decided.delete(id);
          return false;
        },
      );
      decided.set(id, answer);
    }
    return answer;
  };
}

function stream(ledger: Ledger, res: Response, resume: ResumePoint, mayRead: ReadAccess): void {
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  let open = true;
  let skipping = resume.afterTxId !== undefined;
  let delivery = Promise.resolve();
  const write = (text: string): void => {
    if (!open) return;
    res.write(text);
    if (res.writableLength > MAX_BUFFERED_BYTES) res.end();
  };
  const off = ledger.onEvent(
    (event) => {
      // The backend may still be replaying after unsubscribe; nothing is written once closed.
      if (!open) return;
      if (skipping && event.blockNumber === resume.startBlock) {
        if (event.txId === resume.afterTxId) skipping = false;
        return;
      }
      skipping = false;
      // In commit order: each event waits for the ones before it to be decided.
      delivery = delivery.then(async () => {
        if (open && (await mayRead(event))) write(message(event));
      });
    },
    resume.startBlock !== undefined ? { startBlock: resume.startBlock } : {},
  );
  const heartbeat = setInterval(() => write(': heartbeat\n\n'), HEARTBEAT_MS);
  const close = (): void => {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    off();
  };
  res.on('close', close);
  // The client may have gone between the request and this point; 'close' would not fire again.
  if (res.destroyed || res.socket?.destroyed !== false) close();
  // The first bytes tell the client the subscription is in place.
  write(': connected\n\n');
}

function message(event: LedgerEvent): string {
  const text = Buffer.from(event.payload).toString('utf8');
  let payload: { payload: unknown } | { payloadBase64: string };
  try {
    payload = { payload: JSON.parse(text) as unknown };
  } catch {
    payload = { payloadBase64: Buffer.from(event.payload).toString('base64') };
  }
  const data = { txId: event.txId, blockNumber: event.blockNumber, chaincodeName: event.chaincodeName, eventName: event.eventName, ...payload };
  // An event name is chaincode-chosen text: a line break in it would forge SSE fields.
  const name = event.eventName.replace(/[\r\n]/g, ' ');
  return `id: ${event.blockNumber}:${event.txId}\nevent: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}
