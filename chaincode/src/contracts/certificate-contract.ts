/**
 * Certificate: registration of a data asset (数据资产登记凭证) from application to issue,
 * and its life after issue (evidence, 变更, right transfer, 续展, 注销, 撤销), with public
 * verification by id or query code (查询码), and the judicial freezes (司法冻结) the regulator
 * records and lifts on a court order. Encumbrances (model/encumbrance.ts) are records beside the
 * certificate; the operations they block ask rules/encumbrance.ts before they write.
 *
 * Id allocation, and why. A certificate id is `<city>-<year>-<6-digit serial>` per registry.
 * A counter key read and written by every Apply would make all but one of the applications
 * in a block fail MVCC validation, so Apply never touches a shared key: it stores the
 * application under an id derived from its tx id (`<city>-<year>-A<10 base32>`, unique
 * because tx ids are). The serial is allocated when the registrar approves the application
 * (Review), from a counter per registry and year that only that registry's registrars write —
 * one writer per registry, who reviews one application at a time. The record moves to its
 * certificate id and the application key keeps an alias, so the application id stays a valid
 * handle for every transaction and query. Rejected applications consume no serial, so
 * serials have no gaps. Two reviews at one registry in the same block would conflict on the
 * counter; the gateway's bounded MVCC retry covers that rare case.
 */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContract } from './ledger-contract';
import { canonicalJson } from '../canonical-json';
import { QUERY_CODE_PATTERN, applicationIdFor, certificateIdFor, objectionIdFor, queryCodeFor } from '../codes';
import { LedgerContext } from '../context';
import { conflict, invalid, notFound } from '../errors';
import { valuationKey } from '../keys';
import { emit } from '../events';
import { Caller, actorOf } from '../identity';
import {
  Certificate,
  DEFAULT_TERM_YEARS,
  Evidence,
  ValuationAmount,
  Objection,
  ParentGrant,
  VersionChange,
  holderOf,
  parseApplication,
  parseCertificateFilter,
  parseChange,
  parseEvidence,
  parseObjection,
  parseObjectionRequester,
  parseReason,
  parseResolution,
  parseReviewDecision,
  parseTransfer,
  parseValuationAmount,
  holdersOf,
} from '../model/certificate';
import { commitmentOf, confidentialInput } from '../model/confidential';
import { putConfidential, readConfidential } from '../store/confidential';
import { Consortium, DEFAULT_PUBLICITY_DAYS } from '../model/consortium';
import { EncumberedOperation, Encumbrance, parseFreezeRequest, parseLiftRequest } from '../model/encumbrance';
import type { Grant } from '../model/grant';
import { parseJsonObject, parseOptionalJsonObject } from '../model/request';
import { Verification, unknownCertificate, verificationOf } from '../model/verification';
import {
  mayActAsAppraiser,
  mayActAsAppraiserOf,
  mayActAsEntity,
  mayActAsRegistrarOf,
  mayActAsRegulator,
  mayActAsSupervisor,
  mayApply,
  mayReadConfidential,
  mayReadLifecycle,
  mayVouchForEntity,
} from '../rules/authorization';
import {
  applicantNamedInRights,
  canAddEvidence,
  canCancel,
  canChange,
  canDeriveFrom,
  canIssue,
  canRaiseObjection,
  canRenew,
  canResolveObjection,
  canReview,
  canRevoke,
  canStartReview,
  canTransferRight,
  effectiveStatus,
  fingerprintAvailable,
  gradePolicy,
  principalHolder,
  requiredEndorsers,
} from '../rules/certificate';
import { canEncumber, canLiftFreeze, unencumberedFor } from '../rules/encumbrance';
import { eitherOf, enforce } from '../rules/result';
import {
  allocateSerial,
  certificateHistory,
  certificateIdByQueryCode,
  claimQueryCode,
  createObjection,
  findCertificate,
  findObjection,
  fingerprintHolder,
  listCertificates,
  listObjections,
  loadCertificate,
  saveCertificate,
  saveObjection,
} from '../store/certificates';
import { activeEncumbrances, openEncumbrance, findEncumbrance, saveEncumbrance } from '../store/encumbrances';
import { grantsOfAssetTo, processingGrantOf, recheckParentGrants } from '../store/grants';
import { parsePageSize } from '../store/paging';
import { listRecognitions, viewRecognitions } from '../store/recognitions';
import { listEncumbrances } from '../store/encumbrances';
import { provenanceOf } from '../store/provenance';
import { activePledgees, mayReadProvenance } from '../rules/provenance';
import { mayActAsBankOf } from '../rules/pledge';
import { mayAskForValuations, mayReadGrantActivity, mayReadOrder, mayReadPledge } from '../rules/read-access';
import { findPledge, pledgeIdsOf, pledgeeOf } from '../store/pledges';
import { ordersOfCertificate } from '../store/market';
import type { Order } from '../model/market';
import type { Pledge } from '../model/pledge';
import { addDays, addYears, yearOf } from '../time';

/** SHA-256(salt ‖ canonical JSON {contact, name?}) of the requester an objection is raised for, from transient data. */
function requesterContactHash(ctx: LedgerContext): string {
  const { value, salt } = confidentialInput(ctx.stub.getTransient());
  return commitmentOf(salt, parseObjectionRequester(value));
}

@Info({ title: 'Certificate', description: 'Data-asset registration certificates (数据资产登记凭证)' })
export class CertificateContract extends LedgerContract {
  constructor() {
    super('Certificate');
  }

  /** 登记申请 by a holder/operator enrolled at the registry; status `applied`. */
  @Transaction()
  @Returns('string')
  public async Apply(ctx: LedgerContext, requestJson: string): Promise<string> {
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    const request = parseApplication(parseJsonObject(requestJson, 'request'));
    enforce(mayApply(caller, request.registry, consortium));
    const entity = caller.entity ?? '';
    enforce(applicantNamedInRights(request.rights, entity));
    enforce(gradePolicy(request.grade, request.source));
    enforce(fingerprintAvailable(request.fingerprint, await fingerprintHolder(ctx, request.fingerprint)));
    const now = ctx.now;
    const parentGrants: ParentGrant[] = [];
    for (const parentId of request.parents) {
      const parent = await findCertificate(ctx, parentId);
      const grant = parent && holderOf(parent, 'processing') !== entity ? await processingGrantOf(ctx, parent, entity, now) : undefined;
      enforce(canDeriveFrom(parentId, parent, entity, now, grant?.id));
      if (parent && grant) parentGrants.push({ certificateId: parent.id, grantId: grant.id });
    }

    const org = consortium.org(request.registry);
    const cityCode = org?.cityCode ?? '';
    const txId = ctx.txId;
    const id = applicationIdFor(txId, cityCode, yearOf(now));
    const cert: Certificate = {
      docType: 'certificate',
      id,
      applicationId: id,
      cityCode,
      ...request,
      applicant: actorOf(caller),
      status: 'applied',
      version: 1,
      appliedAt: now,
      termYears: DEFAULT_TERM_YEARS,
      evidence: [],
      ...(parentGrants.length > 0 ? { parentGrants } : {}),
      endorsingOrgs: requiredEndorsers(request.registry, request.grade, consortium.regulatorMspId()),
      createdTxId: txId,
      lastTxId: txId,
      lastAction: 'Apply',
      updatedAt: now,
    };
    await saveCertificate(ctx, undefined, cert);
    return emit(ctx, 'CertificateApplied', cert);
  }

  /** The registrar takes the application into review (受理); optional, Review also accepts `applied`. */
  @Transaction()
  @Returns('string')
  public async StartReview(ctx: LedgerContext, id: string): Promise<string> {
    const { cert } = await this.asRegistrar(ctx, id);
    enforce(canStartReview(cert));
    return this.update(ctx, cert, 'StartReview', 'CertificateUnderReview', { status: 'under_review' });
  }

  /**
   * 审核: approve → `publicizing` with `publicityEndsAt` (0–30 days, default the registry's),
   * allocating the certificate id; or reject → `rejected`.
   */
  @Transaction()
  @Returns('string')
  public async Review(ctx: LedgerContext, id: string, decisionJson: string): Promise<string> {
    const { cert, caller, consortium } = await this.asRegistrar(ctx, id);
    const decision = parseReviewDecision(parseJsonObject(decisionJson, 'decision'));
    enforce(canReview(cert));
    const now = ctx.now;
    if (decision.decision === 'reject') {
      return this.update(ctx, cert, 'Review', 'CertificateRejected', {
        status: 'rejected',
        reviewedAt: now,
        ...(decision.comment !== undefined ? { reviewComment: decision.comment } : {}),
        closure: { kind: 'rejected', reason: decision.comment ?? 'rejected at review', at: now, by: actorOf(caller), txId: ctx.txId },
      });
    }
    const year = yearOf(now);
    const serial = await allocateSerial(ctx, cert.cityCode, year);
    const days = decision.publicityDays ?? consortium.org(cert.registry)?.publicityDays ?? DEFAULT_PUBLICITY_DAYS;
    return this.update(ctx, cert, 'Review', 'CertificatePublicized', {
      id: certificateIdFor(cert.cityCode, year, serial),
      status: 'publicizing',
      reviewedAt: now,
      ...(decision.comment !== undefined ? { reviewComment: decision.comment } : {}),
      publicityDays: days,
      publicityEndsAt: addDays(now, days),
    });
  }

  /** 异议 by anyone during publicity; blocks issue until the registrar resolves it. */
  @Transaction()
  @Returns('string')
  public async RaiseObjection(ctx: LedgerContext, id: string, objectionJson: string): Promise<string> {
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    if (!consortium.org(caller.mspId)) throw invalid(`${caller.mspId} is not a member of the consortium`);
    const { onBehalf, ...request } = parseObjection(parseJsonObject(objectionJson, 'objection'));
    const cert = await loadCertificate(ctx, id);
    // on behalf of someone outside the consortium: a registrar of the application's registry, keeping only the contact's salted hash
    if (onBehalf === true) enforce(mayActAsRegistrarOf(caller, cert.registry, consortium));
    const now = ctx.now;
    enforce(canRaiseObjection(cert, now));
    const txId = ctx.txId;
    const objection: Objection = {
      docType: 'objection',
      id: objectionIdFor(txId),
      certificateId: cert.id,
      ...request,
      ...(onBehalf === true ? { onBehalfOf: { contactHash: requesterContactHash(ctx) } } : {}),
      // anyone may object, but an objection names an entity only when the caller's registry vouches for it
      raisedBy: mayVouchForEntity(caller.mspId, caller.entity, consortium).allowed ? actorOf(caller) : { mspId: caller.mspId, id: caller.id },
      raisedAt: now,
      status: 'open',
      txId,
    };
    await createObjection(ctx, objection, cert.endorsingOrgs);
    return emit(ctx, 'ObjectionRaised', objection);
  }

  /** The registrar resolves an objection: upheld → the registration is rejected; dismissed → issue may proceed. */
  @Transaction()
  @Returns('string')
  public async ResolveObjection(ctx: LedgerContext, id: string, objectionId: string, resolutionJson: string): Promise<string> {
    const { cert, caller } = await this.asRegistrar(ctx, id);
    const resolution = parseResolution(parseJsonObject(resolutionJson, 'resolution'));
    const objection = await findObjection(ctx, cert.id, objectionId);
    enforce(canResolveObjection(cert, objection, objectionId));
    const now = ctx.now;
    const txId = ctx.txId;
    const resolved: Objection = {
      ...(objection as Objection),
      status: resolution.upheld ? 'upheld' : 'dismissed',
      resolution: { ...(resolution.comment !== undefined ? { comment: resolution.comment } : {}), by: actorOf(caller), at: now, txId },
    };
    await saveObjection(ctx, resolved);
    let certificateStatus = cert.status as string;
    if (resolution.upheld) {
      const after = this.next(ctx, cert, 'ResolveObjection', {
        status: 'rejected',
        closure: { kind: 'rejected', reason: `objection ${objectionId} upheld${resolution.comment ? `: ${resolution.comment}` : ''}`, at: now, by: actorOf(caller), txId },
      });
      await saveCertificate(ctx, cert, after);
      certificateStatus = after.status;
    }
    return emit(ctx, 'ObjectionResolved', { ...resolved, certificateStatus });
  }

  /** 发证 after the publicity period has ended (by ledger time) with no open objection. */
  @Transaction()
  @Returns('string')
  public async Issue(ctx: LedgerContext, id: string): Promise<string> {
    const { cert } = await this.asRegistrar(ctx, id);
    const now = ctx.now;
    const open = (await listObjections(ctx, cert.id)).filter((o) => o.status === 'open').length;
    enforce(canIssue(cert, now, open));
    enforce(await recheckParentGrants(ctx, cert, now));
    const queryCode = queryCodeFor(ctx.txId, cert.id);
    await claimQueryCode(ctx, queryCode, cert.id);
    return this.update(ctx, cert, 'Issue', 'CertificateIssued', {
      status: 'issued',
      issuedAt: now,
      expiresAt: addYears(now, cert.termYears),
      queryCode,
    });
  }

  /** Compliance, quality or valuation report (hash) filed by an appraiser firm. */
  @Transaction()
  @Returns('string')
  public async AddEvidence(ctx: LedgerContext, id: string, evidenceJson: string): Promise<string> {
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    enforce(mayActAsAppraiser(caller, consortium));
    const request = parseEvidence(parseJsonObject(evidenceJson, 'evidence'));
    const cert = await loadCertificate(ctx, id);
    enforce(canAddEvidence(cert));
    const now = ctx.now;
    const entry: Evidence = { ...request, appraiser: actorOf(caller), addedAt: now, txId: ctx.txId };
    if (request.kind === 'valuation') {
      // the amount is private data of the issuing registry, the appraiser firm and the regulator; the record keeps the commitment
      const { value, salt } = confidentialInput(ctx.stub.getTransient());
      const holders = [cert.registry, caller.mspId, consortium.regulatorMspId()];
      entry.valuation = await putConfidential(ctx, valuationKey(ctx.stub, cert.id, cert.evidence.length), holders, parseValuationAmount(value), salt);
    }
    return this.update(ctx, cert, 'AddEvidence', 'EvidenceAdded', { evidence: [...cert.evidence, entry] });
  }

  /**
   * A valuation's confidential amount, with the salt that opens its commitment, read from the
   * caller's own organisation's peer: for the issuing registry's registrars, the enterprises
   * holding a right on the asset (through that registry), the appraiser firm that filed it, and
   * the regulator's regulators and auditors. `index` is the valuation's place in `evidence`.
   */
  @Transaction(false)
  @Returns('string')
  public async Valuation(ctx: LedgerContext, id: string, index: string): Promise<string> {
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    const cert = await loadCertificate(ctx, id);
    const holders = holdersOf(cert.rights);
    enforce(mayAskForValuations(caller, { registry: cert.registry, holders, appraisers: cert.evidence.map((e) => e.appraiser.mspId) }, consortium));
    const position = /^\d{1,4}$/.test(index) ? Number(index) : -1;
    const evidence = cert.evidence[position];
    if (!evidence) throw notFound(`certificate ${cert.id} has no evidence entry ${index}`);
    const ref = evidence.valuation;
    if (!ref) throw notFound(`evidence entry ${index} of ${cert.id} is a ${evidence.kind} report, which has no confidential amount`);
    enforce(
      mayReadConfidential(caller, ref.holders, [
        mayActAsRegistrarOf(caller, cert.registry, consortium),
        ...holders.map((holder) => mayActAsEntity(caller, holder, consortium)),
        mayActAsAppraiserOf(caller, evidence.appraiser.mspId, consortium),
        mayActAsSupervisor(caller, consortium),
      ]),
    );
    const copy = await readConfidential<ValuationAmount>(ctx, ref, caller.mspId);
    return canonicalJson({ certificateId: cert.id, index: position, kind: evidence.kind, reportHash: evidence.reportHash, method: evidence.method, amount: copy.value.amount, salt: copy.salt, commitment: ref.commitment, holders: ref.holders });
  }

  /** 变更 recorded by the registrar as a new version (name, description, category, grade, personal-info flag, metadata). */
  @Transaction()
  @Returns('string')
  public async Change(ctx: LedgerContext, id: string, changeJson: string): Promise<string> {
    const { cert, caller, consortium } = await this.asRegistrar(ctx, id);
    const change = parseChange(parseJsonObject(changeJson, 'change'));
    const now = ctx.now;
    enforce(canChange(cert, change, now));
    await this.refuseIfEncumbered(ctx, cert, 'change');
    const { reason, ...fields } = change;
    const grade = fields.grade ?? cert.grade;
    const lastChange: VersionChange = {
      kind: 'change',
      version: cert.version + 1,
      reason,
      fields: Object.keys(fields).sort(),
      at: now,
      by: actorOf(caller),
      txId: ctx.txId,
    };
    return this.update(ctx, cert, 'Change', 'CertificateChanged', {
      ...fields,
      version: cert.version + 1,
      lastChange,
      endorsingOrgs: requiredEndorsers(cert.registry, grade, consortium.regulatorMspId()),
    });
  }

  /** 权利转移: the registrar moves one right (三权分置) to another entity, as a new version. */
  @Transaction()
  @Returns('string')
  public async TransferRight(ctx: LedgerContext, id: string, transferJson: string): Promise<string> {
    const { cert, caller } = await this.asRegistrar(ctx, id);
    const transfer = parseTransfer(parseJsonObject(transferJson, 'transfer'));
    const now = ctx.now;
    enforce(canTransferRight(cert, transfer, now));
    await this.refuseIfEncumbered(ctx, cert, 'transfer');
    // a pledge asked of a bank must find, when the bank accepts, the asset its pledgor asked with
    const pledgee = await pledgeeOf(ctx, cert.id);
    if (pledgee !== undefined) throw conflict(`certificate ${cert.id} has a pledge pending with ${pledgee}; its pledgor withdraws it, or the bank declines it, before a right moves`);
    const from = cert.rights.find((r) => r.type === transfer.right)?.holder;
    const rights = cert.rights.map((r) => (r.type === transfer.right ? { type: r.type, holder: transfer.to } : r));
    const lastChange: VersionChange = {
      kind: 'transfer',
      version: cert.version + 1,
      ...(transfer.reason !== undefined ? { reason: transfer.reason } : {}),
      right: transfer.right,
      ...(from !== undefined ? { from } : {}),
      to: transfer.to,
      at: now,
      by: actorOf(caller),
      txId: ctx.txId,
    };
    return this.update(ctx, cert, 'TransferRight', 'RightTransferred', { rights, version: cert.version + 1, lastChange });
  }

  /** 续展: in the last 90 days before the term lapses (RENEWAL_WINDOW_DAYS), extend it by another term from the current expiry. */
  @Transaction()
  @Returns('string')
  public async Renew(ctx: LedgerContext, id: string): Promise<string> {
    const { cert } = await this.asRegistrar(ctx, id);
    const now = ctx.now;
    enforce(canRenew(cert, now));
    await this.refuseIfEncumbered(ctx, cert, 'renewal');
    return this.update(ctx, cert, 'Renew', 'CertificateRenewed', {
      expiresAt: addYears(cert.expiresAt ?? now, cert.termYears),
      renewedAt: now,
    });
  }

  /** 注销 at the request of the holder (the entity holding the holding right). */
  @Transaction()
  @Returns('string')
  public async Cancel(ctx: LedgerContext, id: string, requestJson: string): Promise<string> {
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    const reason = parseReason(parseOptionalJsonObject(requestJson, 'request'));
    const cert = await loadCertificate(ctx, id);
    enforce(mayActAsEntity(caller, principalHolder(cert), consortium));
    enforce(canCancel(cert));
    await this.refuseIfEncumbered(ctx, cert, 'cancellation');
    const now = ctx.now;
    return this.update(ctx, cert, 'Cancel', 'CertificateCancelled', {
      status: 'cancelled',
      closure: { kind: 'cancelled', reason, at: now, by: actorOf(caller), txId: ctx.txId },
    });
  }

  /** 撤销 by a registrar of the issuing registry or by the regulator. */
  @Transaction()
  @Returns('string')
  public async Revoke(ctx: LedgerContext, id: string, requestJson: string): Promise<string> {
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    const reason = parseReason(parseOptionalJsonObject(requestJson, 'request'));
    const cert = await loadCertificate(ctx, id);
    enforce(eitherOf(mayActAsRegistrarOf(caller, cert.registry, consortium), mayActAsRegulator(caller, consortium), `only a registrar of ${cert.registry} or the regulator may revoke`));
    enforce(canRevoke(cert));
    const now = ctx.now;
    return this.update(ctx, cert, 'Revoke', 'CertificateRevoked', {
      status: 'revoked',
      closure: { kind: 'revoked', reason, at: now, by: actorOf(caller), txId: ctx.txId },
    });
  }

  /**
   * 司法冻结 recorded by the regulator on a court order (`{court, reference, reason?}`): a
   * `judicial_freeze` encumbrance beside the certificate, which keeps its status. Several may
   * coexist (two courts, or a freeze over a pledge); each is lifted on its own.
   */
  @Transaction()
  @Returns('string')
  public async Freeze(ctx: LedgerContext, id: string, requestJson: string): Promise<string> {
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    enforce(mayActAsRegulator(caller, consortium));
    const request = parseFreezeRequest(parseJsonObject(requestJson, 'request'));
    const cert = await loadCertificate(ctx, id);
    enforce(canEncumber(cert));
    const encumbrance = await openEncumbrance(ctx, cert, {
      kind: 'judicial_freeze',
      holder: request.court,
      reference: request.reference,
      ...(request.reason !== undefined ? { reason: request.reason } : {}),
    });
    return emit(ctx, 'CertificateFrozen', encumbrance);
  }

  /** 解除冻结 by the regulator on the lifting order (`{reference, reason?}`): lifts that one freeze, no other encumbrance. */
  @Transaction()
  @Returns('string')
  public async Unfreeze(ctx: LedgerContext, id: string, encumbranceId: string, requestJson: string): Promise<string> {
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    enforce(mayActAsRegulator(caller, consortium));
    const request = parseLiftRequest(parseJsonObject(requestJson, 'request'));
    const cert = await loadCertificate(ctx, id);
    const encumbrance = await findEncumbrance(ctx, cert.id, encumbranceId);
    enforce(canLiftFreeze(cert.id, encumbrance, encumbranceId));
    const now = ctx.now;
    const txId = ctx.txId;
    const lifted: Encumbrance = {
      ...(encumbrance as Encumbrance),
      status: 'lifted',
      lifted: { ...request, at: now, by: actorOf(caller), txId },
      lastTxId: txId,
      updatedAt: now,
    };
    await saveEncumbrance(ctx, lifted);
    return emit(ctx, 'CertificateUnfrozen', lifted);
  }

  /** The full record (consortium members), with its objections and `effectiveStatus` at query time. */
  @Transaction(false)
  @Returns('string')
  public async Get(ctx: LedgerContext, id: string): Promise<string> {
    const cert = await loadCertificate(ctx, id);
    const now = ctx.now;
    const objections = await listObjections(ctx, cert.id);
    const recognitions = viewRecognitions(await listRecognitions(ctx, cert.id), cert, now);
    return canonicalJson({ ...cert, effectiveStatus: effectiveStatus(cert, now), objections, recognitions });
  }

  /**
   * Paged list through one composite-key index: `filterJson` `{registry?, holder?, status?, category?}`.
   * The most selective given filter (holder, registry, status, category) drives the range and
   * the others are applied to the page, so a page may hold fewer than `pageSize` items; follow
   * `bookmark` until it is empty.
   */
  @Transaction(false)
  @Returns('string')
  public async List(ctx: LedgerContext, filterJson: string, pageSize: string, bookmark: string): Promise<string> {
    const filter = parseCertificateFilter(parseOptionalJsonObject(filterJson, 'filter'));
    return canonicalJson(await listCertificates(ctx, filter, parsePageSize(pageSize), bookmark));
  }

  /** Public verification by query code (查询码): the same non-personal facts as Verification. */
  @Transaction(false)
  @Returns('string')
  public async GetByQueryCode(ctx: LedgerContext, code: string): Promise<string> {
    const normalised = code.trim().toUpperCase();
    if (!QUERY_CODE_PATTERN.test(normalised)) throw invalid('a query code is 10 characters of Crockford base32');
    const id = await certificateIdByQueryCode(ctx, normalised);
    if (id === undefined) throw notFound(`query code ${normalised} is unknown`);
    return canonicalJson(await this.verification(ctx, id));
  }

  /** Public verification: exists, status, valid (issued and in term by ledger time), issuer, fingerprint, recognitions. */
  @Transaction(false)
  @Returns('string')
  public async Verification(ctx: LedgerContext, id: string): Promise<string> {
    return canonicalJson(await this.verification(ctx, id));
  }

  /** Every version of the record (newest first), including the application before it got its certificate id. */
  @Transaction(false)
  @Returns('string')
  public async History(ctx: LedgerContext, id: string): Promise<string> {
    const cert = await loadCertificate(ctx, id);
    return canonicalJson(await certificateHistory(ctx, cert));
  }

  /**
   * The provenance of a certificate for its dossier (store/provenance.ts): every version,
   * evidence entry, upstream source, recognition, grant, trade and encumbrance, each as the
   * write of one key by one transaction. For a holder of a right on it, its pledgee bank and
   * the regulator's auditors and regulators (rules/provenance.ts); anyone else is FORBIDDEN.
   */
  @Transaction(false)
  @Returns('string')
  public async Provenance(ctx: LedgerContext, id: string): Promise<string> {
    const consortium = await ctx.consortium();
    const cert = await loadCertificate(ctx, id);
    const encumbrances = await listEncumbrances(ctx, cert.id);
    // a bank reads the dossier before it accepts a pledge (pending) and while it holds it (active)
    const pending = await pledgeeOf(ctx, cert.id);
    const pledgees = [...new Set([...activePledgees(encumbrances), ...(pending ? [pending] : [])])].sort();
    enforce(mayReadProvenance(ctx.caller, cert, pledgees, consortium));
    // a grant's versions are its parties' (rules/read-access.ts); anyone else sees the grant as it is now
    const mayReadVersions = (grant: Grant): boolean => mayReadGrantActivity(ctx.caller, grant, consortium).allowed;
    // an order and its settlement are its parties' (Market:GetOrder's rule) and the pledgee bank's, whose dossier the
    // pledgor opened to it by asking for the pledge; a right holder who is no party does not see them; the listing is public
    const isPledgee = pledgees.some((bank) => mayActAsBankOf(ctx.caller, bank, consortium).allowed);
    const mayReadTheOrder = (order: Order): boolean => isPledgee || mayReadOrder(ctx.caller, order, cert.registry, consortium).allowed;
    return canonicalJson(await provenanceOf(ctx, cert, encumbrances, mayReadVersions, mayReadTheOrder));
  }

  /**
   * May the caller read this certificate's lifecycle (auditor, issuing registrar, right holder)?
   * The gateway serves the lifecycle from its read model of committed blocks only after this
   * answers; the answer names the certificate and the application id it had before approval.
   */
  @Transaction(false)
  @Returns('string')
  public async LifecycleAccess(ctx: LedgerContext, id: string): Promise<string> {
    const consortium = await ctx.consortium();
    const cert = await loadCertificate(ctx, id);
    enforce(mayReadLifecycle(ctx.caller, cert.registry, holdersOf(cert.rights), consortium));
    // a right holder who is no party to a grant (a sub-licence, another holder's licence) reads neither its uses nor its versions there
    const grants = await grantsOfAssetTo(ctx, cert.id);
    const unreadableGrants = grants.filter((g) => !mayReadGrantActivity(ctx.caller, g, consortium).allowed).map((g) => g.id);
    // and its orders and pledges are their parties' (Market:GetOrder's and Pledge:Get's rules): their steps are left out too
    const orders = await ordersOfCertificate(ctx, cert.id);
    const unreadableOrders = orders.filter((o) => !mayReadOrder(ctx.caller, o, cert.registry, consortium).allowed).map((o) => o.id);
    const pledges: Pledge[] = [];
    for (const pledgeId of await pledgeIdsOf(ctx, cert.id)) {
      const pledge = await findPledge(ctx, pledgeId);
      if (pledge) pledges.push(pledge);
    }
    const unreadablePledges = pledges.filter((p) => !mayReadPledge(ctx.caller, p, consortium).allowed).map((p) => p.id);
    return canonicalJson({ id: cert.id, applicationId: cert.applicationId, registry: cert.registry, unreadableGrants, unreadableRecords: [...unreadableOrders, ...unreadablePledges] });
  }

  /** The public view: the consortium is read only for a certificate that exists (its issuer's names). */
  private async verification(ctx: LedgerContext, id: string): Promise<Verification> {
    const checkedAt = ctx.now;
    const cert = await findCertificate(ctx, id.trim());
    if (!cert) return unknownCertificate(id, checkedAt);
    const consortium = await ctx.consortium();
    const recognitions = viewRecognitions(await listRecognitions(ctx, cert.id), cert, checkedAt);
    return verificationOf(cert, consortium.org(cert.registry), recognitions, await activeEncumbrances(ctx, cert.id), checkedAt, (mspId) => consortium.org(mspId));
  }

  private async asRegistrar(ctx: LedgerContext, id: string): Promise<{ cert: Certificate; caller: Caller; consortium: Consortium }> {
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    const cert = await loadCertificate(ctx, id);
    enforce(mayActAsRegistrarOf(caller, cert.registry, consortium));
    return { cert, caller, consortium };
  }

  /** The one call every blocked operation makes: its certificate's active encumbrances against ENCUMBRANCE_BLOCKS. */
  private async refuseIfEncumbered(ctx: LedgerContext, cert: Certificate, operation: EncumberedOperation): Promise<void> {
    enforce(unencumberedFor(cert.id, await activeEncumbrances(ctx, cert.id), operation));
  }

  private next(ctx: LedgerContext, cert: Certificate, action: string, patch: Partial<Certificate>): Certificate {
    return { ...cert, ...patch, lastAction: action, lastTxId: ctx.txId, updatedAt: ctx.now };
  }

  private async update(ctx: LedgerContext, cert: Certificate, action: string, event: string, patch: Partial<Certificate>): Promise<string> {
    const after = this.next(ctx, cert, action, patch);
    await saveCertificate(ctx, cert, after);
    return emit(ctx, event, after);
  }
}
