/**
 * What the gateway must know about a chaincode transaction it calls, declared once beside the
 * route that calls it (routes/route.ts `transaction`): its name, whether it is submitted or
 * evaluated, and for a submit how its endorsers are planned and which write lane it waits in.
 * A test compares every declaration with the deployed chaincode's own metadata
 * (`org.hyperledger.fabric:GetMetadata`), so a name that does not exist, or a submit declared
 * for an evaluate-only transaction, fails `npm test` rather than a real network.
 */
import type { WriteLane } from './write-lanes';

/** A query: evaluated on one peer as the caller; nothing is ordered. */
export interface EvaluateTransaction {
  readonly kind: 'evaluate';
  /** `Contract:Function`, as the chaincode's metadata names it. */
  readonly name: string;
}

/** A write: endorsed, ordered and committed. */
export interface SubmitTransaction {
  readonly kind: 'submit';
  /** `Contract:Function`, as the chaincode's metadata names it. */
  readonly name: string;
  /** How the organisations that must endorse it are found (endorsers.ts). */
  readonly endorsers: EndorserPlanning;
  /** Writes in the same lane wait for each other (write-lanes.ts); absent: none. */
  readonly lane?: WriteLane;
}

export type TransactionDeclaration = EvaluateTransaction | SubmitTransaction;

/**
 * Evaluates one of the planning's declared queries as the caller. Undefined when the chaincode
 * refuses it or answers something that is not JSON: the write itself then gets the refusal.
 */
export type PlanningQuery = (query: EvaluateTransaction, args: readonly string[], transient?: Transient) => Promise<unknown>;

/** Transient data of a write (private-data values and their salts): sent to the endorsers, never ordered. */
export type Transient = Readonly<Record<string, Uint8Array>>;

/** The write being planned: its name, and its transient data, which a planning query needs to run it. */
export interface PlannedWrite {
  readonly transaction: string;
  readonly transient?: Transient;
}

/** What a write's policies need: these organisations' peers, and whether the chaincode-level policy must hold too. */
export interface EndorserNeeds {
  readonly organisations: readonly string[];
  readonly chaincodePolicy: boolean;
}

/**
 * Which organisations the key-level (state-based) and collection policies of the keys a
 * write touches need, beyond the chaincode-level policy. The ledger writer asks it only where
 * the backend does not plan that itself (`Ledger.plansKeyLevelEndorsement` false).
 */
export interface EndorserPlanning {
  /** For people and tests: what the planning reads. */
  readonly description: string;
  /** Every chaincode query `organisations` may evaluate (checked against the chaincode's metadata). */
  readonly queries: readonly EvaluateTransaction[];
  /** What a write with these arguments needs; undefined: the chaincode-level policy alone decides. */
  organisations(query: PlanningQuery, args: readonly string[], write: PlannedWrite): Promise<EndorserNeeds | undefined>;
}

/** Declares a query. */
export function evaluateTransaction(name: string): EvaluateTransaction {
  return { kind: 'evaluate', name };
}

/** Declares a write, with how its endorsers are planned and, where it has one, its lane. */
export function submitTransaction(name: string, options: { readonly endorsers: EndorserPlanning; readonly lane?: WriteLane }): SubmitTransaction {
  return { kind: 'submit', name, endorsers: options.endorsers, ...(options.lane ? { lane: options.lane } : {}) };
}
