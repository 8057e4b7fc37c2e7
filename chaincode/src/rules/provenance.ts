/**
 * Who may read a certificate's provenance (its dossier for pledge financing, 质押融资): the
 * enterprise holding a right on it, the regulator's auditors and regulators, and a bank that is
 * its pledgee. Which banks are pledgees is the caller's business (`pledgeeMspIds`): today the
 * holders of the certificate's active `pledge` encumbrances; pending pledges may be added.
 */
import type { Caller } from '../identity';
import { hasRole } from '../identity';
import type { Consortium } from '../model/consortium';
import type { Certificate } from '../model/certificate';
import { holdersOf } from '../model/certificate';
import type { Encumbrance } from '../model/encumbrance';
import { mayActAsEntity, mayActAsSupervisor } from './authorization';
import { ALLOW, RuleResult, refuse } from './result';

/** The banks holding an active pledge of the certificate (the encumbrance's holder is the bank's MSP id). */
export function activePledgees(encumbrances: readonly Pick<Encumbrance, 'kind' | 'status' | 'holder'>[]): string[] {
  return [...new Set(encumbrances.filter((e) => e.kind === 'pledge' && e.status === 'active').map((e) => e.holder))].sort();
}

/** A bank officer (role `bank`) of a bank organisation that is one of the pledgees. */
export function mayActAsPledgee(caller: Caller, pledgeeMspIds: readonly string[], consortium: Consortium): RuleResult {
  if (consortium.typeOf(caller.mspId) !== 'bank') return refuse('FORBIDDEN', `${caller.mspId} is not a bank organisation`);
  if (!hasRole(caller, 'bank')) return refuse('FORBIDDEN', 'the bank role is required');
  if (!pledgeeMspIds.includes(caller.mspId)) return refuse('FORBIDDEN', `${caller.mspId} holds no pledge of this certificate`);
  return ALLOW;
}

export function mayReadProvenance(
  caller: Caller,
  cert: Pick<Certificate, 'id' | 'rights'>,
  pledgeeMspIds: readonly string[],
  consortium: Consortium,
): RuleResult {
  if (mayActAsSupervisor(caller, consortium).allowed) return ALLOW;
  if (mayActAsPledgee(caller, pledgeeMspIds, consortium).allowed) return ALLOW;
  if (holdersOf(cert.rights).some((holder) => mayActAsEntity(caller, holder, consortium).allowed)) return ALLOW;
  return refuse('FORBIDDEN', `only a holder of ${cert.id}, its pledgee bank or an auditor may read its provenance`);
}
