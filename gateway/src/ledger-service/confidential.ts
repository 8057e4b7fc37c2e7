/**
 * A confidential value on its way to the chaincode (chaincode/src/model/confidential.ts): in
 * transient data, never in the arguments (which are in the transaction every member's peer
 * keeps), with a salt so that the commitment on the channel cannot be opened by trying values.
 *
 * The salt is the client's: the caller may send its own (hex); otherwise the gateway — the Fabric
 * client here — draws one, and the reply hands it back: the party keeps it to prove the value
 * later against the commitment. With an Idempotency-Key the drawn salt is a function of the
 * request (idempotency-store.ts `salt`), so a repeat after a crash — which may find the first
 * attempt already committed — hands back the salt that was committed. The chaincode never draws
 * one (every endorser must write the same bytes).
 */
import { randomBytes } from 'node:crypto';
import { CONFIDENTIAL_TRANSIENT_KEY, SALT_TRANSIENT_KEY } from '../../../chaincode/src/vocabulary';
import type { Transient } from './transaction';

/** What a route hands the ledger writer: the confidential value, and the caller's own salt (hex) if it sent one. */
export interface ConfidentialValue {
  readonly value: Readonly<Record<string, unknown>>;
  readonly salt?: string;
}

export interface ConfidentialSubmission {
  readonly transient: Transient;
  /** Hex of the salt used, for the reply. */
  readonly salt: string;
}

/** The transient data for `confidential`; `drawn` supplies the salt when the caller sent none (default: 32 random bytes). */
export function confidentialSubmission(confidential: ConfidentialValue, drawn: () => Uint8Array = () => randomBytes(32)): ConfidentialSubmission {
  const saltBytes = confidential.salt !== undefined ? Buffer.from(confidential.salt, 'hex') : Buffer.from(drawn());
  return {
    transient: { [CONFIDENTIAL_TRANSIENT_KEY]: Buffer.from(JSON.stringify(confidential.value), 'utf8'), [SALT_TRANSIENT_KEY]: saltBytes },
    salt: saltBytes.toString('hex'),
  };
}
