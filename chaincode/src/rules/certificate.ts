/**
 * Lifecycle rules of a registration certificate (docs/domain.md, "Certificates").
 * Pure: records, caller facts and ledger time in, a RuleResult out. Authorization lives in
 * ./authorization; these rules decide whether the record's state allows the step.
 */
import {
  Certificate,
  CertificateStatus,
  ChangeRequest,
  EffectiveStatus,
  Grade,
  Objection,
  RightType,
  Source,
  TransferRequest,
  holderOf,
} from '../model/certificate';
import { addDays } from '../time';
import { ALLOW, RuleResult, refuse } from './result';

/**
 * Core data (核心数据) is refused outright at registration and by change.
 *
 * Why not "public source + regulator approval": core data is what national security and
 * economic lifelines rest on; its catalogue is kept by the state, it may not circulate, and
 * even a fingerprint plus metadata on a multi-city commercial ledger discloses that it exists
 * and who holds it. Registration refuses core data from a source that cannot show it may be
 * registered, and no source can show that here, so the rule refuses all of it (docs/domain.md). Opening it later is a consortium policy change: replace this function.
 */
export function gradePolicy(grade: Grade, _source: Source): RuleResult {
  if (grade === 'core') {
    return refuse('POLICY_VIOLATION', 'core data (核心数据) cannot be registered on the consortium ledger');
  }
  return ALLOW;
}

/**
 * Organisations whose peers must endorse every later change of a certificate key
 * (state-based endorsement): the issuing registry, and for important data also the regulator.
 * Sorted, so that the serialized policy is identical on every peer.
 */
export function requiredEndorsers(registry: string, grade: Grade, regulator: string): string[] {
  const orgs = grade === 'important' && regulator ? [registry, regulator] : [registry];
  return [...new Set(orgs)].sort();
}

/** The applicant must be named as the holder of at least one of the rights it registers. */
export function applicantNamedInRights(rights: Certificate['rights'], entity: string): RuleResult {
  if (!rights.some((r) => r.holder === entity)) {
    return refuse('FORBIDDEN', 'the applicant must hold at least one of the registered rights');
  }
  return ALLOW;
}

/** 防止一数多登: a fingerprint held by a live registration anywhere in the consortium is taken. */
export function fingerprintAvailable(fingerprint: string, existingCertificateId: string | undefined): RuleResult {
  if (existingCertificateId) {
    return refuse('CONFLICT', `fingerprint ${fingerprint} is already registered as ${existingCertificateId}`);
  }
  return ALLOW;
}

/**
 * Lineage checked when written: a parent exists, is issued and in its term, and the applicant
 * holds its processing right (数据加工使用权) or an effective grant to process it
 * (`processingGrantId`, found by the contract; see rules/grant).
 */
export function canDeriveFrom(
  parentId: string,
  parent: Certificate | undefined,
  applicantEntity: string,
  nowIso: string,
  processingGrantId?: string,
): RuleResult {
  if (!parent) return refuse('NOT_FOUND', `parent certificate ${parentId} does not exist`);
  const status = effectiveStatus(parent, nowIso);
  if (status !== 'issued') return refuse('CONFLICT', `parent certificate ${parent.id} is ${status}, not issued`);
  if (holderOf(parent, 'processing') !== applicantEntity && processingGrantId === undefined) {
    return refuse(
      'POLICY_VIOLATION',
      `the applicant holds neither the processing right of parent certificate ${parent.id} nor an effective grant to process it`,
    );
  }
  return ALLOW;
}

/** A step is allowed from these stored states only. */
function requireStatus(cert: Certificate, allowed: readonly CertificateStatus[], action: string): RuleResult {
  if (!allowed.includes(cert.status)) {
    return refuse('CONFLICT', `cannot ${action} certificate ${cert.id} in status ${cert.status}`);
  }
  return ALLOW;
}

/** Stored status, except that an issued certificate whose term has lapsed is `expired`. */
export function effectiveStatus(cert: Pick<Certificate, 'status' | 'expiresAt'>, nowIso: string): EffectiveStatus {
  if (cert.status === 'issued' && cert.expiresAt !== undefined && nowIso >= cert.expiresAt) return 'expired';
  return cert.status;
}

/**
 * Valid = issued and within its term at the given time. An encumbered (pledged, disputed,
 * judicially frozen) certificate is still a valid registration — encumbrances are records
 * beside it, reported separately; cancelled, revoked, expired, and anything not yet issued are
 * not valid.
 */
export function isCertificateValid(cert: Pick<Certificate, 'status' | 'expiresAt'>, nowIso: string): boolean {
  return effectiveStatus(cert, nowIso) === 'issued';
}

export function canStartReview(cert: Certificate): RuleResult {
  return requireStatus(cert, ['applied'], 'start the review of');
}

export function canReview(cert: Certificate): RuleResult {
  return requireStatus(cert, ['applied', 'under_review'], 'review');
}

/** 异议: anyone, but only while the publicity period (公示期) runs. */
export function canRaiseObjection(cert: Certificate, nowIso: string): RuleResult {
  const state = requireStatus(cert, ['publicizing'], 'object to');
  if (!state.allowed) return state;
  if (cert.publicityEndsAt !== undefined && nowIso >= cert.publicityEndsAt) {
    return refuse('CONFLICT', `the publicity period of ${cert.id} ended at ${cert.publicityEndsAt}`);
  }
  return ALLOW;
}

export function canResolveObjection(cert: Certificate, objection: Objection | undefined, objectionId: string): RuleResult {
  if (!objection) return refuse('NOT_FOUND', `objection ${objectionId} of ${cert.id} does not exist`);
  if (objection.status !== 'open') return refuse('CONFLICT', `objection ${objectionId} is already ${objection.status}`);
  return requireStatus(cert, ['publicizing'], 'resolve an objection to');
}

/** Issue after the publicity period has ended by ledger time, with no open objection. */
export function canIssue(cert: Certificate, nowIso: string, openObjections: number): RuleResult {
  const state = requireStatus(cert, ['publicizing'], 'issue');
  if (!state.allowed) return state;
  if (cert.publicityEndsAt === undefined || nowIso < cert.publicityEndsAt) {
    return refuse('CONFLICT', `certificate ${cert.id} is in publicity (公示) until ${cert.publicityEndsAt ?? 'unknown'}`);
  }
  if (openObjections > 0) return refuse('CONFLICT', `certificate ${cert.id} has ${String(openObjections)} open objection(s)`);
  return ALLOW;
}

export function canAddEvidence(cert: Certificate): RuleResult {
  return requireStatus(cert, ['applied', 'under_review', 'publicizing', 'issued'], 'add evidence to');
}

function requireIssuedInTerm(cert: Certificate, nowIso: string, action: string): RuleResult {
  const status = effectiveStatus(cert, nowIso);
  if (status !== 'issued') return refuse('CONFLICT', `cannot ${action} certificate ${cert.id} in status ${status}`);
  return ALLOW;
}

const GRADE_RANK: Readonly<Record<Grade, number>> = { general: 0, important: 1, core: 2 };

/**
 * 变更. A change may keep or lower the grade, never raise it. The change is endorsed under the
 * key's OLD key-level policy (the registry alone for general data), so raising general →
 * important would put an important-grade registration on the ledger that the regulator never
 * endorsed — important data needs its endorsement (docs/domain.md). Important-grade data is
 * registered anew instead, with the regulator endorsing from the application on. Lowering
 * (important → general) is endorsed under the old policy, which includes the regulator.
 */
export function canChange(cert: Certificate, change: ChangeRequest, nowIso: string): RuleResult {
  const state = requireIssuedInTerm(cert, nowIso, 'change');
  if (!state.allowed) return state;
  if (change.grade !== undefined) {
    const grade = gradePolicy(change.grade, cert.source);
    if (!grade.allowed) return grade;
    if (GRADE_RANK[change.grade] > GRADE_RANK[cert.grade]) {
      return refuse(
        'POLICY_VIOLATION',
        `a change cannot raise certificate ${cert.id} from ${cert.grade} to ${change.grade} grade: ${change.grade}-grade data is registered anew, so that the regulator endorses it from the start`,
      );
    }
  }
  return ALLOW;
}

export function canTransferRight(cert: Certificate, transfer: TransferRequest, nowIso: string): RuleResult {
  const state = requireIssuedInTerm(cert, nowIso, 'transfer a right of');
  if (!state.allowed) return state;
  const current = holderOf(cert, transfer.right);
  if (current === undefined) return refuse('CONFLICT', `certificate ${cert.id} registers no ${transfer.right} right`);
  if (current === transfer.to) return refuse('CONFLICT', `${transfer.to} already holds the ${transfer.right} right of ${cert.id}`);
  return ALLOW;
}

/** 续展 opens this many days before `expiresAt`. */
export const RENEWAL_WINDOW_DAYS = 90;

/**
 * 续展: an issued certificate that has not lapsed, and only within the last
 * RENEWAL_WINDOW_DAYS days before `expiresAt` (ledger time). Renew then extends by one term
 * from the current `expiresAt`, so renewing early gains nothing and cannot be repeated to
 * push the expiry decades ahead.
 */
export function canRenew(cert: Certificate, nowIso: string): RuleResult {
  const state = requireIssuedInTerm(cert, nowIso, 'renew');
  if (!state.allowed) return state;
  if (cert.expiresAt === undefined) return refuse('CONFLICT', `certificate ${cert.id} has no expiry to renew`);
  const opensAt = addDays(cert.expiresAt, -RENEWAL_WINDOW_DAYS);
  if (nowIso < opensAt) {
    return refuse(
      'CONFLICT',
      `certificate ${cert.id} can be renewed only in the last ${String(RENEWAL_WINDOW_DAYS)} days before it expires at ${cert.expiresAt}: the renewal window opens at ${opensAt}`,
    );
  }
  return ALLOW;
}

/**
 * The entity that speaks for the certificate (cancels it): the holding right's holder, or for
 * a registration without a holding right the operating, then the processing right's holder.
 */
export function principalHolder(cert: Pick<Certificate, 'rights'>): string | undefined {
  const order: RightType[] = ['holding', 'operating', 'processing'];
  for (const type of order) {
    const holder = holderOf(cert, type);
    if (holder !== undefined) return holder;
  }
  return undefined;
}

/** 注销 at the holder's request: an issued certificate (also after it lapsed); encumbrances are checked beside (rules/encumbrance.ts). */
export function canCancel(cert: Certificate): RuleResult {
  return requireStatus(cert, ['issued'], 'cancel');
}

/** 撤销 by registrar or regulator: an issued certificate, encumbered or not (no encumbrance blocks a revocation). */
export function canRevoke(cert: Certificate): RuleResult {
  return requireStatus(cert, ['issued'], 'revoke');
}

/** Statuses in which a registration holds its fingerprint; the others free it for a new registration. */
export function holdsFingerprint(status: CertificateStatus): boolean {
  return status !== 'rejected' && status !== 'cancelled' && status !== 'revoked';
}
