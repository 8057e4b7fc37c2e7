/**
 * How the fabric backend reports failures: fabric-network's own error classes become the
 * Ledger errors the gateway maps to HTTP, and start-up unavailability is retried only until
 * the network has answered once.
 */
import { expect } from 'chai';
import { TimeoutError } from 'fabric-network';
import { TransactionError } from 'fabric-network/lib/errors/transactionerror';
import { CommitError, DuplicateTransactionError, EndorsementError, EndorsementMismatchError, LedgerTimeoutError, LedgerUnavailableError } from '../../gateway/src/ledger/errors';
import { translateFabricError } from '../../gateway/src/ledger/fabric/fabric-errors';
import { StartupRetry } from '../../gateway/src/ledger/fabric/startup-retry';

describe('fabric backend error translation', () => {
  it('turns a TransactionError into a CommitError carrying its validation code and block', () => {
    const err = translateFabricError(new TransactionError({ message: 'invalid', transactionId: 'tx1', transactionCode: 'MVCC_READ_CONFLICT' }), 'tx1', 7);
    expect(err).to.be.instanceOf(CommitError);
    expect(err).to.include({ txId: 'tx1', validationCode: 'MVCC_READ_CONFLICT', blockNumber: 7 });
  });

  it('turns a TimeoutError into a LedgerTimeoutError naming the transaction', () => {
    const err = translateFabricError(new TimeoutError({ message: 'no event', transactionId: 'tx2' }));
    expect(err).to.be.instanceOf(LedgerTimeoutError);
    expect(err.message).to.include('tx2');
  });

  it('gives the chaincode message of a refused proposal (peer responses without endorsement) as EndorsementError', () => {
    const submitFailure = Object.assign(new Error('No valid responses from any peers.'), {
      responses: [{ response: { status: 500, message: 'CONFLICT: fingerprint already registered as 321200-2026-000001' } }],
    });
    const err = translateFabricError(submitFailure);
    expect(err).to.be.instanceOf(EndorsementError);
    expect(err.message).to.equal('CONFLICT: fingerprint already registered as 321200-2026-000001');
    expect((err as EndorsementError).status).to.equal(500);
  });

  /**
   * What fabric-network 2.2 throws when Fabric 2.5 peers refuse a proposal whose txId is on the
   * ledger, as seen on the native network: no peer response at all; fabric-common's discovery
   * handler reports `Endorsement has failed` and keeps the peers' gRPC errors (status 2 UNKNOWN,
   * the peer's text as `details`) as that error's `endorsements`.
   */
  function duplicateOnFabric25(txIdInPeerText: string): Error {
    const details = `duplicate transaction found [${txIdInPeerText}]. Creator [0a125461697a686f75]`;
    const grpc = (peer: string): Error => Object.assign(new Error(`2 UNKNOWN: ${details}`), { code: 2, details, peer });
    const layoutFailure = Object.assign(new Error('Endorsement has failed'), { endorsements: [grpc('localhost:8111'), grpc('localhost:8061')] });
    return Object.assign(new Error('No valid responses from any peers. Errors:\n    peer=undefined, status=grpc, message=Endorsement has failed'), {
      responses: [], errors: [layoutFailure],
    });
  }

  it('recognises a Fabric 2.5 peer\'s gRPC refusal of the same txId as DuplicateTransactionError', () => {
    const txId = 'e79220e99cdf553e1ce5d95edd58d3be42748e1f5278c86aae7a3fd7cf1b8157';
    const err = translateFabricError(duplicateOnFabric25(txId), txId);
    expect(err).to.be.instanceOf(DuplicateTransactionError);
    expect((err as DuplicateTransactionError).txId).to.equal(txId);
  });

  it('does not take a gRPC duplicate refusal of another txId for a duplicate of this one', () => {
    const err = translateFabricError(duplicateOnFabric25('a'.repeat(64)), 'b'.repeat(64));
    expect(err).to.not.be.instanceOf(DuplicateTransactionError);
    expect(err).to.be.instanceOf(LedgerUnavailableError);
  });

  it('recognises endorsements that differ between the peers of a layout (one behind the other) as EndorsementMismatchError, which the writer retries', () => {
    // seen on the native network: a bank's acceptance endorsed by a peer that had not yet committed the pledge request
    const layout = Object.assign(new Error('Peer endorsements do not match'), { endorsements: [] });
    const failure = Object.assign(new Error('No valid responses from any peers. Errors:\n    peer=undefined, status=grpc, message=Peer endorsements do not match'), { responses: [], errors: [layout] });
    expect(translateFabricError(failure)).to.be.instanceOf(EndorsementMismatchError);
  });

  it('treats failures with no peer answer as LedgerUnavailableError', () => {
    expect(translateFabricError(new Error('DiscoveryService has failed to return results'))).to.be.instanceOf(LedgerUnavailableError);
  });
});

describe('fabric backend start-up retries', () => {
  it('retries LedgerUnavailableError until the first success, then fails outages at once', async () => {
    const messages: string[] = [];
    const retry = new StartupRetry({ attempts: 5, delayMs: 1, log: (m) => messages.push(m) });
    let calls = 0;
    const result = await retry.run('height', async () => {
      if (++calls < 3) throw new LedgerUnavailableError('no Raft leader');
      return 42;
    });
    expect(result).to.equal(42);
    expect(messages).to.have.length(2);
    expect(messages[0]).to.include('Fabric network not ready yet');
    let later = 0;
    await retry.run('height', async () => {
      later++;
      throw new LedgerUnavailableError('peer down');
    }).then(() => expect.fail('resolved'), (err: unknown) => expect(err).to.be.instanceOf(LedgerUnavailableError));
    expect(later).to.equal(1);
  });

  it('does not retry a chaincode refusal, and gives up with a clear message after the last attempt', async () => {
    const retry = new StartupRetry({ attempts: 3, delayMs: 1, log: () => undefined });
    let calls = 0;
    await retry.run('submit', async () => {
      calls++;
      throw new EndorsementError('FORBIDDEN: not a registrar');
    }).catch(() => undefined);
    expect(calls).to.equal(1);
    const err = await retry.run('submit', async () => {
      throw new LedgerUnavailableError('discovery');
    }).catch((e: unknown) => e as Error);
    expect(err).to.be.instanceOf(LedgerUnavailableError);
    expect(err!.message).to.include('not ready after 3 attempts');
  });
});
