/**
 * The records the API has no list for (orders, every filing, credit flags, objections,
 * recognitions) are announced by the chaincode's events, each carrying the record as written.
 * The console replays GET /api/v1/events from block 0 over fetch (EventSource cannot send the
 * API key) and keeps the newest version of each record, so those pages update live. When the
 * gateway refuses the stream (429: the identity holds its most streams, e.g. a demo key open in
 * many tabs), the console says so and asks again when Retry-After tells it to.
 */
import { useEffect, useState } from 'react';
import { authHeaders, currentKey } from './api';

export type FeedKind = 'order' | 'listing' | 'filing' | 'credit' | 'objection' | 'recognition' | 'negative';

export interface FeedRecord {
  readonly [field: string]: unknown;
  readonly blockNumber: number;
  readonly txId: string;
}

interface EventData {
  readonly eventName: string;
  readonly blockNumber: number;
  readonly txId: string;
  readonly payload?: Record<string, unknown>;
}

/** Which record an event writes, and its key. */
function recordOf(event: EventData): { kind: FeedKind; id: string; record: Record<string, unknown> } | undefined {
  const payload = event.payload;
  if (!payload) return undefined;
  const name = event.eventName;
  if (name === 'OrderSettled') {
    const order = payload['order'] as Record<string, unknown> | undefined;
    return order ? { kind: 'order', id: String(order['id']), record: { ...order, settlement: payload['settlement'] } } : undefined;
  }
  if (name.startsWith('Order') || name === 'DisclosureConsented' || name === 'DisputeResolved')
    return { kind: 'order', id: String(payload['id']), record: payload };
  if (name.startsWith('Listing')) return { kind: 'listing', id: String(payload['id']), record: payload };
  if (name.startsWith('Filing')) return { kind: 'filing', id: String(payload['id']), record: payload };
  if (name === 'CreditStatusSet') return { kind: 'credit', id: String(payload['entity']), record: payload };
  if (name.startsWith('Objection')) return { kind: 'objection', id: String(payload['id']), record: payload };
  if (name === 'CertificateRecognised') return { kind: 'recognition', id: String(payload['id']), record: payload };
  if (name.startsWith('NegativeListEntry')) return { kind: 'negative', id: String(payload['id']), record: payload };
  return undefined;
}

type Listener = () => void;

/** How long to wait before asking again after a 429 without a usable Retry-After. */
const DEFAULT_RETRY_AFTER_S = 15;

/** The gateway refused the stream; `retryAfterSeconds` from its Retry-After. */
class StreamRefused extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('event stream: HTTP 429');
  }
}

/** Retry-After as seconds (delta-seconds or an HTTP date), at least 1. */
function retryAfterSeconds(header: string | null): number {
  if (header === null) return DEFAULT_RETRY_AFTER_S;
  const seconds = /^\d+$/.test(header.trim()) ? Number(header.trim()) : (Date.parse(header) - Date.now()) / 1000;
  return Number.isFinite(seconds) ? Math.max(1, Math.ceil(seconds)) : DEFAULT_RETRY_AFTER_S;
}

class LedgerFeed {
  private readonly records = new Map<FeedKind, Map<string, FeedRecord>>();
  private readonly listeners = new Set<Listener>();
  private abort: AbortController | undefined;
  private pending: ReturnType<typeof setTimeout> | undefined;
  private key: string | undefined;
  /** While the gateway refuses the stream: when the console asks again (ms since the epoch). */
  private refusedUntil: number | undefined;
  private readonly refusalListeners = new Set<Listener>();

  snapshot(kind: FeedKind): FeedRecord[] {
    return [...(this.records.get(kind)?.values() ?? [])];
  }

  subscribe(listener: Listener): () => void {
    this.ensureRunning();
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    this.abort?.abort();
    this.abort = undefined;
    this.records.clear();
  }

  refusal(): number | undefined {
    return this.refusedUntil;
  }

  onRefusal(listener: Listener): () => void {
    this.refusalListeners.add(listener);
    return () => this.refusalListeners.delete(listener);
  }

  setRefused(until: number | undefined): void {
    if (until === this.refusedUntil) return;
    this.refusedUntil = until;
    for (const listener of this.refusalListeners) listener();
  }

  private ensureRunning(): void {
    if (this.abort && this.key === currentKey()) return;
    this.stop();
    this.key = currentKey();
    const abort = new AbortController();
    this.abort = abort;
    void this.run(abort.signal).catch((err: unknown) => {
      if (this.abort !== abort) return;
      // refused: shown, and asked again when the gateway said; ended (the gateway stopped, the network dropped): again in 2 s
      const delayMs = err instanceof StreamRefused ? err.retryAfterSeconds * 1000 : 2000;
      if (err instanceof StreamRefused) this.setRefused(Date.now() + delayMs);
      setTimeout(() => this.abort === abort && ((this.abort = undefined), this.ensureRunning()), delayMs);
    });
  }

  private async run(signal: AbortSignal): Promise<void> {
    const res = await fetch('/api/v1/events?fromBlock=0', { headers: { accept: 'text/event-stream', ...authHeaders() }, cache: 'no-store', signal });
    if (res.status === 429) {
      await res.body?.cancel();
      throw new StreamRefused(retryAfterSeconds(res.headers.get('retry-after')));
    }
    if (!res.ok || !res.body) throw new Error(`event stream: HTTP ${String(res.status)}`);
    this.setRefused(undefined);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('event stream closed');
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        this.message(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  }

  private message(block: string): void {
    const data = block
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => line.slice(6))
      .join('\n');
    if (data === '') return;
    const event = JSON.parse(data) as EventData;
    const found = recordOf(event);
    if (!found) return;
    let byId = this.records.get(found.kind);
    if (!byId) this.records.set(found.kind, (byId = new Map()));
    byId.set(found.id, { ...found.record, blockNumber: event.blockNumber, txId: event.txId });
    // a replay delivers many events at once: tell the pages at most every 150 ms
    this.pending ??= setTimeout(() => {
      this.pending = undefined;
      for (const listener of this.listeners) listener();
    }, 150);
  }
}

const feed = new LedgerFeed();

export function stopFeed(): void {
  feed.stop();
  feed.setRefused(undefined);
}

/** While the gateway refuses the console's event stream, when it asks again (ms since the epoch); otherwise undefined. */
export function useFeedRefusal(): number | undefined {
  const [until, setUntil] = useState(() => feed.refusal());
  useEffect(() => feed.onRefusal(() => setUntil(feed.refusal())), []);
  return until;
}

/** The newest version of each record of `kind` the ledger announced, live. */
export function useFeed<T>(kind: FeedKind): T[] {
  const [records, setRecords] = useState<FeedRecord[]>(() => feed.snapshot(kind));
  useEffect(() => feed.subscribe(() => setRecords(feed.snapshot(kind))), [kind]);
  return records as unknown as T[];
}
