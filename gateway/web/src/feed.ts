/**
 * The records the API has no list for (orders, every filing, credit flags, objections,
 * recognitions) are announced by the chaincode's events, each carrying the record as written.
 * The console replays GET /api/v1/events from block 0 over fetch (EventSource cannot send the
 * API key) and keeps the newest version of each record, so those pages update live.
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

class LedgerFeed {
  private readonly records = new Map<FeedKind, Map<string, FeedRecord>>();
  private readonly listeners = new Set<Listener>();
  private abort: AbortController | undefined;
  private pending: ReturnType<typeof setTimeout> | undefined;
  private key: string | undefined;

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

  private ensureRunning(): void {
    if (this.abort && this.key === currentKey()) return;
    this.stop();
    this.key = currentKey();
    const abort = new AbortController();
    this.abort = abort;
    void this.run(abort.signal).catch(() => {
      // the stream ends when signing out or when the gateway stops: retry while still wanted
      if (this.abort === abort) setTimeout(() => this.abort === abort && ((this.abort = undefined), this.ensureRunning()), 2000);
    });
  }

  private async run(signal: AbortSignal): Promise<void> {
    const res = await fetch('/api/v1/events?fromBlock=0', { headers: { accept: 'text/event-stream', ...authHeaders() }, cache: 'no-store', signal });
    if (!res.ok || !res.body) throw new Error(`event stream: HTTP ${String(res.status)}`);
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
}

/** The newest version of each record of `kind` the ledger announced, live. */
export function useFeed<T>(kind: FeedKind): T[] {
  const [records, setRecords] = useState<FeedRecord[]>(() => feed.snapshot(kind));
  useEffect(() => feed.subscribe(() => setRecords(feed.snapshot(kind))), [kind]);
  return records as unknown as T[];
}
