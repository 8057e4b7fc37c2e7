/**
 * Behaviours of fabric-chaincode-node's own test chaincodes (crud, query, clientidentity,
 * private data), restated in our words and run through the embedded network: what passes
 * here is what a Fabric 2.5 peer does with the same chaincode.
 */
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { startTestNetwork, KV_CHAINCODE, type TestNetwork } from '../support/test-network';

describe('embedded network: fabric-chaincode-node conformance', function () {
  let net: TestNetwork;
  before(async () => {
    net = await startTestNetwork({ chaincode: KV_CHAINCODE });
  });
  after(async () => net?.close());

  describe('crud', function () {
    it('puts, gets and deletes a key', async function () {
      await net.submit('enterprise-a', 'KV:Put', 'crud-1', 'v');
      expect(await net.evaluate('enterprise-a', 'KV:Get', 'crud-1')).to.deep.equal({ exists: true, value: 'v' });
      await net.submit('enterprise-a', 'KV:Del', 'crud-1');
      expect(await net.evaluate('enterprise-a', 'KV:Get', 'crud-1')).to.deep.equal({ exists: false, value: '' });
    });

    it('treats writing an empty value as a delete', async function () {
      await net.submit('enterprise-a', 'KV:Put', 'crud-2', 'v');
      await net.submit('enterprise-a', 'KV:Put', 'crud-2', '');
      expect(await net.evaluate('enterprise-a', 'KV:Get', 'crud-2')).to.deep.equal({ exists: false, value: '' });
      const history = (await net.evaluate('auditor', 'KV:History', 'crud-2')) as { isDelete: boolean }[];
      expect(history[0]!.isDelete).to.equal(true);
    });

    it('builds composite keys in Fabric\'s format and finds them by partial key in order', async function () {
      const key = (await net.submit('enterprise-a', 'KV:PutComposite', 'color~name', 'blue', 'car2', 'v2')).result as string;
      expect(key).to.equal('\u0000color~name\u0000blue\u0000car2\u0000');
      await net.submit('enterprise-a', 'KV:PutComposite', 'color~name', 'blue', 'car1', 'v1');
      await net.submit('enterprise-a', 'KV:PutComposite', 'color~name', 'red', 'car3', 'v3');
      expect(await net.evaluate('enterprise-a', 'KV:ByPartialKey', 'color~name', 'blue')).to.deep.equal([
        { attributes: ['blue', 'car1'], value: 'v1' },
        { attributes: ['blue', 'car2'], value: 'v2' },
      ]);
      expect(await net.evaluate('enterprise-a', 'KV:ByPartialKey', 'color~name', '')).to.have.length(3);
    });

    it('excludes composite keys from a range query with an empty start key', async function () {
      await net.submit('enterprise-a', 'KV:PutComposite', 'hidden', 'a', 'b', 'v');
      const all = (await net.evaluate('enterprise-a', 'KV:Range', '', '')) as { key: string }[];
      expect(all.some((kv) => kv.key.startsWith('\u0000'))).to.equal(false);
    });

    it('orders range results by UTF-8 bytes, not JavaScript string order', async function () {
      // U+FFFF encodes as EF BF BF and sorts before U+1F600 (F0 9F 98 80); UTF-16 order says the opposite
      await net.submit('enterprise-a', 'KV:Put', 'utf8-\u{1F600}', 'emoji');
      await net.submit('enterprise-a', 'KV:Put', 'utf8-\uffff', 'max-bmp');
      await net.submit('enterprise-a', 'KV:Put', 'utf8-a', 'ascii');
      const keys = ((await net.evaluate('enterprise-a', 'KV:Range', 'utf8-', 'utf8.')) as { key: string }[]).map((kv) => kv.key);
      expect(keys).to.deep.equal(['utf8-a', 'utf8-\uffff', 'utf8-\u{1F600}']);
    });
  });

  describe('query', function () {
    before(async function () {
      for (let i = 0; i < 25; i++) await net.submit('enterprise-a', 'KV:Put', `page-${String(i).padStart(2, '0')}`, String(i));
    });

    it('pages through a range with bookmarks', async function () {
      const p1 = (await net.evaluate('enterprise-a', 'KV:PagedRange', 'page-', 'page.', '10', '')) as { keys: string[]; bookmark: string; fetched: number };
      expect(p1.keys).to.have.length(10);
      expect(p1.fetched).to.equal(10);
      expect(p1.bookmark).to.equal('page-10');
      const p2 = (await net.evaluate('enterprise-a', 'KV:PagedRange', 'page-', 'page.', '10', p1.bookmark)) as typeof p1;
      const p3 = (await net.evaluate('enterprise-a', 'KV:PagedRange', 'page-', 'page.', '10', p2.bookmark)) as typeof p1;
      expect(p2.keys[0]).to.equal('page-10');
      expect(p3.keys).to.deep.equal(['page-20', 'page-21', 'page-22', 'page-23', 'page-24']);
      expect(p3.bookmark).to.equal('');
    });

    it('iterates a range longer than one batch of 100 results', async function () {
      for (let i = 0; i < 3; i++) {
        await Promise.all(Array.from({ length: 50 }, (_, j) => net.submit('enterprise-a', 'KV:Put', `batch-${String(i * 50 + j).padStart(3, '0')}`, 'x')));
      }
      const all = (await net.evaluate('enterprise-a', 'KV:Range', 'batch-', 'batch.')) as { key: string }[];
      expect(all).to.have.length(150);
      expect(all[149]!.key).to.equal('batch-149');
    });

    it('hands out the bookmark of a page larger than one batch of 100 results (the peer sends a page in one response)', async function () {
      for (let i = 0; i < 3; i++) {
        await Promise.all(Array.from({ length: 50 }, (_, j) => net.submit('enterprise-a', 'KV:Put', `wide-${String(i * 50 + j).padStart(3, '0')}`, 'x')));
      }
      const p1 = (await net.evaluate('enterprise-a', 'KV:PagedRange', 'wide-', 'wide.', '120', '')) as { keys: string[]; bookmark: string; fetched: number };
      expect(p1.keys).to.have.length(120);
      expect(p1.fetched).to.equal(120);
      expect(p1.bookmark).to.equal('wide-120');
      const p2 = (await net.evaluate('enterprise-a', 'KV:PagedRange', 'wide-', 'wide.', '120', p1.bookmark)) as typeof p1;
      expect(p2.keys).to.have.length(30);
      expect(p2.keys[0]).to.equal('wide-120');
      expect(p2.bookmark).to.equal('');
    });

    it('refuses a paginated query in a transaction that has written', async function () {
      const error = await net.submit('enterprise-a', 'KV:WriteThenPage', 'w').then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).to.match(/paginated queries are not supported/);
    });

    it('refuses rich queries with an error that names the call', async function () {
      const error = await net.evaluate('enterprise-a', 'KV:Rich').then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).to.match(/GetQueryResult \(rich query\) is not supported/);
    });
  });

  describe('clientidentity', function () {
    it('reads the caller\'s MSP id, X.509 id and fabric-ca attributes', async function () {
      const me = (await net.evaluate('enterprise-a', 'KV:Whoami')) as Record<string, unknown>;
      expect(me.mspId).to.equal('TaizhouRegistryMSP');
      expect(me.id).to.match(/^x509::\/CN=enterprise-a\/OU=client\/O=TaizhouRegistryMSP::\/CN=ca\.taizhouregistry\/O=TaizhouRegistryMSP$/);
      expect(me.role).to.equal('holder');
      expect(me.entity).to.equal('91321200MA1ABC123N');
      expect(me.channel).to.equal('dataasset');
      expect(me.txId).to.match(/^[0-9a-f]{64}$/);
      expect(Math.abs((me.seconds as number) - Date.now() / 1000)).to.be.lessThan(60);
      const auditor = (await net.evaluate('auditor', 'KV:Whoami')) as Record<string, unknown>;
      expect(auditor.mspId).to.equal('JiangsuRegulatorMSP');
      expect(auditor.entity).to.equal(null);
    });
  });

  describe('private data', function () {
    it('keeps the value with member organisations and only its hash on the public ledger', async function () {
      const secret = Buffer.from('filing #88: important data inventory');
      const regulator = net.identities['regulator']!;
      const r = await net.ledger.submit(regulator, 'KV:PutPrivate', ['regulatorPrivate', 'filing-88'], { transient: { value: secret } });
      expect(Buffer.from(await net.ledger.evaluate(regulator, 'KV:GetPrivate', ['regulatorPrivate', 'filing-88'])).toString()).to.equal(secret.toString());
      // anyone can read the hash, and the transaction on the ledger carries no plaintext
      const hash = Buffer.from(await net.ledger.evaluate(net.identities['enterprise-a']!, 'KV:GetPrivateHash', ['regulatorPrivate', 'filing-88'])).toString();
      expect(hash).to.equal(createHash('sha256').update(secret).digest('hex'));
      const stored = await net.ledger.network.transaction(r.txId);
      expect(Buffer.from(stored!.envelope).includes(secret)).to.equal(false);
    });

    it('refuses private data to a peer or creator outside the collection', async function () {
      const error = await net.evaluate('enterprise-a', 'KV:GetPrivate', 'regulatorPrivate', 'filing-88').then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).to.match(/not a member of collection regulatorPrivate|does not have read access/);
    });
  });
});
