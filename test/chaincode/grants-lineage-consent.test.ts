/**
 * Grants where they meet lineage, consent and right transfers, and under races: the cases an
 * independent review of the Grant contract raised (all fixed), plus the races and malformed
 * input it confirmed, pinned so they stay right.
 */
import { expect } from 'chai';
import { commitTogether, prepare } from '../support/flow';
import { freeLicenceBody, usageBody } from '../support/grant-bodies';
import { startTestNetwork, type TestNetwork } from '../support/test-network';
import { DATA_GROUP, ENTERPRISE_B, PERSON_1, TAIZHOU, YANCHENG, application, expectRefusal } from './certificate-flows';
import { issueCertificate } from '../support/certificates';

/** A free licence of enterprise-a's processing right to enterprise-b for credit scoring. */
function licence(assetId: string, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify(freeLicenceBody(assetId, overrides));
}

function use(purpose = 'credit-scoring', quantity = 1): string {
  return JSON.stringify(usageBody(purpose, quantity));
}

/** A derived product applied for by enterprise-b at Yancheng from `parentId`. */
function derivedProduct(parentId: string): string {
  return application({
    registry: YANCHENG,
    assetType: 'product',
    parents: [parentId],
    rights: [
      { type: 'holding', holder: ENTERPRISE_B },
      { type: 'processing', holder: ENTERPRISE_B },
      { type: 'operating', holder: ENTERPRISE_B },
    ],
  });
}

/** A personal grant's term: time-limited, so it starts now-ish, not in 2020. */
const DAY_MS = 86_400_000;
const personalTerm = (): { validFrom: string; validTo: string } => ({
  validFrom: new Date(Date.now() - DAY_MS).toISOString(),
  validTo: new Date(Date.now() + 180 * DAY_MS).toISOString(),
});

describe('Grant contract: lineage, consent, transfers and races', function () {
  this.timeout(300_000);
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

  async function personalCertificate(): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return issueCertificate(net, {
      applicant: 'person-1',
      body: { source: 'personal', containsPersonalInfo: true, category: 'healthcare', rights: [{ type: 'holding', holder: PERSON_1 }, { type: 'processing', holder: PERSON_1 }] },
    });
  }

  describe('metering down a chain', () => {
    it('refuses every use under a sub-licence once its metered parent has none left', async () => {
      const cert = await issueCertificate(net);
      const parent = await grant('enterprise-a', licence(cert.id, { maxUses: 1 }));
      await net.submit('enterprise-b', 'Grant:RecordUsage', parent.id, use());
      const child = await grant('enterprise-b', licence(cert.id, { grantee: DATA_GROUP, parentGrantId: parent.id }));
      for (let i = 0; i < 3; i++) {
        await expectRefusal(net.submit('data-group', 'Grant:RecordUsage', child.id, use()), 'POLICY_VIOLATION', /which meters every use down its chain, allows 1 use/);
      }
    });

    it('does not found a derived registration on a processing grant whose uses are all recorded', async () => {
      const source = await issueCertificate(net);
      const g = await grant('enterprise-a', licence(source.id, { maxUses: 1 }));
      await net.submit('enterprise-b', 'Grant:RecordUsage', g.id, use());
      await expectRefusal(net.submit('enterprise-b', 'Certificate:Apply', derivedProduct(source.id)), 'POLICY_VIOLATION', /nor an effective grant/);
    });
  });

  describe('personal consent (一揽子授权 refused, one purpose, revocable)', () => {
    it('does not let a person’s one-purpose consent found a derived registration', async () => {
      const cert = await personalCertificate();
      const consent = await grant('person-1', licence(cert.id, { type: 'personal', purposes: ['diabetes-study'], ...personalTerm() }));
      expect(consent).to.include({ type: 'personal', grantee: ENTERPRISE_B, effectiveStatus: 'active' });
      await expectRefusal(net.submit('enterprise-b', 'Certificate:Apply', derivedProduct(cert.id)), 'POLICY_VIOLATION', /nor an effective grant/);
    });

    it('refuses a natural person’s bundled consent however it is labelled', async () => {
      const cert = await personalCertificate();
      for (const type of ['licence', 'public_operation']) {
        await expectRefusal(
          net.submit('person-1', 'Grant:Create', licence(cert.id, { type, purposes: ['diabetes-study', 'marketing', 'resale'] })),
          'POLICY_VIOLATION',
          /natural person authorises through a personal grant|needs public data/,
        );
      }
    });

    it('refuses a personal grant longer than a year: consent is time-limited', async () => {
      const cert = await personalCertificate();
      await expectRefusal(
        net.submit('person-1', 'Grant:Create', licence(cert.id, { type: 'personal', purposes: ['diabetes-study'], validTo: '9999-12-31T00:00:00Z' })),
        'POLICY_VIOLATION',
        /at most 366 days/,
      );
    });
  });

  describe('lineage re-checked at issue', () => {
    it('refuses to issue a derived registration whose founding grant was revoked during review', async () => {
      const source = await issueCertificate(net);
      const g = await grant('enterprise-a', licence(source.id));
      const applied = await net.submit('enterprise-b', 'Certificate:Apply', derivedProduct(source.id));
      expect(applied.result.parentGrants).to.deep.equal([{ certificateId: source.id, grantId: g.id }]);
      await net.submit('enterprise-a', 'Grant:Revoke', g.id, JSON.stringify({ reason: 'contract ended' }));
      await net.submit('yancheng-registrar', 'Certificate:Review', applied.result.id, JSON.stringify({ decision: 'approve', publicityDays: 0 }));
      await expectRefusal(net.submit('yancheng-registrar', 'Certificate:Issue', applied.result.id), 'POLICY_VIOLATION', new RegExp(`under grant ${g.id}, which no longer allows it: grant ${g.id} is revoked`));
    });

    it('issues a derived registration once a suspended founding grant is resumed', async () => {
      const source = await issueCertificate(net);
      const g = await grant('enterprise-a', licence(source.id));
      const applied = await net.submit('enterprise-b', 'Certificate:Apply', derivedProduct(source.id));
      await net.submit('enterprise-a', 'Grant:Suspend', g.id, '');
      await net.submit('yancheng-registrar', 'Certificate:Review', applied.result.id, JSON.stringify({ decision: 'approve', publicityDays: 0 }));
      await expectRefusal(net.submit('yancheng-registrar', 'Certificate:Issue', applied.result.id), 'POLICY_VIOLATION', /is suspended/);
      await net.submit('enterprise-a', 'Grant:Resume', g.id, '');
      expect((await net.submit('yancheng-registrar', 'Certificate:Issue', applied.result.id)).result).to.include({ status: 'issued' });
    });
  });

  describe('rights the grantor no longer holds', () => {
    it('stops the licences of a right once it is transferred, and lets the new holder grant afresh', async () => {
      const cert = await issueCertificate(net);
      const g = await grant('enterprise-a', licence(cert.id, { grantee: DATA_GROUP }));
      const sub = await grant('data-group', licence(cert.id, { grantee: ENTERPRISE_B, parentGrantId: g.id }));
      await net.submit('taizhou-registrar', 'Certificate:TransferRight', cert.id, JSON.stringify({ right: 'processing', to: ENTERPRISE_B }));
      expect(await net.evaluate('auditor', 'Grant:Get', g.id)).to.include({
        effectiveStatus: 'void',
        stoppedBy: `the grantor no longer holds the processing right of certificate ${cert.id}`,
      });
      expect((await net.evaluate('auditor', 'Grant:Get', sub.id)).stoppedBy).to.equal(`the grantor of upstream grant ${g.id} no longer holds the processing right of certificate ${cert.id}`);
      await expectRefusal(net.submit('data-group', 'Grant:RecordUsage', g.id, use()), 'POLICY_VIOLATION', /no longer holds the processing right/);
      const fresh = await grant('enterprise-b', licence(cert.id, { grantee: DATA_GROUP }));
      expect(fresh).to.include({ grantor: ENTERPRISE_B, effectiveStatus: 'active' });
    });
  });

  describe('races and malformed input', () => {
    it('invalidates a use of a sub-licence committed in the same block as the upstream suspension', async () => {
      const cert = await issueCertificate(net);
      const parent = await grant('enterprise-a', licence(cert.id));
      const child = await grant('enterprise-b', licence(cert.id, { grantee: DATA_GROUP, parentGrantId: parent.id }));
      const suspend = await prepare(net, 'enterprise-a', ['Grant:Suspend', parent.id, ''], [TAIZHOU, YANCHENG]);
      const racing = await prepare(net, 'data-group', ['Grant:RecordUsage', child.id, use()], [TAIZHOU, YANCHENG]);
      expect((await commitTogether(net, [suspend, racing])).codes).to.deep.equal(['VALID', 'MVCC_READ_CONFLICT']);
    });

    it('invalidates a use committed in the same block as the certificate’s cancellation', async () => {
      const cert = await issueCertificate(net);
      const g = await grant('enterprise-a', licence(cert.id));
      const cancel = await prepare(net, 'enterprise-a', ['Certificate:Cancel', cert.id, JSON.stringify({ reason: 'retired' })], [TAIZHOU, YANCHENG]);
      const racing = await prepare(net, 'enterprise-b', ['Grant:RecordUsage', g.id, use()], [TAIZHOU, YANCHENG]);
      expect((await commitTogether(net, [cancel, racing])).codes).to.deep.equal(['VALID', 'MVCC_READ_CONFLICT']);
    });

    it('invalidates a sub-licence and a derived registration committed in the same block as the parent grant’s revocation', async () => {
      const cert = await issueCertificate(net);
      const parent = await grant('enterprise-a', licence(cert.id));
      const revoke = await prepare(net, 'enterprise-a', ['Grant:Revoke', parent.id, ''], [TAIZHOU, YANCHENG]);
      const sub = await prepare(net, 'enterprise-b', ['Grant:Create', licence(cert.id, { grantee: DATA_GROUP, parentGrantId: parent.id })], [TAIZHOU, YANCHENG]);
      const apply = await prepare(net, 'enterprise-b', ['Certificate:Apply', derivedProduct(cert.id)], [TAIZHOU, YANCHENG]);
      expect((await commitTogether(net, [revoke, sub, apply])).codes).to.deep.equal(['VALID', 'MVCC_READ_CONFLICT', 'MVCC_READ_CONFLICT']);
    });

    it('invalidates a use committed in the same block as any update of its certificate (the gateway retries it)', async () => {
      const cert = await issueCertificate(net);
      const g = await grant('enterprise-a', licence(cert.id));
      const evidence = await prepare(net, 'appraiser', ['Certificate:AddEvidence', cert.id, JSON.stringify({ kind: 'quality', reportHash: 'd'.repeat(64) })], [TAIZHOU, YANCHENG]);
      const racing = await prepare(net, 'enterprise-b', ['Grant:RecordUsage', g.id, use()], [TAIZHOU, YANCHENG]);
      // A use reads the certificate (its validity is part of the grant's effect), so any write to it conflicts.
      expect((await commitTogether(net, [evidence, racing])).codes).to.deep.equal(['VALID', 'MVCC_READ_CONFLICT']);
    });

    it('refuses malformed arguments with a chaincode error code, never an internal error', async () => {
      const cert = await issueCertificate(net);
      const g = await grant('enterprise-a', licence(cert.id));
      const calls: [string, string, string[]][] = [
        ['enterprise-a', 'Grant:Create', ['']],
        ['enterprise-a', 'Grant:Create', ['null']],
        ['enterprise-a', 'Grant:Create', ['[]']],
        ['enterprise-a', 'Grant:Create', [licence(cert.id, { rights: 'processing' })]],
        ['enterprise-a', 'Grant:Create', [licence(cert.id, { purposes: 'x' })]],
        ['enterprise-a', 'Grant:Create', [licence(cert.id, { purposes: [1] })]],
        ['enterprise-a', 'Grant:Create', [licence(cert.id, { validFrom: 5 })]],
        ['enterprise-a', 'Grant:Create', [licence(cert.id, { validFrom: '2026-13-40T00:00:00Z' })]],
        ['enterprise-a', 'Grant:Create', [licence(cert.id, { maxUses: 1.5 })]],
        ['enterprise-a', 'Grant:Create', [licence(cert.id, { rawDataStaysInDomain: null })]],
        ['enterprise-a', 'Grant:Create', [licence(cert.id, { parentGrantId: 5 })]],
        ['enterprise-a', 'Grant:Create', [licence(cert.id, { parentGrantId: '\u0000' })]],
        ['enterprise-a', 'Grant:Create', [licence('\u0000x', {})]],
        ['enterprise-a', 'Grant:Create', [licence(cert.id, { grantee: 'np:321200:' + 'A'.repeat(64) })]],
        ['enterprise-b', 'Grant:RecordUsage', [g.id, '']],
        ['enterprise-b', 'Grant:RecordUsage', [g.id, JSON.stringify({ purpose: '  ', quantity: 1 })]],
        ['enterprise-b', 'Grant:RecordUsage', [g.id, JSON.stringify({ purpose: 'credit-scoring', quantity: '1' })]],
        ['enterprise-b', 'Grant:RecordUsage', [g.id, JSON.stringify({ purpose: 'credit-scoring', quantity: 1, resultHash: 5 })]],
        ['enterprise-b', 'Grant:RecordUsage', ['\u0000', use()]],
        ['enterprise-a', 'Grant:Suspend', [g.id, 'x']],
        ['enterprise-a', 'Grant:Suspend', [g.id, JSON.stringify({ reason: 5 })]],
        ['enterprise-a', 'Grant:Revoke', ['GRT-0000000000', '']],
        ['auditor', 'Grant:Get', ['']],
        ['auditor', 'Grant:List', ['x', '10', '']],
        ['auditor', 'Grant:List', [JSON.stringify({ assetId: { a: 1 } }), '10', '']],
        ['auditor', 'Grant:List', [JSON.stringify({ assetId: cert.id }), 'abc', '']],
        ['auditor', 'Grant:List', [JSON.stringify({ assetId: cert.id }), '10', '\u0000dal.cert\u0000']],
        ['auditor', 'Grant:List', [JSON.stringify({ grantee: '\u{10ffff}' }), '10', '']],
        ['auditor', 'Grant:ListUsages', [g.id, '0', '']],
        ['auditor', 'Grant:ListUsages', [g.id, '10', 'garbage']],
        ['auditor', 'Grant:Check', ['', ENTERPRISE_B, 'x']],
        ['auditor', 'Grant:Check', [cert.id, '\u0000', 'x']],
        ['auditor', 'Grant:Check', [cert.id, ENTERPRISE_B, '   ']],
      ];
      const internal: string[] = [];
      for (const [who, fn, args] of calls) {
        const isQuery = /:(Get|List|ListUsages|Check)$/.test(fn);
        try {
          await (isQuery ? net.evaluate(who, fn, ...args) : net.submit(who, fn, ...args));
          internal.push(`${fn}(${JSON.stringify(args)}) succeeded`);
        } catch (e) {
          const m = (e as Error).message;
          if (!/(INVALID_REQUEST|NOT_FOUND|FORBIDDEN|POLICY_VIOLATION|CONFLICT):/.test(m)) internal.push(`${fn}(${JSON.stringify(args)}): ${m}`);
        }
      }
      expect(internal).to.deep.equal([]);
    });
  });
});
