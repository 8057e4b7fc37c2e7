/**
 * A fabric-network transaction event handler that waits for the commit event of the
 * submitting organisation's peers (like MSPID_SCOPE_ANYFORTX) and keeps the block number,
 * which the default handlers discard but CommittedTransaction reports.
 */
import { TransactionError } from 'fabric-network/lib/errors/transactionerror';
import { TimeoutError, type CommitEvent, type CommitError as PeerCommitError, type Network, type TxEventHandler, type TxEventHandlerFactory } from 'fabric-network';
import { toBlockNumber } from './long';

export interface CommitWaiter {
  readonly factory: TxEventHandlerFactory;
  /** Block of the commit event; set once submit() has resolved. */
  blockNumber(): number | undefined;
}

export function commitWaiter(mspId: string, timeoutMs: number): CommitWaiter {
  let committedIn: number | undefined;
  const factory: TxEventHandlerFactory = (transactionId: string, network: Network): TxEventHandler => {
    const peers = network.getChannel().getEndorsers(mspId);
    let settle: (err?: Error) => void = () => undefined;
    const done = new Promise<Error | undefined>((resolve) => {
      settle = resolve;
    });
    let timer: NodeJS.Timeout | undefined;
    let pending = peers.length;
    const listener = (error?: PeerCommitError, event?: CommitEvent): void => {
      if (event) {
        committedIn = toBlockNumber(event.getBlockEvent().blockNumber);
        settle(event.isValid ? undefined : new TransactionError({
          message: `transaction ${transactionId} was invalidated: ${event.status}`, transactionId, transactionCode: event.status,
        }));
      } else if (error && --pending === 0) {
        settle(new TimeoutError({ message: `no peer of ${mspId} reported the commit: ${error.message}`, transactionId }));
      }
    };
    return {
      async startListening(): Promise<void> {
        if (peers.length === 0) {
          settle(new TimeoutError({ message: `no peer of ${mspId} is known to the channel to confirm the commit`, transactionId }));
          return;
        }
        timer = setTimeout(() => settle(new TimeoutError({ message: `no commit event within ${timeoutMs} ms`, transactionId })), timeoutMs);
        await network.addCommitListener(listener, peers, transactionId);
      },
      async waitForEvents(): Promise<void> {
        const err = await done;
        this.cancelListening();
        if (err) throw err;
      },
      cancelListening(): void {
        if (timer) clearTimeout(timer);
        network.removeCommitListener(listener);
      },
    };
  };
  return { factory, blockNumber: () => committedIn };
}
