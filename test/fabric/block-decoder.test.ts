/**
 * The fabric backend's block decoder on genuine common.Block protos: the blocks the embedded
 * network committed. Whatever the decoder reads from a block (qscc GetBlockByNumber /
 * GetBlockByTxID) or from a peer.ProcessedTransaction (qscc GetTransactionByID) must be what
 * the embedded backend answers for the same block or transaction, so the gateway and the
 * proof verifier see one description whichever backend is underneath.
 */
import { expect } from 'chai';
import { common, peer } from '@hyperledger/fabric-protos';
import { decodeBlockInfo, decodeProcessedTransaction, decodeTransactionInfo } from '../../gateway/src/ledger/fabric/block-decoder';
import { CommitError, LedgerNotFoundError } from '../../gateway/src/ledger/errors';
import { METADATA } from '../../network/src/protocol/block-metadata';
import { issueCertificate } from '../support/certificates';
import { startTestNetwork, type TestNetwork } from '../support/test-network';
import { applicationBody } from '../conformance/ledger-conformance';

describe('fabric block decoder on real blocks from the embedded network', function () {
  let net: TestNetwork;
  /** Every transaction the network committed, valid or not, with its block. */
  const committed: { txId: string; blockNumber: number }[] = [];

  before(async function () {
    net = await startTestNetwork();
    await issueCertificate(net);
    // Two approvals at one registry in one block allocate the same serial (chaincode/README.md): the
    // second is invalidated at commit, which leaves a non-VALID code in the chain for the decoder to read.
    const holder = net.identities['enterprise-a']!;
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      ids.push((await net.submit('enterprise-a', 'Certificate:Apply', applicationBody(holder.entity!, holder.mspId))).result.applicationId as string);
    }
    const approve = JSON.stringify({ decision: 'approve', publicityDays: 0 });
    const outcomes = await Promise.allSettled(ids.map((id) => net.submit('taizhou-registrar', 'Certificate:Review', id, approve)));
    for (const o of outcomes) if (o.status === 'rejected' && !(o.reason instanceof CommitError)) throw o.reason;
    const height = await net.ledger.height();
    for (let n = 1; n < height; n++) {
      for (const tx of (await net.ledger.getBlock(n)).transactions) committed.push({ txId: tx.txId, blockNumber: n });
    }
  });
  after(async () => net?.close());

  it('decodes every block into the BlockInfo the embedded backend gives for it, genesis included', async () => {
    const height = await net.ledger.height();
    expect(height).to.be.greaterThan(5);
    for (let n = 0; n < height; n++) {
      expect(decodeBlockInfo(await net.ledger.getRawBlock(n)), `block ${n}`).to.deep.equal(await net.ledger.getBlock(n));
    }
  });

  it('decodes every transaction from its block into the TransactionInfo the embedded backend gives for it', async () => {
    expect(committed.length).to.be.greaterThan(5);
    for (const { txId, blockNumber } of committed) {
      const decoded = decodeTransactionInfo(await net.ledger.getRawBlock(blockNumber), txId);
      expect(decoded, txId).to.deep.equal(await net.ledger.getTransaction(txId));
    }
  });

  it('reads validation codes other than VALID from the transactions filter', async function () {
    const invalid = [];
    for (const { txId, blockNumber } of committed) {
      const info = decodeTransactionInfo(await net.ledger.getRawBlock(blockNumber), txId);
      if (info.validationCode !== 'VALID') invalid.push(info.validationCode);
    }
    // the two approvals may have been cut into separate blocks; then there is nothing to check
    if (invalid.length === 0) this.skip();
    // Both write the same new certificate key and the first sets its key-level policy, so the
    // validator fails the second on that (ENDORSEMENT_POLICY_FAILURE) before MVCC looks at the counter.
    expect(invalid).to.have.length(1);
    expect(invalid[0]).to.be.oneOf(['ENDORSEMENT_POLICY_FAILURE', 'MVCC_READ_CONFLICT']);
  });

  it('reads a peer.ProcessedTransaction built as the peer builds it (envelope + validation code) like the transaction from its block', async () => {
    for (const { txId, blockNumber } of committed) {
      const block = common.Block.deserializeBinary(await net.ledger.getRawBlock(blockNumber));
      const info = await net.ledger.getTransaction(txId);
      const envelope = block.getData()!.getDataList_asU8()[info.txIndex]!;
      const filter = block.getMetadata()!.getMetadataList_asU8()[METADATA.TRANSACTIONS_FILTER]!;
      // as blkstorage's retrieveTxByID: ProcessedTransaction{TransactionEnvelope, ValidationCode}
      const processed = new peer.ProcessedTransaction();
      processed.setTransactionenvelope(common.Envelope.deserializeBinary(envelope));
      processed.setValidationcode(filter[info.txIndex]!);
      const { blockNumber: _n, txIndex: _i, ...expected } = info;
      expect(decodeProcessedTransaction(processed.serializeBinary()), txId).to.deep.equal(expected);
    }
  });

  it('answers a transaction id that is not in the block with LedgerNotFoundError', async () => {
    const raw = await net.ledger.getRawBlock(committed[0]!.blockNumber);
    expect(() => decodeTransactionInfo(raw, 'f'.repeat(64))).to.throw(LedgerNotFoundError);
  });
});
