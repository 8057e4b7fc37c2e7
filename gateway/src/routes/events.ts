/**
 * GET /api/v1/events: committed chaincode events as Server-Sent Events. Each message's `id` is
 * `<blockNumber>:<txId>`, so a reconnecting EventSource (which sends `Last-Event-ID`) resumes
 * from that block and skips what it already received; `?fromBlock=` replays from a block.
 * The ledger subscription lives exactly as long as the connection.
 */
import type { Response } from 'express';
import { InputError, NotAllowedError, RateLimitedError } from '../http/errors';
import { toHttpError } from '../http/problem';
import type { Ledger, LedgerEvent } from '../ledger/ledger';
import { evaluateTransaction } from '../ledger-service/transaction';
import type { AuthenticatedRoute, ChaincodeCall } from './route';

/** Comment lines keep proxies and load balancers from closing an idle stream. */
const HEARTBEAT_MS = 15_000;
/** A client this far behind is dropped rather than buffered without bound; it resumes with Last-Event-ID. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const LAST_EVENT_ID = /^(\d{1,15}):([\x21-\x7e]{1,128})$/;
/**
 * Streams one identity may hold open at once: each asks the chaincode about the guarded events it sees.
 * Room for every console tab of an identity a demo or a team shares (each tab holds one stream, and
 * the demo hands one key per role to everyone who tries it), not only for one person's few tabs.
 */
const MAX_STREAMS_PER_CALLER = 32;
/**
 * Silence after which TCP keep-alive probes a stream's connection (libuv then probes once a second, ten
 * times), so a peer that vanished without closing gives its slot back: within about 15 s when it vanished
 * early in a heartbeat's quiet; below the heartbeat's 15 s, or the heartbeat would keep the probes from
 * ever starting. A heartbeat that went out unacknowledged is retransmitted until TCP gives up (minutes).
 */
const KEEP_ALIVE_MS = 4_000;
/** Read-access answers a stream remembers (one per record); beyond, the oldest is asked again when it comes up. */
const MAX_DECISIONS = 1000;

interface ResumePoint {
  readonly startBlock?: number;
  /** Events of `startBlock` up to and including this transaction were delivered before. */
  readonly afterTxId?: string;
}

export interface EventStreamOptions {
  /** Bytes a stream may hold unsent before the client is dropped (default 4 MiB); tests set it small. */
  readonly maxBufferedBytes?: number;
  /** Streams one identity may hold open at once (default MAX_STREAMS_PER_CALLER). */
  readonly maxStreamsPerCaller?: number;
}

export function eventRoutes(ledger: Ledger, options: EventStreamOptions = {}): AuthenticatedRoute[] {
  const maxBufferedBytes = options.maxBufferedBytes ?? MAX_BUFFERED_BYTES;
  const maxStreams = options.maxStreamsPerCaller ?? MAX_STREAMS_PER_CALLER;
  const streams = new Map<string, number>();
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
        "An event about a record not every member reads reaches only callers the chaincode lets read that record: a grant's versions and uses " +
        '(`Grant*`, as GET /grants/{id}/usages and /history: the grantor, the grantee, their registries, the regulator and auditors), ' +
        "an order's steps (`Order*`, `DisputeResolved`, as GET /orders/{id}: buyer, seller, the exchange, the certificate's registry, the regulator and auditors) " +
        "and a pledge's steps (`Pledge*`, as GET /pledges/{id}); others do not receive it. Every other event reaches every key. " +
        `The chaincode is asked once per stream and record (a stream remembers its last ${MAX_DECISIONS} answers), and an identity holds ` +
        `at most ${maxStreams} streams open at once: one more is \`429\` until one closes.`,
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
      // Asked, as the caller, once per record and connection, whether the caller may read a guarded event's record.
      transaction: evaluateTransaction('ReadAccess:MayRead'),
      handler({ caller, query, res, chaincode }) {
        const resume = resumePoint(res.req.get('last-event-id'), query.fromBlock);
        const who = `${caller.mspId}/${caller.enrollmentId}`;
        const held = streams.get(who) ?? 0;
        if (held >= maxStreams) {
          throw new RateLimitedError(`this identity already holds ${held} event streams open, the most it may; close one first`, 15);
        }
        streams.set(who, held + 1);
        stream(ledger, res, { resume, mayRead: readAccess(chaincode), maxBufferedBytes }, () => {
          const left = (streams.get(who) ?? 1) - 1;
          if (left > 0) streams.set(who, left);
          else streams.delete(who);
        });
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

type Payload = { id?: unknown; grantId?: unknown; order?: { id?: unknown } };
type Guard = (payload: Payload) => { readonly record: 'grant' | 'order' | 'pledge'; readonly id: unknown };

const grantOf: Guard = (payload) => ({ record: 'grant', id: payload.grantId ?? payload.id });
const orderOf: Guard = (payload) => ({ record: 'order', id: payload.order?.id ?? payload.id });
const pledgeOf: Guard = (payload) => ({ record: 'pledge', id: payload.id });

/**
 * Events that announce what only some may read, with the record whose read rule applies: a
 * grant's versions and uses (Grant:History, Grant:ListUsages), an order's steps
 * (Market:GetOrder, DisclosureConsented included: it carries the whole order), a pledge's steps
 * (Pledge:Get). Every other event is about a record every member reads (certificates, agreements,
 * recognitions, listings, filings, credit, the negative list, the consortium): a new event about
 * a record not every member reads must be added here (test/gateway/event-classification.test.ts
 * fails on an event the chaincode emits that is neither here nor on its list of public events).
 */
export const GUARDED: Readonly<Record<string, Guard>> = {
  GrantCreated: grantOf,
  GrantSuspended: grantOf,
  GrantResumed: grantOf,
  GrantRevoked: grantOf,
  GrantUsageRecorded: grantOf,
  OrderPlaced: orderOf,
  OrderCountered: orderOf,
  OrderAccepted: orderOf,
  OrderDelivered: orderOf,
  OrderConfirmed: orderOf,
  OrderDisputed: orderOf,
  DisputeResolved: orderOf,
  DisclosureConsented: orderOf,
  OrderSettled: orderOf,
  PledgeRequested: pledgeOf,
  PledgeAccepted: pledgeOf,
  PledgeDeclined: pledgeOf,
  PledgeWithdrawn: pledgeOf,
  PledgeReleased: pledgeOf,
  PledgeEnforced: pledgeOf,
  PledgeListingConsented: pledgeOf,
};

function readAccess(chaincode: ChaincodeCall): ReadAccess {
  // A record's parties never change in a way that matters here, so one answer per record holds for the connection;
  // the oldest of more than MAX_DECISIONS is forgotten (a Map iterates in insertion order).
  const decided = new Map<string, Promise<boolean>>();
  return async (event) => {
    const guard = GUARDED[event.eventName];
    if (guard === undefined) return true;
    let subject: ReturnType<Guard>;
    try {
      subject = guard(JSON.parse(Buffer.from(event.payload).toString('utf8')) as Payload);
    } catch {
      return false;
    }
    const { record, id } = subject;
    if (typeof id !== 'string') return false;
    const key = `${record} ${id}`;
    let answer = decided.get(key);
    if (answer === undefined) {
      answer = chaincode.evaluate([record, id]).then(
        () => true,
        (err: unknown) => {
          // Only a refusal is remembered; anything else (ledger unavailable) is asked again next time.
          if (!(toHttpError(err) instanceof NotAllowedError)) decided.delete(key);
          return false;
        },
      );
      decided.set(key, answer);
      if (decided.size > MAX_DECISIONS) decided.delete(decided.keys().next().value!);
    }
    return answer;
  };
}

interface StreamSettings {
  readonly resume: ResumePoint;
  readonly mayRead: ReadAccess;
  readonly maxBufferedBytes: number;
}

function stream(ledger: Ledger, res: Response, { resume, mayRead, maxBufferedBytes }: StreamSettings, closed: () => void): void {
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  res.req.socket.setKeepAlive(true, KEEP_ALIVE_MS);
  let open = true;
  let skipping = resume.afterTxId !== undefined;
  let delivery = Promise.resolve();
  const write = (text: string): void => {
    if (!open) return;
    res.write(text);
    if (res.writableLength > maxBufferedBytes) {
      // A client that stopped reading: end() would wait for the buffer to drain before 'close', keeping the
      // subscription and the slot, and a later write would be a write after end. Free all now and cut the socket.
      close();
      res.destroy();
    }
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
  // Frees everything the stream holds (its timer, its ledger subscription, its slot) exactly once.
  function close(): void {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    off();
    closed();
  }
  res.on('close', close);
  // A failed write (reset, broken pipe, a write after the end) is reported here: without a listener it would end the process.
  res.on('error', close);
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
