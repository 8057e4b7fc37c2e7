/**
 * Recognition (互认): agreements between two registries and the recognitions they allow.
 *
 * An agreement key is endorsed by both registries from the moment it is proposed (key-level
 * policy), so it can only become active with the counterparty's peer signing the approval,
 * and neither side can alter it alone. A recognition belongs to the recognising registry and
 * is endorsed by it; it never writes the certificate, so the issuing registry is not needed.
 */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContract } from './ledger-contract';
import { canonicalJson } from '../canonical-json';
import { agreementIdFor } from '../codes';
import { LedgerContext } from '../context';
import { invalid, notFound } from '../errors';
import { emit } from '../events';
import { actorOf } from '../identity';
import { Agreement, Recognition, parseAgreementProposal, parseRecognitionId, recognitionIdFor } from '../model/recognition';
import { parseJsonObject, parseOptionalJsonObject, requireString } from '../model/request';
import { mayActAsAnyRegistrar } from '../rules/authorization';
import { canApproveAgreement, canProposeAgreement, canRecognise, canTerminateAgreement, coveringAgreement } from '../rules/recognition';
import { enforce } from '../rules/result';
import { agreementsBetween, agreementsOf, createAgreement, loadAgreement, saveAgreement } from '../store/agreements';
import { findCertificate, loadCertificate } from '../store/certificates';
import { createRecognition, findRecognition, listRecognitions, viewRecognitions } from '../store/recognitions';

@Info({ title: 'Recognition', description: 'Mutual recognition (互认) of certificates between registries' })
export class RecognitionContract extends LedgerContract {
  constructor() {
    super('Recognition');
  }

  /** A registrar of registry A proposes an agreement to registry B: `pending` until B approves. */
  @Transaction()
  @Returns('string')
  public async ProposeAgreement(ctx: LedgerContext, requestJson: string): Promise<string> {
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    enforce(mayActAsAnyRegistrar(caller, consortium));
    const proposal = parseAgreementProposal(parseJsonObject(requestJson, 'request'));
    enforce(canProposeAgreement(caller.mspId, proposal, consortium, ctx.now));
    const agreement: Agreement = {
      docType: 'agreement',
      id: agreementIdFor(ctx.txId),
      proposer: caller.mspId,
      ...proposal,
      status: 'pending',
      proposedBy: actorOf(caller),
      proposedAt: ctx.now,
      endorsingOrgs: [caller.mspId, proposal.counterparty].sort(),
      createdTxId: ctx.txId,
      lastTxId: ctx.txId,
      updatedAt: ctx.now,
    };
    await createAgreement(ctx, agreement);
    return emit(ctx, 'AgreementProposed', agreement);
  }

  /** A registrar of the counterparty approves: the agreement becomes `active`. */
  @Transaction()
  @Returns('string')
  public async ApproveAgreement(ctx: LedgerContext, id: string): Promise<string> {
    const agreement = await this.asRegistrar(ctx, id);
    enforce(canApproveAgreement(agreement, ctx.caller.mspId, ctx.now));
    return this.save(ctx, 'AgreementApproved', { ...agreement, status: 'active', approvedBy: actorOf(ctx.caller), approvedAt: ctx.now });
  }

  /** Either party ends the agreement (or withdraws a pending one). Recognitions already made stand. */
  @Transaction()
  @Returns('string')
  public async TerminateAgreement(ctx: LedgerContext, id: string, requestJson: string): Promise<string> {
    const agreement = await this.asRegistrar(ctx, id);
    const body = parseOptionalJsonObject(requestJson, 'request');
    const reason = body.reason === undefined ? 'terminated' : requireString(body, 'reason', 2000);
    enforce(canTerminateAgreement(agreement, ctx.caller.mspId));
    return this.save(ctx, 'AgreementTerminated', {
      ...agreement,
      status: 'terminated',
      termination: { reason, by: actorOf(ctx.caller), at: ctx.now, txId: ctx.txId },
    });
  }

  /** Registry B records that certificate X of registry A has effect in B: `{certificateId}`. */
  @Transaction()
  @Returns('string')
  public async Recognise(ctx: LedgerContext, requestJson: string): Promise<string> {
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    enforce(mayActAsAnyRegistrar(caller, consortium));
    const certificateId = requireString(parseJsonObject(requestJson, 'request'), 'certificateId', 64);
    const cert = await loadCertificate(ctx, certificateId);
    const now = ctx.now;
    const existing = await findRecognition(ctx, cert.id, caller.mspId);
    const agreements = await agreementsBetween(ctx, cert.registry, caller.mspId);
    enforce(canRecognise(cert, caller.mspId, agreements, existing, now));
    const agreement = coveringAgreement(agreements, cert, caller.mspId, now) as Agreement;
    const recognition: Recognition = {
      docType: 'recognition',
      id: recognitionIdFor(cert.id, caller.mspId),
      certificateId: cert.id,
      issuer: cert.registry,
      registry: caller.mspId,
      agreementId: agreement.id,
      recognisedBy: actorOf(caller),
      recognisedAt: now,
      txId: ctx.txId,
    };
    await createRecognition(ctx, recognition);
    return emit(ctx, 'CertificateRecognised', recognition, { ...recognition, valid: true });
  }

  @Transaction(false)
  @Returns('string')
  public async GetAgreement(ctx: LedgerContext, id: string): Promise<string> {
    return canonicalJson(await loadAgreement(ctx, id));
  }

  /** Agreements a registry is party to, in key order. */
  @Transaction(false)
  @Returns('string')
  public async ListAgreements(ctx: LedgerContext, registry: string): Promise<string> {
    const consortium = await ctx.consortium();
    if (!consortium.isRegistry(registry)) throw invalid(`${registry} is not a registry of the consortium`);
    return canonicalJson(await agreementsOf(ctx, registry, consortium));
  }

  /** Recognitions of a certificate, each with `valid` computed now (void once the certificate is not). */
  @Transaction(false)
  @Returns('string')
  public async ListByCertificate(ctx: LedgerContext, certificateId: string): Promise<string> {
    const cert = await loadCertificate(ctx, certificateId);
    return canonicalJson(viewRecognitions(await listRecognitions(ctx, cert.id), cert, ctx.now));
  }

  /** One recognition by its id `<certificate id>@<registry MSP>`. */
  @Transaction(false)
  @Returns('string')
  public async GetRecognition(ctx: LedgerContext, id: string): Promise<string> {
    const { certificateId, registry } = parseRecognitionId(id);
    const recognition = await findRecognition(ctx, certificateId, registry);
    if (!recognition) throw notFound(`recognition ${id} does not exist`);
    const cert = await findCertificate(ctx, recognition.certificateId);
    const [view] = viewRecognitions([recognition], cert, ctx.now);
    return canonicalJson(view);
  }

  /** Any registrar of the consortium may act on an agreement; the rules decide which party. */
  private async asRegistrar(ctx: LedgerContext, id: string): Promise<Agreement> {
    enforce(mayActAsAnyRegistrar(ctx.caller, await ctx.consortium()));
    return loadAgreement(ctx, id);
  }

  private async save(ctx: LedgerContext, event: string, agreement: Agreement): Promise<string> {
    const after: Agreement = { ...agreement, lastTxId: ctx.txId, updatedAt: ctx.now };
    await saveAgreement(ctx, after);
    return emit(ctx, event, after);
  }
}
