/**
 * Authorization grants (授权) and their metered uses (可控可计量): a right holder licenses a
 * right, a person authorises one purpose, a public-data holder authorises an operator; the
 * grantor suspends, resumes or revokes; the grantee records each use; anyone checks whether a
 * use is allowed. The chaincode decides who may do what and computes each grant's effect (a
 * revoked upstream grant voids the ones below it); its refusals map to HTTP in one place.
 */
import type { Ledger } from '../ledger/ledger';
import { chaincodePolicyOnly, endorsingOrgsOf } from '../ledger-service/endorsers';
import { evaluateTransaction, submitTransaction } from '../ledger-service/transaction';
import { bodyArg } from './chaincode-call';
import { withBlockNumbers, type HistoryEntry } from './key-history';
import type { AuthenticatedContext, AuthenticatedRoute } from './route';

const TAG = 'grants';
const WRITE_ERRORS = [403, 404, 409, 422] as const;
const GRANTOR_ROLES = ['holder', 'operator'] as const;
const LIST_FILTERS = ['assetId', 'grantee', 'grantor'] as const;
const GET_GRANT = evaluateTransaction('Grant:Get');
/** The grant key's policy: the certificate's issuing registry and the grantor's registry. */
const GRANT_ENDORSERS = endorsingOrgsOf(GET_GRANT);

interface Page {
  readonly items: unknown[];
  readonly bookmark: string;
}

export function grantRoutes(ledger: Pick<Ledger, 'getTransaction'>): AuthenticatedRoute[] {
  const id = (ctx: AuthenticatedContext): string => ctx.params.id ?? '';
  /** `{items, bookmark}` of a chaincode page (which also counts the records it fetched). */
  const page = async (ctx: AuthenticatedContext, args: readonly string[]): Promise<{ body: Page }> => {
    const answer = (await ctx.chaincode.evaluate(args)) as Page;
    return { body: { items: answer.items, bookmark: answer.bookmark } };
  };

  return [
    {
      method: 'post',
      path: '/api/v1/grants',
      access: 'authenticated',
      roles: [...GRANTOR_ROLES],
      operationId: 'createGrant',
      tag: TAG,
      summary: 'Grant rights on an issued certificate (授权): a licence, a personal authorisation or public-data operation (→ active)',
      description:
        "The grantor is the caller's entity. A direct grant needs the grantor to hold every granted right on the certificate (403 otherwise); " +
        'a sub-licence names `parentGrantId` and may pass on no more rights, purposes or term than the parent gives (422). ' +
        'A personal grant with more than one purpose (一揽子授权) or a public_operation grant on non-public data: 422. ' +
        'A certificate that is not issued, or is frozen by a pledge: 409.',
      body: 'GrantRequest',
      idempotent: true,
      responses: { 201: { description: 'The grant, `active`, with `effectiveStatus`.', schema: 'Grant' } },
      errors: WRITE_ERRORS,
      transaction: submitTransaction('Grant:Create', { endorsers: chaincodePolicyOnly }),
      handler: (ctx) => ctx.chaincode.submit([bodyArg(ctx)], 201),
    },
    {
      method: 'post',
      path: '/api/v1/grants/:id/suspend',
      access: 'authenticated',
      roles: [...GRANTOR_ROLES],
      operationId: 'suspendGrant',
      tag: TAG,
      summary: 'Suspend an active grant as its grantor: it and every grant derived from it stop until resumed',
      description: 'Body `{}` or `{reason}`. A grant that is not active: 409.',
      params: 'GrantIdParams',
      body: 'OptionalReasonRequest',
      idempotent: true,
      responses: { 200: { description: 'The grant, `suspended`.', schema: 'Grant' } },
      errors: WRITE_ERRORS,
      transaction: submitTransaction('Grant:Suspend', { endorsers: GRANT_ENDORSERS }),
      handler: (ctx) => ctx.chaincode.submit([id(ctx), bodyArg(ctx)]),
    },
    {
      method: 'post',
      path: '/api/v1/grants/:id/resume',
      access: 'authenticated',
      roles: [...GRANTOR_ROLES],
      operationId: 'resumeGrant',
      tag: TAG,
      summary: 'Resume a suspended grant as its grantor, within its term',
      description: 'Body `{}` or `{reason}`. A grant that is not suspended, or whose term has ended: 409.',
      params: 'GrantIdParams',
      body: 'OptionalReasonRequest',
      idempotent: true,
      responses: { 200: { description: 'The grant, `active`.', schema: 'Grant' } },
      errors: WRITE_ERRORS,
      transaction: submitTransaction('Grant:Resume', { endorsers: GRANT_ENDORSERS }),
      handler: (ctx) => ctx.chaincode.submit([id(ctx), bodyArg(ctx)]),
    },
    {
      method: 'post',
      path: '/api/v1/grants/:id/revoke',
      access: 'authenticated',
      roles: [...GRANTOR_ROLES],
      operationId: 'revokeGrant',
      tag: TAG,
      summary: 'Revoke a grant for good as its grantor: it and every grant derived from it stop at once',
      description: 'Body `{}` or `{reason}`. Allowed at any time (consent can be withdrawn); already revoked: 409.',
      params: 'GrantIdParams',
      body: 'OptionalReasonRequest',
      idempotent: true,
      responses: { 200: { description: 'The grant, `revoked`.', schema: 'Grant' } },
      errors: WRITE_ERRORS,
      transaction: submitTransaction('Grant:Revoke', { endorsers: GRANT_ENDORSERS }),
      handler: (ctx) => ctx.chaincode.submit([id(ctx), bodyArg(ctx)]),
    },
    // Declared before /grants/:id so that Express matches `check` as this route, not as an id.
    {
      method: 'get',
      path: '/api/v1/grants/check',
      access: 'authenticated',
      operationId: 'checkGrant',
      tag: TAG,
      summary: 'May this entity use this asset for this purpose now? (by a grant in effect, or by holding the right)',
      description: "Answers `allowed: false` with a `reason` (the closest grant's refusal, or that there is none); 404 for an unknown certificate.",
      query: 'GrantCheckQuery',
      responses: { 200: { description: 'The answer, computed at `checkedAt`.', schema: 'GrantCheck' } },
      errors: [404],
      transaction: evaluateTransaction('Grant:Check'),
      async handler({ chaincode, query }) {
        return { body: await chaincode.evaluate([String(query.assetId), String(query.grantee), String(query.purpose)]) };
      },
    },
    {
      method: 'post',
      path: '/api/v1/grants/:id/usages',
      access: 'authenticated',
      roles: [...GRANTOR_ROLES],
      operationId: 'recordGrantUsage',
      tag: TAG,
      summary: 'Record one use of a grant as its grantee (可控可计量)',
      description:
        "A use outside the grant's purposes, before or after its term, over `maxUses`, or once it, a grant above it or the certificate has stopped: " +
        '422 `policy_violation`. Anyone but the grantee: 403.',
      params: 'GrantIdParams',
      body: 'UsageRequest',
      idempotent: true,
      responses: { 201: { description: 'The use, with `usesRemaining` when the grant has `maxUses`.', schema: 'Usage' } },
      errors: WRITE_ERRORS,
      transaction: submitTransaction('Grant:RecordUsage', { endorsers: chaincodePolicyOnly }),
      handler: (ctx) => ctx.chaincode.submit([id(ctx), bodyArg(ctx)], 201),
    },
    {
      method: 'get',
      path: '/api/v1/grants/:id',
      access: 'authenticated',
      operationId: 'getGrant',
      tag: TAG,
      summary: 'One grant with its effect now (`effectiveStatus`, `stoppedBy`) and, with `maxUses`, `usesRecorded`',
      params: 'GrantIdParams',
      responses: { 200: { description: 'The grant.', schema: 'Grant' } },
      errors: [404],
      transaction: GET_GRANT,
      async handler({ chaincode, params }) {
        return { body: await chaincode.evaluate([params.id ?? '']) };
      },
    },
    {
      method: 'get',
      path: '/api/v1/grants/:id/history',
      access: 'authenticated',
      operationId: 'getGrantHistory',
      tag: TAG,
      summary: 'Every version of the grant, newest first (created, suspended, resumed, revoked), each with its txId and blockNumber',
      description:
        'Uses are not versions of the grant: list them with GET /grants/{id}/usages. ' +
        "Only the grant's parties read it: the grantor, the grantee, the certificate's registry and the registries of grantor and grantee (registrars), the regulator and auditors; anyone else 403.",
      params: 'GrantIdParams',
      responses: { 200: { description: 'The versions.', schema: 'GrantHistory' } },
      errors: [403, 404],
      transaction: evaluateTransaction('Grant:History'),
      async handler({ chaincode, params }) {
        return { body: await withBlockNumbers(ledger, (await chaincode.evaluate([params.id ?? ''])) as HistoryEntry[]) };
      },
    },
    {
      method: 'get',
      path: '/api/v1/grants',
      access: 'authenticated',
      operationId: 'listGrants',
      tag: TAG,
      summary: 'A page of grants of an asset, to a grantee or by a grantor',
      description:
        'Name at least one of `assetId`, `grantee`, `grantor` (400 otherwise). Follow `bookmark` until it is empty; ' +
        'with `grantor` and another filter a page may hold fewer than `limit` items.',
      query: 'GrantListQuery',
      responses: { 200: { description: 'One page.', schema: 'GrantPage' } },
      transaction: evaluateTransaction('Grant:List'),
      async handler(ctx) {
        const filter: Record<string, unknown> = {};
        for (const f of LIST_FILTERS) if (ctx.query[f] !== undefined) filter[f] = ctx.query[f];
        const answer = await page(ctx, [JSON.stringify(filter), String(ctx.query.limit), String(ctx.query.bookmark ?? '')]);
        // The chaincode pages through one index (asset, else grantee, else grantor), so a grantor
        // named beside another filter narrows the page here rather than being ignored.
        const { grantor } = ctx.query;
        if (grantor === undefined || (filter.assetId === undefined && filter.grantee === undefined)) return answer;
        return { body: { ...answer.body, items: answer.body.items.filter((g) => (g as { grantor?: unknown }).grantor === grantor) } };
      },
    },
    {
      method: 'get',
      path: '/api/v1/grants/:id/usages',
      access: 'authenticated',
      operationId: 'listGrantUsages',
      tag: TAG,
      summary: 'A page of the recorded uses of a grant (in usage-id order, not time order)',
      description:
        "Who used which data, how often and for what is the parties' business: the grantor, the grantee, the certificate's registry and the registries of " +
        'grantor and grantee (registrars), the regulator and auditors read it; anyone else 403.',
      params: 'GrantIdParams',
      query: 'PageQuery',
      responses: { 200: { description: 'One page.', schema: 'UsagePage' } },
      errors: [403, 404],
      transaction: evaluateTransaction('Grant:ListUsages'),
      handler: (ctx) => page(ctx, [id(ctx), String(ctx.query.limit), String(ctx.query.bookmark ?? '')]),
    },
  ];
}
