/**
 * Private data as a Fabric 2.5 peer keeps it, through real submits and evaluations of the KV
 * test chaincode: implicit per-organisation collections, key-level validation parameters on
 * private keys, blockToLive expiry and PurgePrivateData.
 */
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestNetwork, KV_CHAINCODE, type TestNetwork } from '../support/test-network';
import { commitTogether, prepare, HUAIAN, TAIZHOU, YANCHENG } from '../support/flow';
import { loadConsortium, type Consortium } from '../../network/src/consortium';

const OF_TAIZHOU = `_implicit_org_${TAIZHOU}`;
const OF_YANCHENG = `_implicit_org_${YANCHENG}`;
const NOT_AVAILABLE = /private data matching public hash version is not available/;

function transientValue(text: string): Record<string, Uint8Array> {
  return { value: Buffer.from(text) };
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function refusal(p: Promise<unknown>): Promise<Error | undefined> {
  return p.then(
    () => undefined,
    (e: unknown) => e as Error,
  );
}

/** Submits through the gateway path (endorsers planned for the written keys' policies); returns txId, block and endorsing organisations. */
async function submitPlanned(net: TestNetwork, as: string, fn: string, args: readonly string[], transient?: Record<string, Uint8Array>): Promise<{ txId: string; blockNumber: number; endorsers: readonly string[] }> {
  const r = await net.ledger.submit(net.identities[as]!, fn, args, transient ? { transient } : {});
  const tx = await net.ledger.getTransaction(r.txId);
  return { txId: r.txId, blockNumber: r.blockNumber, endorsers: tx.endorsers };
}

/** Endorses on exactly these organisations and commits alone in a block; returns the validation code. */
async function commitEndorsedBy(net: TestNetwork, as: string, args: readonly string[], organizations: readonly string[], transient?: Record<string, Uint8Array>): Promise<string> {
  const tx = await prepare(net, as, args, organizations, transient);
  return (await commitTogether(net, [tx])).codes[0]!;
}

describe('embedded network: private data as Fabric 2.5 keeps it', function () {
  describe('implicit per-organisation collections and private validation parameters', function () {
    let net: TestNetwork;
    before(async () => {
      net = await startTestNetwork({ chaincode: KV_CHAINCODE });
    });
    after(async () => net?.close());

    it('invalidates a write to an organisation\'s implicit collection that its peer did not endorse', async function () {
      const args = ['KV:PutPrivate', OF_TAIZHOU, 'implicit-1'];
      expect(await commitEndorsedBy(net, 'enterprise-b', args, [YANCHENG, HUAIAN], transientValue('a'))).to.equal('ENDORSEMENT_POLICY_FAILURE');
      expect(await commitEndorsedBy(net, 'enterprise-b', args, [TAIZHOU, YANCHENG], transientValue('a'))).to.equal('VALID');
    });

    it('needs the peer of each organisation whose implicit collection one transaction writes', async function () {
      const args = ['KV:PutPrivateMany', JSON.stringify([OF_TAIZHOU, OF_YANCHENG]), 'implicit-2'];
      expect(await commitEndorsedBy(net, 'enterprise-a', args, [TAIZHOU, HUAIAN], transientValue('b'))).to.equal('ENDORSEMENT_POLICY_FAILURE');
      expect(await commitEndorsedBy(net, 'enterprise-a', args, [YANCHENG, HUAIAN], transientValue('b'))).to.equal('ENDORSEMENT_POLICY_FAILURE');
      expect(await commitEndorsedBy(net, 'enterprise-a', args, [TAIZHOU, YANCHENG], transientValue('b'))).to.equal('VALID');
      const planned = await submitPlanned(net, 'huaian-registrar', 'KV:PutPrivateMany', [JSON.stringify([OF_TAIZHOU, OF_YANCHENG]), 'implicit-3'], transientValue('c'));
      expect(planned.endorsers).to.include.members([TAIZHOU, YANCHENG]);
    });

    it('plans the owning organisation\'s endorsement on submit and keeps the value at its peer only, with the hash readable everywhere', async function () {
      const planned = await submitPlanned(net, 'enterprise-b', 'KV:PutPrivate', [OF_TAIZHOU, 'implicit-4'], transientValue('taizhou only'));
      expect(planned.endorsers).to.include(TAIZHOU);
      expect(await net.evaluate('enterprise-a', 'KV:GetPrivate', OF_TAIZHOU, 'implicit-4')).to.equal('taizhou only');
      const error = await refusal(net.evaluate('enterprise-b', 'KV:GetPrivate', OF_TAIZHOU, 'implicit-4'));
      expect(error?.message).to.match(NOT_AVAILABLE);
      expect(await net.evaluate('enterprise-b', 'KV:GetPrivateHash', OF_TAIZHOU, 'implicit-4')).to.equal(sha256Hex('taizhou only'));
    });

    it('refuses the implicit collection of an organisation that is not on the channel', async function () {
      const error = await refusal(net.ledger.submit(net.identities['enterprise-a']!, 'KV:PutPrivate', ['_implicit_org_NowhereMSP', 'implicit-5'], { transient: transientValue('x') }));
      expect(error?.message).to.match(/collection \[_implicit_org_NowhereMSP\] not defined in the collection config for chaincode \[dal\]/);
    });

    it('checks a private key with a validation parameter against it alone, not the collection policy', async function () {
      await submitPlanned(net, 'enterprise-a', 'KV:PutPrivate', [OF_TAIZHOU, 'vp-1'], transientValue('v0'));
      // the first validation parameter is itself a write under the collection policy: Taizhou's peer
      const set = await submitPlanned(net, 'enterprise-b', 'KV:SetPrivateEndorsers', [OF_TAIZHOU, 'vp-1', JSON.stringify([YANCHENG, HUAIAN])]);
      expect(set.endorsers).to.include(TAIZHOU);
      // kept with the hash: a peer outside the collection answers it too
      const atMember = (await net.evaluate('enterprise-a', 'KV:GetPrivateEndorsers', OF_TAIZHOU, 'vp-1')) as string;
      expect(atMember).to.not.equal('');
      expect(await net.evaluate('enterprise-b', 'KV:GetPrivateEndorsers', OF_TAIZHOU, 'vp-1')).to.equal(atMember);
      const args = ['KV:PutPrivate', OF_TAIZHOU, 'vp-1'];
      expect(await commitEndorsedBy(net, 'enterprise-a', args, [TAIZHOU, YANCHENG], transientValue('v1'))).to.equal('ENDORSEMENT_POLICY_FAILURE');
      expect(await commitEndorsedBy(net, 'enterprise-b', args, [YANCHENG, HUAIAN], transientValue('v2'))).to.equal('VALID');
      const planned = await submitPlanned(net, 'enterprise-a', 'KV:PutPrivate', [OF_TAIZHOU, 'vp-1'], transientValue('v3'));
      expect(planned.endorsers).to.include.members([YANCHENG, HUAIAN]);
    });

    it('validates a purge against the collection policy like a write', async function () {
      await submitPlanned(net, 'enterprise-a', 'KV:PutPrivate', [OF_TAIZHOU, 'purge-guarded'], transientValue('kept'));
      expect(await commitEndorsedBy(net, 'enterprise-b', ['KV:PurgePrivate', OF_TAIZHOU, 'purge-guarded'], [YANCHENG, HUAIAN])).to.equal('ENDORSEMENT_POLICY_FAILURE');
      expect(await net.evaluate('enterprise-a', 'KV:GetPrivate', OF_TAIZHOU, 'purge-guarded')).to.equal('kept');
    });

    it('purges a value at its member peer and its hash at every peer, recorded as an is_purge hashed write', async function () {
      await submitPlanned(net, 'enterprise-a', 'KV:PutPrivate', [OF_TAIZHOU, 'purge-1'], transientValue('to forget'));
      expect(await net.evaluate('enterprise-b', 'KV:GetPrivateHash', OF_TAIZHOU, 'purge-1')).to.equal(sha256Hex('to forget'));
      const purge = await submitPlanned(net, 'enterprise-b', 'KV:PurgePrivate', [OF_TAIZHOU, 'purge-1']);
      expect(purge.endorsers).to.include(TAIZHOU);
      const stored = await net.ledger.network.transaction(purge.txId);
      const hashedWrites = stored!.transaction.rwsets[0]!.collections[0]!.hashed.getHashedWritesList();
      expect(hashedWrites.map((w) => [Buffer.from(w.getKeyHash_asU8()).toString('hex'), w.getIsDelete(), w.getIsPurge()])).to.deep.equal([[sha256Hex('purge-1'), true, true]]);
      expect(await net.evaluate('enterprise-a', 'KV:GetPrivate', OF_TAIZHOU, 'purge-1')).to.equal(undefined, 'empty');
      expect(await net.evaluate('enterprise-a', 'KV:GetPrivateHash', OF_TAIZHOU, 'purge-1')).to.equal(undefined, 'empty');
      expect(await net.evaluate('enterprise-b', 'KV:GetPrivateHash', OF_TAIZHOU, 'purge-1')).to.equal(undefined, 'empty');
    });

    it('finds the value a purge removes by its key hash, without the purging transaction\'s private write set', async function () {
      await submitPlanned(net, 'enterprise-a', 'KV:PutPrivate', [OF_TAIZHOU, 'purge-2'], transientValue('also forgotten'));
      // endorsed and ordered directly: nothing reaches the transient store, only the hashed write is on the ledger
      expect(await commitEndorsedBy(net, 'enterprise-b', ['KV:PurgePrivate', OF_TAIZHOU, 'purge-2'], [TAIZHOU, YANCHENG])).to.equal('VALID');
      expect(await net.evaluate('enterprise-a', 'KV:GetPrivate', OF_TAIZHOU, 'purge-2')).to.equal(undefined, 'empty');
      expect(await net.evaluate('enterprise-b', 'KV:GetPrivateHash', OF_TAIZHOU, 'purge-2')).to.equal(undefined, 'empty');
    });
  });

  describe('private validation parameters within one block', function () {
    let net: TestNetwork;
    before(async () => {
      // blocks are cut explicitly: a long batch timeout keeps transactions together
      net = await startTestNetwork({ chaincode: KV_CHAINCODE, network: { batchTimeoutMs: 60_000 } });
    });
    after(async () => net?.close());

    it('fails a later transaction of the block writing a private key whose validation parameter changed earlier in it', async function () {
      await commitTogether(net, [await prepare(net, 'enterprise-a', ['KV:PutPrivate', OF_TAIZHOU, 'sbe'], [TAIZHOU, YANCHENG], transientValue('v0'))]);
      const policy = await prepare(net, 'enterprise-a', ['KV:SetPrivateEndorsers', OF_TAIZHOU, 'sbe', JSON.stringify([TAIZHOU, YANCHENG])], [TAIZHOU, YANCHENG]);
      const write = await prepare(net, 'enterprise-a', ['KV:PutPrivate', OF_TAIZHOU, 'sbe'], [TAIZHOU, YANCHENG], transientValue('v1'));
      expect((await commitTogether(net, [policy, write])).codes).to.deep.equal(['VALID', 'ENDORSEMENT_POLICY_FAILURE']);
    });

    it('invalidates a read of a private validation parameter that changed before the reader committed', async function () {
      await commitTogether(net, [await prepare(net, 'enterprise-a', ['KV:PutPrivate', OF_TAIZHOU, 'sbe-read'], [TAIZHOU, YANCHENG], transientValue('v0'))]);
      const reader = await prepare(net, 'enterprise-b', ['KV:GetPrivateEndorsers', OF_TAIZHOU, 'sbe-read'], [TAIZHOU, YANCHENG]);
      const policy = await prepare(net, 'enterprise-a', ['KV:SetPrivateEndorsers', OF_TAIZHOU, 'sbe-read', JSON.stringify([HUAIAN])], [TAIZHOU, YANCHENG]);
      expect((await commitTogether(net, [policy, reader])).codes).to.deep.equal(['VALID', 'MVCC_READ_CONFLICT']);
    });
  });

  describe('blockToLive', function () {
    const BLOCK_TO_LIVE = 2;
    let consortium: Consortium;
    let dataDir: string;
    let net: TestNetwork | undefined;
    before(() => {
      const base = loadConsortium();
      const shortLived = {
        name: 'shortLived',
        policy: `OR('${TAIZHOU}.member', '${YANCHENG}.member')`,
        requiredPeerCount: 0,
        maxPeerCount: 1,
        blockToLive: BLOCK_TO_LIVE,
        memberOnlyRead: false,
        memberOnlyWrite: false,
      };
      consortium = { ...base, chaincode: { ...base.chaincode, collections: [...base.chaincode.collections, shortLived] } };
    });
    beforeEach(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'dal-btl-'));
      net = await startTestNetwork({ chaincode: KV_CHAINCODE, consortium, dataDir });
    });
    afterEach(async () => {
      await net?.close();
      await rm(dataDir, { recursive: true, force: true });
    });

    /** Commits public writes, one block each, until block `last` is the last committed. */
    async function commitBlocksUntil(last: number): Promise<void> {
      for (;;) {
        const r = await net!.submit('enterprise-a', 'KV:Put', 'filler', String(Date.now()));
        if (r.blockNumber >= last) {
          expect(r.blockNumber).to.equal(last);
          return;
        }
      }
    }

    async function writeShortLived(key: string, text: string): Promise<number> {
      return (await net!.ledger.submit(net!.identities['enterprise-a']!, 'KV:PutPrivate', ['shortLived', key], { transient: transientValue(text) })).blockNumber;
    }

    it('keeps a value written in block b while blocks up to b+blockToLive commit, and purges it with its hash when block b+blockToLive+1 commits', async function () {
      const b = await writeShortLived('btl-1', 'brief');
      await commitBlocksUntil(b + BLOCK_TO_LIVE);
      expect(await net!.evaluate('enterprise-b', 'KV:GetPrivate', 'shortLived', 'btl-1')).to.equal('brief');
      expect(await net!.evaluate('huaian-registrar', 'KV:GetPrivateHash', 'shortLived', 'btl-1')).to.equal(sha256Hex('brief'));
      await commitBlocksUntil(b + BLOCK_TO_LIVE + 1);
      expect(await net!.evaluate('enterprise-a', 'KV:GetPrivate', 'shortLived', 'btl-1')).to.equal(undefined, 'empty');
      expect(await net!.evaluate('enterprise-b', 'KV:GetPrivate', 'shortLived', 'btl-1')).to.equal(undefined, 'empty');
      expect(await net!.evaluate('huaian-registrar', 'KV:GetPrivateHash', 'shortLived', 'btl-1')).to.equal(undefined, 'empty');
    });

    it('counts blockToLive from the latest write of the key', async function () {
      const first = await writeShortLived('btl-2', 'old');
      await commitBlocksUntil(first + 1);
      const second = await writeShortLived('btl-2', 'new');
      await commitBlocksUntil(first + BLOCK_TO_LIVE + 1);
      expect(await net!.evaluate('enterprise-a', 'KV:GetPrivate', 'shortLived', 'btl-2')).to.equal('new');
      await commitBlocksUntil(second + BLOCK_TO_LIVE + 1);
      expect(await net!.evaluate('enterprise-a', 'KV:GetPrivate', 'shortLived', 'btl-2')).to.equal(undefined, 'empty');
    });

    it('counts blockToLive from a validation parameter change, which moves the key\'s version on', async function () {
      const written = await writeShortLived('btl-4', 'kept longer');
      const { blockNumber: changed } = await net!.submit('enterprise-a', 'KV:SetPrivateEndorsers', 'shortLived', 'btl-4', JSON.stringify([TAIZHOU]));
      expect(changed).to.be.greaterThan(written);
      await commitBlocksUntil(written + BLOCK_TO_LIVE + 1);
      expect(await net!.evaluate('enterprise-a', 'KV:GetPrivate', 'shortLived', 'btl-4')).to.equal('kept longer');
      await commitBlocksUntil(changed + BLOCK_TO_LIVE + 1);
      expect(await net!.evaluate('enterprise-a', 'KV:GetPrivate', 'shortLived', 'btl-4')).to.equal(undefined, 'empty');
      expect(await net!.evaluate('enterprise-b', 'KV:GetPrivateHash', 'shortLived', 'btl-4')).to.equal(undefined, 'empty');
      expect(await net!.evaluate('enterprise-b', 'KV:GetPrivateEndorsers', 'shortLived', 'btl-4')).to.equal(undefined, 'empty');
    });

    it('still purges an expiring value after the network is closed and reopened', async function () {
      const b = await writeShortLived('btl-3', 'survives a restart');
      await net!.close();
      net = undefined;
      net = await startTestNetwork({ chaincode: KV_CHAINCODE, consortium, dataDir });
      expect(await net.evaluate('enterprise-a', 'KV:GetPrivate', 'shortLived', 'btl-3')).to.equal('survives a restart');
      await commitBlocksUntil(b + BLOCK_TO_LIVE + 1);
      expect(await net.evaluate('enterprise-a', 'KV:GetPrivate', 'shortLived', 'btl-3')).to.equal(undefined, 'empty');
      expect(await net.evaluate('enterprise-a', 'KV:GetPrivateHash', 'shortLived', 'btl-3')).to.equal(undefined, 'empty');
    });
  });
});
