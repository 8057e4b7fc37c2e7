/**
 * Mutual-recognition agreements (互认协议) between two registries: proposed by one, active once
 * the counterparty approves (both peers endorse), terminated by either, and recognitions (互认)
 * a registry records under an active agreement.
 */
import { chaincodePolicyOnly, endorsingOrgsOf } from '../ledger-service/endorsers';
import { evaluateTransaction, submitTransaction } from '../ledger-service/transaction';
import type { VerificationReadModel } from '../verification/verification-read-model';
import { bodyArg } from './chaincode-call';
import type { AuthenticatedRoute } from './route';

const WRITE_ERRORS = [403, 404, 409, 422] as const;
const GET_AGREEMENT = evaluateTransaction('Recognition:GetAgreement');
/** The agreement key's policy: both registries. */
const AGREEMENT_ENDORSERS = endorsingOrgsOf(GET_AGREEMENT);

export function agreementRoutes(verifications: VerificationReadModel): AuthenticatedRoute[] {
  return [
    {
      method: 'post',
      path: '/api/v1/agreements',
      access: 'authenticated',
      roles: ['registrar'],
      operationId: 'proposeAgreement',
      tag: 'recognitions',
      summary: 'Propose a mutual-recognition agreement to another registry (→ pending)',
      body: 'AgreementProposal',
      idempotent: true,
      responses: { 201: { description: 'The agreement, `pending`.', schema: 'Agreement' } },
      errors: WRITE_ERRORS,
      transaction: submitTransaction('Recognition:ProposeAgreement', { endorsers: chaincodePolicyOnly }),
      handler: (ctx) => ctx.chaincode.submit([bodyArg(ctx)], 201),
    },
    {
      method: 'post',
      path: '/api/v1/agreements/:id/approve',
      access: 'authenticated',
      roles: ['registrar'],
      operationId: 'approveAgreement',
      tag: 'recognitions',
      summary: 'Approve as the counterparty registry (→ active)',
      description: 'No body.',
      params: 'AgreementIdParams',
      idempotent: true,
      responses: { 200: { description: 'The agreement, `active`.', schema: 'Agreement' } },
      errors: WRITE_ERRORS,
      transaction: submitTransaction('Recognition:ApproveAgreement', { endorsers: AGREEMENT_ENDORSERS }),
      handler: (ctx) => ctx.chaincode.submit([ctx.params.id ?? '']),
    },
    {
      method: 'post',
      path: '/api/v1/agreements/:id/terminate',
      access: 'authenticated',
      roles: ['registrar'],
      operationId: 'terminateAgreement',
      tag: 'recognitions',
      summary: 'Terminate (or withdraw) an agreement as either party; recognitions already made stand',
      description: 'Body `{}` or `{reason}`.',
      params: 'AgreementIdParams',
      body: 'OptionalReasonRequest',
      idempotent: true,
      responses: { 200: { description: 'The agreement, `terminated`.', schema: 'Agreement' } },
      errors: WRITE_ERRORS,
      transaction: submitTransaction('Recognition:TerminateAgreement', { endorsers: AGREEMENT_ENDORSERS }),
      handler: (ctx) => ctx.chaincode.submit([ctx.params.id ?? '', bodyArg(ctx)]),
    },
    {
      method: 'get',
      path: '/api/v1/agreements/:id',
      access: 'authenticated',
      operationId: 'getAgreement',
      tag: 'recognitions',
      summary: 'One agreement',
      params: 'AgreementIdParams',
      responses: { 200: { description: 'The agreement.', schema: 'Agreement' } },
      errors: [404],
      transaction: GET_AGREEMENT,
      async handler({ chaincode, params }) {
        return { body: await chaincode.evaluate([params.id ?? '']) };
      },
    },
    {
      method: 'get',
      path: '/api/v1/agreements',
      access: 'authenticated',
      operationId: 'listAgreements',
      tag: 'recognitions',
      summary: 'The agreements a registry is party to (one page)',
      query: 'AgreementListQuery',
      responses: { 200: { description: 'The agreements.', schema: 'AgreementList' } },
      transaction: evaluateTransaction('Recognition:ListAgreements'),
      async handler({ chaincode, query }) {
        return { body: { items: await chaincode.evaluate([String(query.registry)]), bookmark: '' } };
      },
    },
    {
      method: 'post',
      path: '/api/v1/recognitions',
      access: 'authenticated',
      roles: ['registrar'],
      operationId: 'recogniseCertificate',
      tag: 'recognitions',
      summary: "Recognise (互认) another registry's issued certificate under an active agreement covering it",
      description:
        'Without an active agreement whose scope covers the asset type and grade: 422 `policy_violation`. A certificate not issued, or already recognised by this registry: 409.',
      body: 'RecognitionRequest',
      idempotent: true,
      responses: { 201: { description: 'The recognition, `valid`.', schema: 'Recognition' } },
      errors: WRITE_ERRORS,
      transaction: submitTransaction('Recognition:Recognise', { endorsers: chaincodePolicyOnly }),
      async handler(ctx) {
        const reply = await ctx.chaincode.submit([bodyArg(ctx)], 201);
        verifications.invalidate([(reply.body as { certificateId?: unknown }).certificateId]);
        return reply;
      },
    },
  ];
}
