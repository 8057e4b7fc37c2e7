/**
 * The 公示 board through the real chaincode on the embedded network: the index is written when
 * an application enters publicity and deleted when it leaves, the public board never carries a
 * natural person's identity or an important-grade application, filters and paging read one range.
 */
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { startTestNetwork, type TestNetwork } from '../support/test-network';
import { ENTERPRISE_A, PERSON_1, TAIZHOU, YANCHENG, applicationBody } from '../support/demo-parties';
import { commitmentOf } from '../../chaincode/src/model/confidential';

interface Entry {
  certificateId: string;
  holder: string;
  holderKind: string;
  grade: string;
  openObjections: number;
  registry: string;
  category: string;
  assetType: string;
  publicityStartsAt: string;
}
interface Board {
  audience: string;
  items: Entry[];
  bookmark: string;
}

describe('the 公示 board (Publicity contract)', function () {
  this.timeout(180_000);
  let net: TestNetwork;
  before(async () => {
    net = await startTestNetwork();
  });
  after(async () => net?.close());

  const apply = async (overrides: Record<string, unknown> = {}, as = 'enterprise-a'): Promise<string> =>
    (await net.submit(as, 'Certificate:Apply', JSON.stringify(applicationBody(overrides)))).result.id as string;
  const approve = async (applicationId: string, days = 10, registrar = 'taizhou-registrar'): Promise<string> =>
    (await net.submit(registrar, 'Certificate:Review', applicationId, JSON.stringify({ decision: 'approve', publicityDays: days }))).result.id as string;
  const board = (filter: Record<string, string> = {}, pageSize = 500, bookmark = ''): Promise<Board> =>
    net.evaluate('auditor', 'Publicity:Board', JSON.stringify(filter), String(pageSize), bookmark) as Promise<Board>;
  const membersBoard = (filter: Record<string, string> = {}, as = 'enterprise-b'): Promise<Board> =>
    net.evaluate(as, 'Publicity:MembersBoard', JSON.stringify(filter), '500', '') as Promise<Board>;
  const ids = (b: Board): string[] => b.items.map((e) => e.certificateId);

  it('lists an application from its approval into publicity, and no longer once it is issued', async function () {
    const applicationId = await apply({ category: 'healthcare' });
    expect(ids(await board({ category: 'healthcare' }))).to.not.include(applicationId);
    const id = await approve(applicationId, 0);
    const listed = (await board({ category: 'healthcare' })).items.find((e) => e.certificateId === id);
    expect(listed).to.include({ registry: TAIZHOU, holder: ENTERPRISE_A, holderKind: 'enterprise', grade: 'general', openObjections: 0 });
    await net.submit('taizhou-registrar', 'Certificate:Issue', id);
    expect(ids(await board({ category: 'healthcare' }))).to.not.include(id);
    expect(ids(await membersBoard({ category: 'healthcare' }))).to.not.include(id);
    // the record of having been publicised stays in the certificate's history
    const history = (await net.evaluate('auditor', 'Certificate:History', id)) as { items?: { value: { status?: string } }[] } | { value: { status?: string } }[];
    const versions = Array.isArray(history) ? history : (history.items ?? []);
    expect(versions.map((v) => v.value?.status)).to.include('publicizing');
  });

  it('takes an application off the board when an upheld objection rejects it, and counts open objections meanwhile', async function () {
    const id = await approve(await apply({ category: 'transport' }));
    const objection = (await net.submit('enterprise-b', 'Certificate:RaiseObjection', id, JSON.stringify({ reason: 'our data' }))).result as { id: string };
    expect((await board({ category: 'transport' })).items.find((e) => e.certificateId === id)?.openObjections).to.equal(1);
    await net.submit('taizhou-registrar', 'Certificate:ResolveObjection', id, objection.id, JSON.stringify({ upheld: true }));
    expect(ids(await board({ category: 'transport' }))).to.not.include(id);
    expect(ids(await membersBoard({ category: 'transport' }))).to.not.include(id);
  });

  it('never lists an application rejected at review', async function () {
    const applicationId = await apply({ category: 'transport' });
    await net.submit('taizhou-registrar', 'Certificate:Review', applicationId, JSON.stringify({ decision: 'reject', comment: 'incomplete' }));
    expect(ids(await membersBoard({ category: 'transport' }))).to.not.include(applicationId);
  });

  it('shows a natural person holding the rights as 个人, never their identity, anywhere in the answer', async function () {
    const rights = ['holding', 'processing', 'operating'].map((type) => ({ type, holder: PERSON_1 }));
    const id = await approve(await apply({ category: 'culture-tourism', source: 'personal', rights }, 'person-1'));
    for (const answer of [await board({ category: 'culture-tourism' }), await membersBoard({ category: 'culture-tourism' })]) {
      const entry = answer.items.find((e) => e.certificateId === id);
      expect(entry).to.include({ holder: '个人', holderKind: 'individual' });
      const text = JSON.stringify(answer);
      expect(text).to.not.include(PERSON_1.slice(10));
      expect(text).to.not.include('np:');
      expect(text).to.not.include('person-1');
    }
  });

  it('leaves important-grade applications off the public board and lists them on the members’ board', async function () {
    const id = await approve(await apply({ category: 'finance', grade: 'important' }));
    const general = await approve(await apply({ category: 'finance' }));
    const open = await board({ category: 'finance' });
    expect(open.audience).to.equal('public');
    expect(ids(open)).to.include(general).and.not.include(id);
    expect(ids(await board())).to.not.include(id);
    const members = await membersBoard({ category: 'finance' });
    expect(members.audience).to.equal('members');
    expect(ids(members)).to.include.members([id, general]);
    expect(members.items.find((e) => e.certificateId === id)?.grade).to.equal('important');
  });

  it('refuses the members’ board to an identity with no role, as the gateway’s public verifier is enrolled', async function () {
    const anonymous = await net.ledger.enroll({ mspId: 'JiangsuRegulatorMSP', enrollmentId: 'board-no-role', attributes: {} });
    let refused: unknown;
    try {
      await net.ledger.evaluate(anonymous, 'Publicity:MembersBoard', ['{}', '10', '']);
    } catch (err) {
      refused = err;
    }
    expect(String(refused)).to.match(/FORBIDDEN|role/);
  });

  it('pages newest first through one filter combination, with full pages, and refuses bad filters and bookmarks', async function () {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push(await approve(await apply({ category: 'agriculture', assetType: 'product' })));
    // another registry and asset type in the same category: not in the range
    const elsewhere = await approve(await apply({ category: 'agriculture', assetType: 'product', registry: YANCHENG, rights: [{ type: 'holding', holder: '91320900MA2DEF341G' }] }, 'enterprise-b'), 10, 'yancheng-registrar');
    const other = await approve(await apply({ category: 'agriculture', assetType: 'element' }));

    const filter = { registry: TAIZHOU, category: 'agriculture', assetType: 'product' };
    const seen: string[] = [];
    let bookmark = '';
    const sizes: number[] = [];
    do {
      const page = await board(filter, 2, bookmark);
      sizes.push(page.items.length);
      seen.push(...ids(page));
      bookmark = page.bookmark;
    } while (bookmark !== '');
    expect(seen).to.deep.equal([...made].reverse());
    expect(sizes.slice(0, 2)).to.deep.equal([2, 2]);

    expect(ids(await board({ category: 'agriculture' }))).to.include.members([...made, elsewhere, other]);
    expect(ids(await board({ registry: YANCHENG, category: 'agriculture' }))).to.deep.equal([elsewhere]);
    expect(ids(await board({ category: 'agriculture', assetType: 'element' }))).to.deep.equal([other]);
    const starts = (await board()).items.map((e) => e.publicityStartsAt);
    expect(starts).to.deep.equal([...starts].sort().reverse());

    const bads: Record<string, string>[] = [{ category: 'nonsense' }, { assetType: 'x' }, { status: 'issued' }];
    for (const bad of bads) {
      let err: unknown;
      try {
        await board(bad);
      } catch (e) {
        err = e;
      }
      expect(String(err), JSON.stringify(bad)).to.match(/INVALID|must be|filters/);
    }
    let foreign: unknown;
    try {
      await board({ category: 'healthcare' }, 2, (await board(filter, 2)).bookmark);
    } catch (e) {
      foreign = e;
    }
    expect(String(foreign)).to.match(/bookmark/);
  });

  describe('an objection a registrar records on behalf of someone outside the consortium', function () {
    let id: string;
    before(async () => {
      id = await approve(await apply({ category: 'public-service' }));
    });
    const requester = { contact: '+86 139 0000 0000', name: '王某' };
    const transient = (salt: Uint8Array): Record<string, Uint8Array> => ({ 'dal.confidential': Buffer.from(JSON.stringify(requester)), 'dal.salt': salt });

    it('keeps only the salted hash of the requester’s contact on the ledger', async function () {
      const salt = randomBytes(32);
      const r = await net.ledger.submit(net.identities['taizhou-registrar']!, 'Certificate:RaiseObjection', [id, JSON.stringify({ reason: 'my photos', onBehalf: true })], {
        transient: transient(salt),
      });
      const objection = JSON.parse(Buffer.from(r.payload).toString()) as Record<string, unknown>;
      expect(objection.onBehalfOf).to.deep.equal({ contactHash: commitmentOf(salt, requester) });
      expect(objection).to.not.have.property('onBehalf');
      const record = JSON.stringify(await net.evaluate('auditor', 'Certificate:Get', id));
      expect(record).to.include(commitmentOf(salt, requester));
      expect(record).to.not.include('139 0000').and.not.include('王某');
    });

    it('refuses it from anyone but a registrar of the application’s registry, and a contact in the arguments', async function () {
      for (const who of ['yancheng-registrar', 'enterprise-b']) {
        let refused: unknown;
        try {
          await net.ledger.submit(net.identities[who]!, 'Certificate:RaiseObjection', [id, JSON.stringify({ reason: 'x', onBehalf: true })], { transient: transient(randomBytes(32)) });
        } catch (e) {
          refused = e;
        }
        expect(String(refused), who).to.match(/FORBIDDEN|registrar/);
      }
      let inArgs: unknown;
      try {
        await net.submit('taizhou-registrar', 'Certificate:RaiseObjection', id, JSON.stringify({ reason: 'x', onBehalfOf: requester }));
      } catch (e) {
        inArgs = e;
      }
      expect(String(inArgs)).to.match(/transient/);
    });
  });

  it('back-fills nothing on a ledger whose applications were indexed as they entered publicity, and only for a registrar', async function () {
    const r = await net.submit('taizhou-registrar', 'Publicity:Backfill', '50');
    expect(r.result).to.deep.include({ registry: TAIZHOU, indexed: [], remaining: false });
    let refused: unknown;
    try {
      await net.submit('enterprise-a', 'Publicity:Backfill', '50');
    } catch (e) {
      refused = e;
    }
    expect(String(refused)).to.match(/FORBIDDEN|registr/);
  });
});
