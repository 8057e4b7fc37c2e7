/**
 * Who may read what is not public within the consortium. Most records are (a certificate, its
 * history, a grant, an agreement: the register the members keep together), but the metered uses
 * of a grant — who used which data, how often and for what — and the versions of a grant are
 * commercially sensitive. Those are read only by the grant's parties and the ones answerable
 * for them: the grantor and the grantee (acting as their entity), the registrars of the
 * certificate's registry and of the registries that enrol the grantor and the grantee, and the
 * regulator's regulators and auditors. Everyone else: FORBIDDEN, before anything is read.
 */
import { Caller, hasRole } from '../identity';
import { Consortium } from '../model/consortium';
import { mayActAsEntity, mayActAsSupervisor, mayVouchForEntity } from './authorization';
import { ALLOW, RuleResult, refuse } from './result';

/** The parties of a grant that the rule names. */
interface GrantParties {
  readonly grantor: string;
  readonly grantee: string;
  /** The certificate's issuing registry. */
  readonly registry: string;
}

export function mayReadGrantActivity(caller: Caller, grant: GrantParties, consortium: Consortium): RuleResult {
  if (mayActAsEntity(caller, grant.grantor, consortium).allowed || mayActAsEntity(caller, grant.grantee, consortium).allowed) return ALLOW;
  if (mayActAsSupervisor(caller, consortium).allowed) return ALLOW;
  if (hasRole(caller, 'registrar') && consortium.isRegistry(caller.mspId)) {
    if (caller.mspId === grant.registry) return ALLOW;
    if ([grant.grantor, grant.grantee].some((entity) => mayVouchForEntity(caller.mspId, entity, consortium).allowed)) return ALLOW;
  }
  return refuse(
    'FORBIDDEN',
    "only the grant's grantor and grantee, their registries and the regulator's regulators and auditors may read its uses and history",
  );
}
