/**
 * The transaction context every contract creates (fabric-contract-api `createContext()`): what a
 * transaction needs about itself, read from the stub once and kept for the rest of it.
 *
 * - `caller`: MSP id and `dal.role` / `dal.entity` attributes of the creator;
 * - `now`: ledger time, the transaction timestamp the client put in the proposal (the only clock
 *   the rules read; endorsers refuse one too far from their own clock, time-window.ts);
 * - `txId`: the transaction id;
 * - `consortium()`: the organisation table from state, read on first use only, so a transaction
 *   that never asks (a public verification of an unknown id, `Certificate:Get`) reads no more
 *   keys than it did, and one that asks twice reads the key once.
 *
 * fabric-contract-api matches the first parameter of every transaction against the class
 * `createContext()` returns, so transactions declare `ctx: LedgerContext`; every contract
 * extends `LedgerContract` (contracts/ledger-contract.ts), which creates it.
 */
import { Context } from 'fabric-contract-api';
import { Caller, callerOf } from './identity';
import { Consortium } from './model/consortium';
import { loadConsortium } from './store/consortium';
import { timestampToIso } from './time';

export class LedgerContext extends Context {
  private callerValue?: Caller;
  private nowValue?: string;
  private consortiumValue?: Promise<Consortium>;

  /** Who is calling; authorization is decided from this inside the chaincode. */
  get caller(): Caller {
    this.callerValue ??= callerOf(this.clientIdentity);
    return this.callerValue;
  }

  /** Ledger time as ISO-8601 UTC with milliseconds: identical on every endorsing peer. */
  get now(): string {
    this.nowValue ??= timestampToIso(this.stub.getTxTimestamp());
    return this.nowValue;
  }

  get txId(): string {
    return this.stub.getTxID();
  }

  /** The consortium as stored by `Consortium:Init`; `CONFLICT` before that. Read once per transaction. */
  consortium(): Promise<Consortium> {
    this.consortiumValue ??= loadConsortium(this);
    return this.consortiumValue;
  }
}

