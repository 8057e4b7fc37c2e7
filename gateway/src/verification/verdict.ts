/**
 * The verdict a relying party reads (a bank, another city): does this certificate hold NOW?
 * A top-level `valid` means exactly that, wherever the gateway shows one for a certificate —
 * public verification by id or query code, and POST /verify of a bundle. When it is false,
 * `reason` says why, in one small closed vocabulary (published as an enum in the OpenAPI
 * document), so a client can tell "forged" (`proof-failed`) from "no longer in force"
 * (`revoked`, `cancelled`, `expired`) without parsing text.
 *
 * An encumbrance (a pledge, a dispute, a judicial freeze) is not a reason: an encumbered
 * certificate still holds (it cannot move), and the answers report `encumbrances` and
 * `pledged` beside the verdict.
 */

export const VERDICT_REASONS = [
  /** POST /verify only: a check of the bundle's proof failed (`failedCheck` names it). */
  'proof-failed',
  /** The ledger has no certificate of that id. */
  'not-found',
  /** Applied, under review or in publicity (公示): not issued yet. */
  'not-issued',
  /** The application was rejected. */
  'rejected',
  /** 撤销 by the registrar or the regulator. */
  'revoked',
  /** 注销 at the holder's request. */
  'cancelled',
  /** The term ended (`expiresAt` is at or before the time of the check). */
  'expired',
] as const;

export type VerdictReason = (typeof VERDICT_REASONS)[number];

/** The status in which a certificate holds: issued (encumbrances are records beside it, not statuses). */
const HOLDING_STATUSES: ReadonlySet<string> = new Set(['issued']);
const CLOSED_STATUSES: ReadonlySet<string> = new Set(['rejected', 'revoked', 'cancelled', 'expired']);

/**
 * Why a certificate with this live status does not hold now, or undefined when it holds.
 * `status` is the effective status at the time of the check (`expired` already computed).
 * A status this gateway does not know is not taken to hold.
 */
export function statusReason(exists: boolean, status: string | undefined): VerdictReason | undefined {
  if (!exists) return 'not-found';
  if (status !== undefined && HOLDING_STATUSES.has(status)) return undefined;
  if (status !== undefined && CLOSED_STATUSES.has(status)) return status as VerdictReason;
  return 'not-issued';
}

export interface Verdict {
  /** The certificate holds now. */
  readonly valid: boolean;
  readonly reason?: VerdictReason;
  /** With `proof-failed`: the first check that failed. */
  readonly failedCheck?: string;
}

/**
 * The verdict on a bundle: its proof must hold (every check, `committed-valid` included) AND
 * the ledger's live status must hold. A failed proof decides first: a forged bundle is
 * `proof-failed` whatever the certificate it names is doing.
 */
export function bundleVerdict(
  proof: { readonly valid: boolean; readonly checks: readonly { readonly name: string; readonly ok: boolean }[] },
  live: { readonly exists: boolean; readonly status?: string } | undefined,
): Verdict {
  if (!proof.valid) return { valid: false, reason: 'proof-failed', failedCheck: proof.checks.find((c) => !c.ok)?.name ?? 'format' };
  const reason = live ? statusReason(live.exists, live.status) : 'not-found';
  return reason === undefined ? { valid: true } : { valid: false, reason };
}
