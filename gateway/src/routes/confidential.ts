/**
 * A confidential value on its way to the chaincode (chaincode/src/model/confidential.ts): in
 * transient data, never in the arguments (which are in the transaction every member's peer
 * keeps), with a salt so that the commitment on the channel cannot be opened by trying values.
 *
 * The salt is the client's: the caller may send its own (hex), else the gateway — the Fabric
 * client here — draws 32 random bytes. Either way the reply hands it back: the party keeps it
 * to prove the value later against the commitment. The chaincode never draws one (every
 * endorser must write the same bytes).
 */
import { randomBytes } from 'node:crypto';
import { CONFIDENTIAL_TRANSIENT_KEY, SALT_TRANSIENT_KEY } from '../../../chaincode/src/vocabulary';
import type { Transient } from '../ledger-service/transaction';

export interface ConfidentialSubmission {
  readonly transient: Transient;
  /** Hex of the salt used, for the reply. */
  readonly salt: string;
}

export function confidentialSubmission(value: Readonly<Record<string, unknown>>, salt?: string): ConfidentialSubmission {
  const saltBytes = salt !== undefined ? Buffer.from(salt, 'hex') : randomBytes(32);
  return {
    transient: { [CONFIDENTIAL_TRANSIENT_KEY]: Buffer.from(JSON.stringify(value), 'utf8'), [SALT_TRANSIENT_KEY]: saltBytes },
    salt: saltBytes.toString('hex'),
  };
}
