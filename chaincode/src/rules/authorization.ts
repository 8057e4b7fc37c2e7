/**
 * Who may do what, from the caller's MSP, `dal.role` and `dal.entity` and the consortium's
 * organisation table. Checked before any state rule, so an unauthorised caller learns only
 * FORBIDDEN, never the record's state.
 */
import { Caller, Role, hasRole } from '../identity';
import { Consortium } from '../model/consortium';
import { isValidEntity } from '../uscc';
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

/** Enterprises and persons are enrolled under their city registry's CA and apply there. */
export function mayApply(caller: Caller, registry: string, consortium: Consortium): RuleResult {
  if (!hasRole(caller, 'holder') && !hasRole(caller, 'operator')) return refuse('FORBIDDEN', 'the holder or operator role is required to apply');
  if (!caller.entity || !isValidEntity(caller.entity)) return refuse('FORBIDDEN', 'the caller has no valid dal.entity (USCC or np: hash)');
  if (!consortium.isRegistry(registry)) return refuse('INVALID_REQUEST', `registry ${registry} is not a registry of the consortium`);
  if (caller.mspId !== registry) return refuse('FORBIDDEN', `an applicant enrolled at ${caller.mspId} applies at that registry, not ${registry}`);
  return ALLOW;
}

export function mayActAsAppraiser(caller: Caller, consortium: Consortium): RuleResult {
  if (consortium.typeOf(caller.mspId) !== 'appraiser') return refuse('FORBIDDEN', `${caller.mspId} is not an appraiser organisation`);
  if (!hasRole(caller, 'appraiser')) return refuse('FORBIDDEN', 'the appraiser role is required');
  return ALLOW;
}

export function mayActAsRegulator(caller: Caller, consortium: Consortium): RuleResult {
  if (consortium.typeOf(caller.mspId) !== 'regulator') return refuse('FORBIDDEN', `${caller.mspId} is not the regulator organisation`);
  if (!hasRole(caller, 'regulator')) return refuse('FORBIDDEN', 'the regulator role is required');
  return ALLOW;
}

/** Holder-side acts (cancel) need a holder/operator role and the entity that holds the right. */
export function mayActAsEntity(caller: Caller, entity: string | undefined, roles: readonly Role[] = ['holder', 'operator']): RuleResult {
  if (!roles.some((r) => hasRole(caller, r))) return refuse('FORBIDDEN', `one of the roles ${roles.join(', ')} is required`);
  if (!entity || caller.entity !== entity) return refuse('FORBIDDEN', 'only the holder of the right may do this');
  return ALLOW;
}

/**
 * Consortium configuration: the first definition by any `admin`; afterwards only an admin of
 * the regulator organisation may replace it.
 */
export function mayConfigureConsortium(caller: Caller, current: Consortium | undefined): RuleResult {
  if (!hasRole(caller, 'admin')) return refuse('FORBIDDEN', 'the admin role is required');
  if (current && current.typeOf(caller.mspId) !== 'regulator') {
    return refuse('FORBIDDEN', 'only an admin of the regulator organisation may change the consortium definition');
  }
  return ALLOW;
}
