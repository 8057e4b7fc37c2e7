/** Grant contract (授权, 可控可计量) on a started embedded network. */
import { expect } from 'chai';
import { commitTogether, prepare } from '../support/flow';
import { GRANT_TO, licenceBody, usageBody } from '../support/grant-bodies';
import { startTestNetwork, type TestNetwork } from '../support/test-network';
import { DATA_GROUP, ENTERPRISE_A, ENTERPRISE_B, PERSON_1, TAIZHOU, YANCHENG, application, expectRefusal } from './certificate-flows';
import { issueCertificate } from '../support/certificates';


function licence(assetId: string, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify(licenceBody(assetId, overrides));
}

function use(purpose = 'credit-scoring', quantity = 1000): string {
  return JSON.stringify(usageBody(purpose, quantity));
}

describe('Grant contract', function () {
  this.timeout(180_000);
  let net: TestNetwork;

  before(async () => {
    net = await startTestNetwork();
  });

  after(async () => {
    await net?.close();
  });

  async function grant(grantor: string, body: string): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return (await net.submit(grantor, 'Grant:Create', body)).result;
  }

  describe('licences', () => {
    it('lets the holder of the processing right license it to another entity, active and endorsed by both registries from then on', async () => {
      const cert = await issueCertificate(net);
      const created = await grant('enterprise-a', licence(cert.id));
      expect(created).to.include({ type: 'licence', grantor: ENTERPRISE_A, grantee: ENTERPRISE_B, status: 'active', effectiveStatus: 'active', depth: 0, fee: 12_000_000 });
      expect(created.id).to.match(/^GRT-[0-9A-Z]{10}$/);
      expect(created.purposes).to.deep.equal(['credit-scoring', 'risk-model-training']);
      expect(created.rawDataStaysInDomain).to.equal(true);
      expect(created.endorsingOrgs).to.deep.equal([TAIZHOU]);
      expect(await net.evaluate('auditor', 'Grant:Get', created.id)).to.include({ id: created.id, effectiveStatus: 'active' });
    });

    it('refuses a grant of a right the grantor does not hold, of the holding right, and to oneself', async () => {
      const cert = await issueCertificate(net);
      await expectRefusal(net.submit('enterprise-b', 'Grant:Create', licence(cert.id, { grantee: DATA_GROUP })), 'FORBIDDEN', /does not hold the processing right/);
      await expectRefusal(net.submit('enterprise-a', 'Grant:Create', licence(cert.id, { rights: ['holding'] })), 'INVALID_REQUEST', /holding right moves by transfer/);
      await expectRefusal(net.submit('enterprise-a', 'Grant:Create', licence(cert.id, { grantee: ENTERPRISE_A })), 'INVALID_REQUEST', /other than the grantor/);
    });

    it('refuses a grant on a certificate that is not issued, and malformed terms', async () => {
      const applied = await net.submit('enterprise-a', 'Certificate:Apply', application());
      await expectRefusal(net.submit('enterprise-a', 'Grant:Create', licence(applied.result.id)), 'CONFLICT', /is applied/);
      const cert = await issueCertificate(net);
      await expectRefusal(net.submit('enterprise-a', 'Grant:Create', licence(cert.id, { validTo: '2021-01-01T00:00:00Z' })), 'INVALID_REQUEST', /already past/);
      await expectRefusal(net.submit('enterprise-a', 'Grant:Create', licence(cert.id, { fee: undefined })), 'INVALID_REQUEST', /fee/);
      await expectRefusal(net.submit('enterprise-a', 'Grant:Create', licence(cert.id, { paid: false, fee: 5 })), 'INVALID_REQUEST', /有条件无偿/);
      await expectRefusal(net.submit('enterprise-a', 'Grant:Create', licence(cert.id, { purposes: [] })), 'INVALID_REQUEST', /purposes/);
      await expectRefusal(net.submit('enterprise-a', 'Grant:Create', licence(cert.id, { revenueShareBps: 10_001 })), 'INVALID_REQUEST', /revenueShareBps/);
    });

    it('lists grants by asset, by grantee and by grantor', async () => {
      const cert = await issueCertificate(net);
      const g = await grant('enterprise-a', licence(cert.id));
      const byAsset = await net.evaluate('auditor', 'Grant:List', JSON.stringify({ assetId: cert.id }), '10', '');
      expect(byAsset.items.map((i: { id: string }) => i.id)).to.deep.equal([g.id]);
      const byGrantee = await net.evaluate('auditor', 'Grant:List', JSON.stringify({ grantee: ENTERPRISE_B }), '500', '');
      expect(byGrantee.items.map((i: { id: string }) => i.id)).to.include(g.id);
      const byGrantor = await net.evaluate('auditor', 'Grant:List', JSON.stringify({ grantor: ENTERPRISE_A }), '500', '');
      expect(byGrantor.items.map((i: { id: string }) => i.id)).to.include(g.id);
      await expectRefusal(net.evaluate('auditor', 'Grant:List', '{}', '10', ''), 'INVALID_REQUEST', /assetId, grantee or grantor/);
      // The application id stays a handle for the certificate it became.
      const byApplication = await net.evaluate('auditor', 'Grant:List', JSON.stringify({ assetId: cert.applicationId }), '10', '');
      expect(byApplication.items.map((i: { id: string }) => i.id)).to.deep.equal([g.id]);
    });
  });

  describe('usage metering (可控可计量)', () => {
    it('records a use by the grantee for a granted purpose, and lists it', async () => {
      const cert = await issueCertificate(net);
      const g = await grant('enterprise-a', licence(cert.id));
      const recorded = await net.submit('enterprise-b', 'Grant:RecordUsage', g.id, use());
      expect(recorded.result).to.include({ grantId: g.id, assetId: cert.id, grantee: ENTERPRISE_B, purpose: 'credit-scoring', quantity: 1000, txId: recorded.txId });
      expect(recorded.result.id).to.match(/^USE-[0-9A-Z]{10}$/);
      const listed = await net.evaluate('auditor', 'Grant:ListUsages', g.id, '10', '');
      expect(listed.items).to.have.length(1);
      expect(listed.items[0]).to.include({ id: recorded.result.id, purpose: 'credit-scoring' });
    });

    it('refuses a use for a purpose outside the grant, and a use by anyone but the grantee', async () => {
      const cert = await issueCertificate(net);
      const g = await grant('enterprise-a', licence(cert.id));
      await expectRefusal(net.submit('enterprise-b', 'Grant:RecordUsage', g.id, use('marketing')), 'POLICY_VIOLATION', /purpose "marketing" is outside/);
      for (const who of ['enterprise-a', 'data-group', 'yancheng-registrar', 'regulator']) {
        await expectRefusal(net.submit(who, 'Grant:RecordUsage', g.id, use()), 'FORBIDDEN');
      }
      expect((await net.evaluate('auditor', 'Grant:ListUsages', g.id, '10', '')).items).to.have.length(0);
    });

    it('counts uses exactly under maxUses and refuses the one over it', async () => {
      const cert = await issueCertificate(net);
      const g = await grant('enterprise-a', licence(cert.id, { maxUses: 2 }));
      expect((await net.submit('enterprise-b', 'Grant:RecordUsage', g.id, use())).result).to.include({ sequence: 1, usesRemaining: 1 });
      expect((await net.submit('enterprise-b', 'Grant:RecordUsage', g.id, use())).result).to.include({ sequence: 2, usesRemaining: 0 });
      await expectRefusal(net.submit('enterprise-b', 'Grant:RecordUsage', g.id, use()), 'POLICY_VIOLATION', /allows 2 use\(s\), all recorded/);
      expect(await net.evaluate('auditor', 'Grant:Get', g.id)).to.include({ usesRecorded: 2 });
    });

    it('counts every use down a grants chain against a metered grant above it, so a sub-licence cannot multiply the uses', async () => {
      const cert = await issueCertificate(net);
      const parent = await grant('enterprise-a', licence(cert.id, { maxUses: 3 }));
      const child = await grant('enterprise-b', licence(cert.id, { grantee: DATA_GROUP, parentGrantId: parent.id, paid: false }));
      await net.submit('enterprise-b', 'Grant:RecordUsage', parent.id, use());
      expect((await net.submit('data-group', 'Grant:RecordUsage', child.id, use())).result).to.not.have.property('sequence');
      await net.submit('data-group', 'Grant:RecordUsage', child.id, use());
      expect(await net.evaluate('auditor', 'Grant:Get', parent.id)).to.include({ usesRecorded: 3 });
      await expectRefusal(net.submit('data-group', 'Grant:RecordUsage', child.id, use()), 'POLICY_VIOLATION', new RegExp(`upstream grant ${parent.id}, which meters every use down its chain, allows 3`));
      await expectRefusal(net.submit('enterprise-b', 'Grant:RecordUsage', parent.id, use()), 'POLICY_VIOLATION', /allows 3 use\(s\), all recorded/);
      expect(await net.evaluate('auditor', 'Grant:Check', cert.id, DATA_GROUP, 'credit-scoring')).to.include({ allowed: false });
    });

    it('reads a grant whose term has not begun as scheduled and refuses its uses until then', async () => {
      const cert = await issueCertificate(net);
      const g = await grant('enterprise-a', licence(cert.id, { validFrom: '2090-01-01T00:00:00Z' }));
      expect(g).to.include({ status: 'active', effectiveStatus: 'scheduled' });
      await expectRefusal(net.submit('enterprise-b', 'Grant:RecordUsage', g.id, use()), 'POLICY_VIOLATION', /not in force until 2090-01-01/);
      // It can still be suspended before it starts.
      expect((await net.submit('enterprise-a', 'Grant:Suspend', g.id, '')).result).to.include({ status: 'suspended' });
    });

    it('lets only one of two uses of a metered grant in one block commit (the count stays exact)', async () => {
      const cert = await issueCertificate(net);
      const g = await grant('enterprise-a', licence(cert.id, { maxUses: 10 }));
      const first = await prepare(net, 'enterprise-b', ['Grant:RecordUsage', g.id, use()], [TAIZHOU, YANCHENG]);
      const second = await prepare(net, 'enterprise-b', ['Grant:RecordUsage', g.id, use()], [TAIZHOU, YANCHENG]);
      expect((await commitTogether(net, [first, second])).codes).to.deep.equal(['VALID', 'MVCC_READ_CONFLICT']);
      expect(await net.evaluate('auditor', 'Grant:Get', g.id)).to.include({ usesRecorded: 1 });
    });

    it('lets uses of a grant without maxUses commit together in one block', async () => {
      const cert = await issueCertificate(net);
      const g = await grant('enterprise-a', licence(cert.id));
      const txs = [];
      for (let i = 0; i < 3; i++) txs.push(await prepare(net, 'enterprise-b', ['Grant:RecordUsage', g.id, use()], [TAIZHOU, YANCHENG]));
      expect((await commitTogether(net, txs)).codes).to.deep.equal(['VALID', 'VALID', 'VALID']);
      expect((await net.evaluate('auditor', 'Grant:ListUsages', g.id, '10', '')).items).to.have.length(3);
    });
  });

  describe('suspend, resume, revoke', () => {
    it('stops uses while suspended, allows them again once resumed, and for good once revoked', async () => {
      const cert = await issueCertificate(net);
      const g = await grant('enterprise-a', licence(cert.id));
      const suspended = await net.submit('enterprise-a', 'Grant:Suspend', g.id, JSON.stringify({ reason: 'audit pending' }));
      expect(suspended.result).to.include({ status: 'suspended', effectiveStatus: 'suspended' });
      expect(suspended.result.lastStatusChange).to.include({ status: 'suspended', reason: 'audit pending', txId: suspended.txId });
      await expectRefusal(net.submit('enterprise-b', 'Grant:RecordUsage', g.id, use()), 'POLICY_VIOLATION', /is suspended/);
      const check = await net.evaluate('auditor', 'Grant:Check', cert.id, ENTERPRISE_B, 'credit-scoring');
      expect(check).to.include({ allowed: false });
      expect(check.reason).to.match(/is suspended/);
      await net.submit('enterprise-a', 'Grant:Resume', g.id, '');
      expect(await net.evaluate('auditor', 'Grant:Check', cert.id, ENTERPRISE_B, 'credit-scoring')).to.include({ allowed: true, grantId: g.id, basis: 'grant' });
      await net.submit('enterprise-a', 'Grant:Revoke', g.id, JSON.stringify({ reason: 'contract ended' }));
      await expectRefusal(net.submit('enterprise-b', 'Grant:RecordUsage', g.id, use()), 'POLICY_VIOLATION', /is revoked/);
      await expectRefusal(net.submit('enterprise-a', 'Grant:Resume', g.id, ''), 'CONFLICT');
      await expectRefusal(net.submit('enterprise-a', 'Grant:Revoke', g.id, ''), 'CONFLICT', /already revoked/);
    });

    it('lets only the grantor suspend, resume or revoke', async () => {
      const cert = await issueCertificate(net);
      const g = await grant('enterprise-a', licence(cert.id));
      for (const who of ['enterprise-b', 'data-group', 'taizhou-registrar', 'regulator']) {
        await expectRefusal(net.submit(who, 'Grant:Suspend', g.id, ''), 'FORBIDDEN');
        await expectRefusal(net.submit(who, 'Grant:Revoke', g.id, ''), 'FORBIDDEN');
      }
    });

    it('needs the grantor’s registry to endorse a revocation (key-level policy on the grant)', async () => {
      const cert = await issueCertificate(net);
      const g = await grant('enterprise-a', licence(cert.id));
      const without = await prepare(net, 'enterprise-a', ['Grant:Revoke', g.id, ''], [YANCHENG, 'HuaianRegistryMSP']);
      expect((await commitTogether(net, [without])).codes).to.deep.equal(['ENDORSEMENT_POLICY_FAILURE']);
      expect(await net.evaluate('auditor', 'Grant:Get', g.id)).to.include({ status: 'active' });
    });

    it('invalidates a use committed in the same block as the revocation it raced', async () => {
      const cert = await issueCertificate(net);
      const g = await grant('enterprise-a', licence(cert.id));
      const revoke = await prepare(net, 'enterprise-a', ['Grant:Revoke', g.id, ''], [TAIZHOU, YANCHENG]);
      const racingUse = await prepare(net, 'enterprise-b', ['Grant:RecordUsage', g.id, use()], [TAIZHOU, YANCHENG]);
      expect((await commitTogether(net, [revoke, racingUse])).codes).to.deep.equal(['VALID', 'MVCC_READ_CONFLICT']);
    });
  });

  describe('grants chain', () => {
    it('lets a grantee pass on no more than it got, and stops the sub-licence at once when the upstream grant is revoked', async () => {
      const cert = await issueCertificate(net);
      const parent = await grant('enterprise-a', licence(cert.id, { rights: ['processing', 'operating'] }));
      const child = await grant('enterprise-b', licence(cert.id, { grantee: DATA_GROUP, parentGrantId: parent.id, purposes: ['credit-scoring'], paid: false }));
      expect(child).to.include({ depth: 1, grantor: ENTERPRISE_B, parentGrantId: parent.id, effectiveStatus: 'active' });
      // Endorsed by the issuing registry and the grantor's own registry.
      expect(child.endorsingOrgs).to.deep.equal([TAIZHOU, YANCHENG]);
      await net.submit('data-group', 'Grant:RecordUsage', child.id, use());

      await net.submit('enterprise-a', 'Grant:Revoke', parent.id, JSON.stringify({ reason: 'breach' }));
      const after = await net.evaluate('auditor', 'Grant:Get', child.id);
      expect(after).to.include({ status: 'active', effectiveStatus: 'void', stoppedBy: `upstream grant ${parent.id} is revoked` });
      await expectRefusal(net.submit('data-group', 'Grant:RecordUsage', child.id, use()), 'POLICY_VIOLATION', /upstream grant .* is revoked/);
    });

    it('refuses a sub-licence wider than its parent in rights, purposes or term, or lifting 原始数据不出域', async () => {
      const cert = await issueCertificate(net);
      const parent = await grant('enterprise-a', licence(cert.id, { validTo: '2090-01-01T00:00:00Z' }));
      const sub = (o: Record<string, unknown>): string => licence(cert.id, { grantee: DATA_GROUP, parentGrantId: parent.id, paid: false, validTo: '2089-01-01T00:00:00Z', purposes: ['credit-scoring'], ...o });
      await expectRefusal(net.submit('enterprise-b', 'Grant:Create', sub({ rights: ['operating'] })), 'POLICY_VIOLATION', /conveys only processing/);
      await expectRefusal(net.submit('enterprise-b', 'Grant:Create', sub({ purposes: ['marketing'] })), 'POLICY_VIOLATION', /covers only the purposes/);
      await expectRefusal(net.submit('enterprise-b', 'Grant:Create', sub({ validTo: GRANT_TO })), 'POLICY_VIOLATION', /within its parent's term/);
      await expectRefusal(net.submit('enterprise-b', 'Grant:Create', sub({ rawDataStaysInDomain: false })), 'POLICY_VIOLATION', /原始数据不出域/);
      await expectRefusal(net.submit('data-group', 'Grant:Create', sub({ grantee: ENTERPRISE_A })), 'FORBIDDEN', /not granted to the grantor/);
      await expectRefusal(net.submit('enterprise-b', 'Grant:Create', sub({ parentGrantId: 'GRT-0000000000' })), 'NOT_FOUND');
    });

    it('refuses a sub-licence under a suspended parent, and stops existing ones while it is suspended', async () => {
      const cert = await issueCertificate(net);
      const parent = await grant('enterprise-a', licence(cert.id));
      const child = await grant('enterprise-b', licence(cert.id, { grantee: DATA_GROUP, parentGrantId: parent.id, paid: false }));
      await net.submit('enterprise-a', 'Grant:Suspend', parent.id, '');
      expect(await net.evaluate('auditor', 'Grant:Get', child.id)).to.include({ effectiveStatus: 'void', stoppedBy: `upstream grant ${parent.id} is suspended` });
      await expectRefusal(
        net.submit('enterprise-b', 'Grant:Create', licence(cert.id, { grantee: DATA_GROUP, parentGrantId: parent.id, paid: false })),
        'POLICY_VIOLATION',
        /parent grant .* is suspended/,
      );
      await net.submit('enterprise-a', 'Grant:Resume', parent.id, '');
      expect(await net.evaluate('auditor', 'Grant:Get', child.id)).to.include({ effectiveStatus: 'active' });
    });

    it('stops every grant of a certificate once it is cancelled', async () => {
      const cert = await issueCertificate(net);
      const parent = await grant('enterprise-a', licence(cert.id));
      const child = await grant('enterprise-b', licence(cert.id, { grantee: DATA_GROUP, parentGrantId: parent.id, paid: false }));
      await net.submit('enterprise-a', 'Certificate:Cancel', cert.id, JSON.stringify({ reason: 'retired' }));
      for (const g of [parent, child]) {
        expect(await net.evaluate('auditor', 'Grant:Get', g.id)).to.include({ effectiveStatus: 'void', stoppedBy: `certificate ${cert.id} is cancelled` });
      }
      await expectRefusal(net.submit('enterprise-b', 'Grant:RecordUsage', parent.id, use()), 'POLICY_VIOLATION', /is cancelled/);
    });
  });

  describe('personal and public-data grants', () => {
    async function personalCertificate(): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
      return issueCertificate(net, {
        applicant: 'person-1',
        body: { source: 'personal', containsPersonalInfo: true, category: 'healthcare', rights: [{ type: 'holding', holder: PERSON_1 }, { type: 'processing', holder: PERSON_1 }] },
      });
    }

    it('lets a person authorise one processor for ONE purpose, and refuses bundled consent (一揽子授权)', async () => {
      const cert = await personalCertificate();
      const term = { validFrom: new Date(Date.now() - 86_400_000).toISOString(), validTo: new Date(Date.now() + 90 * 86_400_000).toISOString() };
      const personal = (o: Record<string, unknown>): string =>
        licence(cert.id, { type: 'personal', paid: false, fee: undefined, revenueShareBps: undefined, purposes: ['diabetes-study'], ...term, ...o });
      const g = await grant('person-1', personal({}));
      expect(g).to.include({ type: 'personal', grantor: PERSON_1, effectiveStatus: 'active' });
      await expectRefusal(net.submit('person-1', 'Grant:Create', personal({ purposes: ['diabetes-study', 'marketing'] })), 'POLICY_VIOLATION', /一揽子授权/);
      await expectRefusal(net.submit('person-1', 'Grant:Create', personal({ rights: ['operating'] })), 'POLICY_VIOLATION', /processing only/);
      // The processor cannot pass a person's consent on.
      await expectRefusal(net.submit('enterprise-b', 'Grant:Create', licence(cert.id, { grantee: DATA_GROUP, parentGrantId: g.id, purposes: ['diabetes-study'], paid: false })), 'POLICY_VIOLATION', /cannot be passed on/);
      // Revocable at any time by the person.
      await net.submit('person-1', 'Grant:Revoke', g.id, JSON.stringify({ reason: 'consent withdrawn' }));
      await expectRefusal(net.submit('enterprise-b', 'Grant:RecordUsage', g.id, use('diabetes-study')), 'POLICY_VIOLATION', /revoked/);
    });

    it('refuses a personal grant from an enterprise', async () => {
      const cert = await issueCertificate(net);
      await expectRefusal(net.submit('enterprise-a', 'Grant:Create', licence(cert.id, { type: 'personal', purposes: ['x'] })), 'FORBIDDEN', /natural person/);
    });

    it('lets a public-data authority authorise an operator (公共数据授权运营), on public data only', async () => {
      const publicCert = await issueCertificate(net, {
        applicant: 'data-group',
        body: { source: 'public', category: 'transport', rights: [{ type: 'holding', holder: DATA_GROUP }, { type: 'operating', holder: DATA_GROUP }] },
      });
      const g = await grant('data-group', licence(publicCert.id, { type: 'public_operation', grantee: ENTERPRISE_A, rights: ['operating'], purposes: ['traffic-forecast'], paid: false, fee: undefined }));
      expect(g).to.include({ type: 'public_operation', paid: false, effectiveStatus: 'active' });
      const enterpriseCert = await issueCertificate(net);
      await expectRefusal(
        net.submit('enterprise-a', 'Grant:Create', licence(enterpriseCert.id, { type: 'public_operation', rights: ['processing'] })),
        'POLICY_VIOLATION',
        /needs public data/,
      );
    });
  });

  describe('check and lineage', () => {
    it('answers check for a right holder, a grantee, and someone with neither', async () => {
      const cert = await issueCertificate(net);
      expect(await net.evaluate('auditor', 'Grant:Check', cert.id, ENTERPRISE_A, 'anything')).to.include({ allowed: true, basis: 'right' });
      const none = await net.evaluate('auditor', 'Grant:Check', cert.id, ENTERPRISE_B, 'credit-scoring');
      expect(none).to.include({ allowed: false, reason: `no grant of ${cert.id} to ${ENTERPRISE_B}` });
      const g = await grant('enterprise-a', licence(cert.id));
      expect(await net.evaluate('auditor', 'Grant:Check', cert.id, ENTERPRISE_B, 'credit-scoring')).to.include({ allowed: true, grantId: g.id });
      const other = await net.evaluate('auditor', 'Grant:Check', cert.id, ENTERPRISE_B, 'marketing');
      expect(other.allowed).to.equal(false);
      expect(other.reason).to.match(/purpose "marketing" is outside/);
    });

    it('lets a processing grantee register a derived product, records the grant, and refuses it once the grant is revoked', async () => {
      const source = await issueCertificate(net);
      const derived = (): string =>
        application({ registry: YANCHENG, assetType: 'product', parents: [source.id], rights: [{ type: 'holding', holder: ENTERPRISE_B }, { type: 'processing', holder: ENTERPRISE_B }] });
      await expectRefusal(net.submit('enterprise-b', 'Certificate:Apply', derived()), 'POLICY_VIOLATION', /nor an effective grant/);
      const g = await grant('enterprise-a', licence(source.id));
      const applied = await net.submit('enterprise-b', 'Certificate:Apply', derived());
      expect(applied.result.parents).to.deep.equal([source.id]);
      expect(applied.result.parentGrants).to.deep.equal([{ certificateId: source.id, grantId: g.id }]);
      await net.submit('enterprise-a', 'Grant:Revoke', g.id, '');
      await expectRefusal(net.submit('enterprise-b', 'Certificate:Apply', derived()), 'POLICY_VIOLATION', /nor an effective grant/);
    });
  });
});
