/**
 * Certificate lifecycle writes (数据资产登记): apply → review → publicity with objections →
 * issue, then evidence, change (变更), right transfer, renewal (续展), cancel (注销) and
 * revoke (撤销), and the regulator's judicial freeze (司法冻结) and its lifting. Each is one chaincode transaction signed as the caller; the chaincode decides
 * who may do what, and its refusals map to 403/404/409/422 in one place (http/problem.ts).
 */
import { chaincodePolicyOnly, endorsingOrgsOf, plannedByChaincode } from '../ledger-service/endorsers';
import { InputError } from '../http/errors';
import type { ConfidentialValue } from '../ledger-service/confidential';
import { submitTransaction } from '../ledger-service/transaction';
import { REGISTRY_SERIAL_COUNTER } from '../ledger-service/write-lanes';
import type { VerificationReadModel } from '../verification/verification-read-model';
import { GET_CERTIFICATE } from './certificate-reads';
import { bodyArg } from './chaincode-call';
import type { AuthenticatedContext, AuthenticatedRoute, Reply } from './route';

const TAG = 'certificates';
const WRITE_ERRORS = [403, 404, 409, 422] as const;
/** The certificate key's policy: its issuing registry, plus the regulator for `important` grade. */
const CERTIFICATE_ENDORSERS = endorsingOrgsOf(GET_CERTIFICATE);

export function certificateRoutes(verifications: VerificationReadModel): AuthenticatedRoute[] {
  /** Writes the declared transaction and forgets the public facts it touched (events do too; this covers a backend whose events trail the commit). */
  const write = async (ctx: AuthenticatedContext, args: readonly string[], status: 200 | 201 = 200, confidential?: ConfidentialValue): Promise<Reply> => {
    const reply = await ctx.chaincode.submit(args, status, confidential);
    const record = reply.body as Record<string, unknown>;
    verifications.invalidate([ctx.params.id, record.id, record.applicationId, record.certificateId]);
    return reply;
  };
  const id = (ctx: AuthenticatedContext): string => ctx.params.id ?? '';

  return [
    {
      method: 'post',
      path: '/api/v1/certificates',
      access: 'authenticated',
      roles: ['holder', 'operator'],
      operationId: 'applyForCertificate',
      tag: TAG,
      summary: 'Apply for a registration certificate (登记申请)',
      description:
        'The caller must be a holder or operator enrolled at `registry` and hold at least one of the `rights`. ' +
        'The fingerprint must be new to the whole consortium (防止一数多登); `core` grade is refused (422). ' +
        'The answer is the application with status `applied` and an application id (`<city>-<year>-A…`) that stays a valid handle after approval gives it its certificate id.',
      body: 'CertificateApplication',
      idempotent: true,
      responses: { 201: { description: 'The application, committed.', schema: 'Certificate' } },
      errors: WRITE_ERRORS,
      transaction: submitTransaction('Certificate:Apply', { endorsers: chaincodePolicyOnly }),
      handler: (ctx) => write(ctx, [bodyArg(ctx)], 201),
    },
    {
      method: 'post',
      path: '/api/v1/certificates/:id/review',
      access: 'authenticated',
      roles: ['registrar'],
      operationId: 'reviewCertificate',
      tag: TAG,
      summary: 'Approve (→ publicizing, 公示) or reject an application',
      description: 'Approval allocates the certificate id (`<city>-<year>-<serial>`) and starts the publicity period (`publicityEndsAt`).',
      params: 'CertificateIdParams',
      body: 'ReviewDecision',
      idempotent: true,
      responses: { 200: { description: 'The certificate, `publicizing` or `rejected`.', schema: 'Certificate' } },
      errors: WRITE_ERRORS,
      // also moves the record and leaves an alias under the application key (same policy)
      transaction: submitTransaction('Certificate:Review', { endorsers: CERTIFICATE_ENDORSERS, lane: REGISTRY_SERIAL_COUNTER }),
      handler: (ctx) => write(ctx, [id(ctx), bodyArg(ctx)]),
    },
    {
      method: 'post',
      path: '/api/v1/certificates/:id/objections',
      access: 'authenticated',
      operationId: 'raiseObjection',
      tag: TAG,
      summary: 'Raise an objection (异议) during publicity',
      description:
        'Any consortium member; an open objection blocks issuance until the registrar resolves it. ' +
        'With `onBehalfOf` {contact, name?}, a registrar of the application’s registry records an objection someone outside the consortium brought to it (公示 board, docs/publicity.md): ' +
        'the requester travels in transient data only, the objection keeps `onBehalfOf.contactHash`, and the reply hands back `salt` to file with the contact, off the ledger.',
      params: 'CertificateIdParams',
      body: 'ObjectionRequest',
      idempotent: true,
      responses: { 201: { description: 'The objection, `open`; with `salt` when raised on someone’s behalf.', schema: 'Objection' } },
      errors: WRITE_ERRORS,
      // planned by the chaincode: on someone's behalf the contact travels in transient data, sent only to the endorsers a plan names
      transaction: submitTransaction('Certificate:RaiseObjection', { endorsers: plannedByChaincode }),
      handler: async (ctx) => {
        const { onBehalfOf, salt, ...objection } = (ctx.body ?? {}) as { onBehalfOf?: Record<string, unknown>; salt?: string };
        if (onBehalfOf === undefined) {
          if (salt !== undefined) throw new InputError('salt belongs to an objection raised onBehalfOf someone only');
          return write(ctx, [id(ctx), bodyArg(ctx)], 201);
        }
        return write(ctx, [id(ctx), JSON.stringify({ ...objection, onBehalf: true })], 201, { value: onBehalfOf, ...(salt !== undefined ? { salt } : {}) });
      },
    },
    {
      method: 'post',
      path: '/api/v1/certificates/:id/objections/:objectionId/resolve',
      access: 'authenticated',
      roles: ['registrar'],
      operationId: 'resolveObjection',
      tag: TAG,
      summary: 'Resolve an objection: upheld rejects the certificate, dismissed lets it proceed',
      params: 'ObjectionParams',
      body: 'ObjectionResolution',
      idempotent: true,
      responses: { 200: { description: 'The objection, `upheld` or `dismissed`, with `certificateStatus`.', schema: 'Objection' } },
      errors: WRITE_ERRORS,
      // the objection key (its certificate's policy) and, when upheld, the certificate
      transaction: submitTransaction('Certificate:ResolveObjection', { endorsers: CERTIFICATE_ENDORSERS }),
      handler: (ctx) => write(ctx, [id(ctx), ctx.params.objectionId ?? '', bodyArg(ctx)]),
    },
    {
      method: 'post',
      path: '/api/v1/certificates/:id/issue',
      access: 'authenticated',
      roles: ['registrar'],
      operationId: 'issueCertificate',
      tag: TAG,
      summary: 'Issue (发证) after publicity ended with no open objection',
      description: 'Sets `issuedAt`, `expiresAt` (a 3-year term) and the query code (查询码). No body.',
      params: 'CertificateIdParams',
      idempotent: true,
      responses: { 200: { description: 'The certificate, `issued`.', schema: 'Certificate' } },
      errors: WRITE_ERRORS,
      transaction: submitTransaction('Certificate:Issue', { endorsers: CERTIFICATE_ENDORSERS }),
      handler: (ctx) => write(ctx, [id(ctx)]),
    },
    {
      method: 'post',
      path: '/api/v1/certificates/:id/evidence',
      access: 'authenticated',
      roles: ['appraiser'],
      operationId: 'addEvidence',
      tag: TAG,
      summary: 'File a compliance, quality or valuation report (hash)',
      description:
        "A valuation's `amount` is confidential: the gateway sends it to the endorsers as transient data with a salt (yours in `salt`, or 32 random bytes), " +
        'never in the transaction. Only the peers of the issuing registry, the appraiser firm and the regulator keep it; the record keeps `evidence[i].valuation` ' +
        '(holders and the commitment SHA-256(salt ‖ canonical JSON {"amount":…})). The reply hands back `salt`: keep it to prove the amount later. ' +
        'Endorsed by the organisations the chaincode plans for it (Planning:EndorsementPlan): those three for a valuation.',
      params: 'CertificateIdParams',
      body: 'EvidenceRequest',
      idempotent: true,
      responses: { 200: { description: 'The certificate with the report in `evidence`; for a valuation, `salt` too.', schema: 'EvidenceReply' } },
      errors: WRITE_ERRORS,
      transaction: submitTransaction('Certificate:AddEvidence', { endorsers: plannedByChaincode }),
      handler: async (ctx) => {
        const { amount, salt, ...report } = (ctx.body ?? {}) as { amount?: number; salt?: string; kind?: string };
        if (report.kind !== 'valuation' && (amount !== undefined || salt !== undefined)) throw new InputError('amount and salt belong to a valuation only');
        if (amount === undefined) return write(ctx, [id(ctx), JSON.stringify(report)]);
        return write(ctx, [id(ctx), JSON.stringify(report)], 200, { value: { amount }, ...(salt !== undefined ? { salt } : {}) });
      },
    },
    {
      method: 'post',
      path: '/api/v1/certificates/:id/transfer',
      access: 'authenticated',
      roles: ['registrar'],
      operationId: 'transferRight',
      tag: TAG,
      summary: 'Move one right (holding, processing or operating) to another entity, as a new version',
      params: 'CertificateIdParams',
      body: 'TransferRequest',
      idempotent: true,
      responses: { 200: { description: 'The certificate, `version` + 1, with `lastChange`.', schema: 'Certificate' } },
      errors: WRITE_ERRORS,
      transaction: submitTransaction('Certificate:TransferRight', { endorsers: CERTIFICATE_ENDORSERS }),
      handler: (ctx) => write(ctx, [id(ctx), bodyArg(ctx)]),
    },
    {
      method: 'post',
      path: '/api/v1/certificates/:id/changes',
      access: 'authenticated',
      roles: ['registrar'],
      operationId: 'changeCertificate',
      tag: TAG,
      summary: 'Record a change (变更) of an issued certificate as a new version',
      description:
        'Extends api.md: name, description, category, grade, personal-info flag or metadata, with a reason. A change to `core` grade is refused (422).',
      params: 'CertificateIdParams',
      body: 'ChangeRequest',
      idempotent: true,
      responses: { 200: { description: 'The certificate, `version` + 1, with `lastChange`.', schema: 'Certificate' } },
      errors: WRITE_ERRORS,
      // endorsed under the old policy even when it re-targets the grade
      transaction: submitTransaction('Certificate:Change', { endorsers: CERTIFICATE_ENDORSERS }),
      handler: (ctx) => write(ctx, [id(ctx), bodyArg(ctx)]),
    },
    {
      method: 'post',
      path: '/api/v1/certificates/:id/renew',
      access: 'authenticated',
      roles: ['registrar'],
      operationId: 'renewCertificate',
      tag: TAG,
      summary: 'Renew (续展) an issued certificate in the last 90 days before it lapses: `expiresAt` + one term (409 outside that window)',
      description: 'Extends api.md. No body.',
      params: 'CertificateIdParams',
      idempotent: true,
      responses: { 200: { description: 'The certificate with the new `expiresAt` and `renewedAt`.', schema: 'Certificate' } },
      errors: WRITE_ERRORS,
      transaction: submitTransaction('Certificate:Renew', { endorsers: CERTIFICATE_ENDORSERS }),
      handler: (ctx) => write(ctx, [id(ctx)]),
    },
    {
      method: 'post',
      path: '/api/v1/certificates/:id/cancel',
      access: 'authenticated',
      roles: ['holder', 'operator'],
      operationId: 'cancelCertificate',
      tag: TAG,
      summary: 'Cancel (注销) at the request of the holder',
      description: 'The entity holding the holding right (else operating, else processing) asks; the certificate must be issued.',
      params: 'CertificateIdParams',
      body: 'ReasonRequest',
      idempotent: true,
      responses: { 200: { description: 'The certificate, `cancelled`.', schema: 'Certificate' } },
      errors: WRITE_ERRORS,
      transaction: submitTransaction('Certificate:Cancel', { endorsers: CERTIFICATE_ENDORSERS }),
      handler: (ctx) => write(ctx, [id(ctx), bodyArg(ctx)]),
    },
    {
      method: 'post',
      path: '/api/v1/certificates/:id/revoke',
      access: 'authenticated',
      roles: ['registrar', 'regulator'],
      operationId: 'revokeCertificate',
      tag: TAG,
      summary: 'Revoke (撤销) by a registrar of the issuing registry or the regulator',
      params: 'CertificateIdParams',
      body: 'ReasonRequest',
      idempotent: true,
      responses: { 200: { description: 'The certificate, `revoked`.', schema: 'Certificate' } },
      errors: WRITE_ERRORS,
      transaction: submitTransaction('Certificate:Revoke', { endorsers: CERTIFICATE_ENDORSERS }),
      handler: (ctx) => write(ctx, [id(ctx), bodyArg(ctx)]),
    },
    {
      method: 'post',
      path: '/api/v1/certificates/:id/freezes',
      access: 'authenticated',
      roles: ['regulator'],
      operationId: 'freezeCertificate',
      tag: TAG,
      summary: 'Record a judicial freeze (司法冻结/查封) on a court order — the regulator only',
      description:
        'A `judicial_freeze` encumbrance beside the certificate, which keeps its status `issued` and stays `valid` in verification. ' +
        'While it is active, transfer, change, cancellation, renewal and new grants of the certificate are refused (409, naming the freeze and its reference); ' +
        'docs/encumbrances.md has the table. Several freezes may coexist; each is lifted on its own.',
      params: 'CertificateIdParams',
      body: 'FreezeRequest',
      idempotent: true,
      responses: { 201: { description: 'The encumbrance, `active`.', schema: 'Encumbrance' } },
      errors: WRITE_ERRORS,
      // the encumbrance key carries its certificate's policy
      transaction: submitTransaction('Certificate:Freeze', { endorsers: CERTIFICATE_ENDORSERS }),
      handler: (ctx) => write(ctx, [id(ctx), bodyArg(ctx)], 201),
    },
    {
      method: 'post',
      path: '/api/v1/certificates/:id/freezes/:encumbranceId/lift',
      access: 'authenticated',
      roles: ['regulator'],
      operationId: 'unfreezeCertificate',
      tag: TAG,
      summary: 'Lift one judicial freeze (解除冻结) on the lifting order — the regulator only',
      description:
        'Lifts exactly the named freeze; any other encumbrance of the certificate stays. A freeze already lifted, or an encumbrance of another kind, is 409.',
      params: 'EncumbranceParams',
      body: 'LiftRequest',
      idempotent: true,
      responses: { 200: { description: 'The encumbrance, `lifted`.', schema: 'Encumbrance' } },
      errors: WRITE_ERRORS,
      transaction: submitTransaction('Certificate:Unfreeze', { endorsers: CERTIFICATE_ENDORSERS }),
      handler: (ctx) => write(ctx, [id(ctx), ctx.params.encumbranceId ?? '', bodyArg(ctx)]),
    },
  ];
}
