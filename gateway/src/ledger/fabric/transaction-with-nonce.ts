/**
 * A fabric-network 2.2 transaction whose proposal nonce the caller chooses, so that repeating a
 * request repeats its transaction id and a peer refuses the copy ("duplicate transaction
 * found"), exactly as the embedded network does.
 *
 * fabric-network draws a random nonce in `createTransaction`, but its documented
 * `Transaction.serialize()` / `Contract.deserializeTransaction()` pair exists to resubmit a
 * transaction with the same nonce and id after an application restart. The id is Fabric's
 * `hex(SHA-256(nonce ‖ creator))` (protoutil.ComputeTxID), where the creator is the signing
 * identity's serialized form — the same bytes the proposal's signature header carries.
 */
import { createHash } from 'node:crypto';
import type { Contract, Gateway, Transaction } from 'fabric-network';

export function fabricTxId(nonce: Uint8Array, creator: Uint8Array): string {
  return createHash('sha256').update(nonce).update(creator).digest('hex');
}

/** `fn` is the fully qualified transaction name (`Contract:Function`); the contract has no namespace. */
export function transactionWithNonce(gateway: Gateway, contract: Contract, fn: string, nonce: Uint8Array): Transaction {
  const identity = gateway.identityContext;
  if (!identity) throw new Error('the Fabric gateway is not connected');
  const transactionId = fabricTxId(nonce, identity.serializeIdentity());
  const state = { name: fn, nonce: Buffer.from(nonce).toString('base64'), transactionId };
  return contract.deserializeTransaction(Buffer.from(JSON.stringify(state), 'utf8'));
}
