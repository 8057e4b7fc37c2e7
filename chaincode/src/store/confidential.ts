/**
 * Confidential values in private data (model/confidential.ts): one copy in the implicit
 * collection of each organisation entitled to it, so only those organisations' peers hold it;
 * the channel carries Fabric's hash of each copy and the public record the salted commitment.
 *
 * Writing an organisation's implicit collection needs that organisation's peer to endorse
 * (its collection-level policy is the organisation's own Endorsement policy), so a value
 * written for three organisations is endorsed by all three: none is told a value it did not
 * sign for. Each copy then gets a private key-level policy of all the holders together, so
 * from the next transaction on no holder can rewrite its own copy alone and the copies cannot
 * drift apart.
 */
import { Context } from 'fabric-contract-api';
import { KeyEndorsementPolicy } from 'fabric-shim';
import { canonicalBytes } from '../canonical-json';
import { ChaincodeError, conflict, notFound } from '../errors';
import { ConfidentialCopy, ConfidentialRef, commitmentOf, implicitCollectionOf } from '../model/confidential';

/** Writes `value` for each holder and answers the reference the public record keeps. */
export async function putConfidential(ctx: Context, key: string, holders: readonly string[], value: unknown, salt: Uint8Array): Promise<ConfidentialRef> {
  const sorted = [...new Set(holders)].sort();
  const commitment = commitmentOf(salt, value);
  const copy = canonicalBytes({ value, salt: Buffer.from(salt).toString('hex'), commitment });
  const policy = new KeyEndorsementPolicy();
  policy.addOrgs('PEER', ...sorted);
  const parameter = policy.getPolicy();
  for (const mspId of sorted) {
    const collection = implicitCollectionOf(mspId);
    await ctx.stub.putPrivateData(collection, key, copy);
    await ctx.stub.setPrivateDataValidationParameter(collection, key, parameter);
  }
  return { key, holders: sorted, commitment };
}

/**
 * The copy `mspId`'s peer holds, checked against the public commitment. Run on that
 * organisation's peer: another peer holds no copy (Fabric refuses the read there).
 */
export async function readConfidential<T>(ctx: Context, ref: ConfidentialRef, mspId: string): Promise<ConfidentialCopy<T>> {
  if (!ref.holders.includes(mspId)) {
    throw new ChaincodeError('FORBIDDEN', `the value is held by the peers of ${ref.holders.join(', ')} only, not by ${mspId}`);
  }
  const bytes = await ctx.stub.getPrivateData(implicitCollectionOf(mspId), ref.key);
  if (bytes.length === 0) throw notFound(`${mspId}'s peer holds no copy of ${ref.key}`);
  const copy = JSON.parse(Buffer.from(bytes).toString('utf8')) as ConfidentialCopy<T>;
  if (copy.commitment !== ref.commitment || commitmentOf(Buffer.from(copy.salt, 'hex'), copy.value) !== ref.commitment) {
    throw conflict(`${mspId}'s copy of ${ref.key} does not match the commitment on the channel`);
  }
  return copy;
}
