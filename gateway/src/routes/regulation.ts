/**
 * Market regulation (市场监管): the regulator's negative list (负面清单), important-data filings
 * (重要数据流通备案) that a right holder files and the regulator decides, and credit flags
 * (信用监管). The chaincode decides who may do what; its refusals map to HTTP in one place.
 * Changes of existing regulation records are endorsed as Planning:EndorsementPlan plans them:
 * they fall under the regulator's key-level policy (a filing under the issuing registry's too)
 * beside index keys under the chaincode-level policy.
 */
import type { Ledger } from '../ledger/ledger';
import { chaincodePolicyOnly, plannedByChaincode } from '../ledger-service/endorsers';
import { evaluateTransaction, submitTransaction } from '../ledger-service/transaction';
import { bodyArg } from './chaincode-call';
import { withBlockNumbers, type HistoryEntry } from './key-history';
import type { AuthenticatedContext, AuthenticatedRoute } from './route';

const TAG = 'regulation';
const WRITE_ERRORS = [403, 404, 409, 422] as const;

interface Page {
  readonly items: unknown[];
  readonly bookmark: string;
}

export function regulationRoutes(ledger: Pick<Ledger, 'getTransaction'>): AuthenticatedRoute[] {
  const id = (ctx: AuthenticatedContext): string => ctx.params.id ?? '';
  const code = (ctx: AuthenticatedContext): string => ctx.params.code ?? '';
  /** `{items, bookmark}` of a chaincode page (which also counts the records it fetched). */
  const page = async (ctx: AuthenticatedContext, args: readonly string[]): Promise<{ body: Page }> => {
    const answer = (await ctx.chaincode.evaluate(args)) as Page;
    return { body: { items: answer.items, bookmark: answer.bookmark } };
  };

  return [
    {
      method: 'post',
      path: '/api/v1/negative-list',
      access: 'authenticated',
      roles: ['regulator'],
      operationId: 'addNegativeListEntry',
      tag: TAG,
      summary: 'List a category or a fingerprint on the negative list (负面清单) as prohibited or restricted',
      description: 'Regulator only. One active entry per category or fingerprint: a second is 409 (lift the first to change its level).',
      body: 'NegativeListRequest',
      idempotent: true,
      responses: { 201: { description: 'The entry, `active`.', schema: 'NegativeListEntry' } },
      errors: WRITE_ERRORS,
      transaction: submitTransaction('Regulation:AddNegativeListEntry', { endorsers: chaincodePolicyOnly }),
      handler: (ctx) => ctx.chaincode.submit([bodyArg(ctx)], 201),
    },
    {
      method: 'post',
      path: '/api/v1/negative-list/:id/lift',
      access: 'authenticated',
      roles: ['regulator'],
      operationId: 'liftNegativeListEntry',
      tag: TAG,
      summary: 'Lift a negative-list entry, with a reason',
      description: 'Regulator only. An entry already lifted: 409.',
      params: 'NegativeListIdParams',
      body: 'ReasonRequest',
      idempotent: true,
      responses: { 200: { description: 'The entry, `lifted`.', schema: 'NegativeListEntry' } },
      errors: WRITE_ERRORS,
      transaction: submitTransaction('Regulation:LiftNegativeListEntry', { endorsers: plannedByChaincode }),
      handler: (ctx) => ctx.chaincode.submit([id(ctx), bodyArg(ctx)]),
    },
    {
      method: 'get',
      path: '/api/v1/negative-list',
      access: 'authenticated',
      operationId: 'listNegativeList',
      tag: TAG,
      summary: 'A page of the negative list, active and lifted entries, in id order',
      query: 'PageQuery',
      responses: { 200: { description: 'One page.', schema: 'NegativeListPage' } },
      transaction: evaluateTransaction('Regulation:ListNegativeList'),
      handler: (ctx) => page(ctx, [String(ctx.query.limit), String(ctx.query.bookmark ?? '')]),
    },
    {
      method: 'post',
      path: '/api/v1/filings',
      access: 'authenticated',
      roles: ['holder', 'operator'],
      operationId: 'submitFiling',
      tag: TAG,
      summary: 'File important-data circulation (重要数据流通备案) for an issued certificate (→ filed)',
      description:
        'By the holder of the operating or holding right (403 otherwise); the certificate must be issued and in term (409). ' +
        'Important-grade data, and data on the negative list as restricted, trade only under an approved filing in force.',
      body: 'FilingRequest',
      idempotent: true,
      responses: { 201: { description: 'The filing, `filed`.', schema: 'Filing' } },
      errors: WRITE_ERRORS,
      transaction: submitTransaction('Regulation:File', { endorsers: chaincodePolicyOnly }),
      handler: (ctx) => ctx.chaincode.submit([bodyArg(ctx)], 201),
    },
    {
      method: 'post',
      path: '/api/v1/filings/:id/approve',
      access: 'authenticated',
      roles: ['regulator'],
      operationId: 'approveFiling',
      tag: TAG,
      summary: 'Approve a filed filing: in force until `validUntil`, or `termDays` from now',
      description: 'Regulator only. A filing already decided: 409.',
      params: 'FilingIdParams',
      body: 'FilingApproval',
      idempotent: true,
      responses: { 200: { description: 'The filing, `approved`, with `validUntil`.', schema: 'Filing' } },
      errors: WRITE_ERRORS,
      transaction: submitTransaction('Regulation:ApproveFiling', { endorsers: plannedByChaincode }),
      handler: (ctx) => ctx.chaincode.submit([id(ctx), bodyArg(ctx)]),
    },
    {
      method: 'post',
      path: '/api/v1/filings/:id/reject',
      access: 'authenticated',
      roles: ['regulator'],
      operationId: 'rejectFiling',
      tag: TAG,
      summary: 'Reject a filed filing, with a reason',
      description: 'Regulator only. A filing already decided: 409.',
      params: 'FilingIdParams',
      body: 'ReasonRequest',
      idempotent: true,
      responses: { 200: { description: 'The filing, `rejected`.', schema: 'Filing' } },
      errors: WRITE_ERRORS,
      transaction: submitTransaction('Regulation:RejectFiling', { endorsers: plannedByChaincode }),
      handler: (ctx) => ctx.chaincode.submit([id(ctx), bodyArg(ctx)]),
    },
    {
      method: 'get',
      path: '/api/v1/filings/:id',
      access: 'authenticated',
      operationId: 'getFiling',
      tag: TAG,
      summary: 'One filing, with whether it is in force now',
      params: 'FilingIdParams',
      responses: { 200: { description: 'The filing.', schema: 'Filing' } },
      errors: [404],
      transaction: evaluateTransaction('Regulation:GetFiling'),
      async handler({ chaincode, params }) {
        return { body: await chaincode.evaluate([params.id ?? '']) };
      },
    },
    {
      method: 'get',
      path: '/api/v1/filings',
      access: 'authenticated',
      operationId: 'listFilings',
      tag: TAG,
      summary: 'A page of the filings of one certificate, each with whether it is in force now',
      query: 'FilingListQuery',
      responses: { 200: { description: 'One page.', schema: 'FilingPage' } },
      errors: [404],
      transaction: evaluateTransaction('Regulation:ListFilings'),
      handler: (ctx) => page(ctx, [String(ctx.query.certificateId), String(ctx.query.limit), String(ctx.query.bookmark ?? '')]),
    },
    {
      method: 'post',
      path: '/api/v1/entities/:code/credit',
      access: 'authenticated',
      roles: ['regulator'],
      operationId: 'setCredit',
      tag: TAG,
      summary: "Set an entity's credit status (信用监管): dishonest (失信) or normal, with a reason",
      description: 'Regulator only. Every status set is kept in the history.',
      params: 'EntityCodeParams',
      body: 'CreditRequest',
      idempotent: true,
      responses: { 200: { description: 'The credit record.', schema: 'Credit' } },
      errors: WRITE_ERRORS,
      transaction: submitTransaction('Regulation:SetCredit', { endorsers: plannedByChaincode }),
      handler: (ctx) => ctx.chaincode.submit([code(ctx), bodyArg(ctx)]),
    },
    {
      method: 'get',
      path: '/api/v1/entities/:code/credit',
      access: 'authenticated',
      operationId: 'getCredit',
      tag: TAG,
      summary: "An entity's credit status now: normal unless the regulator flagged it",
      params: 'EntityCodeParams',
      responses: { 200: { description: 'The status.', schema: 'Credit' } },
      transaction: evaluateTransaction('Regulation:GetCredit'),
      async handler(ctx) {
        return { body: await ctx.chaincode.evaluate([code(ctx)]) };
      },
    },
    {
      method: 'get',
      path: '/api/v1/entities/:code/credit/history',
      access: 'authenticated',
      operationId: 'getCreditHistory',
      tag: TAG,
      summary: 'Every credit status the regulator set for the entity, newest first, each with its txId and blockNumber',
      params: 'EntityCodeParams',
      responses: { 200: { description: 'The versions.', schema: 'CreditHistory' } },
      transaction: evaluateTransaction('Regulation:CreditHistory'),
      async handler(ctx) {
        return { body: await withBlockNumbers(ledger, (await ctx.chaincode.evaluate([code(ctx)])) as HistoryEntry[]) };
      },
    },
  ];
}
