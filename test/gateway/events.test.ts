import { expect } from 'chai';
import { connect } from 'node:net';
import type { EmbeddedNetwork } from '../../network/src/embedded/network';
import { startGateway, type TestGateway } from './support/start-gateway';
import { apiClient, expectProblem } from './support/api-client';

interface SseMessage {
  readonly id?: string;
  readonly event?: string;
  readonly data: string;
}

interface SseStream {
  readonly status: number;
  readonly messages: SseMessage[];
  /** Resolves once `count` messages have arrived (comments excluded). */
  waitFor(count: number, timeoutMs?: number): Promise<SseMessage[]>;
  close(): void;
}

/** A minimal EventSource over fetch: parses `id`, `event`, `data` fields; resolves once the server's first comment arrived. */
async function openStream(url: string, apiKey: string, headers: Readonly<Record<string, string>> = {}): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { authorization: `Bearer ${apiKey}`, accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const messages: SseMessage[] = [];
  let waiters: (() => void)[] = [];
  let connected!: () => void;
  const ready = new Promise<void>((resolve) => (connected = resolve));
  void (async () => {
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (frame.startsWith(':')) {
            connected();
            continue;
          }
          const fields: Record<string, string> = {};
          for (const line of frame.split('\n')) {
            const colon = line.indexOf(':');
            fields[line.slice(0, colon)] = line.slice(colon + 1).replace(/^ /, '');
          }
          messages.push({ id: fields['id'], event: fields['event'], data: fields['data'] ?? '' });
          for (const w of waiters) w();
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  await ready;
  return {
    status: res.status,
    messages,
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${messages.length}: ${JSON.stringify(messages)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
        waiters = [];
      }
      return messages;
    },
    close: () => abort.abort(),
  };
}

const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('committed events as Server-Sent Events', function () {
  let gw: TestGateway;
  let url: string;
  let key: string;
  before(async function () {
    gw = await startGateway();
    url = `${gw.url}/api/v1/events`;
    key = gw.apiKey('enterprise-b');
  });
  after(async () => gw?.close());

  it('refuses a stream without an API key with 401 problem+json', async function () {
    expectProblem(await apiClient(gw).call(null, 'GET', '/events'), 401, 'unauthenticated');
  });

  it('refuses a Last-Event-ID that is not an id of this stream with 400', async function () {
    expectProblem(await apiClient(gw).call('enterprise-b', 'GET', '/events', undefined, { 'last-event-id': 'yesterday' }), 400, 'invalid_request');
  });

  it('delivers each committed event once with id <blockNumber>:<txId>, and resumes after Last-Event-ID without duplicates', async function () {
    const live = await openStream(url, key);
    expect(live.status).to.equal(200);
    // Two concurrent submissions usually share a block, so resuming must skip inside a block.
    const [one, two] = await Promise.all([
      gw.net.submit('enterprise-a', 'KV:PutWithEvent', 'sse-1', 'a', 'Stored'),
      gw.net.submit('enterprise-a', 'KV:PutWithEvent', 'sse-2', 'b', 'Stored'),
    ]);
    const three = await gw.net.submit('enterprise-a', 'KV:PutWithEvent', 'sse-3', 'c', 'Updated');
    await live.waitFor(3);
    await settle(200);
    live.close();
    const ids = live.messages.map((m) => m.id);
    expect(ids).to.have.members([one, two, three].map((t) => `${t!.blockNumber}:${t!.txId}`));
    expect(ids[2]).to.equal(`${three.blockNumber}:${three.txId}`);
    const last = live.messages[2]!;
    expect(last.event).to.equal('Updated');
    expect(JSON.parse(last.data)).to.deep.include({ txId: three.txId, blockNumber: three.blockNumber, eventName: 'Updated', payload: { key: 'sse-3', value: 'c' } });

    const resumed = await openStream(url, key, { 'last-event-id': live.messages[0]!.id! });
    await resumed.waitFor(2);
    await settle(300);
    expect(resumed.messages.map((m) => m.id)).to.deep.equal(ids.slice(1));
    const four = await gw.net.submit('enterprise-a', 'KV:PutWithEvent', 'sse-4', 'd', 'Stored');
    await resumed.waitFor(3);
    resumed.close();
    expect(resumed.messages[2]!.id).to.equal(`${four.blockNumber}:${four.txId}`);

    const replayed = await openStream(`${url}?fromBlock=${one!.blockNumber}`, key);
    await replayed.waitFor(4);
    replayed.close();
    expect(replayed.messages.map((m) => m.id)).to.include(`${one!.blockNumber}:${one!.txId}`);
  });

  it('lets one identity hold 32 streams open at once (tabs of a shared demo key): one more is 429 problem+json with Retry-After until one closes', async function () {
    const auditor = gw.apiKey('auditor');
    const streams = await Promise.all(Array.from({ length: 32 }, () => openStream(url, auditor)));
    try {
      expect(streams.map((s) => s.status)).to.deep.equal(Array(32).fill(200));
      const refused = await fetch(url, { headers: { authorization: `Bearer ${auditor}` } });
      expect(refused.status).to.equal(429);
      expect(refused.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(refused.headers.get('retry-after')).to.match(/^\d+$/);
      expect(((await refused.json()) as { code: string }).code).to.equal('rate_limited');
      // another identity is not held back
      const other = await openStream(url, key);
      expect(other.status).to.equal(200);
      other.close();
      streams.pop()!.close();
      let again = await fetch(url, { headers: { authorization: `Bearer ${auditor}` } });
      for (let tries = 0; again.status === 429 && tries < 100; tries++) {
        await again.body?.cancel();
        await settle(20);
        again = await fetch(url, { headers: { authorization: `Bearer ${auditor}` } });
      }
      expect(again.status).to.equal(200);
      await again.body?.cancel();
    } finally {
      for (const s of streams) s.close();
    }
  });

  it("removes its ledger listener when the client goes away, live or replaying", async function () {
    const network: EmbeddedNetwork = gw.net.ledger.network;
    const original = network.onEvent;
    let active = 0;
    network.onEvent = (listener) => {
      const off = original(listener);
      active++;
      let removed = false;
      return () => {
        if (!removed) active--;
        removed = true;
        off();
      };
    };
    try {
      const live = await openStream(url, key);
      const replaying = await openStream(`${url}?fromBlock=0`, key);
      expect(active).to.equal(2);
      live.close();
      replaying.close();
      const deadline = Date.now() + 3000;
      while (active > 0 && Date.now() < deadline) await settle(20);
      expect(active).to.equal(0);
    } finally {
      network.onEvent = original;
    }
  });
});

describe('an event stream whose client stops reading', function () {
  const BUFFER_BOUND = 256 * 1024;
  let gw: TestGateway;
  before(async function () {
    // One stream per identity, so a held slot shows as a 429; a small bound, so some MB of events overflow it.
    gw = await startGateway({ eventStreams: { maxBufferedBytes: BUFFER_BOUND, maxStreamsPerCaller: 1 } });
  });
  after(async () => gw?.close());

  it('is cut once it falls more than the bound behind: the gateway keeps answering and the slot is free again', async function () {
    const { hostname, port } = new URL(gw.url);
    const socket = connect(Number(port), hostname);
    socket.write(`GET /api/v1/events HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${gw.apiKey('auditor')}\r\nAccept: text/event-stream\r\n\r\n`);
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined); // a reset when the server cuts is a cut too
    while (!Buffer.concat(received).toString('latin1').includes(': connected')) await settle(10);
    expect(Buffer.concat(received).toString('latin1')).to.match(/^HTTP\/1\.1 200/);
    // The client stops reading: the kernel's buffers fill (a few MB on loopback), then the gateway's.
    socket.pause();

    const stillHeld = async (): Promise<boolean> => {
      const res = await fetch(`${gw.url}/api/v1/events`, { headers: { authorization: `Bearer ${gw.apiKey('auditor')}` } });
      await res.body?.cancel();
      return res.status === 429;
    };
    expect(await stillHeld()).to.equal(true);
    // Events much smaller than the bound: the gateway's buffer grows past it only once the kernel's are full,
    // which is when a stream that is merely ended (not cut) would never drain and never close.
    const value = 'x'.repeat(128 * 1024);
    let writes = 0;
    let freed = false;
    while (writes < 160 && !freed) {
      await Promise.all([0, 1, 2, 3].map((i) => gw.net.submit('enterprise-a', 'KV:PutWithEvent', `stall-${writes + i}`, value, 'Stored')));
      writes += 4;
      freed = !(await stillHeld());
    }
    expect(freed, `the slot is still held after ${writes} events of 128 KiB`).to.equal(true);
    // one more event after the cut: nothing may be written to the cut response
    await gw.net.submit('enterprise-a', 'KV:PutWithEvent', 'stall-after', value, 'Stored');

    const health = await fetch(`${gw.url}/api/v1/health`);
    expect(health.status).to.equal(200);
    await health.body?.cancel();
    socket.resume();
    await ended;
    const raw = Buffer.concat(received).toString('latin1');
    // cut, not ended: a chunked response that ends properly closes with a zero-length chunk
    expect(raw.endsWith('\r\n0\r\n\r\n')).to.equal(false);
    expect(raw.split('\nevent: Stored\n').length - 1, 'events received').to.be.below(writes + 1);
  });
});
