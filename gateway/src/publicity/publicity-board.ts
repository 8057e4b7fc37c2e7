/**
 * The public 公示 board served from memory, with the ledger as the source of truth — the same
 * recipe as public verification (verification/verification-read-model.ts): a read-through cache
 * of `Publicity:Board` pages, evaluated as the public verifier, dropped when a committed event
 * can have changed them. Anyone may ask for the board, and its first page must answer in
 * milliseconds with 10,000 applications in publicity, so a chaincode query per request is not
 * an option.
 *
 * What drops the cached pages (all of them at once; they are few and cheap to reload):
 * - an event whose record is `publicizing` — an application entered publicity (newest first, so
 *   it belongs on every first page it matches) or changed while in it;
 * - an event naming an application that a cached page shows (its id, application id or
 *   `certificateId`): it left publicity (issue, rejection, an upheld objection, any other exit)
 *   or an objection to it was raised or resolved;
 * - `PublicityIndexed` (the back-fill wrote keys anywhere in the index);
 * - any event at all while a page is being loaded, which is then answered but not kept.
 *
 * Time-dependent facts are computed at answer time: `acceptingObjections` from `publicityEndsAt`
 * and the gateway's clock, which is also ledger time for the queries it signs.
 */
import type { Ledger, LedgerEvent, LedgerIdentity } from '../ledger/ledger';
import { evaluateTransaction } from '../ledger-service/transaction';
import type { PublicityEntry, PublicityPage } from '../../../chaincode/src/vocabulary';

export const PUBLIC_BOARD = evaluateTransaction('Publicity:Board');
export const MEMBERS_BOARD = evaluateTransaction('Publicity:MembersBoard');

export interface BoardQuery {
  readonly registry?: string;
  readonly category?: string;
  readonly assetType?: string;
  readonly limit: number;
  /** The opaque bookmark the previous page handed out (base64url of the chaincode's), or ''. */
  readonly bookmark: string;
}

export interface PublicityBoard {
  /** One page of the public board; `fresh` reads the ledger instead of memory (a read sent with X-Min-Block). */
  page(query: BoardQuery, options?: { readonly fresh?: boolean }): Promise<PublicityPage>;
  /**
   * The page rendered by `render` (JSON, Atom…) and kept, under `variant`, for the rest of the
   * second `checkedAt` falls in or until a commit drops the page: a public request then costs a
   * map lookup, not a serialisation. `checkedAt` is at most a second older than the answer.
   */
  rendered(query: BoardQuery, variant: string, render: (page: PublicityPage) => string, options?: { readonly fresh?: boolean }): Promise<string>;
  /** Stops listening to events. */
  close(): void;
}

export interface PublicityBoardOptions {
  readonly ledger: Ledger;
  /** Who the public queries are signed as (publicVerifierOf). */
  readonly identity: LedgerIdentity;
  /** Pages kept in memory (default 512); the oldest goes first. */
  readonly maxPages?: number;
  readonly now?: () => Date;
}

const ID_FIELDS = ['id', 'applicationId', 'certificateId'] as const;

export function createPublicityBoard(options: Readonly<PublicityBoardOptions>): PublicityBoard {
  return new CachedBoard(options);
}

/** The chaincode's arguments for a query: filter JSON, page size, the chaincode's own bookmark. */
export function boardArgs(query: BoardQuery): string[] {
  const filter: Record<string, string> = {};
  for (const f of ['registry', 'category', 'assetType'] as const) if (query[f] !== undefined) filter[f] = query[f];
  return [JSON.stringify(filter), String(query.limit), Buffer.from(query.bookmark, 'base64url').toString('utf8')];
}

/** A page as the API answers it: the bookmark made URL-safe, objections' window as of `checkedAt`. */
export function publishedPage(page: PublicityPage, checkedAt: string): PublicityPage {
  return {
    audience: page.audience,
    items: page.items.map((e): PublicityEntry => ({ ...e, acceptingObjections: checkedAt < e.publicityEndsAt })),
    bookmark: Buffer.from(page.bookmark, 'utf8').toString('base64url'),
    checkedAt,
  };
}

class CachedBoard implements PublicityBoard {
  private readonly ledger: Ledger;
  private readonly identity: LedgerIdentity;
  private readonly maxPages: number;
  private readonly now: () => Date;
  private readonly pages = new Map<string, PublicityPage>();
  /** Rendered answers by variant and page key, each with the second it was rendered in. */
  private readonly answers = new Map<string, { readonly second: number; readonly body: string }>();
  /** Ids the cached pages show. */
  private readonly shown = new Set<string>();
  private loads = 0;
  private generation = 0;
  private readonly unsubscribe: () => void;

  constructor(options: Readonly<PublicityBoardOptions>) {
    this.ledger = options.ledger;
    this.identity = options.identity;
    this.maxPages = options.maxPages ?? 512;
    this.now = options.now ?? ((): Date => new Date());
    this.unsubscribe = this.ledger.onEvent((event) => this.observe(event));
  }

  async page(query: BoardQuery, options: { readonly fresh?: boolean } = {}): Promise<PublicityPage> {
    const key = keyOf(query);
    const cached = options.fresh ? undefined : this.pages.get(key);
    const page = cached ?? (await this.load(key, query, options.fresh === true));
    return publishedPage(page, this.now().toISOString());
  }

  async rendered(query: BoardQuery, variant: string, render: (page: PublicityPage) => string, options: { readonly fresh?: boolean } = {}): Promise<string> {
    if (options.fresh) return render(await this.page(query, options));
    const key = `${variant}\u0000${keyOf(query)}`;
    const second = Math.floor(this.now().getTime() / 1000);
    const kept = this.answers.get(key);
    if (kept?.second === second) return kept.body;
    const generation = this.generation;
    const body = render(await this.page(query));
    // kept only if no commit dropped the pages meanwhile, and only as many as there are pages
    if (this.generation === generation && this.answers.size < this.maxPages) this.answers.set(key, { second, body });
    return body;
  }

  close(): void {
    this.unsubscribe();
  }

  private async load(key: string, query: BoardQuery, fresh: boolean): Promise<PublicityPage> {
    const startedAt = this.generation;
    this.loads++;
    try {
      const payload = await this.ledger.evaluate(this.identity, PUBLIC_BOARD.name, boardArgs(query));
      const page = JSON.parse(Buffer.from(payload).toString('utf8')) as PublicityPage;
      if (!fresh && this.generation === startedAt) this.remember(key, page);
      return page;
    } finally {
      this.loads--;
    }
  }

  private remember(key: string, page: PublicityPage): void {
    if (this.pages.size >= this.maxPages) this.forget();
    this.pages.set(key, page);
    for (const item of page.items) this.shown.add(item.certificateId);
  }

  private forget(): void {
    this.generation++;
    this.pages.clear();
    this.answers.clear();
    this.shown.clear();
  }

  private observe(event: LedgerEvent): void {
    if (this.loads > 0 || event.eventName === 'PublicityIndexed') {
      this.forget();
      return;
    }
    if (this.pages.size === 0) return;
    const record = parse(event.payload);
    if (record.status === 'publicizing' || ID_FIELDS.some((f) => typeof record[f] === 'string' && this.shown.has(record[f]))) this.forget();
  }
}

function keyOf(query: BoardQuery): string {
  return JSON.stringify([query.registry, query.category, query.assetType, query.limit, query.bookmark]);
}

function parse(payload: Uint8Array): Record<string, unknown> {
  try {
    const value = JSON.parse(Buffer.from(payload).toString('utf8')) as unknown;
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
