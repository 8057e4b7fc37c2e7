/**
 * Regulation (市场监管): the regulator's negative list (负面清单), important-data filings
 * (重要数据流通备案) and credit flags (信用监管), and the trade check built from them.
 *
 * Every record here is written under the regulator's key-level policy (a filing under the
 * issuing registry's as well), so once recorded no other organisation can alter it. The reads
 * a trade needs (store/regulation.ts) are point or partial-key reads, and the decision is one
 * pure rule (rules/regulation.ts `mayTrade`), which the Market contract asks as `TradeCheck` does.
 */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContract } from './ledger-contract';
import { canonicalJson } from '../canonical-json';
import { filingIdFor, negativeListIdFor } from '../codes';
import { LedgerContext } from '../context';
import { emit } from '../events';
import { actorOf } from '../identity';
import { holderOf } from '../model/certificate';
import {
  CreditRecord,
  CreditView,
  Filing,
  FilingView,
  NegativeListEntry,
  parseApprovalRequest,
  parseCreditEntity,
  parseCreditRequest,
  parseFilingRequest,
  parseNegativeListRequest,
} from '../model/regulation';
import { parseJsonObject, parseStringArray, requireString } from '../model/request';
import { mayActAsEntity, mayActAsRegulator } from '../rules/authorization';
import { canDecide, canFile, canLift, canList, filingIsInForce, mayTrade, validTermEnd } from '../rules/regulation';
import { eitherOf, enforce } from '../rules/result';
import { loadCertificate } from '../store/certificates';
import { parsePageSize } from '../store/paging';
import {
  activeEntriesFor,
  createFiling,
  createNegativeListEntry,
  creditHistory,
  findCredit,
  listFilings,
  listNegativeList,
  loadFiling,
  loadNegativeListEntry,
  saveCredit,
  saveFiling,
  saveLiftedNegativeListEntry,
  tradeInputFor,
} from '../store/regulation';
import { addDays } from '../time';

function viewFiling(filing: Filing, nowIso: string): FilingView {
  return { ...filing, inForce: filingIsInForce(filing, nowIso) };
}

@Info({ title: 'Regulation', description: 'Market regulation (市场监管): negative list, important-data filings, credit flags' })
export class RegulationContract extends LedgerContract {
  constructor() {
    super('Regulation');
  }

  /** 负面清单: the regulator lists a category or a fingerprint as `prohibited` or `restricted`. */
  @Transaction()
  @Returns('string')
  public async AddNegativeListEntry(ctx: LedgerContext, requestJson: string): Promise<string> {
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    enforce(mayActAsRegulator(caller, consortium));
    const request = parseNegativeListRequest(parseJsonObject(requestJson, 'request'));
    enforce(canList(request, await activeEntriesFor(ctx, request.target, request.value)));
    const now = ctx.now;
    const txId = ctx.txId;
    const entry: NegativeListEntry = {
      docType: 'negative_list_entry',
      id: negativeListIdFor(txId),
      ...request,
      status: 'active',
      listedBy: actorOf(caller),
      listedAt: now,
      endorsingOrgs: [caller.mspId],
      createdTxId: txId,
      lastTxId: txId,
      updatedAt: now,
    };
    await createNegativeListEntry(ctx, entry);
    return emit(ctx, 'NegativeListEntryAdded', entry);
  }

  /** The regulator lifts an active entry, with its reason (`{reason}`). */
  @Transaction()
  @Returns('string')
  public async LiftNegativeListEntry(ctx: LedgerContext, id: string, requestJson: string): Promise<string> {
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    enforce(mayActAsRegulator(caller, consortium));
    const reason = requireString(parseJsonObject(requestJson, 'request'), 'reason', 2000);
    const entry = await loadNegativeListEntry(ctx, id);
    enforce(canLift(entry));
    const now = ctx.now;
    const txId = ctx.txId;
    const lifted: NegativeListEntry = { ...entry, status: 'lifted', lifted: { reason, by: actorOf(caller), at: now, txId }, lastTxId: txId, updatedAt: now };
    await saveLiftedNegativeListEntry(ctx, lifted);
    return emit(ctx, 'NegativeListEntryLifted', lifted);
  }

  @Transaction(false)
  @Returns('string')
  public async GetNegativeListEntry(ctx: LedgerContext, id: string): Promise<string> {
    return canonicalJson(await loadNegativeListEntry(ctx, id));
  }

  /** A page of the negative list, active and lifted entries, in id order. */
  @Transaction(false)
  @Returns('string')
  public async ListNegativeList(ctx: LedgerContext, pageSize: string, bookmark: string): Promise<string> {
    return canonicalJson(await listNegativeList(ctx, parsePageSize(pageSize), bookmark));
  }

  /**
   * 重要数据流通备案: the enterprise holding the operating (or holding) right of an issued
   * certificate files `{certificateId, purpose, recipients?, termDays}`; status `filed`.
   */
  @Transaction()
  @Returns('string')
  public async File(ctx: LedgerContext, requestJson: string): Promise<string> {
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    const filer = caller.entity ?? '';
    enforce(mayActAsEntity(caller, filer, consortium));
    const request = parseFilingRequest(parseJsonObject(requestJson, 'request'));
    const cert = await loadCertificate(ctx, request.certificateId);
    enforce(
      eitherOf(
        mayActAsEntity(caller, holderOf(cert, 'operating'), consortium),
        mayActAsEntity(caller, holderOf(cert, 'holding'), consortium),
        `only the holder of the operating or holding right of ${cert.id} may file for it`,
      ),
    );
    const now = ctx.now;
    enforce(canFile(cert, now));
    const txId = ctx.txId;
    const filing: Filing = {
      docType: 'filing',
      id: filingIdFor(txId),
      ...request,
      certificateId: cert.id,
      registry: cert.registry,
      filer,
      status: 'filed',
      filedBy: actorOf(caller),
      filedAt: now,
      endorsingOrgs: [...new Set([consortium.regulatorMspId(), cert.registry])].sort(),
      createdTxId: txId,
      lastTxId: txId,
      updatedAt: now,
    };
    await createFiling(ctx, filing);
    return emit(ctx, 'FilingSubmitted', viewFiling(filing, now));
  }

  /** The regulator approves a filed filing: in force until `validUntil`, or `termDays` from now. */
  @Transaction()
  @Returns('string')
  public async ApproveFiling(ctx: LedgerContext, id: string, requestJson: string): Promise<string> {
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    enforce(mayActAsRegulator(caller, consortium));
    const request = parseApprovalRequest(parseJsonObject(requestJson, 'request'));
    const filing = await loadFiling(ctx, id);
    enforce(canDecide(filing));
    const now = ctx.now;
    const validUntil = request.validUntil ?? addDays(now, filing.termDays);
    enforce(validTermEnd(validUntil, now));
    const txId = ctx.txId;
    const decision = { ...(request.comment !== undefined ? { comment: request.comment } : {}), by: actorOf(caller), at: now, txId };
    const approved: Filing = { ...filing, status: 'approved', decision, validUntil, lastTxId: txId, updatedAt: now };
    await saveFiling(ctx, approved);
    return emit(ctx, 'FilingApproved', viewFiling(approved, now));
  }

  /** The regulator rejects a filed filing with its reason (`{reason}`). */
  @Transaction()
  @Returns('string')
  public async RejectFiling(ctx: LedgerContext, id: string, requestJson: string): Promise<string> {
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    enforce(mayActAsRegulator(caller, consortium));
    const reason = requireString(parseJsonObject(requestJson, 'request'), 'reason', 2000);
    const filing = await loadFiling(ctx, id);
    enforce(canDecide(filing));
    const now = ctx.now;
    const txId = ctx.txId;
    const rejected: Filing = { ...filing, status: 'rejected', decision: { reason, by: actorOf(caller), at: now, txId }, lastTxId: txId, updatedAt: now };
    await saveFiling(ctx, rejected);
    return emit(ctx, 'FilingRejected', viewFiling(rejected, now));
  }

  /** One filing, with `inForce` at query time. */
  @Transaction(false)
  @Returns('string')
  public async GetFiling(ctx: LedgerContext, id: string): Promise<string> {
    return canonicalJson(viewFiling(await loadFiling(ctx, id), ctx.now));
  }

  /** A page of one certificate's filings, each with `inForce` at query time. */
  @Transaction(false)
  @Returns('string')
  public async ListFilings(ctx: LedgerContext, certificateId: string, pageSize: string, bookmark: string): Promise<string> {
    const cert = await loadCertificate(ctx, certificateId);
    const page = await listFilings(ctx, cert.id, parsePageSize(pageSize), bookmark);
    const now = ctx.now;
    return canonicalJson({ ...page, items: page.items.map((f) => viewFiling(f, now)) });
  }

  /** 信用监管: the regulator sets an entity's credit status `{status: dishonest|normal, reason}`. */
  @Transaction()
  @Returns('string')
  public async SetCredit(ctx: LedgerContext, entity: string, requestJson: string): Promise<string> {
    const consortium = await ctx.consortium();
    const caller = ctx.caller;
    enforce(mayActAsRegulator(caller, consortium));
    const code = parseCreditEntity(entity);
    const request = parseCreditRequest(parseJsonObject(requestJson, 'request'));
    const previous = await findCredit(ctx, code);
    const now = ctx.now;
    const txId = ctx.txId;
    const record: CreditRecord = {
      docType: 'credit',
      entity: code,
      ...request,
      setBy: actorOf(caller),
      setAt: now,
      endorsingOrgs: [caller.mspId],
      createdTxId: previous?.createdTxId ?? txId,
      lastTxId: txId,
      updatedAt: now,
    };
    await saveCredit(ctx, record);
    return emit(ctx, 'CreditStatusSet', record);
  }

  /** The entity's current credit status: `normal` unless flagged. */
  @Transaction(false)
  @Returns('string')
  public async GetCredit(ctx: LedgerContext, entity: string): Promise<string> {
    const code = parseCreditEntity(entity);
    const record = await findCredit(ctx, code);
    const view: CreditView = record
      ? { entity: code, status: record.status, reason: record.reason, setAt: record.setAt, setBy: record.setBy, lastTxId: record.lastTxId }
      : { entity: code, status: 'normal' };
    return canonicalJson(view);
  }

  /** Every credit status the entity was given, newest first. */
  @Transaction(false)
  @Returns('string')
  public async CreditHistory(ctx: LedgerContext, entity: string): Promise<string> {
    return canonicalJson(await creditHistory(ctx, parseCreditEntity(entity)));
  }

  /**
   * Whether the regulator's rules let this certificate trade between these parties now
   * (`partiesJson`: a JSON array of entity codes): `{allowed, code?, reason?, …}` with what it read.
   */
  @Transaction(false)
  @Returns('string')
  public async TradeCheck(ctx: LedgerContext, certificateId: string, partiesJson: string): Promise<string> {
    const entities = parseStringArray(partiesJson, 'parties').map(parseCreditEntity);
    const cert = await loadCertificate(ctx, certificateId);
    const now = ctx.now;
    const input = await tradeInputFor(ctx, cert, entities, now);
    const { negativeList, filing, parties } = input;
    const result = mayTrade(input);
    return canonicalJson({
      certificateId: cert.id,
      ...(result.allowed ? { allowed: true } : { allowed: false, code: result.code, reason: result.reason }),
      negativeList: negativeList.map((e) => e.id),
      ...(filing ? { filingId: filing.id } : {}),
      parties,
      checkedAt: now,
    });
  }
}
