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
import type { MspRegistry, ValidatedIdentity } from './msp';
import { Code, type NamespaceRwset } from './transaction';
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

export async function checkEndorsementPolicy(
  rwsets: readonly NamespaceRwset[],
  endorsers: readonly ValidatedIdentity[],
  updates: BlockUpdates,
  ctx: PolicyContext,
): Promise<number> {
  let needChaincodePolicy = false;
  let wroteSomething = false;
  for (const ns of rwsets) {
    const keys = new Set<string>([...ns.kv.getWritesList().map((w) => w.getKey()), ...ns.kv.getMetadataWritesList().map((m) => m.getKey())]);
    const privateWrites = ns.collections.some((c) => c.hashed.getHashedWritesList().length > 0);
    if ((keys.size > 0 || privateWrites) && ns.namespace !== ctx.namespace) return Code.ILLEGAL_WRITESET;
    // private writes: the collection's endorsement policy, else the chaincode's (KeyLevelValidator checkSBAndCCEP)
    for (const c of ns.collections) {
      if (c.hashed.getHashedWritesList().length === 0) continue;
      wroteSomething = true;
      const collectionPolicy = ctx.collectionPolicies?.get(c.name);
      if (!collectionPolicy) needChaincodePolicy = true;
      else if (!collectionPolicy.evaluate(endorsers)) return Code.ENDORSEMENT_POLICY_FAILURE;
    }
    for (const key of keys) {
      wroteSomething = true;
      if (updates.metadataChanged.has(`${ns.namespace}\u0000${key}`)) return Code.ENDORSEMENT_POLICY_FAILURE;
      const vp = await committedValidationParameter(ctx.db, ns.namespace, key);
      if (!vp) {
        needChaincodePolicy = true;
        continue;
      }
      let policy: CompiledPolicy;
      try {
        policy = keyPolicy(vp, ctx);
      } catch {
        return Code.ENDORSEMENT_POLICY_FAILURE;
      }
      if (!policy.evaluate(endorsers)) return Code.ENDORSEMENT_POLICY_FAILURE;
    }
  }
  if ((needChaincodePolicy || !wroteSomething) && !ctx.chaincodePolicy.evaluate(endorsers)) return Code.ENDORSEMENT_POLICY_FAILURE;
  return Code.VALID;
}
