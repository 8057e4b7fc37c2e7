/**
 * The one place where an encumbrance decides whether an operation on its certificate goes
 * ahead: every certificate operation named in ENCUMBRANCE_BLOCKS asks `unencumberedFor` with
 * the certificate's encumbrances before it writes. Refusals are `CONFLICT`: like a wrong
 * lifecycle state, it is the certificate's current state that stands in the way, and the same
 * request succeeds once the encumbrance is lifted (docs/encumbrances.md).
 */
import type { Certificate } from '../model/certificate';
import { ENCUMBRANCE_BLOCKS, Encumbrance, EncumberedOperation } from '../model/encumbrance';
import { ALLOW, RuleResult, refuse } from './result';

const OPERATION_WORDS: Readonly<Record<EncumberedOperation, string>> = {
  transfer: 'a right transfer',
  change: 'a change',
  cancellation: 'cancellation',
  renewal: 'renewal',
  listing: 'a listing',
  order: 'an order',
  new_pledge: 'a new pledge',
  new_grant: 'a new grant',
};

/** Whether an encumbrance of this kind, while active, blocks the operation. */
export function blocks(encumbrance: Pick<Encumbrance, 'kind' | 'status'>, operation: EncumberedOperation): boolean {
  return encumbrance.status === 'active' && ENCUMBRANCE_BLOCKS[encumbrance.kind].blocks.includes(operation);
}

/** The first active encumbrance (in the given order) that blocks the operation, if any. */
export function blockingEncumbrance(encumbrances: readonly Encumbrance[], operation: EncumberedOperation): Encumbrance | undefined {
  return encumbrances.find((e) => blocks(e, operation));
}

/** ALLOW, or `CONFLICT` naming the operation and the blocking encumbrance's kind and reference. */
export function unencumberedFor(certificateId: string, encumbrances: readonly Encumbrance[], operation: EncumberedOperation): RuleResult {
  const blocking = blockingEncumbrance(encumbrances, operation);
  if (blocking === undefined) return ALLOW;
  return refuse(
    'CONFLICT',
    `${OPERATION_WORDS[operation]} of certificate ${certificateId} is blocked by the ${blocking.kind} ${blocking.id} (reference ${blocking.reference}) since ${blocking.since}; it is lifted by the ${ENCUMBRANCE_BLOCKS[blocking.kind].liftedBy}`,
  );
}

/** Unfreeze lifts exactly one active judicial freeze of this certificate. */
export function canLiftFreeze(certificateId: string, encumbrance: Encumbrance | undefined, encumbranceId: string): RuleResult {
  if (encumbrance === undefined) return refuse('NOT_FOUND', `encumbrance ${encumbranceId} of ${certificateId} does not exist`);
  if (encumbrance.kind !== 'judicial_freeze')
    return refuse(
      'CONFLICT',
      `encumbrance ${encumbranceId} is a ${encumbrance.kind}, not a judicial freeze; it is lifted by the ${ENCUMBRANCE_BLOCKS[encumbrance.kind].liftedBy}`,
    );
  if (encumbrance.status !== 'active') return refuse('CONFLICT', `judicial freeze ${encumbranceId} of ${certificateId} is already ${encumbrance.status}`);
  return ALLOW;
}

/** An encumbrance is recorded on an issued certificate (also one past its term, which may still be renewed or cancelled). */
export function canEncumber(cert: Pick<Certificate, 'id' | 'status'>): RuleResult {
  if (cert.status !== 'issued') return refuse('CONFLICT', `cannot encumber certificate ${cert.id} in status ${cert.status}`);
  return ALLOW;
}
