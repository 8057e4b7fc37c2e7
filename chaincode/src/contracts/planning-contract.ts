/**
 * Endorsement planning for writes that touch several records (docs/endorsement-planning.md).
 *
 * A transaction must be endorsed so that, at commit, every policy its writes fall under holds
 * (Fabric's validator, core/common/validation/statebased): each written key's own key-level
 * policy where it has one, else — for private data — its collection's endorsement policy (an
 * implicit collection's is its organisation's), else the chaincode-level policy, which also
 * applies when nothing is written. fabric-network 2.2's discovery knows the chaincode-level
 * policy only. So the chaincode, which knows what a transaction will write, answers it:
 *
 * `Planning:EndorsementPlan(transaction, argsJson)` runs the named submit transaction as the
 * caller, with the caller's transient data, in this evaluation — the same code, the same
 * checks, the same refusals — records every key it writes (public and private, values and
 * validation parameters), and answers the organisations whose peers those writes need, plus
 * whether the chaincode-level policy applies too. Nothing is ordered: an evaluation's writes
 * are discarded.
 *
 * Limits, stated: a key-level policy is read as "every organisation it names" (this chaincode
 * writes only AND-of-organisations policies, state.ts setKeyEndorsers); a defined collection is
 * taken to fall under the chaincode-level policy (network/consortium.json's collection has no
 * endorsement policy of its own, and no transaction writes it).
 */
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { KeyEndorsementPolicy } from 'fabric-shim';
import { LedgerContract } from './ledger-contract';
import { DOMAIN_CONTRACTS } from './domain-contracts';
import { canonicalJson } from '../canonical-json';
import { LedgerContext } from '../context';
import { invalid } from '../errors';
import { implicitCollectionOwner } from '../model/confidential';
import { parseStringArray } from '../model/request';

/** What the planner answers. */
export interface EndorsementPlan {
  transaction: string;
  /** Organisations whose peers must endorse, sorted. */
  organizations: string[];
  /** Whether the chaincode-level policy must hold as well (a write under no other policy, or no write at all). */
  chaincodePolicy: boolean;
}

/** The stub a transaction is given. */
type Stub = Context['stub'];

type SubmitFunction = (ctx: Context, ...args: string[]) => Promise<unknown>;

/** The written keys a transaction left in its simulation: public keys, and private keys by collection. */
interface RecordedWrites {
  readonly publicKeys: Set<string>;
  readonly privateKeys: Map<string, Set<string>>;
}

const PUBLIC_WRITES = ['putState', 'deleteState', 'setStateValidationParameter'] as const;
const PRIVATE_WRITES = ['putPrivateData', 'deletePrivateData', 'purgePrivateData', 'setPrivateDataValidationParameter'] as const;

/** reflect-metadata's reader, which fabric-contract-api loads and its @Transaction decorator writes to. */
const transactionMetadata = (Reflect as unknown as { getMetadata(key: string, target: object): unknown }).getMetadata.bind(Reflect);

/** `Contract:Function` → the submit transaction, from fabric-contract-api's own transaction metadata (what GetMetadata publishes). */
function submitTransactions(): Map<string, { contract: LedgerContract; fn: SubmitFunction }> {
  const found = new Map<string, { contract: LedgerContract; fn: SubmitFunction }>();
  for (const contract of DOMAIN_CONTRACTS.map((Domain) => new Domain())) {
    const prototype = Object.getPrototypeOf(contract) as object;
    const declared = (transactionMetadata('fabric:transactions', prototype) ?? []) as { name: string; tag?: string[] }[];
    for (const t of declared) {
      if (!t.tag?.includes('SUBMIT')) continue;
      const fn = (contract as unknown as Record<string, unknown>)[t.name];
      if (typeof fn === 'function') found.set(`${contract.getName()}:${t.name}`, { contract, fn: fn as SubmitFunction });
    }
  }
  return found;
}

/** A view of `stub` that records each key a write call names, then makes the call. */
function recordingStub(stub: Stub, writes: RecordedWrites): Stub {
  // A Proxy of the real stub: every call but the recorded ones goes straight to it, bound to it.
  return new Proxy(stub, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if ((PUBLIC_WRITES as readonly PropertyKey[]).includes(property)) {
        return (key: string, ...rest: unknown[]) => {
          writes.publicKeys.add(key);
          return method.call(target, key, ...rest);
        };
      }
      if ((PRIVATE_WRITES as readonly PropertyKey[]).includes(property)) {
        return (collection: string, key: string, ...rest: unknown[]) => {
          const keys = writes.privateKeys.get(collection) ?? new Set<string>();
          keys.add(key);
          writes.privateKeys.set(collection, keys);
          return method.call(target, collection, key, ...rest);
        };
      }
      return method.bind(target);
    },
  });
}

/**
 * The organisations a committed validation parameter names, or undefined for a key without
 * one. fabric-shim answers `undefined` for that (its metadata map has no entry), whatever its
 * declared type says; the wider type keeps the check the strict lint rules would call unnecessary.
 */
function organisationsOf(parameter: Uint8Array | undefined): string[] | undefined {
  return parameter && parameter.length > 0 ? new KeyEndorsementPolicy(parameter).listOrgs() : undefined;
}

@Info({ title: 'Planning', description: 'Which organisations must endorse a write, answered by running it' })
export class PlanningContract extends LedgerContract {
  private transactions?: Map<string, { contract: LedgerContract; fn: SubmitFunction }>;

  constructor() {
    super('Planning');
  }

  /**
   * The endorsement plan of submitting `transaction` (`Contract:Function`) with the arguments in
   * `argsJson` (a JSON array of strings) as the caller, with the caller's transient data. A
   * refusal of the transaction itself is answered as that refusal.
   */
  @Transaction(false)
  @Returns('string')
  public async EndorsementPlan(ctx: LedgerContext, transaction: string, argsJson: string): Promise<string> {
    this.transactions ??= submitTransactions();
    const target = this.transactions.get(transaction);
    if (!target) throw invalid(`${transaction} is not a submit transaction of this chaincode`);
    const args = parseStringArray(argsJson, 'argsJson');
    const stub = ctx.stub;
    const writes: RecordedWrites = { publicKeys: new Set(), privateKeys: new Map() };
    // the transaction reads ctx.stub; Object.assign because a Proxy is not a ChaincodeStub by construction
    Object.assign(ctx, { stub: recordingStub(stub, writes) });
    try {
      await target.fn.call(target.contract, ctx, ...args);
    } finally {
      Object.assign(ctx, { stub });
    }
    return canonicalJson(await planFor(stub, transaction, writes));
  }
}

/** The policies `writes` fall under, as organisations: Fabric's checkSBAndCCEP, key by key, against committed state. */
async function planFor(stub: Stub, transaction: string, writes: RecordedWrites): Promise<EndorsementPlan> {
  const organizations = new Set<string>();
  let chaincodePolicy = writes.publicKeys.size === 0 && writes.privateKeys.size === 0;
  // sorted, so that every peer reads the same keys in the same order
  for (const key of [...writes.publicKeys].sort()) {
    const named = organisationsOf(await stub.getStateValidationParameter(key));
    if (named) named.forEach((o) => organizations.add(o));
    else chaincodePolicy = true;
  }
  for (const collection of [...writes.privateKeys.keys()].sort()) {
    const owner = implicitCollectionOwner(collection);
    for (const key of [...(writes.privateKeys.get(collection) ?? [])].sort()) {
      const named = organisationsOf(await stub.getPrivateDataValidationParameter(collection, key));
      if (named) named.forEach((o) => organizations.add(o));
      else if (owner !== undefined) organizations.add(owner);
      else chaincodePolicy = true;
    }
  }
  return { transaction, organizations: [...organizations].sort(), chaincodePolicy };
}
