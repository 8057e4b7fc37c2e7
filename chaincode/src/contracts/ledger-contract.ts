/**
 * What every contract of this chaincode does around its transactions, in one place:
 * - `createContext()`: the LedgerContext (caller, ledger time, txId, consortium read once);
 * - `beforeTransaction()`: the endorser's time window (time-window.ts), checked for every
 *   proposal — queries included — before any transaction logic runs, so a proposal stamped
 *   too far from this peer's clock is refused without reading or writing a key.
 *
 * Queries are checked too: the chaincode cannot tell an evaluation from a submission (a client
 * may order any endorsed proposal), and a peer should not sign an answer — "valid", "expired",
 * `checkedAt` — about a time it does not believe.
 */
import { Contract } from 'fabric-contract-api';
import { LedgerContext } from '../context';
import { refuseProposalOutsideTimeWindow } from '../time-window';

export abstract class LedgerContract extends Contract {
  override createContext(): LedgerContext {
    return new LedgerContext();
  }

  override beforeTransaction(ctx: LedgerContext): Promise<void> {
    // A refusal throws here, inside fabric-contract-api's awaited call: the transaction fails before its logic runs.
    refuseProposalOutsideTimeWindow(ctx);
    return Promise.resolve();
  }
}
