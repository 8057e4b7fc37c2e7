/**
 * The 公示 board (docs/publicity.md): applications in publicity, newest first — public (general
 * grade, from memory: publicity/publicity-board.ts), for members (every grade, as the caller),
 * and as an Atom feed; and the registrar's one-off back-fill of the board's index.
 */
import type { Request } from 'express';
import { chaincodePolicyOnly } from '../ledger-service/endorsers';
import { submitTransaction } from '../ledger-service/transaction';
import { boardArgs, createPublicityBoard, publishedPage, type BoardQuery, MEMBERS_BOARD, PUBLIC_BOARD } from '../publicity/publicity-board';
import { publicityFeed } from '../publicity/publicity-feed';
import type { PublicityPage } from '../../../chaincode/src/vocabulary';
import type { AuthenticatedRoute, PublicRoute } from './route';
import type { RouteServices } from './route-services';

const TAG = 'publicity';
const FEED_ENTRIES = 50;
const BOARD_FIELDS =
  'Each entry: certificate id, name, registry, category, grade, asset type, source kind, the principal holder as registered (an enterprise’s unified social credit code, ' +
  'or `个人` for a natural person — never the person’s identity), the fingerprint, the start and end of publicity, `acceptingObjections` (the period has not ended at `checkedAt`) ' +
  'and `openObjections` (raised and not yet resolved; any one blocks issue). Newest first; follow `bookmark` until it is empty. Filters: registry, category, asset type, in any combination, each one index range (always full pages).';

function boardQuery(query: Readonly<Record<string, unknown>>): BoardQuery {
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const registry = text(query.registry);
  const category = text(query.category);
  const assetType = text(query.assetType);
  return {
    ...(registry !== undefined ? { registry } : {}),
    ...(category !== undefined ? { category } : {}),
    ...(assetType !== undefined ? { assetType } : {}),
    limit: typeof query.limit === 'number' ? query.limit : 20,
    bookmark: text(query.bookmark) ?? '',
  };
}

function baseUrlOf(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

export function publicityRoutes(services: Pick<RouteServices, 'ledger' | 'publicVerifier' | 'consortium'>): (PublicRoute | AuthenticatedRoute)[] {
  const board = createPublicityBoard({ ledger: services.ledger, identity: services.publicVerifier });
  return [
    {
      method: 'get',
      path: '/api/v1/publicity',
      access: 'public',
      operationId: 'getPublicityBoard',
      tag: TAG,
      summary: 'The public 公示 board: applications in publicity (general grade), newest first — no API key',
      description:
        `No API key. ${BOARD_FIELDS} Important-grade (重要数据) applications are not listed here: members see them at \`/api/v1/publicity/members\`. ` +
        'Served from memory, dropped by every committed event that can change a page; with `X-Min-Block`, read from the ledger after the wait.',
      query: 'PublicityQuery',
      responses: { 200: { description: 'One page of the board.', schema: 'PublicityPage' } },
      transaction: PUBLIC_BOARD,
      async handler({ query, minBlock, res }) {
        // sent as kept: the JSON of a cached page is rendered once a second at most (publicity-board.ts)
        const body = await board.rendered(boardQuery(query), 'json', (page) => JSON.stringify(page), { fresh: minBlock !== undefined });
        res.type('application/json; charset=utf-8').send(body);
        return undefined;
      },
    },
    {
      method: 'get',
      path: '/api/v1/publicity/members',
      access: 'authenticated',
      operationId: 'getMembersPublicityBoard',
      tag: TAG,
      summary: 'The members’ 公示 board: the same, important-grade applications included — any enrolled member',
      description: `Any API key of a member organisation (the chaincode checks the caller has a role). ${BOARD_FIELDS}`,
      query: 'PublicityQuery',
      responses: { 200: { description: 'One page of the board, every grade.', schema: 'PublicityPage' } },
      errors: [403],
      transaction: MEMBERS_BOARD,
      async handler({ chaincode, query }) {
        const page = (await chaincode.evaluate(boardArgs(boardQuery(query)))) as PublicityPage;
        return { body: publishedPage(page, page.checkedAt) };
      },
    },
    {
      method: 'get',
      path: '/api/v1/publicity/feed',
      access: 'public',
      operationId: 'getPublicityFeed',
      tag: TAG,
      summary: 'The public 公示 board as an Atom feed (newest 50), for media, courts and rights holders to subscribe',
      description: 'No API key. The same entries and filters as `/api/v1/publicity` (general grade only); each entry links to the public page at `/publicity`.',
      query: 'PublicityFeedQuery',
      responses: { 200: { description: 'An Atom 1.0 feed.', contentType: 'application/atom+xml' } },
      transaction: PUBLIC_BOARD,
      async handler({ query, res }) {
        const base = baseUrlOf(res.req);
        const feed = (page: PublicityPage): string => publicityFeed(page, base, services.consortium);
        const xml = await board.rendered({ ...boardQuery(query), limit: FEED_ENTRIES, bookmark: '' }, `atom ${base}`, feed);
        res.type('application/atom+xml; charset=utf-8').set('Cache-Control', 'no-cache').send(xml);
        return undefined;
      },
    },
    {
      method: 'post',
      path: '/api/v1/publicity/backfill',
      access: 'authenticated',
      roles: ['registrar'],
      operationId: 'backfillPublicityIndex',
      tag: TAG,
      summary: 'One-off migration: index the registry’s applications that entered publicity before the board existed',
      description:
        'A registrar, for its own registry: writes the board’s index keys of up to `limit` (1–200, default 100) of its applications in publicity that have none. ' +
        'Answers `indexed` (their ids) and `remaining`; call again while `remaining` is true. Idempotent; only needed once, on a ledger written by an earlier chaincode version.',
      body: 'PublicityBackfillRequest',
      idempotent: true,
      responses: { 200: { description: 'What was indexed.', schema: 'PublicityBackfill' } },
      errors: [403, 422],
      transaction: submitTransaction('Publicity:Backfill', { endorsers: chaincodePolicyOnly }),
      handler: (ctx) => ctx.chaincode.submit([String((ctx.body as { limit?: number } | undefined)?.limit ?? 100)]),
    },
  ];
}
