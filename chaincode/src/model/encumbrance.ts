/**
 * Encumbrances (权利负担) on a certificate: a pledge (质押), an open trading dispute (交易争议)
 * and a judicial freeze (司法冻结/查封). They are separate records beside the certificate, not
 * a status of it: they may overlap, each is lifted by its own party, and the certificate keeps
 * its status (an encumbered certificate still holds; it cannot move).
 *
 * ENCUMBRANCE_BLOCKS is the one table of which operations each kind blocks and who lifts it;
 * rules/encumbrance.ts decides from it and docs/encumbrances.md states it for people.
 */
import { JsonObject, optionalString, requireString } from './request';
import type { Actor } from '../identity';

export const ENCUMBRANCE_KINDS = ['pledge', 'dispute', 'judicial_freeze'] as const;
export type EncumbranceKind = (typeof ENCUMBRANCE_KINDS)[number];

export const ENCUMBRANCE_STATUSES = ['active', 'lifted'] as const;
export type EncumbranceStatus = (typeof ENCUMBRANCE_STATUSES)[number];

/** Operations on a certificate an encumbrance may block. */
export const ENCUMBERED_OPERATIONS = ['transfer', 'change', 'cancellation', 'renewal', 'listing', 'order', 'new_pledge', 'new_grant'] as const;
export type EncumberedOperation = (typeof ENCUMBERED_OPERATIONS)[number];

/** Who may lift an encumbrance of a kind. */
export const LIFTERS = ['pledgee', 'exchange', 'regulator'] as const;
export type Lifter = (typeof LIFTERS)[number];

export interface EncumbranceRule {
  /** The operations refused while an encumbrance of this kind is active. */
  readonly blocks: readonly EncumberedOperation[];
  /** The party that lifts it: the pledgee (the bank holding the pledge), the exchange, or the regulator on a court order. */
  readonly liftedBy: Lifter;
}

/**
 * The one table. A pledge keeps the collateral as pledged: it is not moved, altered, cancelled,
 * licensed anew or pledged twice until the pledgee releases it, but it may be renewed (which
 * keeps the collateral alive). A dispute stops the contested asset being sold, pledged, altered or
 * cancelled while the exchange settles it (what is in dispute must stay as it was traded); it
 * may still be renewed and licensed. A
 * judicial freeze (查封) stops everything that moves, alters or burdens the asset.
 */
export const ENCUMBRANCE_BLOCKS: Readonly<Record<EncumbranceKind, EncumbranceRule>> = Object.freeze({
  pledge: { blocks: ['transfer', 'change', 'cancellation', 'listing', 'order', 'new_pledge', 'new_grant'], liftedBy: 'pledgee' },
  dispute: { blocks: ['transfer', 'change', 'cancellation', 'listing', 'order', 'new_pledge'], liftedBy: 'exchange' },
  judicial_freeze: {
    blocks: ['transfer', 'change', 'cancellation', 'renewal', 'listing', 'order', 'new_pledge', 'new_grant'],
    liftedBy: 'regulator',
  },
});

export interface EncumbranceLift {
  reference: string;
  reason?: string;
  at: string;
  by: Actor;
  txId: string;
}

/** One encumbrance of one certificate, stored under [certificate id, encumbrance id]. */
export interface Encumbrance {
  docType: 'encumbrance';
  id: string;
  certificateId: string;
  kind: EncumbranceKind;
  /** Who holds the encumbrance: the pledgee, the exchange, or the court whose order froze the asset. */
  holder: string;
  /** The document it rests on: a court order (裁定书) number, a pledge contract, a dispute case. */
  reference: string;
  reason?: string;
  status: EncumbranceStatus;
  since: string;
  recordedBy: Actor;
  lifted?: EncumbranceLift;
  createdTxId: string;
  lastTxId: string;
  updatedAt: string;
}

export interface FreezeRequest {
  court: string;
  reference: string;
  reason?: string;
}

export interface LiftRequest {
  reference: string;
  reason?: string;
}

/** 司法冻结: the court that ordered it and the order's reference are required. */
export function parseFreezeRequest(body: JsonObject): FreezeRequest {
  const court = requireString(body, 'court', 256);
  const reference = requireString(body, 'reference', 256);
  const reason = optionalString(body, 'reason', 2000);
  return { court, reference, ...(reason !== undefined ? { reason } : {}) };
}

/** 解除冻结: the reference of the order that lifts it is required. */
export function parseLiftRequest(body: JsonObject): LiftRequest {
  const reference = requireString(body, 'reference', 256);
  const reason = optionalString(body, 'reason', 2000);
  return { reference, ...(reason !== undefined ? { reason } : {}) };
}
