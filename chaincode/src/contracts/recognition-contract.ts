/**
 * Recognition (互认): agreements between two registries and the recognitions they allow.
 *
 * An agreement key is endorsed by both registries from the moment it is proposed (key-level
 * policy), so it can only become active with the counterparty's peer signing the approval,
 * and neither side can alter it alone. A recognition belongs to the recognising registry and
 * is endorsed by it; it never writes the certificate, so the issuing registry is not needed.
 */
import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import { agreementIdFor } from '../codes';
import { canonicalBytes, canonicalJson } from '../canonical-json';
import { invalid, notFound } from '../errors';
import { actorOf, getCaller } from '../identity';
import { agreementKey, agreementPairKey, recognitionKey } from '../keys';
import { Agreement, Recognition, parseAgreementProposal, recognitionIdFor } from '../model/recognition';
import { parseJsonObject, parseOptionalJsonObject, requireString } from '../model/request';
import { mayActAsAnyRegistrar } from '../rules/authorization';
import { canApproveAgreement, canProposeAgreement, canRecognise, canTerminateAgreement, coveringAgreement } from '../rules/recognition';
import { enforce } from '../rules/result';
import { findCertificate, loadCertificate } from '../store/certificates';
import { agreementsBetween, listRecognitions, viewRecognitions } from '../store/recognitions';
import { loadConsortium, putIndex, putJson, readJson, setKeyEndorsers } from '../state';
import { txTimeIso } from '../time';

const AGREEMENT_ID = /^AGR-[0-9A-HJKMNP-TV-Z]{10}$/;

@Info({ title: 'Recognition', description: 'Mutual recognition (互认) of certificates between registries' })
export class RecognitionContract extends Contract {
  constructor() {
    super('Recognition');
  }

  /** A registrar of registry A proposes an agreement to registry B: `pending` until B approves. */
  @Transaction()
  @Returns('string')
  public async ProposeAgreement(ctx: Context, requestJson: string): Promise<string> {
    const consortium = await loadConsortium(ctx);
    const caller = getCaller(ctx);
    enforce(mayActAsAnyRegistrar(caller, consortium));
    const proposal = parseAgreementProposal(parseJsonObject(requestJson, 'request'));
    const now = txTimeIso(ctx);
    enforce(canProposeAgreement(caller.mspId, proposal, consortium, now));
    const txId = ctx.stub.getTxID();
    const agreement: Agreement = {
      docType: 'agreement',
      id: agreementIdFor(txId),
      proposer: caller.mspId,
      ...proposal,
      status: 'pending',
      proposedBy: actorOf(caller),
      proposedAt: now,
      endorsingOrgs: [caller.mspId, proposal.counterparty].sort(),
      createdTxId: txId,
      lastTxId: txId,
      updatedAt: now,
    };
    const key = agreementKey(ctx.stub, agreement.id);
    await putJson(ctx, key, agreement);
    await setKeyEndorsers(ctx, key, agreement.endorsingOrgs);
    await putIndex(ctx, agreementPairKey(ctx.stub, agreement.proposer, agreement.counterparty, agreement.id));
    return emit(ctx, 'AgreementProposed', agreement);
  }

  /** A registrar of the counterparty approves: the agreement becomes `active`. */
  @Transaction()
  @Returns('string')
  public async ApproveAgreement(ctx: Context, id: string): Promise<string> {
    const { agreement, caller } = await this.asRegistrar(ctx, id);
    const now = txTimeIso(ctx);
    enforce(canApproveAgreement(agreement, caller.mspId, now));
    return this.save(ctx, 'AgreementApproved', { ...agreement, status: 'active', approvedBy: actorOf(caller), approvedAt: now });
  }

  /** Either party ends the agreement (or withdraws a pending one). Recognitions already made stand. */
  @Transaction()
  @Returns('string')
  public async TerminateAgreement(ctx: Context, id: string, requestJson: string): Promise<string> {
    const { agreement, caller } = await this.asRegistrar(ctx, id);
    const body = parseOptionalJsonObject(requestJson, 'request');
    const reason = body.reason === undefined ? 'terminated' : requireString(body, 'reason', 2000);
    enforce(canTerminateAgreement(agreement, caller.mspId));
    const now = txTimeIso(ctx);
    return this.save(ctx, 'AgreementTerminated', {
      ...agreement,
      status: 'terminated',
      termination: { reason, by: actorOf(caller), at: now, txId: ctx.stub.getTxID() },
    });
  }

  /** Registry B records that certificate X of registry A has effect in B: `{certificateId}`. */
  @Transaction()
  @Returns('string')
  public async Recognise(ctx: Context, requestJson: string): Promise<string> {
    const consortium = await loadConsortium(ctx);
    const caller = getCaller(ctx);
    enforce(mayActAsAnyRegistrar(caller, consortium));
    const certificateId = requireString(parseJsonObject(requestJson, 'request'), 'certificateId', 64);
    const cert = await loadCertificate(ctx, certificateId);
    const now = txTimeIso(ctx);
    const key = recognitionKey(ctx.stub, cert.id, caller.mspId);
    const existing = await readJson<Recognition>(ctx, key);
    const agreements = await agreementsBetween(ctx, cert.registry, caller.mspId);
    enforce(canRecognise(cert, caller.mspId, agreements, existing, now));
    const agreement = coveringAgreement(agreements, cert, caller.mspId, now) as Agreement;
    const txId = ctx.stub.getTxID();
    const recognition: Recognition = {
      docType: 'recognition',
      id: recognitionIdFor(cert.id, caller.mspId),
      certificateId: cert.id,
      issuer: cert.registry,
      registry: caller.mspId,
      agreementId: agreement.id,
      recognisedBy: actorOf(caller),
      recognisedAt: now,
      txId,
    };
    await putJson(ctx, key, recognition);
    await setKeyEndorsers(ctx, key, [caller.mspId]);
    ctx.stub.setEvent('CertificateRecognised', canonicalBytes(recognition));
    return canonicalJson({ ...recognition, valid: true });
  }

  @Transaction(false)
  @Returns('string')
  public async GetAgreement(ctx: Context, id: string): Promise<string> {
    return canonicalJson(await loadAgreement(ctx, id));
  }

  /** Agreements a registry is party to, in key order. */
  @Transaction(false)
  @Returns('string')
  public async ListAgreements(ctx: Context, registry: string): Promise<string> {
    const consortium = await loadConsortium(ctx);
    if (!consortium.isRegistry(registry)) throw invalid(`${registry} is not a registry of the consortium`);
    const agreements: Agreement[] = [];
    // One range per counterparty, sequentially: the shim serves one request per tx at a time anyway.
    for (const other of consortium.definition.organizations) {
      if (other.type === 'registry' && other.mspId !== registry) agreements.push(...(await agreementsBetween(ctx, registry, other.mspId)));
    }
    return canonicalJson(agreements);
  }

  /** Recognitions of a certificate, each with `valid` computed now (void once the certificate is not). */
  @Transaction(false)
  @Returns('string')
  public async ListByCertificate(ctx: Context, certificateId: string): Promise<string> {
    const cert = await loadCertificate(ctx, certificateId);
    return canonicalJson(viewRecognitions(await listRecognitions(ctx, cert.id), cert, txTimeIso(ctx)));
  }

  /** One recognition by its id `<certificate id>@<registry MSP>`. */
  @Transaction(false)
  @Returns('string')
  public async GetRecognition(ctx: Context, id: string): Promise<string> {
    const at = id.lastIndexOf('@');
    if (at <= 0) throw invalid('a recognition id is <certificate id>@<registry MSP id>');
    const recognition = await readJson<Recognition>(ctx, recognitionKey(ctx.stub, id.slice(0, at), id.slice(at + 1)));
    if (!recognition) throw notFound(`recognition ${id} does not exist`);
    const cert = await findCertificate(ctx, recognition.certificateId);
    const [view] = viewRecognitions([recognition], cert, txTimeIso(ctx));
    return canonicalJson(view);
  }

  private async asRegistrar(ctx: Context, id: string): Promise<{ agreement: Agreement; caller: ReturnType<typeof getCaller> }> {
    const consortium = await loadConsortium(ctx);
    const caller = getCaller(ctx);
    enforce(mayActAsAnyRegistrar(caller, consortium));
    return { agreement: await loadAgreement(ctx, id), caller };
  }

  private async save(ctx: Context, event: string, agreement: Agreement): Promise<string> {
    const after: Agreement = { ...agreement, lastTxId: ctx.stub.getTxID(), updatedAt: txTimeIso(ctx) };
    await putJson(ctx, agreementKey(ctx.stub, after.id), after);
    return emit(ctx, event, after);
  }
}

async function loadAgreement(ctx: Context, id: string): Promise<Agreement> {
  if (!AGREEMENT_ID.test(id)) throw invalid(`${id} is not an agreement id`);
  const agreement = await readJson<Agreement>(ctx, agreementKey(ctx.stub, id));
  if (!agreement) throw notFound(`agreement ${id} does not exist`);
  return agreement;
}

function emit(ctx: Context, event: string, record: object): string {
  ctx.stub.setEvent(event, canonicalBytes(record));
  return canonicalJson(record);
}
