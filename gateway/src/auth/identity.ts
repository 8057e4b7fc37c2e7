/**
 * Who is calling: the enrolled ledger identity an API key maps to. Transactions are signed
 * as this identity, so the chaincode — not the gateway — has the last word on what it may do.
 */

export interface CallerIdentity {
  readonly mspId: string;
  readonly enrollmentId: string;
  /** The `dal.role` attribute values in the identity's certificate. */
  readonly roles: readonly string[];
  /** The `dal.entity` attribute: the unified social credit code (or `np:` hash) it acts for. */
  readonly entity?: string;
}

/** Resolves API keys to identities; the gateway's only view of its credential storage. */
export interface IdentityStore {
  /** The identity an API key maps to, or undefined for an unknown or malformed key. */
  resolve(apiKey: string): CallerIdentity | undefined;
}
