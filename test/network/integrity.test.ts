import { expect } from 'chai';
import { common } from '@hyperledger/fabric-protos';
import { blockHeaderBytes } from '../../network/src/protocol/block-hash';
import { verifyChain, type ChainSource } from '../../network/src/proof/chain-verifier';
import { KV_CHAINCODE, startTestNetwork, type TestNetwork } from '../support/test-network';

describe('chain verifier over a live ledger', function () {
  let net: TestNetwork;
  let height: number;
  let roots: Readonly<Record<string, string>>;
  before(async function () {
    net = await startTestNetwork({ chaincode: KV_CHAINCODE });
    for (let i = 0; i < 5; i++) await net.submit('enterprise-a', 'KV:Put', `k${i}`, `value-${i}`);
    height = await net.ledger.height();
    roots = await net.ledger.trustRoots();
  });
  after(async () => net?.close());

  /** The ledger's own block reads, with some blocks swapped for altered copies. */
  const source = (overrides: Readonly<Record<string, string | undefined>> = {}, replace: (n: number, block: common.Block) => common.Block = (_n, b) => b): ChainSource => ({
    height,
    rawBlock: async (n) => {
      const raw = await net.ledger.network.rawBlock(n);
      return raw && replace(n, common.Block.deserializeBinary(raw)).serializeBinary();
    },
    trustRoots: { ...roots, ...overrides } as Record<string, string>,
    requireMerkleRoot: true,
  });

  const forgeData = (target: number) => (n: number, block: common.Block): common.Block => {
    if (n !== target) return block;
    const envelopes = block.getData()!.getDataList_asU8().map((e) => Buffer.from(e));
    const at = envelopes[0]!.indexOf(Buffer.from(`value-${target - 1}`));
    envelopes[0]!.write('forged!', at);
    block.getData()!.setDataList(envelopes);
    return block;
  };

  it('verifies the whole chain from the trust roots the ledger reports, block 0 being the embedded config envelope', async function () {
    const report = await verifyChain(source());
    expect(report).to.deep.include({ ok: true, height, from: 0, to: height - 1, checkedBlocks: height, checkedTransactions: 5 });
  });

  it('verifies a range, anchored on the header of the block before it', async function () {
    const report = await verifyChain(source(), { from: 2, to: 4 });
    expect(report).to.deep.include({ ok: true, from: 2, to: 4, checkedBlocks: 3, checkedTransactions: 3 });
  });

  it('reports a forged block inside the range as the first bad block, and trusts it as the anchor of a range after it', async function () {
    const forged = source({}, forgeData(3));
    const inside = await verifyChain(forged, { from: 2, to: 4 });
    expect(inside).to.include({ ok: false, firstBadBlock: 3, checkedBlocks: 1 });
    expect(inside.problem).to.match(/data hash of block 3/);
    // A forged body with an untouched header still hashes to what block 4 names: a range check trusts its anchor.
    expect(await verifyChain(forged, { from: 4 })).to.include({ ok: true });
  });

  it('refuses a range outside the chain', async function () {
    let error: unknown;
    try {
      await verifyChain(source(), { from: 1, to: height });
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(RangeError);
  });

  it('accepts a genesis block without an orderer signature, as configtxgen writes it, but no later block without one', async function () {
    const unsigned = (target: number) => (n: number, block: common.Block): common.Block => {
      if (n !== target) return block;
      const list = block.getMetadata()!.getMetadataList_asU8().slice();
      const signatures = common.Metadata.deserializeBinary(list[common.BlockMetadataIndex.SIGNATURES]!);
      signatures.setSignaturesList([]);
      list[common.BlockMetadataIndex.SIGNATURES] = signatures.serializeBinary();
      block.getMetadata()!.setMetadataList(list);
      return block;
    };
    expect(await verifyChain(source({}, unsigned(0)))).to.include({ ok: true });
    expect(await verifyChain(source({}, unsigned(2)))).to.include({ ok: false, firstBadBlock: 2, problem: 'block 2 carries no orderer signature' });
  });

  it('refuses blocks signed by an orderer whose organisation is not among the trust roots', async function () {
    const ordererMsp = net.consortium.ordering.mspId;
    const report = await verifyChain({ ...source(), trustRoots: Object.fromEntries(Object.entries(roots).filter(([mspId]) => mspId !== ordererMsp)) }, { from: 1 });
    expect(report).to.include({ ok: false, firstBadBlock: 1 });
    expect(report.problem).to.match(/not signed by an orderer/);
  });

  it('requires the signed Merkle root only when asked: on Fabric consenter_metadata is Raft metadata', async function () {
    const orderer = (await net.ledger.network.signer(net.consortium.ordering.mspId, 'orderer0'))!;
    // Block 1 re-signed by the real orderer over Raft-like consenter metadata, as a Fabric orderer would sign it.
    const raftLike = (n: number, block: common.Block): common.Block => {
      if (n !== 1) return block;
      const header = block.getHeader()!;
      const obm = new common.OrdererBlockMetadata();
      obm.setConsenterMetadata(Buffer.from('raft: term 2, index 17'));
      const value = obm.serializeBinary();
      const sh = new common.SignatureHeader();
      sh.setCreator(orderer.serializedIdentity);
      sh.setNonce(Buffer.from('nonce'));
      const ms = new common.MetadataSignature();
      ms.setSignatureHeader(sh.serializeBinary());
      ms.setSignature(orderer.sign(Buffer.concat([value, sh.serializeBinary(), blockHeaderBytes(header.getNumber(), header.getPreviousHash_asU8(), header.getDataHash_asU8())])));
      const signatures = new common.Metadata();
      signatures.setValue(value);
      signatures.setSignaturesList([ms]);
      const list = block.getMetadata()!.getMetadataList_asU8().slice();
      list[common.BlockMetadataIndex.SIGNATURES] = signatures.serializeBinary();
      block.getMetadata()!.setMetadataList(list);
      return block;
    };
    expect(await verifyChain({ ...source({}, raftLike), requireMerkleRoot: false })).to.include({ ok: true });
    const strict = await verifyChain(source({}, raftLike));
    expect(strict).to.include({ ok: false, firstBadBlock: 1, problem: 'block 1: the signed Merkle root does not match its transactions' });
  });
});
