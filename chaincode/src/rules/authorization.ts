/**
 * Who may do what, from the caller's MSP, `dal.role` and `dal.entity` and the consortium's
 * organisation table. Checked before any state rule, so an unauthorised caller learns only
 * FORBIDDEN, never the record's state.
 */
import { Caller, Role, hasRole } from '../identity';
import { Consortium } from '../model/consortium';
import { divisionCodeOf, isNaturalPersonEntity, isValidEntity } from '../uscc';
import { ALLOW, RuleResult, refuse } from './result';

/** A registrar enrolled in the named registry organisation. */
export function mayActAsRegistrarOf(caller: Caller, registry: string, consortium: Consortium): RuleResult {
  if (!consortium.isRegistry(caller.mspId)) return refuse('FORBIDDEN', `${caller.mspId} is not a registry organisation`);
  if (!hasRole(caller, 'registrar')) return refuse('FORBIDDEN', 'the registrar role is required');
  if (caller.mspId !== registry) return refuse('FORBIDDEN', `only a registrar of ${registry} may do this`);
  return ALLOW;
}

/** A registrar of any registry (proposing agreements, recognising). */
export function mayActAsAnyRegistrar(caller: Caller, consortium: Consortium): RuleResult {
  if (!consortium.isRegistry(caller.mspId)) return refuse('FORBIDDEN', `${caller.mspId} is not a registry organisation`);
  if (!hasRole(caller, 'registrar')) return refuse('FORBIDDEN', 'the registrar role is required');
  return ALLOW;
}

/**
 * The administrative-division prefix a registry's city code stands for: trailing "00" pairs
 * removed (321200 → "3212", a city and its districts; 310000 → "31", a municipality). Never
 * shorter than the two province digits, so a nonsense "000000" covers nothing, not everything.
 */
export function jurisdictionPrefix(cityCode: string): string {
  let prefix = cityCode;
  while (prefix.length > 2 && prefix.endsWith('00')) prefix = prefix.slice(0, -2);
  return prefix;
}

/**
 * Enterprises and persons are users enrolled under their city registry's CA, so a `dal.entity`
 * attribute is only as good as the CA that issued it: a registry vouches only for entities of
 * its own jurisdiction — a USCC whose administrative-division code (characters 3–8), or a
 * natural person `np:<city code>:<hash>` whose city code, lies under the registry's city code.
 * A person is thus bound to the registry that enrolled them: another city's CA putting their
 * entity into a certificate cannot act for them. An entity code in a certificate from any other
 * organisation's CA (a bank, the exchange, another city) proves nothing and is refused.
 */
export function mayVouchForEntity(mspId: string, entity: string | undefined, consortium: Consortium): RuleResult {
  if (!entity || !isValidEntity(entity)) {
    return refuse('FORBIDDEN', 'the caller has no valid dal.entity (USCC, or np:<6-digit city code>:<64 hex> for a natural person)');
  }
  const org = consortium.org(mspId);
  if (!org || org.type !== 'registry' || org.cityCode === undefined) {
    return refuse('FORBIDDEN', `${mspId} is not a registry organisation: only a registry's CA enrols enterprises and persons`);
  }
  const division = divisionCodeOf(entity) ?? '';
  if (division.startsWith(jurisdictionPrefix(org.cityCode))) return ALLOW;
  const kind = isNaturalPersonEntity(entity) ? 'the natural person' : entity;
  return refuse(
    'FORBIDDEN',
    `${kind} (division ${division}) is outside the jurisdiction of ${mspId} (${org.cityCode}); it enrols under its own city's registry`,
  );
}

/**
 * Enterprises and persons are enrolled under their city registry's CA and apply there: the
 * caller's registry must vouch for its entity, and the application goes to that registry.
 */
export function mayApply(caller: Caller, registry: string, consortium: Consortium): RuleResult {
  if (!hasRole(caller, 'holder') && !hasRole(caller, 'operator')) return refuse('FORBIDDEN', 'the holder or operator role is required to apply');
  const vouched = mayVouchForEntity(caller.mspId, caller.entity, consortium);
  if (!vouched.allowed) return vouched;
  if (!consortium.isRegistry(registry)) return refuse('INVALID_REQUEST', `registry ${registry} is not a registry of the consortium`);
  if (caller.mspId !== registry) return refuse('FORBIDDEN', `an applicant enrolled at ${caller.mspId} applies at that registry, not ${registry}`);
  return ALLOW;
}

export function mayActAsAppraiser(caller: Caller, consortium: Consortium): RuleResult {
  if (consortium.typeOf(caller.mspId) !== 'appraiser') return refuse('FORBIDDEN', `${caller.mspId} is not an appraiser organisation`);
  if (!hasRole(caller, 'appraiser')) return refuse('FORBIDDEN', 'the appraiser role is required');
  return ALLOW;
}

/** An appraiser of the named appraiser firm (its own reports). */
export function mayActAsAppraiserOf(caller: Caller, firm: string, consortium: Consortium): RuleResult {
  const appraiser = mayActAsAppraiser(caller, consortium);
  if (!appraiser.allowed) return appraiser;
  return caller.mspId === firm ? ALLOW : refuse('FORBIDDEN', `only an appraiser of ${firm} may do this`);
}

export function mayActAsRegulator(caller: Caller, consortium: Consortium): RuleResult {
  if (consortium.typeOf(caller.mspId) !== 'regulator') return refuse('FORBIDDEN', `${caller.mspId} is not the regulator organisation`);
  if (!hasRole(caller, 'regulator')) return refuse('FORBIDDEN', 'the regulator role is required');
  return ALLOW;
}

/**
 * Holder-side acts (cancel, and every later act by a right holder or operator) need a
 * holder/operator role, an entity the caller's registry vouches for (see mayVouchForEntity),
 * and that entity must be the one holding the right. The certificate's registry does not
 * matter: a right transferred to an enterprise of another city is exercised from there.
 */
export function mayActAsEntity(
  caller: Caller,
  entity: string | undefined,
  consortium: Consortium,
  roles: readonly Role[] = ['holder', 'operator'],
): RuleResult {
  if (!roles.some((r) => hasRole(caller, r))) return refuse('FORBIDDEN', `one of the roles ${roles.join(', ')} is required`);
  const vouched = mayVouchForEntity(caller.mspId, caller.entity, consortium);
  if (!vouched.allowed) return vouched;
  if (!entity || caller.entity !== entity) return refuse('FORBIDDEN', 'only the holder of the right may do this');
  return ALLOW;
}

/**
 * Consortium configuration. The first definition must come from an admin of the organisation
 * that definition names as the regulator (it names exactly one), so no other member's admin
 * can get in first and fix the organisation table; afterwards only an admin of the stored
 * regulator organisation may replace it.
 */
export function mayConfigureConsortium(caller: Caller, current: Consortium | undefined, proposed: Consortium): RuleResult {
  if (!hasRole(caller, 'admin')) return refuse('FORBIDDEN', 'the admin role is required');
  if (!current) {
    if (proposed.typeOf(caller.mspId) !== 'regulator') {
      return refuse(
        'FORBIDDEN',
        `only an admin of the regulator organisation the definition names (${proposed.regulatorMspId()}) may configure the consortium first`,
      );
    }
    return ALLOW;
  }
  if (current.typeOf(caller.mspId) !== 'regulator') {
    return refuse('FORBIDDEN', 'only an admin of the regulator organisation may change the consortium definition');
  }
  return ALLOW;
}

/**
 * Who may read a confidential value held for `holders` (store/confidential.ts): the caller's
 * organisation must be one of them (its peer holds the only copy the caller can be given), and
 * the caller one of the `parties` entitled in that organisation — the registrar of the
 * issuing registry, an enterprise holding a right on the asset, the appraiser firm that filed
 * it, or the regulator's regulators and auditors.
 */
export function mayReadConfidential(caller: Caller, holders: readonly string[], parties: readonly RuleResult[]): RuleResult {
  if (!holders.includes(caller.mspId)) {
    return refuse('FORBIDDEN', `the value is held by the peers of ${holders.join(', ')} only; ${caller.mspId} holds no copy`);
  }
  return parties.some((p) => p.allowed) ? ALLOW : refuse('FORBIDDEN', 'only the parties to this value may read it');
}

/** The regulator's regulators and auditors (supervision and audit reads). */
export function mayActAsSupervisor(caller: Caller, consortium: Consortium): RuleResult {
  if (consortium.typeOf(caller.mspId) !== 'regulator') return refuse('FORBIDDEN', `${caller.mspId} is not the regulator organisation`);
  if (!hasRole(caller, 'regulator') && !hasRole(caller, 'auditor')) return refuse('FORBIDDEN', 'the regulator or auditor role is required');
  return ALLOW;
}

/** An operator (role `exchange`) of the named exchange organisation. */
export function mayActAsExchangeOf(caller: Caller, exchange: string, consortium: Consortium): RuleResult {
  if (consortium.typeOf(caller.mspId) !== 'exchange') return refuse('FORBIDDEN', `${caller.mspId} is not an exchange organisation`);
  if (!hasRole(caller, 'exchange')) return refuse('FORBIDDEN', 'the exchange role is required');
  if (caller.mspId !== exchange) return refuse('FORBIDDEN', `only an operator of ${exchange} may do this`);
  return ALLOW;
}

/**
 * Who may read a certificate's whole lifecycle (every transaction that touched it, with actors):
 * the regulator's auditors and regulators, a registrar of the issuing registry, and an entity
 * holding a right on it. Everyone else learns only FORBIDDEN.
 */
export function mayReadLifecycle(caller: Caller, registry: string, holders: readonly string[], consortium: Consortium): RuleResult {
  const parties = [
    mayActAsSupervisor(caller, consortium),
    mayActAsRegistrarOf(caller, registry, consortium),
    ...holders.map((h) => mayActAsEntity(caller, h, consortium)),
  ];
  return parties.some((p) => p.allowed)
    ? ALLOW
    : refuse('FORBIDDEN', `only an auditor, a registrar of ${registry} or a right holder may read this certificate's lifecycle`);
}
