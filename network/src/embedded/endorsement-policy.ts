/**
 * Endorsement policy validation at commit (Fabric's built-in VSCC with state-based
 * endorsement, core/common/validation/statebased): every written key is checked against its
 * own validation parameter when it has one, and the chaincode-level policy applies when a
 * written key has none or nothing is written. A key whose validation parameter was changed by
 * an earlier valid transaction of the same block cannot be validated and fails.
 */
import { KEY, decodeVersionedValue, type Db } from './ledger-db';
import { BlockUpdates } from './block-updates';
import { loadPolicy, type CompiledPolicy } from './policy';
import type { MspRegistry, ValidatedIdentity } from '../protocol/msp';
import { Code, type NamespaceRwset } from '../protocol/transaction';
import { VALIDATION_PARAMETER, decodeMetadata, type PrivateKeyRef } from './tx-simulator';

export interface PolicyContext {
  readonly db: Db;
  readonly msps: MspRegistry;
  readonly namespace: string;
  readonly chaincodePolicy: CompiledPolicy;
  readonly policyCache: Map<string, CompiledPolicy>;
  /** Collection-level endorsement policies, by collection name (absent: the chaincode's). */
  readonly collectionPolicies?: ReadonlyMap<string, CompiledPolicy>;
}

export function keyPolicy(bytes: Uint8Array, ctx: Pick<PolicyContext, 'msps' | 'policyCache'>): CompiledPolicy {
  const id = Buffer.from(bytes).toString('base64');
  let p = ctx.policyCache.get(id);
  if (!p) {
    p = loadPolicy(bytes, ctx.msps);
    ctx.policyCache.set(id, p);
  }
  return p;
}

/** The committed validation parameter of a key, if it has one. */
export async function committedValidationParameter(db: Db, namespace: string, key: string): Promise<Buffer | undefined> {
  const raw = db.getSync(KEY.state(namespace, key));
  if (!raw) return undefined;
  return decodeMetadata(decodeVersionedValue(raw).metadata).get(VALIDATION_PARAMETER);
}

/**
 * The validation parameter kept with a private key's hash (SetPrivateDataValidationParameter),
 * as the validator reads it by key hash (GetPrivateDataMetadataByHash).
 */
export async function committedPrivateValidationParameter(db: Db, namespace: string, key: PrivateKeyRef): Promise<Buffer | undefined> {
  const raw = db.getSync(KEY.privateHash(namespace, key.collection, key.keyHashHex));
  if (!raw) return undefined;
  return decodeMetadata(decodeVersionedValue(raw).metadata).get(VALIDATION_PARAMETER);
}

/**
 * The policies that govern a set of writes, as statebased/validator_keylevel.go
 * checkSBAndCCEP decides for each written key: its own validation parameter when it has one
 * (and then only that one); otherwise, for a private key, its collection's endorsement policy
 * (v20.go CheckCCEPIfNotChecked), else the chaincode's; and the chaincode's when nothing is
 * written (CheckCCEPIfNoEPChecked). The committer evaluates them; the gateway plans endorsers
 * for them. A validation parameter that does not decode throws.
 */
export async function policiesForWrites(
  namespace: string,
  keys: Iterable<string>,
  privateKeys: Iterable<PrivateKeyRef>,
  ctx: Pick<PolicyContext, 'db' | 'msps' | 'policyCache' | 'chaincodePolicy' | 'collectionPolicies'>,
): Promise<CompiledPolicy[]> {
  const policies: CompiledPolicy[] = [];
  let needChaincodePolicy = false;
  let wroteSomething = false;
  for (const key of privateKeys) {
    wroteSomething = true;
    const vp = await committedPrivateValidationParameter(ctx.db, namespace, key);
    const collectionPolicy = ctx.collectionPolicies?.get(key.collection);
    if (vp) policies.push(keyPolicy(vp, ctx));
    else if (collectionPolicy) policies.push(collectionPolicy);
    else needChaincodePolicy = true;
  }
  for (const key of keys) {
    wroteSomething = true;
    const vp = await committedValidationParameter(ctx.db, namespace, key);
    if (vp) policies.push(keyPolicy(vp, ctx));
    else needChaincodePolicy = true;
  }
  if (needChaincodePolicy || !wroteSomething) policies.push(ctx.chaincodePolicy);
  return policies;
}

export async function checkEndorsementPolicy(
  rwsets: readonly NamespaceRwset[],
  endorsers: readonly ValidatedIdentity[],
  updates: BlockUpdates,
  ctx: PolicyContext,
): Promise<number> {
  const keys: string[] = [];
  const privateKeys: PrivateKeyRef[] = [];
  for (const ns of rwsets) {
    const written = new Set<string>([...ns.kv.getWritesList().map((w) => w.getKey()), ...ns.kv.getMetadataWritesList().map((m) => m.getKey())]);
    const writtenPrivate = privateKeysWritten(ns);
    if ((written.size > 0 || writtenPrivate.length > 0) && ns.namespace !== ctx.namespace) return Code.ILLEGAL_WRITESET;
    for (const key of written) {
      if (updates.metadataChanged.has(`${ns.namespace}\u0000${key}`)) return Code.ENDORSEMENT_POLICY_FAILURE;
      keys.push(key);
    }
    // a private key's validation parameter changed by an earlier valid transaction of the block (ValidationParameterUpdatedError)
    for (const key of writtenPrivate) {
      if (updates.privateMetadataChanged.has(BlockUpdates.privateId(ns.namespace, key.collection, key.keyHashHex))) return Code.ENDORSEMENT_POLICY_FAILURE;
      privateKeys.push(key);
    }
  }
  let policies: CompiledPolicy[];
  try {
    policies = await policiesForWrites(ctx.namespace, keys, privateKeys, ctx);
  } catch {
    return Code.ENDORSEMENT_POLICY_FAILURE;
  }
  return policies.every((p) => p.evaluate(endorsers)) ? Code.VALID : Code.ENDORSEMENT_POLICY_FAILURE;
}

/** The private keys a namespace's hashed rwsets write, purge or give metadata (validator_keylevel.go Evaluate). */
function privateKeysWritten(ns: NamespaceRwset): PrivateKeyRef[] {
  const out: PrivateKeyRef[] = [];
  for (const c of ns.collections) {
    const hashes = new Set([...c.hashed.getHashedWritesList(), ...c.hashed.getMetadataWritesList()].map((w) => Buffer.from(w.getKeyHash_asU8()).toString('hex')));
    for (const keyHashHex of hashes) out.push({ collection: c.name, keyHashHex });
  }
  return out;
}
