/**
 * Pledge financing (质押融资): the holder requests a pledge of its certificate to a bank; the
 * bank accepts, declines, releases (解押), consents to a listing, or enforces (处置) after
 * default; the holder may withdraw a pending request. Each write is one chaincode transaction
 * signed as the caller, endorsed by the organisations the chaincode plans for it
 * (Planning:EndorsementPlan): the certificate's endorsers, the bank and — for the confidential
 * terms of a request — the holder's registry organisation and the regulator.
 *
 * The amount and valuation reference travel as transient data with a salt (confidential.ts),
 * never in the transaction; the reply hands the salt back.
 */
import { plannedByChaincode } from '../ledger-service/endorsers';
import { evaluateTransaction, submitTransaction } from '../ledger-service/transaction';
import type { VerificationReadModel } from '../verification/verification-read-model';
import { bodyArg } from './chaincode-call';
import type { AuthenticatedContext, AuthenticatedRoute, Reply } from './route';

const TAG = 'pledges';
const WRITE_ERRORS = [403, 404, 409, 422] as const;
const BANK_ROLES = ['bank'] as const;
const HOLDER_ROLES = ['holder', 'operator'] as const;

interface Page {
  readonly items: unknown[];
  readonly bookmark: string;
}

export function pledgeRoutes(verifications: VerificationReadModel): AuthenticatedRoute[] {
  /** Submits and forgets the certificate's public facts (a pledge shows in its verification). */
  const write = async (
    ctx: AuthenticatedContext,
    args: readonly string[],
    status: 200 | 201 = 200,
    confidential?: Parameters<AuthenticatedContext['chaincode']['submit']>[2],
  ): Promise<Reply> => {
    const reply = await ctx.chaincode.submit(args, status, confidential);
    verifications.invalidate([(reply.body as { certificateId?: unknown }).certificateId]);
    return reply;
  };
  const id = (ctx: AuthenticatedContext): string => ctx.params.id ?? '';

  /** POST /pledges/{id}/<step> by the bank (or, for withdraw, the holder). */
  const step = (
    path: string,
    operationId: string,
    transaction: string,
    summary: string,
    options: { roles: readonly string[]; body?: string; description: string; withBody: boolean },
  ): AuthenticatedRoute => ({
    method: 'post',
    path: `/api/v1/pledges/:id/${path}`,
    access: 'authenticated',
    roles: [...options.roles],
    operationId,
    tag: TAG,
    summary,
    description: options.description,
    params: 'PledgeIdParams',
    ...(options.body !== undefined ? { body: options.body } : {}),
    idempotent: true,
    responses: { 200: { description: 'The pledge after the step.', schema: 'Pledge' } },
    errors: WRITE_ERRORS,
    transaction: submitTransaction(transaction, { endorsers: plannedByChaincode }),
    handler: (ctx) => write(ctx, options.withBody ? [id(ctx), bodyArg(ctx)] : [id(ctx)]),
  });

  return [
    {
      method: 'post',
      path: '/api/v1/pledges',
      access: 'authenticated',
      roles: [...HOLDER_ROLES],
      operationId: 'requestPledge',
      tag: TAG,
      summary: 'Pledge (质押) an issued certificate to a bank, as its principal holder (→ pending)',
      description:
        '`amount` and `valuationRef` are confidential: the gateway sends them to the endorsers as transient data with a salt (yours in `salt`, or 32 random bytes), never in the transaction; ' +
        'only the peers of your registry organisation, the bank and the regulator keep them, and the pledge records their commitment. The reply hands back `salt`. ' +
        'An asset has one pending or active pledge at a time, consortium-wide: a second request (to any bank, from any city) is 409.',
      body: 'PledgeRequest',
      idempotent: true,
      responses: { 201: { description: 'The pledge, `pending`, with `salt`.', schema: 'Pledge' } },
      errors: WRITE_ERRORS,
      transaction: submitTransaction('Pledge:Request', { endorsers: plannedByChaincode }),
      handler: (ctx) => {
        const { amount, valuationRef, salt, ...request } = (ctx.body ?? {}) as { amount: number; valuationRef?: number; salt?: string };
        const value = valuationRef === undefined ? { amount } : { amount, valuationRef };
        return write(ctx, [JSON.stringify(request)], 201, { value, ...(salt !== undefined ? { salt } : {}) });
      },
    },
    step('accept', 'acceptPledge', 'Pledge:Accept', 'Accept a pending pledge, as the pledgee bank (→ active)', {
      roles: BANK_ROLES,
      withBody: false,
      description:
        "No body. Opens a `pledge` encumbrance (the asset cannot be transferred, changed, cancelled, licensed anew or listed without consent) and adds the bank's organisation " +
        "to the certificate's key-level endorsement policy: from now on no write to the certificate commits without the bank's peer. Due `termDays` from now.",
    }),
    step('decline', 'declinePledge', 'Pledge:Decline', 'Decline a pending pledge, as the pledgee bank (→ declined)', {
      roles: BANK_ROLES,
      body: 'OptionalReasonRequest',
      withBody: true,
      description: 'Body `{}` or `{reason}`. The asset may be pledged again.',
    }),
    step('withdraw', 'withdrawPledge', 'Pledge:Withdraw', 'Withdraw your pending pledge request, as the pledgor (→ withdrawn)', {
      roles: HOLDER_ROLES,
      body: 'OptionalReasonRequest',
      withBody: true,
      description: 'Body `{}` or `{reason}`.',
    }),
    step('release', 'releasePledge', 'Pledge:Release', 'Release (解押) an active pledge, overdue or not, as the pledgee bank (→ released)', {
      roles: BANK_ROLES,
      body: 'OptionalReasonRequest',
      withBody: true,
      description: "Body `{}` or `{reason}`. Lifts the encumbrance and restores the certificate's key-level policy exactly as it was before acceptance.",
    }),
    step('enforce', 'enforcePledge', 'Pledge:Enforce', 'Enforce (处置) a pledge in default, as the pledgee bank (→ enforced)', {
      roles: BANK_ROLES,
      body: 'EnforcementRequest',
      withBody: true,
      description:
        'Only once the term has ended unreleased (`overdue`), else 409. Every right the pledgor holds moves to `transferTo` as a new version of the certificate, with `reason` recorded; ' +
        "the encumbrance is lifted and the certificate's policy restored.",
    }),
    step(
      'listing-consent',
      'consentToPledgedListing',
      'Pledge:ConsentToListing',
      'Consent, as the pledgee bank, that the pledged asset may be listed at an exchange',
      {
        roles: BANK_ROLES,
        body: 'ListingConsentRequest',
        withBody: true,
        description:
          "A listing of a pledged asset is refused (409) without it; with it, each listing at that exchange is recorded on the pledge, which the bank's peer endorses.",
      },
    ),
    {
      method: 'get',
      path: '/api/v1/pledges/:id',
      access: 'authenticated',
      operationId: 'getPledge',
      tag: TAG,
      summary: 'One pledge, with `effectiveStatus` now (`overdue` past its term)',
      description: "For the pledgor, the pledgee bank's officers, the certificate's registrars and the regulator's regulators and auditors; anyone else 403.",
      params: 'PledgeIdParams',
      responses: { 200: { description: 'The pledge.', schema: 'Pledge' } },
      errors: [403, 404],
      transaction: evaluateTransaction('Pledge:Get'),
      async handler({ chaincode, params }) {
        return { body: await chaincode.evaluate([params.id ?? '']) };
      },
    },
    {
      method: 'get',
      path: '/api/v1/pledges/:id/terms',
      access: 'authenticated',
      operationId: 'getPledgeTerms',
      tag: TAG,
      summary: "A pledge's confidential amount and valuation reference, from your organisation's own peer",
      description: "For the parties in an organisation holding a copy (the pledgor's registry organisation, the bank, the regulator); anyone else 403.",
      params: 'PledgeIdParams',
      responses: { 200: { description: 'The terms with their salt.', schema: 'PledgeTerms' } },
      errors: [403, 404],
      transaction: evaluateTransaction('Pledge:Terms'),
      async handler({ chaincode, params }) {
        return { body: await chaincode.evaluate([params.id ?? '']) };
      },
    },
    {
      method: 'get',
      path: '/api/v1/pledges',
      access: 'authenticated',
      roles: [...BANK_ROLES, ...HOLDER_ROLES],
      operationId: 'listPledges',
      tag: TAG,
      summary: "Your bank's pledges (`role=pledgee`: pending, active, overdue …) or your own as a holder (`role=pledgor`)",
      query: 'PledgeListQuery',
      responses: { 200: { description: 'One page.', schema: 'PledgePage' } },
      errors: [403],
      transaction: evaluateTransaction('Pledge:List'),
      async handler(ctx) {
        const filter: Record<string, unknown> = { role: ctx.query.role ?? 'pledgee' };
        if (ctx.query.status !== undefined) filter.status = ctx.query.status;
        const answer = (await ctx.chaincode.evaluate([JSON.stringify(filter), String(ctx.query.limit ?? 50), String(ctx.query.bookmark ?? '')])) as Page;
        return { body: { items: answer.items, bookmark: answer.bookmark } };
      },
    },
  ];
}
