/** Who reads which 公示 board: anyone the public one; the members' one (important grade too) only an enrolled member. */
import { Caller } from '../identity';
import { Consortium } from '../model/consortium';
import { ALLOW, RuleResult, refuse } from './result';

/**
 * A consortium member's enrolled user: an organisation of the consortium and at least one
 * `dal.role`. The gateway's public verifier has no role, so a public route cannot read this board.
 */
export function mayReadMembersBoard(caller: Caller, consortium: Consortium): RuleResult {
  if (!consortium.org(caller.mspId)) return refuse('FORBIDDEN', `${caller.mspId} is not a member of the consortium`);
  if (caller.roles.length === 0) return refuse('FORBIDDEN', 'the members’ board is for enrolled users of member organisations (a dal.role is required)');
  return ALLOW;
}
