/**
 * Certificate: registration of a data asset (数据资产登记凭证) from application to issue,
 * and its life after issue (evidence, 变更, right transfer, 续展, 注销, 撤销), with public
 * verification by id or query code (查询码).
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
import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import { applicationIdFor, certificateIdFor, QUERY_CODE_PATTERN, queryCodeFor, objectionIdFor } from '../codes';
import { canonicalBytes, canonicalJson } from '../canonical-json';
import { conflict, invalid, notFound } from '../errors';
import { Caller, actorOf, getCaller } from '../identity';
import { ObjectType, certificateKey, objectionKey, queryCodeKey, serialKey } from '../keys';
import {
  Certificate,
  DEFAULT_TERM_YEARS,
  Objection,
  ParentGrant,
  STATUSES,
  VersionChange,
  holderOf,
  parseApplication,
  parseChange,
  parseEvidence,
  parseObjection,
  parseReason,
  parseResolution,
  parseReviewDecision,
  parseTransfer,
} from '../model/certificate';
import { DEFAULT_PUBLICITY_DAYS, Consortium } from '../model/consortium';
import { JsonObject, parseJsonObject, parseOptionalJsonObject } from '../model/request';
import { mayActAsAppraiser, mayActAsEntity, mayActAsRegistrarOf, mayActAsRegulator, mayApply, mayVouchForEntity } from '../rules/authorization';
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
  isCertificateValid,
  principalHolder,
  requiredEndorsers,
} from '../rules/certificate';
import { RuleResult, enforce, refuse, ALLOW } from '../rules/result';
import {
  findCertificate,
  findObjection,
  fingerprintHolder,
  listObjections,
  loadCertificate,
  saveCertificate,
} from '../store/certificates';
import { parseKeyAttribute, parsePageSize, readIndexPage } from '../store/paging';
import { processingGrantOf, recheckParentGrants } from '../store/grants';
import { historyOf } from '../store/history';
import { listRecognitions, viewRecognitions } from '../store/recognitions';
import { exists, loadConsortium, putJson, readJson, setKeyEndorsers } from '../state';
import { addDays, addYears, txTimeIso, yearOf } from '../time';

/** Public verification answer: facts anyone may see, nothing personal (no holders, no applicant). */
export interface Verification {
  id: string;
  exists: boolean;
  valid: boolean;
  status?: string;
  pledged?: boolean;
  issuer?: { mspId: string; cityCode: string; name?: string; nameZh?: string };
  assetType?: string;
  fingerprint?: string;
  issuedAt?: string;
  expiresAt?: string;
  version?: number;
  recognitions?: { registry: string; recognisedAt: string; valid: boolean; txId: string }[];
  txId?: string;
  checkedAt: string;
}

@Info({ title: 'Certificate', description: 'Data-asset registration certificates (数据资产登记凭证)' })
export class CertificateContract extends Contract {
  constructor() {
    super('Certificate');
  }

  /** 登记申请 by a holder/operator enrolled at the registry; status `applied`. */
  @Transaction()
  @Returns('string')
  public async Apply(ctx: Context, requestJson: string): Promise<string> {
    const consortium = await loadConsortium(ctx);
    const caller = getCaller(ctx);
    const request = parseApplication(parseJsonObject(requestJson, 'request'));
    enforce(mayApply(caller, request.registry, consortium));
    const entity = caller.entity ?? '';
    enforce(applicantNamedInRights(request.rights, entity));
    enforce(gradePolicy(request.grade, request.source));
    enforce(fingerprintAvailable(request.fingerprint, await fingerprintHolder(ctx, request.fingerprint)));
    const now = txTimeIso(ctx);
    const parentGrants: ParentGrant[] = [];
    for (const parentId of request.parents) {
      const parent = await findCertificate(ctx, parentId);
      const grant = parent && holderOf(parent, 'processing') !== entity ? await processingGrantOf(ctx, parent, entity, now) : undefined;
      enforce(canDeriveFrom(parentId, parent, entity, now, grant?.id));
      if (parent && grant) parentGrants.push({ certificateId: parent.id, grantId: grant.id });
    }

    const org = consortium.org(request.registry);
    const cityCode = org?.cityCode ?? '';
    const txId = ctx.stub.getTxID();
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
    return this.emitRecord(ctx, 'CertificateApplied', cert);
  }

  /** The registrar takes the application into review (受理); optional, Review also accepts `applied`. */
  @Transaction()
  @Returns('string')
  public async StartReview(ctx: Context, id: string): Promise<string> {
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
  public async Review(ctx: Context, id: string, decisionJson: string): Promise<string> {
    const { cert, caller, consortium } = await this.asRegistrar(ctx, id);
    const decision = parseReviewDecision(parseJsonObject(decisionJson, 'decision'));
    enforce(canReview(cert));
    const now = txTimeIso(ctx);
    if (decision.decision === 'reject') {
      return this.update(ctx, cert, 'Review', 'CertificateRejected', {
        status: 'rejected',
        reviewedAt: now,
        ...(decision.comment !== undefined ? { reviewComment: decision.comment } : {}),
        closure: { kind: 'rejected', reason: decision.comment ?? 'rejected at review', at: now, by: actorOf(caller), txId: ctx.stub.getTxID() },
      });
    }
    const year = yearOf(now);
    const counterKey = serialKey(ctx.stub, cert.cityCode, year);
    const counter = (await readJson<{ last: number }>(ctx, counterKey)) ?? { last: 0 };
    const serial = counter.last + 1;
    await putJson(ctx, counterKey, { last: serial });
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
  public async RaiseObjection(ctx: Context, id: string, objectionJson: string): Promise<string> {
    const consortium = await loadConsortium(ctx);
    const caller = getCaller(ctx);
    if (!consortium.org(caller.mspId)) throw invalid(`${caller.mspId} is not a member of the consortium`);
    const request = parseObjection(parseJsonObject(objectionJson, 'objection'));
    const cert = await loadCertificate(ctx, id);
    const now = txTimeIso(ctx);
    enforce(canRaiseObjection(cert, now));
    const txId = ctx.stub.getTxID();
    const objection: Objection = {
      docType: 'objection',
      id: objectionIdFor(txId),
      certificateId: cert.id,
      ...request,
      // anyone may object, but an objection names an entity only when the caller's registry vouches for it
      raisedBy: mayVouchForEntity(caller.mspId, caller.entity, consortium).allowed ? actorOf(caller) : { mspId: caller.mspId, id: caller.id },
      raisedAt: now,
      status: 'open',
      txId,
    };
    // A separate key, not a field of the certificate: raising needs no registry endorsement,
    // and Issue's range read over these keys fails (phantom read) if one appears concurrently.
    const key = objectionKey(ctx.stub, cert.id, objection.id);
    await putJson(ctx, key, objection);
    await setKeyEndorsers(ctx, key, cert.endorsingOrgs);
    return this.emitRecord(ctx, 'ObjectionRaised', objection);
  }

  /** The registrar resolves an objection: upheld → the registration is rejected; dismissed → issue may proceed. */
  @Transaction()
  @Returns('string')
  public async ResolveObjection(ctx: Context, id: string, objectionId: string, resolutionJson: string): Promise<string> {
    const { cert, caller } = await this.asRegistrar(ctx, id);
    const resolution = parseResolution(parseJsonObject(resolutionJson, 'resolution'));
    const objection = await findObjection(ctx, cert.id, objectionId);
    enforce(canResolveObjection(cert, objection, objectionId));
    const now = txTimeIso(ctx);
    const txId = ctx.stub.getTxID();
    const resolved: Objection = {
      ...(objection as Objection),
      status: resolution.upheld ? 'upheld' : 'dismissed',
      resolution: { ...(resolution.comment !== undefined ? { comment: resolution.comment } : {}), by: actorOf(caller), at: now, txId },
    };
    await putJson(ctx, objectionKey(ctx.stub, cert.id, objectionId), resolved);
    let certificateStatus = cert.status as string;
    if (resolution.upheld) {
      const after = this.next(ctx, cert, 'ResolveObjection', {
        status: 'rejected',
        closure: { kind: 'rejected', reason: `objection ${objectionId} upheld${resolution.comment ? `: ${resolution.comment}` : ''}`, at: now, by: actorOf(caller), txId },
      });
      await saveCertificate(ctx, cert, after);
      certificateStatus = after.status;
    }
    return this.emitRecord(ctx, 'ObjectionResolved', { ...resolved, certificateStatus });
  }

  /** 发证 after the publicity period has ended (by ledger time) with no open objection. */
  @Transaction()
  @Returns('string')
  public async Issue(ctx: Context, id: string): Promise<string> {
    const { cert } = await this.asRegistrar(ctx, id);
    const now = txTimeIso(ctx);
    const open = (await listObjections(ctx, cert.id)).filter((o) => o.status === 'open').length;
    enforce(canIssue(cert, now, open));
    enforce(await recheckParentGrants(ctx, cert, now));
    const queryCode = queryCodeFor(ctx.stub.getTxID(), cert.id);
    const codeKey = queryCodeKey(ctx.stub, queryCode);
    // 50 bits make a clash improbable; refusing keeps the index one-to-one, a retry gets a new tx id.
    if (await exists(ctx, codeKey)) throw conflict(`query code ${queryCode} is taken; retry the transaction`);
    await ctx.stub.putState(codeKey, Buffer.from(cert.id, 'utf8'));
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
  public async AddEvidence(ctx: Context, id: string, evidenceJson: string): Promise<string> {
    const consortium = await loadConsortium(ctx);
    const caller = getCaller(ctx);
    enforce(mayActAsAppraiser(caller, consortium));
    const request = parseEvidence(parseJsonObject(evidenceJson, 'evidence'));
    const cert = await loadCertificate(ctx, id);
    enforce(canAddEvidence(cert));
    const now = txTimeIso(ctx);
    const evidence = [...cert.evidence, { ...request, appraiser: actorOf(caller), addedAt: now, txId: ctx.stub.getTxID() }];
    return this.update(ctx, cert, 'AddEvidence', 'EvidenceAdded', { evidence });
  }

  /** 变更 recorded by the registrar as a new version (name, description, category, grade, personal-info flag, metadata). */
  @Transaction()
  @Returns('string')
  public async Change(ctx: Context, id: string, changeJson: string): Promise<string> {
    const { cert, caller, consortium } = await this.asRegistrar(ctx, id);
    const change = parseChange(parseJsonObject(changeJson, 'change'));
    const now = txTimeIso(ctx);
    enforce(canChange(cert, change, now));
    const { reason, ...fields } = change;
    const grade = fields.grade ?? cert.grade;
    const lastChange: VersionChange = {
      kind: 'change',
      version: cert.version + 1,
      reason,
      fields: Object.keys(fields).sort(),
      at: now,
      by: actorOf(caller),
      txId: ctx.stub.getTxID(),
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
  public async TransferRight(ctx: Context, id: string, transferJson: string): Promise<string> {
    const { cert, caller } = await this.asRegistrar(ctx, id);
    const transfer = parseTransfer(parseJsonObject(transferJson, 'transfer'));
    const now = txTimeIso(ctx);
    enforce(canTransferRight(cert, transfer, now));
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
      txId: ctx.stub.getTxID(),
    };
    return this.update(ctx, cert, 'TransferRight', 'RightTransferred', { rights, version: cert.version + 1, lastChange });
  }

  /** 续展: in the last 90 days before the term lapses (RENEWAL_WINDOW_DAYS), extend it by another term from the current expiry. */
  @Transaction()
  @Returns('string')
  public async Renew(ctx: Context, id: string): Promise<string> {
    const { cert } = await this.asRegistrar(ctx, id);
    const now = txTimeIso(ctx);
    enforce(canRenew(cert, now));
    return this.update(ctx, cert, 'Renew', 'CertificateRenewed', {
      expiresAt: addYears(cert.expiresAt ?? now, cert.termYears),
      renewedAt: now,
    });
  }

  /** 注销 at the request of the holder (the entity holding the holding right). */
  @Transaction()
  @Returns('string')
  public async Cancel(ctx: Context, id: string, requestJson: string): Promise<string> {
    const consortium = await loadConsortium(ctx);
    const caller = getCaller(ctx);
    const reason = parseReason(parseOptionalJsonObject(requestJson, 'request'));
    const cert = await loadCertificate(ctx, id);
    enforce(mayActAsEntity(caller, principalHolder(cert), consortium));
    enforce(canCancel(cert));
    const now = txTimeIso(ctx);
    return this.update(ctx, cert, 'Cancel', 'CertificateCancelled', {
      status: 'cancelled',
      closure: { kind: 'cancelled', reason, at: now, by: actorOf(caller), txId: ctx.stub.getTxID() },
    });
  }

  /** 撤销 by a registrar of the issuing registry or by the regulator. */
  @Transaction()
  @Returns('string')
  public async Revoke(ctx: Context, id: string, requestJson: string): Promise<string> {
    const consortium = await loadConsortium(ctx);
    const caller = getCaller(ctx);
    const reason = parseReason(parseOptionalJsonObject(requestJson, 'request'));
    const cert = await loadCertificate(ctx, id);
    enforce(eitherOf(mayActAsRegistrarOf(caller, cert.registry, consortium), mayActAsRegulator(caller, consortium), `only a registrar of ${cert.registry} or the regulator may revoke`));
    enforce(canRevoke(cert));
    const now = txTimeIso(ctx);
    return this.update(ctx, cert, 'Revoke', 'CertificateRevoked', {
      status: 'revoked',
      closure: { kind: 'revoked', reason, at: now, by: actorOf(caller), txId: ctx.stub.getTxID() },
    });
  }

  /** The full record (consortium members), with its objections and `effectiveStatus` at query time. */
  @Transaction(false)
  @Returns('string')
  public async Get(ctx: Context, id: string): Promise<string> {
    const cert = await loadCertificate(ctx, id);
    const now = txTimeIso(ctx);
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
  public async List(ctx: Context, filterJson: string, pageSize: string, bookmark: string): Promise<string> {
    const filter = parseListFilter(parseOptionalJsonObject(filterJson, 'filter'));
    const size = parsePageSize(pageSize);
    const [type, attributes] = indexFor(filter);
    const page = await readIndexPage(ctx, type, attributes, size, bookmark);
    const items: Certificate[] = [];
    for (const id of page.ids) {
      const cert = await readJson<Certificate>(ctx, certificateKey(ctx.stub, id));
      if (cert && matches(cert, filter)) items.push(cert);
    }
    return canonicalJson({ items, bookmark: page.bookmark, fetchedRecordsCount: page.fetchedRecordsCount });
  }

  /** Public verification by query code (查询码): the same non-personal facts as Verification. */
  @Transaction(false)
  @Returns('string')
  public async GetByQueryCode(ctx: Context, code: string): Promise<string> {
    const normalised = code.trim().toUpperCase();
    if (!QUERY_CODE_PATTERN.test(normalised)) throw invalid('a query code is 10 characters of Crockford base32');
    const bytes = await ctx.stub.getState(queryCodeKey(ctx.stub, normalised));
    if (!bytes || bytes.length === 0) throw notFound(`query code ${normalised} is unknown`);
    return canonicalJson(await this.verification(ctx, Buffer.from(bytes).toString('utf8')));
  }

  /** Public verification: exists, status, valid (issued and in term by ledger time), issuer, fingerprint, recognitions. */
  @Transaction(false)
  @Returns('string')
  public async Verification(ctx: Context, id: string): Promise<string> {
    return canonicalJson(await this.verification(ctx, id));
  }

  /** Every version of the record (newest first), including the application before it got its certificate id. */
  @Transaction(false)
  @Returns('string')
  public async History(ctx: Context, id: string): Promise<string> {
    const cert = await loadCertificate(ctx, id);
    const entries = await historyOf(ctx, certificateKey(ctx.stub, cert.id));
    if (cert.applicationId !== cert.id) entries.push(...(await historyOf(ctx, certificateKey(ctx.stub, cert.applicationId))));
    return canonicalJson(entries);
  }

  private async verification(ctx: Context, id: string): Promise<Verification> {
    const checkedAt = txTimeIso(ctx);
    const cert = await findCertificate(ctx, id.trim());
    if (!cert) return { id, exists: false, valid: false, checkedAt };
    const consortium = await loadConsortium(ctx);
    const issuer = consortium.org(cert.registry);
    const recognitions = viewRecognitions(await listRecognitions(ctx, cert.id), cert, checkedAt).map((r) => ({
      registry: r.registry,
      recognisedAt: r.recognisedAt,
      valid: r.valid,
      txId: r.txId,
    }));
    return {
      id: cert.id,
      exists: true,
      valid: isCertificateValid(cert, checkedAt),
      status: effectiveStatus(cert, checkedAt),
      pledged: cert.status === 'frozen',
      issuer: {
        mspId: cert.registry,
        cityCode: cert.cityCode,
        ...(issuer?.name !== undefined ? { name: issuer.name } : {}),
        ...(issuer?.nameZh !== undefined ? { nameZh: issuer.nameZh } : {}),
      },
      assetType: cert.assetType,
      fingerprint: cert.fingerprint,
      ...(cert.issuedAt !== undefined ? { issuedAt: cert.issuedAt } : {}),
      ...(cert.expiresAt !== undefined ? { expiresAt: cert.expiresAt } : {}),
      version: cert.version,
      recognitions,
      txId: cert.lastTxId,
      checkedAt,
    };
  }

  private async asRegistrar(ctx: Context, id: string): Promise<{ cert: Certificate; caller: Caller; consortium: Consortium }> {
    const consortium = await loadConsortium(ctx);
    const caller = getCaller(ctx);
    const cert = await loadCertificate(ctx, id);
    enforce(mayActAsRegistrarOf(caller, cert.registry, consortium));
    return { cert, caller, consortium };
  }

  private next(ctx: Context, cert: Certificate, action: string, patch: Partial<Certificate>): Certificate {
    return { ...cert, ...patch, lastAction: action, lastTxId: ctx.stub.getTxID(), updatedAt: txTimeIso(ctx) };
  }

  private async update(ctx: Context, cert: Certificate, action: string, event: string, patch: Partial<Certificate>): Promise<string> {
    const after = this.next(ctx, cert, action, patch);
    await saveCertificate(ctx, cert, after);
    return this.emitRecord(ctx, event, after);
  }

  private emitRecord(ctx: Context, event: string, record: object): string {
    ctx.stub.setEvent(event, canonicalBytes(record));
    return canonicalJson(record);
  }
}

function eitherOf(a: RuleResult, b: RuleResult, reason: string): RuleResult {
  return a.allowed || b.allowed ? ALLOW : refuse('FORBIDDEN', reason);
}

interface ListFilter {
  registry?: string;
  holder?: string;
  status?: string;
  category?: string;
}

function parseListFilter(body: JsonObject): ListFilter {
  const filter: ListFilter = {};
  for (const field of ['registry', 'holder', 'status', 'category'] as const) {
    const v = parseKeyAttribute(body[field], `filter.${field}`);
    if (v !== undefined) filter[field] = v;
  }
  if (filter.status !== undefined && !(STATUSES as readonly string[]).includes(filter.status)) {
    throw invalid(`filter.status must be one of ${STATUSES.join(', ')}`);
  }
  return filter;
}

function indexFor(filter: ListFilter): [string, string[]] {
  if (filter.holder !== undefined) return [ObjectType.byHolder, [filter.holder]];
  if (filter.registry !== undefined) return [ObjectType.byRegistry, [filter.registry]];
  if (filter.status !== undefined) return [ObjectType.byStatus, [filter.status]];
  if (filter.category !== undefined) return [ObjectType.byCategory, [filter.category]];
  return [ObjectType.byRegistry, []];
}

function matches(cert: Certificate, filter: ListFilter): boolean {
  return (
    (filter.registry === undefined || cert.registry === filter.registry) &&
    (filter.holder === undefined || cert.rights.some((r) => r.holder === filter.holder)) &&
    (filter.status === undefined || cert.status === filter.status) &&
    (filter.category === undefined || cert.category === filter.category)
  );
}

