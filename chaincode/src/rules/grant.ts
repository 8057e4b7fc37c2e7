/**
 * Rules of authorization grants (docs/domain.md, "Grants and uses"). Pure: records, ledger time
 * and the caller's entity in, a RuleResult out. Who may act (holder/operator of a vouched
 * entity) is checked first, in ./authorization.
 *
 * A grant's effect is never stored: it is computed, whenever it matters, from the grant, the
 * grants above it in its chain and the certificate. Revoking or suspending an upstream grant, or
 * cancelling the certificate, therefore stops every grant derived from it at once, with no
 * write to the derived grants — and a use or a sub-licence reads every key its effect depends
 * on, so one committed in the same block as such a stop fails MVCC validation instead of
 * slipping through.
 */
import { Certificate, holderOf } from '../model/certificate';
import { EffectiveGrantStatus, Grant, GrantRequest, MAX_CHAIN_DEPTH, MAX_PERSONAL_TERM_DAYS, UsageMeter } from '../model/grant';
import { isNaturalPersonEntity } from '../uscc';
import { effectiveStatus, isCertificateValid } from './certificate';
import { ALLOW, RuleResult, refuse } from './result';

const DAY_MS = 86_400_000;

export interface GrantEffect {
  effectiveStatus: EffectiveGrantStatus;
  stoppedBy?: string;
}

/** The grant's own state at `nowIso`, without looking up the chain. */
function ownStatus(grant: Grant, nowIso: string): EffectiveGrantStatus {
  if (grant.status !== 'active') return grant.status;
  if (nowIso >= grant.validTo) return 'expired';
  return nowIso < grant.validFrom ? 'scheduled' : 'active';
}

/**
 * Effect of `grant` now: its own status first; then the certificate (a grant of a cancelled,
 * revoked or lapsed certificate is void); then each grant above it (`ancestors`, nearest first).
 * An encumbered (pledged, frozen) certificate is still a valid registration: its licences keep
 * working, as an encumbrance stops transfers and new grants, not the uses already granted.
 */
export function grantEffect(grant: Grant, ancestors: readonly Grant[], cert: Certificate | undefined, nowIso: string): GrantEffect {
  const own = ownStatus(grant, nowIso);
  if (own !== 'active') return { effectiveStatus: own };
  if (!cert) return { effectiveStatus: 'void', stoppedBy: `certificate ${grant.assetId} not found` };
  if (!isCertificateValid(cert, nowIso)) {
    return { effectiveStatus: 'void', stoppedBy: `certificate ${cert.id} is ${effectiveStatus(cert, nowIso)}` };
  }
  if (ancestors.length < grant.depth) {
    return { effectiveStatus: 'void', stoppedBy: `upstream grant ${grant.parentGrantId ?? ''} not found` };
  }
  for (const upstream of ancestors) {
    const status = ownStatus(upstream, nowIso);
    if (status !== 'active') return { effectiveStatus: 'void', stoppedBy: `upstream grant ${upstream.id} is ${status}` };
  }
  // A licence can only pass on rights its grantor holds — while it holds them: once the right
  // moves (a registered transfer, a pledge enforced), the grants made from it stop, and the new
  // holder grants afresh. The root of the chain is the grant made from the right itself.
  const root = ancestors[ancestors.length - 1] ?? grant;
  const lost = root.rights.find((right) => holderOf(cert, right) !== root.grantor);
  if (lost !== undefined) {
    const whose = root === grant ? 'the grantor' : `the grantor of upstream grant ${root.id}`;
    return { effectiveStatus: 'void', stoppedBy: `${whose} no longer holds the ${lost} right of certificate ${cert.id}` };
  }
  return { effectiveStatus: 'active' };
}

function isSubset(items: readonly string[], of: readonly string[]): boolean {
  return items.every((i) => of.includes(i));
}

/** What the grant's type requires of the certificate, the grantor and the request. */
function typeRules(request: GrantRequest, cert: Certificate, grantor: string): RuleResult {
  switch (request.type) {
    case 'public_operation':
      if (cert.source !== 'public') {
        return refuse(
          'POLICY_VIOLATION',
          `a public_operation grant (公共数据授权运营) needs public data; certificate ${cert.id} registers ${cert.source} data`,
        );
      }
      if (request.parentGrantId !== undefined)
        return refuse('INVALID_REQUEST', 'a public_operation grant comes from the public-data authority itself, not from another grant');
      return ALLOW;
    case 'personal':
      if (!isNaturalPersonEntity(grantor)) return refuse('FORBIDDEN', 'a personal grant is given by a natural person (np: entity)');
      if (request.purposes.length !== 1) {
        return refuse(
          'POLICY_VIOLATION',
          `a personal grant authorises exactly one declared purpose; ${String(request.purposes.length)} were given (一揽子授权 is refused)`,
        );
      }
      if (request.rights.join(',') !== 'processing') return refuse('POLICY_VIOLATION', 'a personal grant authorises processing only');
      if (request.parentGrantId !== undefined) return refuse('INVALID_REQUEST', 'a personal grant comes from the person, not from another grant');
      if (Date.parse(request.validTo) - Date.parse(request.validFrom) > MAX_PERSONAL_TERM_DAYS * DAY_MS) {
        return refuse('POLICY_VIOLATION', `a personal grant is time-limited: its term may be at most ${String(MAX_PERSONAL_TERM_DAYS)} days`);
      }
      return ALLOW;
    case 'licence':
      return ALLOW;
  }
}

/**
 * A grant from the grantor's own right: the grantor holds every right it grants on the
 * certificate (a licence can only pass on rights its grantor holds).
 */
function directBasis(request: GrantRequest, cert: Certificate, grantor: string): RuleResult {
  for (const right of request.rights) {
    if (holderOf(cert, right) !== grantor) {
      return refuse('FORBIDDEN', `the grantor does not hold the ${right} right of certificate ${cert.id}; a grant can only pass on rights its grantor holds`);
    }
  }
  return ALLOW;
}

/**
 * A sub-licence down a grants chain: the grantor is the grantee of an effective parent grant of
 * the same asset, and passes on no more than it got — rights, purposes, term — keeping the
 * 原始数据不出域 constraint. A personal grant is consent for one processor and is not passed on.
 */
function chainBasis(request: GrantRequest, grantor: string, parent: Grant, parentEffect: GrantEffect): RuleResult {
  if (parent.grantee !== grantor) return refuse('FORBIDDEN', `parent grant ${parent.id} was not granted to the grantor`);
  if (parent.assetId !== request.assetId) return refuse('INVALID_REQUEST', `parent grant ${parent.id} is for ${parent.assetId}, not ${request.assetId}`);
  if (parent.type === 'personal')
    return refuse('POLICY_VIOLATION', `parent grant ${parent.id} is a personal authorisation; it is consent for one processor and cannot be passed on`);
  if (parentEffect.effectiveStatus !== 'active') {
    return refuse(
      'POLICY_VIOLATION',
      `parent grant ${parent.id} is ${parentEffect.effectiveStatus}${parentEffect.stoppedBy ? ` (${parentEffect.stoppedBy})` : ''}`,
    );
  }
  if (parent.depth + 1 >= MAX_CHAIN_DEPTH) return refuse('POLICY_VIOLATION', `a grants chain may have at most ${String(MAX_CHAIN_DEPTH)} links`);
  if (!isSubset(request.rights, parent.rights)) {
    return refuse(
      'POLICY_VIOLATION',
      `parent grant ${parent.id} conveys only ${parent.rights.join(', ')}; a licence can only pass on rights its grantor holds`,
    );
  }
  if (!isSubset(request.purposes, parent.purposes)) {
    return refuse('POLICY_VIOLATION', `parent grant ${parent.id} covers only the purposes ${parent.purposes.join(', ')}`);
  }
  if (request.validFrom < parent.validFrom || request.validTo > parent.validTo) {
    return refuse('POLICY_VIOLATION', `a sub-licence must lie within its parent's term ${parent.validFrom} – ${parent.validTo}`);
  }
  if (parent.rawDataStaysInDomain && !request.rawDataStaysInDomain) {
    return refuse('POLICY_VIOLATION', `parent grant ${parent.id} keeps raw data in its domain (原始数据不出域); a sub-licence cannot lift that`);
  }
  return ALLOW;
}

/**
 * Creating a grant: the certificate is issued and in term (its encumbrances are checked beside,
 * rules/encumbrance.ts: a pledged or frozen asset is licensed only after release), the grantee is another entity, the term has not already ended,
 * the type's own rules hold, and the grantor has a basis — its own right, or a parent grant.
 */
export function canCreateGrant(
  request: GrantRequest,
  cert: Certificate,
  grantor: string,
  parent: { grant: Grant; effect: GrantEffect } | undefined,
  nowIso: string,
): RuleResult {
  const status = effectiveStatus(cert, nowIso);
  if (status !== 'issued') return refuse('CONFLICT', `certificate ${cert.id} is ${status}; grants are made on an issued certificate in its term`);
  const byType = typeRules(request, cert, grantor);
  if (!byType.allowed) return byType;
  // The basis before the request's own terms: an entity with no right learns only that.
  const basis = basisOf(request, cert, grantor, parent);
  if (!basis.allowed) return basis;
  if (request.type !== 'personal' && isNaturalPersonEntity(grantor)) {
    return refuse(
      'POLICY_VIOLATION',
      'a natural person authorises through a personal grant: one purpose, processing only, time-limited (一揽子授权 is refused)',
    );
  }
  if (request.grantee === grantor) return refuse('INVALID_REQUEST', 'a grant needs a grantee other than the grantor');
  if (request.validTo <= nowIso) return refuse('INVALID_REQUEST', `validTo ${request.validTo} is already past`);
  return ALLOW;
}

function basisOf(request: GrantRequest, cert: Certificate, grantor: string, parent: { grant: Grant; effect: GrantEffect } | undefined): RuleResult {
  if (request.parentGrantId === undefined) return directBasis(request, cert, grantor);
  if (!parent) return refuse('NOT_FOUND', `parent grant ${request.parentGrantId} does not exist`);
  return chainBasis(request, grantor, parent.grant, parent.effect);
}

/** An active grant, or one not yet in force (`scheduled`), can be suspended. */
export function canSuspendGrant(grant: Grant, nowIso: string): RuleResult {
  const status = ownStatus(grant, nowIso);
  if (status !== 'active' && status !== 'scheduled') return refuse('CONFLICT', `grant ${grant.id} is ${status}, not active`);
  return ALLOW;
}

export function canResumeGrant(grant: Grant, nowIso: string): RuleResult {
  if (grant.status !== 'suspended') return refuse('CONFLICT', `grant ${grant.id} is ${grant.status}, not suspended`);
  if (nowIso >= grant.validTo) return refuse('CONFLICT', `grant ${grant.id} expired at ${grant.validTo}`);
  return ALLOW;
}

/** Revocable at any time while not already revoked (a personal grant above all: consent can be withdrawn). */
export function canRevokeGrant(grant: Grant): RuleResult {
  if (grant.status === 'revoked') return refuse('CONFLICT', `grant ${grant.id} is already revoked`);
  return ALLOW;
}

/**
 * Why a use of the grant for `purpose` would be refused, or ALLOW: the grant in effect (in its
 * term, its chain and certificate too), for one of its purposes, and under the `maxUses` of
 * every metered grant on its chain (`meters`: its own and those above it). Shared by recording
 * a use and by the check, so the two agree.
 */
export function canUse(grant: Grant, effect: GrantEffect, purpose: string, meters: readonly UsageMeter[]): RuleResult {
  const inEffect = requireInEffect(grant, effect);
  if (!inEffect.allowed) return inEffect;
  if (!grant.purposes.includes(purpose)) {
    return refuse('POLICY_VIOLATION', `purpose "${purpose}" is outside grant ${grant.id}, which covers ${grant.purposes.map((p) => `"${p}"`).join(', ')}`);
  }
  const spent = spentMeter(meters);
  if (spent) {
    const whose = spent.grantId === grant.id ? `grant ${grant.id}` : `upstream grant ${spent.grantId}, which meters every use down its chain,`;
    return refuse('POLICY_VIOLATION', `${whose} allows ${String(spent.maxUses)} use(s), all recorded`);
  }
  return ALLOW;
}

/** The grant is in effect now: in force (not `scheduled`) and not stopped, itself or upstream. */
function requireInEffect(grant: Grant, effect: GrantEffect): RuleResult {
  if (effect.effectiveStatus === 'scheduled') return refuse('POLICY_VIOLATION', `grant ${grant.id} is not in force until ${grant.validFrom}`);
  if (effect.effectiveStatus !== 'active') {
    return refuse('POLICY_VIOLATION', `grant ${grant.id} is ${effect.effectiveStatus}${effect.stoppedBy ? `: ${effect.stoppedBy}` : ''}`);
  }
  return ALLOW;
}

/** The first meter of the chain with all its uses recorded, if any. */
function spentMeter(meters: readonly UsageMeter[]): UsageMeter | undefined {
  return meters.find((m) => m.recorded >= m.maxUses);
}

/**
 * Whether a grant lets its grantee derive new data from the asset (lineage) now, or why not:
 * it conveys processing, is in effect (so in force), has uses left on every meter of its
 * chain, and is not a personal authorisation — a person's consent to one purpose cannot found
 * a registered product that would outlive its withdrawal and be licensed onwards.
 */
export function canDeriveUnder(grant: Grant, effect: GrantEffect, meters: readonly UsageMeter[]): RuleResult {
  if (!grant.rights.includes('processing')) return refuse('POLICY_VIOLATION', `grant ${grant.id} does not convey the processing right`);
  if (grant.type === 'personal')
    return refuse('POLICY_VIOLATION', `grant ${grant.id} is a personal authorisation for one purpose; it does not found a derived registration`);
  const inEffect = requireInEffect(grant, effect);
  if (!inEffect.allowed) return inEffect;
  const spent = spentMeter(meters);
  if (spent) return refuse('POLICY_VIOLATION', `grant ${spent.grantId} has all its ${String(spent.maxUses)} use(s) recorded`);
  return ALLOW;
}

/** Orgs whose peers must endorse any later change of the grant: the issuing registry and the grantor's registry. */
export function grantEndorsers(certRegistry: string, grantorMspId: string): string[] {
  return [...new Set([certRegistry, grantorMspId])].sort();
}
