/**
 * Endorsement policy validation at commit (Fabric's built-in VSCC with state-based
 * endorsement, core/common/validation/statebased): every written key is checked against its
 * own validation parameter when it has one, and the chaincode-level policy applies when a
 * written key has none or nothing is written. A key whose validation parameter was changed by
 * an earlier valid transaction of the same block cannot be validated and fails.
 */
import { KEY, decodeVersionedValue, type Db } from './ledger-db';
import type { BlockUpdates } from './block-updates';
import { loadPolicy, type CompiledPolicy } from './policy';
import type { MspRegistry, ValidatedIdentity } from '../protocol/msp';
import { Code, type NamespaceRwset } from '../protocol/transaction';
import { VALIDATION_PARAMETER, decodeMetadata } from './tx-simulator';

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
 * The policies that govern a set of writes: each key's own validation parameter, else the
 * chaincode's; each private collection's policy, else the chaincode's; and the chaincode's
 * when nothing is written. The committer evaluates them; the gateway plans endorsers for them.
 * A validation parameter that does not decode throws.
 */
export async function policiesForWrites(
  namespace: string,
  keys: Iterable<string>,
  privateCollections: Iterable<string>,
  ctx: Pick<PolicyContext, 'db' | 'msps' | 'policyCache' | 'chaincodePolicy' | 'collectionPolicies'>,
): Promise<CompiledPolicy[]> {
  const policies: CompiledPolicy[] = [];
  let needChaincodePolicy = false;
  let wroteSomething = false;
  // private writes: the collection's endorsement policy, else the chaincode's (KeyLevelValidator checkSBAndCCEP)
  for (const collection of privateCollections) {
    wroteSomething = true;
    const collectionPolicy = ctx.collectionPolicies?.get(collection);
    if (collectionPolicy) policies.push(collectionPolicy);
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
  const collections: string[] = [];
  for (const ns of rwsets) {
    const written = new Set<string>([...ns.kv.getWritesList().map((w) => w.getKey()), ...ns.kv.getMetadataWritesList().map((m) => m.getKey())]);
    const privateCollections = ns.collections.filter((c) => c.hashed.getHashedWritesList().length > 0).map((c) => c.name);
    if ((written.size > 0 || privateCollections.length > 0) && ns.namespace !== ctx.namespace) return Code.ILLEGAL_WRITESET;
    for (const key of written) {
      if (updates.metadataChanged.has(`${ns.namespace}\u0000${key}`)) return Code.ENDORSEMENT_POLICY_FAILURE;
      keys.push(key);
    }
    collections.push(...privateCollections);
  }
  let policies: CompiledPolicy[];
  try {
    policies = await policiesForWrites(ctx.namespace, keys, collections, ctx);
  } catch {
    return Code.ENDORSEMENT_POLICY_FAILURE;
  }
  return policies.every((p) => p.evaluate(endorsers)) ? Code.VALID : Code.ENDORSEMENT_POLICY_FAILURE;
}
