import { expect } from 'chai';
import { common } from '@hyperledger/fabric-protos';
import { startTestNetwork, KV_CHAINCODE, type TestNetwork } from '../support/test-network';
import { commitTogether, prepare, HUAIAN, REGULATOR, TAIZHOU, YANCHENG } from '../support/flow';
import { blockDataHash, blockHeaderHash } from '../../network/src/protocol/block-hash';
import { CommitError, EndorsementError, EndorsementMismatchError } from '../../gateway/src/ledger/errors';

// Blocks are cut explicitly in these tests: a long batch timeout keeps transactions together.
const TOGETHER = { batchTimeoutMs: 60_000 };

describe('embedded network: transaction flow', function () {
  let net: TestNetwork;
  afterEach(async () => net?.close());

  describe('with blocks cut by timeout', function () {
    beforeEach(async () => {
      net = await startTestNetwork({ chaincode: KV_CHAINCODE });
    });

    it('commits a submitted transaction and answers queries from committed state', async function () {
      const put = await net.submit('enterprise-a', 'KV:Put', 'asset1', 'blue');
      expect(put.result).to.equal('blue');
      expect(put.blockNumber).to.be.greaterThan(0);
      expect(await net.evaluate('enterprise-b', 'KV:Get', 'asset1')).to.deep.equal({ exists: true, value: 'blue' });
      const tx = await net.ledger.getTransaction(put.txId);
      expect(tx).to.include({ txId: put.txId, blockNumber: put.blockNumber, validationCode: 'VALID', function: 'KV:Put', chaincodeName: 'dal' });
      expect(tx.creator.mspId).to.equal(TAIZHOU);
      expect(tx.endorsers).to.have.length(2);
      expect(tx.writes).to.deep.equal([{ namespace: 'dal', key: 'asset1', isDelete: false }]);
    });

    it('answers a missing key with an empty value and has no read-your-writes inside a transaction', async function () {
      expect(await net.evaluate('enterprise-a', 'KV:Get', 'nothing-here')).to.deep.equal({ exists: false, value: '' });
      const r = await net.submit('enterprise-a', 'KV:PutAndRead', 'fresh', 'v1');
      expect(r.result).to.deep.equal({ readAfterWrite: '', length: 0 });
      expect(await net.evaluate('enterprise-a', 'KV:Get', 'fresh')).to.deep.equal({ exists: true, value: 'v1' });
    });

    it('keeps history newest first with the writing transactions, deletes included', async function () {
      const a = await net.submit('enterprise-a', 'KV:Put', 'h', 'one');
      const b = await net.submit('enterprise-a', 'KV:Put', 'h', 'two');
      const c = await net.submit('enterprise-a', 'KV:Del', 'h');
      const history = (await net.evaluate('auditor', 'KV:History', 'h')) as { txId: string; value: string; isDelete: boolean }[];
      expect(history.map((h) => h.txId)).to.deep.equal([c.txId, b.txId, a.txId]);
      expect(history.map((h) => [h.value, h.isDelete])).to.deep.equal([['', true], ['two', false], ['one', false]]);
    });

    it('refuses a non-deterministic transaction at endorsement because the endorsers disagree', async function () {
      const error = await net.ledger.submit(net.identities['enterprise-a']!, 'KV:Random', ['r']).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(EndorsementMismatchError);
      expect((error as Error).message).to.match(/do not match/);
      expect(await net.evaluate('enterprise-a', 'KV:Get', 'r')).to.deep.equal({ exists: false, value: '' });
    });

    it('returns the chaincode error message as an endorsement error and writes nothing', async function () {
      const before = await net.ledger.height();
      const error = await net.ledger.submit(net.identities['enterprise-a']!, 'KV:Fail', ['CONFLICT: already there']).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(EndorsementError);
      expect((error as Error).message).to.equal('CONFLICT: already there');
      expect(await net.ledger.height()).to.equal(before);
    });

    it('plans endorsements to satisfy a key-level policy without being told', async function () {
      await net.submit('enterprise-b', 'KV:Put', 'owned', 'v0');
      await net.submit('enterprise-b', 'KV:SetKeyPolicy', 'owned', JSON.stringify([HUAIAN, REGULATOR]));
      const r = await net.submit('enterprise-b', 'KV:Put', 'owned', 'v1');
      const tx = await net.ledger.getTransaction(r.txId);
      expect(tx.endorsers).to.include.members([HUAIAN, REGULATOR]);
      expect(await net.evaluate('enterprise-b', 'KV:Get', 'owned')).to.deep.equal({ exists: true, value: 'v1' });
    });

    it('emits chaincode events only for transactions committed valid', async function () {
      const seen: string[] = [];
      const off = net.ledger.onEvent((e) => seen.push(`${e.eventName}:${Buffer.from(e.payload).toString()}`));
      await net.submit('enterprise-a', 'KV:PutWithEvent', 'e1', 'x', 'Stored');
      // two announced increments of one key in one block: the second conflicts and its event must not fire
      const first = await prepare(net, 'enterprise-a', ['KV:IncrementAndAnnounce', 'ev'], [TAIZHOU, YANCHENG]);
      const second = await prepare(net, 'enterprise-b', ['KV:IncrementAndAnnounce', 'ev'], [YANCHENG, HUAIAN]);
      const { codes } = await commitTogether(net, [first, second]);
      expect(codes).to.deep.equal(['VALID', 'MVCC_READ_CONFLICT']);
      off();
      expect(seen).to.deep.equal(['Stored:{"key":"e1","value":"x"}', 'Incremented:{"key":"ev","value":1}']);
    });

    it('replays events from a given block and then continues live', async function () {
      const a = await net.submit('enterprise-a', 'KV:PutWithEvent', 'r1', 'x', 'One');
      const seen: string[] = [];
      const off = net.ledger.onEvent((e) => seen.push(e.eventName), { startBlock: a.blockNumber });
      await net.submit('enterprise-a', 'KV:PutWithEvent', 'r2', 'y', 'Two');
      off();
      expect(seen).to.deep.equal(['One', 'Two']);
    });

    it('chains block headers exactly as Fabric hashes them', async function () {
      await net.submit('enterprise-a', 'KV:Put', 'c1', '1');
      await net.submit('enterprise-a', 'KV:Put', 'c2', '2');
      const height = await net.ledger.height();
      let previous: Buffer | undefined;
      for (let n = 0; n < height; n++) {
        const block = common.Block.deserializeBinary(await net.ledger.getRawBlock(n));
        const header = block.getHeader()!;
        expect(Buffer.from(header.getDataHash_asU8()).equals(blockDataHash(block.getData()!.getDataList_asU8()))).to.equal(true);
        if (previous) expect(Buffer.from(header.getPreviousHash_asU8()).equals(previous)).to.equal(true);
        else expect(header.getPreviousHash_asU8()).to.have.length(0);
        previous = blockHeaderHash(header);
        expect((await net.ledger.getBlock(n)).headerHash).to.equal(previous.toString('hex'));
      }
    });
  });

  describe('with blocks cut explicitly', function () {
    beforeEach(async () => {
      net = await startTestNetwork({ chaincode: KV_CHAINCODE, network: TOGETHER });
    });

    it('marks the second of two conflicting transactions in one block MVCC_READ_CONFLICT', async function () {
      await commitTogether(net, [await prepare(net, 'enterprise-a', ['KV:Put', 'counter', '5'], [TAIZHOU, YANCHENG])]);
      const one = await prepare(net, 'enterprise-a', ['KV:Increment', 'counter'], [TAIZHOU, YANCHENG]);
      const two = await prepare(net, 'enterprise-b', ['KV:Increment', 'counter'], [YANCHENG, HUAIAN]);
      const { codes, blockNumbers } = await commitTogether(net, [one, two]);
      expect(blockNumbers[0]).to.equal(blockNumbers[1]);
      expect(codes).to.deep.equal(['VALID', 'MVCC_READ_CONFLICT']);
      expect(await net.evaluate('enterprise-a', 'KV:Get', 'counter')).to.deep.equal({ exists: true, value: '6' });
    });

    it('marks a transaction MVCC_READ_CONFLICT when the key it read changed in an earlier block', async function () {
      await commitTogether(net, [await prepare(net, 'enterprise-a', ['KV:Put', 'k', '1'], [TAIZHOU, YANCHENG])]);
      const stale = await prepare(net, 'enterprise-a', ['KV:Increment', 'k'], [TAIZHOU, YANCHENG]);
      const fresh = await prepare(net, 'enterprise-a', ['KV:Put', 'k', '10'], [TAIZHOU, YANCHENG]);
      expect((await commitTogether(net, [fresh])).codes).to.deep.equal(['VALID']);
      expect((await commitTogether(net, [stale])).codes).to.deep.equal(['MVCC_READ_CONFLICT']);
      expect(await net.evaluate('enterprise-a', 'KV:Get', 'k')).to.deep.equal({ exists: true, value: '10' });
    });

    it('keeps a read of an absent key valid while the key stays absent', async function () {
      const reader = await prepare(net, 'enterprise-a', ['KV:Copy', 'absent', 'copy-of-absent'], [TAIZHOU, YANCHENG]);
      expect((await commitTogether(net, [reader])).codes).to.deep.equal(['VALID']);
    });

    it('detects a phantom read when a key appears in a range the transaction counted', async function () {
      await commitTogether(net, [await prepare(net, 'enterprise-a', ['KV:Put', 'item-1', 'a'], [TAIZHOU, YANCHENG])]);
      const count = await prepare(net, 'enterprise-a', ['KV:CountRange', 'item-', 'item-~', 'count'], [TAIZHOU, YANCHENG]);
      const insert = await prepare(net, 'enterprise-b', ['KV:Put', 'item-2', 'b'], [YANCHENG, HUAIAN]);
      const { codes } = await commitTogether(net, [insert, count]);
      expect(codes).to.deep.equal(['VALID', 'PHANTOM_READ_CONFLICT']);
      expect(await net.evaluate('enterprise-a', 'KV:Get', 'count')).to.deep.equal({ exists: false, value: '' });
    });

    it('refuses a duplicate txId in the same block and after commit', async function () {
      const tx = await prepare(net, 'enterprise-a', ['KV:Put', 'dup', '1'], [TAIZHOU, YANCHENG]);
      const { codes } = await commitTogether(net, [tx, tx]);
      expect(codes).to.deep.equal(['VALID', 'DUPLICATE_TXID']);
      expect((await commitTogether(net, [tx])).codes).to.deep.equal(['DUPLICATE_TXID']);
      expect((await net.ledger.getTransaction(tx.txId)).validationCode).to.equal('VALID');
    });

    it('invalidates a transaction endorsed by fewer organisations than the chaincode policy needs', async function () {
      const lonely = await prepare(net, 'enterprise-a', ['KV:Put', 'p', '1'], [TAIZHOU]);
      expect((await commitTogether(net, [lonely])).codes).to.deep.equal(['ENDORSEMENT_POLICY_FAILURE']);
      expect(await net.evaluate('enterprise-a', 'KV:Get', 'p')).to.deep.equal({ exists: false, value: '' });
    });

    it('invalidates a write to a key whose key-level policy the endorsers do not satisfy', async function () {
      await commitTogether(net, [await prepare(net, 'enterprise-a', ['KV:Put', 'guarded', 'v0'], [TAIZHOU, YANCHENG])]);
      await commitTogether(net, [await prepare(net, 'enterprise-a', ['KV:SetKeyPolicy', 'guarded', JSON.stringify([TAIZHOU])], [TAIZHOU, YANCHENG])]);
      const without = await prepare(net, 'enterprise-b', ['KV:Put', 'guarded', 'stolen'], [YANCHENG, HUAIAN]);
      const withOwner = await prepare(net, 'enterprise-a', ['KV:Put', 'guarded', 'v1'], [TAIZHOU, YANCHENG]);
      expect((await commitTogether(net, [without])).codes).to.deep.equal(['ENDORSEMENT_POLICY_FAILURE']);
      expect((await commitTogether(net, [withOwner])).codes).to.deep.equal(['VALID']);
      expect(await net.evaluate('enterprise-a', 'KV:Get', 'guarded')).to.deep.equal({ exists: true, value: 'v1' });
    });

    it('fails a later transaction of the block touching a key whose validation parameter changed earlier in it', async function () {
      await commitTogether(net, [await prepare(net, 'enterprise-a', ['KV:Put', 'sbe', 'v0'], [TAIZHOU, YANCHENG])]);
      const policy = await prepare(net, 'enterprise-a', ['KV:SetKeyPolicy', 'sbe', JSON.stringify([TAIZHOU, YANCHENG])], [TAIZHOU, YANCHENG]);
      const write = await prepare(net, 'enterprise-a', ['KV:Put', 'sbe', 'v1'], [TAIZHOU, YANCHENG]);
      expect((await commitTogether(net, [policy, write])).codes).to.deep.equal(['VALID', 'ENDORSEMENT_POLICY_FAILURE']);
    });

    it('rejects an envelope whose creator signature was tampered with', async function () {
      const tx = await prepare(net, 'enterprise-a', ['KV:Put', 'sig', '1'], [TAIZHOU, YANCHENG]);
      const env = common.Envelope.deserializeBinary(tx.envelope);
      const sig = Buffer.from(env.getSignature_asU8());
      sig[sig.length - 1] = sig[sig.length - 1]! ^ 0xff;
      env.setSignature(sig);
      const error = await net.ledger.network.broadcast(env.serializeBinary(), tx.txId).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((error as Error).message).to.match(/not signed by a channel member/);
    });

    it('reports a commit failure of submit() as a CommitError with the validation code', async function () {
      await commitTogether(net, [await prepare(net, 'enterprise-a', ['KV:Put', 'race', '0'], [TAIZHOU, YANCHENG])]);
      // count envelopes reaching ordering, so the block is cut only once both are in it
      const network = net.ledger.network;
      const broadcast = network.broadcast.bind(network);
      let ordered = 0;
      network.broadcast = (envelope, txId) => {
        ordered++;
        return broadcast(envelope, txId);
      };
      const a = net.ledger.submit(net.identities['enterprise-a']!, 'KV:Increment', ['race']);
      const b = net.ledger.submit(net.identities['enterprise-b']!, 'KV:Increment', ['race']);
      for (let waited = 0; ordered < 2 && waited < 10_000; waited += 5) await new Promise((r) => setTimeout(r, 5));
      network.broadcast = broadcast;
      network.cutBlock();
      const results = await Promise.allSettled([a, b]);
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
      expect(failed).to.have.length(1);
      expect(failed[0]!.reason).to.be.instanceOf(CommitError);
      expect((failed[0]!.reason as CommitError).validationCode).to.equal('MVCC_READ_CONFLICT');
    });
  });
});
