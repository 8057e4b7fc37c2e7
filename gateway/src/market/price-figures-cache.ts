/**
 * The public price figures (价格监测, `Market:Prices`) served from memory, with the chaincode as
 * the source of truth.
 *
 * `Market:Prices` rolls the figures up from every price record of the range on each query, so its
 * cost grows with the settled trades (10,000 trades: seconds under load). The answers change only
 * when a trade of the category settles, so each answer is kept, keyed by (category, from, to,
 * threshold), until a committed `OrderSettled` event of that category (its `settlement.category`)
 * drops every entry of the category; an `OrderSettled` without a category drops everything. The
 * k-threshold and every other rule stay in the chaincode: an entry is what it answered, verbatim.
 *
 * - Single-flight: concurrent misses for one key share one evaluation.
 * - Bounded: at most `maxEntries`, the least recently used goes first.
 * - Never stale after a commit the gateway has seen: an event during an evaluation keeps its answer
 *   out of memory and detaches it, so a request arriving after the event evaluates again; each entry
 *   records the ledger height read before its evaluation, and a read whose X-Min-Block that height
 *   does not cover (on Fabric the event may arrive after the block is queryable) evaluates again.
 * - Bounded in age: an answer older than `maxAgeMs` (default 60 s) is evaluated again, so an event
 *   the stream never delivered (a Fabric event service reconnecting) leaves figures stale at most
 *   that long.
 *
 * The regulator's exact figures (`Market:ExactPrices`) are not kept here: they are read on the
 * caller's behalf, from its own organisation's copies of the amounts, on every request.
 */
import type { Ledger, LedgerEvent, LedgerIdentity } from '../ledger/ledger';

const PRICES = 'Market:Prices';
const SETTLED = 'OrderSettled';
const DEFAULT_MAX_ENTRIES = 500;
const DEFAULT_MAX_AGE_MS = 60_000;

/** The arguments of `Market:Prices`: `threshold` empty for the chaincode's default k. */
export interface PriceFiguresQuery {
  readonly category: string;
  readonly from: string;
  readonly to: string;
  readonly threshold: string;
}

export interface PriceFiguresCache {
  /** The chaincode's answer for this query; `minBlock`: an answer computed with that block committed. */
  figures(query: PriceFiguresQuery, options?: { readonly minBlock?: number }): Promise<unknown>;
  /** Stops listening to events. */
  close(): void;
}

export interface PriceFiguresCacheOptions {
  readonly ledger: Pick<Ledger, 'evaluate' | 'height' | 'onEvent'>;
  /** Who the queries are signed as (the public verifier). */
  readonly identity: LedgerIdentity;
  /** Answers kept; the least recently used goes first (default 500). */
  readonly maxEntries?: number;
  /** How long an answer is kept at most, in ms (default 60 s). */
  readonly maxAgeMs?: number;
  /** The clock (default Date.now). */
  readonly now?: () => number;
}

interface Computation {
  readonly category: string;
  /** The ledger height read before the evaluation (every block below it is in the answer); -1 until read. */
  height: number;
  /** When the evaluation started (`now()`). */
  readonly startedAt: number;
  readonly answer: Promise<unknown>;
}

export function createPriceFiguresCache(options: Readonly<PriceFiguresCacheOptions>): PriceFiguresCache {
  const { ledger, identity } = options;
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  const now = options.now ?? Date.now;
  /** Settled answers, in least-recently-used order (Map insertion order). */
  const entries = new Map<string, Computation>();
  const running = new Map<string, Computation>();

  const invalidate = (category: string | undefined): void => {
    for (const map of [entries, running]) {
      for (const [key, computation] of map) if (category === undefined || computation.category === category) map.delete(key);
    }
  };
  const unsubscribe = ledger.onEvent((event) => {
    if (event.eventName === SETTLED) invalidate(categoryOf(event));
  });

  const compute = (key: string, query: PriceFiguresQuery): Computation => {
    const height = ledger.height();
    const answer = height.then(async () => {
      const payload = await ledger.evaluate(identity, PRICES, [query.category, query.from, query.to, query.threshold]);
      return JSON.parse(Buffer.from(payload).toString('utf8')) as unknown;
    });
    // until the height is read, a read with X-Min-Block does not join (it evaluates on its own)
    const computation: Computation = { category: query.category, height: -1, startedAt: now(), answer };
    void height.then(
      (h) => (computation.height = h),
      () => undefined,
    );
    running.set(key, computation);
    answer.then(
      () => {
        // an event during the evaluation removed it from `running`: its answer may predate the commit
        if (running.get(key) !== computation) return;
        running.delete(key);
        entries.delete(key);
        if (entries.size >= maxEntries) {
          const oldest = entries.keys().next();
          if (!oldest.done) entries.delete(oldest.value);
        }
        entries.set(key, computation);
      },
      () => {
        if (running.get(key) === computation) running.delete(key);
      },
    );
    return computation;
  };

  return {
    async figures(query, { minBlock } = {}) {
      const key = JSON.stringify([query.category, query.from, query.to, query.threshold]);
      const covers = (c: Computation | undefined): c is Computation =>
        c !== undefined && now() - c.startedAt <= maxAgeMs && (minBlock === undefined || c.height > minBlock);
      const cached = entries.get(key);
      if (covers(cached)) {
        entries.delete(key);
        entries.set(key, cached);
        return cached.answer;
      }
      const pending = running.get(key);
      return (covers(pending) ? pending : compute(key, query)).answer;
    },
    close: unsubscribe,
  };
}

/** The category of a settlement event (`{ order, settlement: { category } }`); undefined when it names none. */
function categoryOf(event: LedgerEvent): string | undefined {
  try {
    const record = JSON.parse(Buffer.from(event.payload).toString('utf8')) as { settlement?: { category?: unknown } };
    const category = record?.settlement?.category;
    return typeof category === 'string' ? category : undefined;
  } catch {
    return undefined;
  }
}
