/**
 * Endorsement plans for key-level policies where the backend plans for the chaincode-level
 * policy only (fabric-network 2.2 discovery). The embedded network's `discovery` mode chooses
 * endorsers as fabric-network does, so the real-Fabric failure and its fix run here, on the
 * real chaincode, without Docker and without a mocked ledger.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import type { CallerIdentity } from '../../gateway/src/auth/identity';
import { CommitError } from '../../gateway/src/ledger/errors';
import { createEndorsementPlanner, type EndorsementPlanner } from '../../gateway/src/ledger-service/endorsement-plan';
import { openIdempotencyStore, type IdempotencyStore } from '../../gateway/src/ledger-service/idempotency-store';
import { createLedgerWriter, type LedgerWriter } from '../../gateway/src/ledger-service/ledger-writer';
import { chaincodePolicyOnly, endorsingOrgsOf } from '../../gateway/src/ledger-service/endorsers';
import { submitTransaction, type SubmitTransaction } from '../../gateway/src/ledger-service/transaction';
import type { RouteDefinition } from '../../gateway/src/routes/route';
import { fingerprintOf } from '../support/certificates';
import { KV_CHAINCODE, startTestNetwork, type TestNetwork } from '../support/test-network';
import { declaredEvaluate, declaredRoutes, declaredSubmit } from './support/route-transactions';

const TAIZHOU = 'TaizhouRegistryMSP';
const YANCHENG = 'YanchengRegistryMSP';
const REGULATOR = 'JiangsuRegulatorMSP';
const APPRAISER = 'AppraiserMSP';
const EXCHANGE = 'JiangsuExchangeMSP';
const BANK = 'JiangsuBankMSP';
const ENTERPRISE_B = '91320900MA2DEF341G';
const DATA_GROUP = '91321200MA3GHJ5624';
const FROM = '2020-01-01T00:00:00Z';
const TO = '2099-12-31T00:00:00Z';

type Layouts = readonly (readonly string[])[];
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function sameOrgs(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((o) => b.includes(o));
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection, but it committed'),
    (err: unknown) => err,
  );
}

function expectPolicyFailure(err: unknown): void {
  expect(err).to.be.instanceOf(CommitError);
  expect((err as CommitError).validationCode).to.equal('ENDORSEMENT_POLICY_FAILURE');
}

describe('endorsement plans where the backend plans for the chaincode-level policy only (fabric-network 2.2 discovery)', function () {
  let net: TestNetwork;
  let store: IdempotencyStore;
  let planner: EndorsementPlanner;
  let writer: LedgerWriter;
  let routes: RouteDefinition[];
  let layouts: Layouts = [];
  /** The discovery layout the next unplanned submit uses; by default one with neither a registry nor the regulator. */
  let choose: (all: Layouts) => readonly string[];
  const neitherRegistryNorRegulator = (all: Layouts): readonly string[] => all.find((l) => sameOrgs(l, [EXCHANGE, BANK]))!;

  before(async function () {
    choose = neitherRegistryNorRegulator;
    net = await startTestNetwork({
      network: {
        endorsementPlanning: 'discovery',
        chooseLayout: (all) => {
          layouts = all;
          return choose(all);
        },
      },
    });
    store = await openIdempotencyStore({ file: join(net.dataDir, 'idempotency.jsonl') });
    planner = createEndorsementPlanner({ ledger: net.ledger, consortium: net.consortium });
    // one attempt: a plan that works must work the first time
    writer = createLedgerWriter({ ledger: net.ledger, idempotency: store, planner, retry: { attempts: 1 } });
    routes = declaredRoutes(net);
  });
  after(async function () {
    await store?.close();
    await net?.close();
  });
  afterEach(() => {
    choose = neitherRegistryNorRegulator;
  });

  const callerOf = (name: string): CallerIdentity => {
    const id = net.identities[name];
    if (!id) throw new Error(`no demo identity ${name}`);
    return { mspId: id.mspId, enrollmentId: id.enrollmentId, roles: id.roles, ...(id.entity !== undefined ? { entity: id.entity } : {}) };
  };
  /**
   * The transaction as a route declares it; Certificate:StartReview has no route yet, so it is
   * declared here as a route would declare it.
   */
  const declared = (fn: string): SubmitTransaction =>
    fn === 'Certificate:StartReview' ? submitTransaction(fn, { endorsers: endorsingOrgsOf(declaredEvaluate(routes, 'Certificate:Get')) }) : declaredSubmit(routes, fn);
  /** Through the ledger writer, with the route's declaration, as the gateway's routes do. */
  const write = async (as: string, fn: string, ...args: string[]): Promise<Json> => {
    const reply = await writer.write(callerOf(as), { transaction: declared(fn), args, status: 200, request: { method: 'POST', path: `/test/${fn}`, body: args } });
    return reply.body as Json;
  };
  /** Straight to the backend naming no organisations, as a fabric-network client without the planner does. */
  const submitUnplanned = (as: string, fn: string, ...args: string[]): Promise<unknown> => net.ledger.submit(callerOf(as), fn, args);
  /** Proves the write needs a plan (it fails unplanned on the current layout), then writes it through the writer. */
  const planNeeded = async (as: string, fn: string, ...args: string[]): Promise<Json> => {
    expectPolicyFailure(await rejection(submitUnplanned(as, fn, ...args)));
    return write(as, fn, ...args);
  };
  const endorsersOf = async (txId: string): Promise<string[]> => [...(await net.ledger.getTransaction(txId)).endorsers].sort();
  const plan = (as: string, fn: string, ...args: string[]): Promise<readonly string[] | undefined> => planner.plan(callerOf(as), declared(fn), args);

  const apply = async (grade = 'general'): Promise<string> => {
    const holder = net.identities['enterprise-a']!;
    const applied = await net.submit(
      'enterprise-a',
      'Certificate:Apply',
      JSON.stringify({
        registry: TAIZHOU,
        assetType: 'resource',
        name: 'Endorsement plan dataset (背书计划数据集)',
        source: 'enterprise',
        category: 'manufacturing',
        grade,
        containsPersonalInfo: false,
        fingerprint: fingerprintOf(`${Math.random()}`),
        rights: ['holding', 'processing', 'operating'].map((type) => ({ type, holder: holder.entity! })),
      }),
    );
    return (applied.result as { applicationId: string }).applicationId;
  };
  const approved = async (grade = 'general', publicityDays = 0): Promise<string> =>
    (await write('taizhou-registrar', 'Certificate:Review', await apply(grade), JSON.stringify({ decision: 'approve', publicityDays }))).id as string;
  const issued = async (grade = 'general'): Promise<string> => (await write('taizhou-registrar', 'Certificate:Issue', await approved(grade))).id as string;
  const licence = (assetId: string, grantee: string, parentGrantId?: string): string =>
    JSON.stringify({ assetId, type: 'licence', grantee, rights: ['processing'], purposes: ['credit-scoring'], validFrom: FROM, validTo: TO, paid: false, ...(parentGrantId ? { parentGrantId } : {}) });
  /** A sub-licence from enterprise-b (Yancheng) under a licence from enterprise-a, on a Taizhou certificate: policy Taizhou + Yancheng. */
  const subLicence = async (): Promise<string> => {
    const assetId = await issued();
    const parent = await net.submit('enterprise-a', 'Grant:Create', licence(assetId, ENTERPRISE_B));
    const child = await net.submit('enterprise-b', 'Grant:Create', licence(assetId, DATA_GROUP, (parent.result as Json).id as string));
    return (child.result as Json).id as string;
  };
  const proposed = async (proposer: string, counterparty: string): Promise<string> => {
    const term = { validFrom: new Date(Date.now() - 60_000).toISOString(), validTo: new Date(Date.now() + 365 * 86_400_000).toISOString() };
    const r = await net.submit(proposer, 'Recognition:ProposeAgreement', JSON.stringify({ counterparty, scope: { assetTypes: ['resource'], grades: ['general'] }, ...term }));
    return (r.result as Json).id as string;
  };

  describe('without the planner', function () {
    it('reports that the backend does not plan key-level endorsement', function () {
      expect(net.ledger.plansKeyLevelEndorsement).to.equal(false);
    });

    it('fails Certificate:Issue ENDORSEMENT_POLICY_FAILURE on each chaincode-policy layout without the issuing registry, and commits it on one with it', async function () {
      const id = await approved();
      expect(layouts).to.have.length(36); // OutOf(2, 9 organisations): every pair
      const missing = layouts.filter((l) => !l.includes(TAIZHOU));
      expect(missing).to.have.length(28);
      for (const layout of missing) {
        choose = () => layout;
        expectPolicyFailure(await rejection(submitUnplanned('taizhou-registrar', 'Certificate:Issue', id)));
      }
      // discovery's random pick is right 8 times in 36: the reviewer's "fails every time" is "fails 7 times in 9"
      const lucky = layouts.find((l) => l.includes(TAIZHOU) && l.includes(YANCHENG))!;
      choose = () => lucky;
      await submitUnplanned('taizhou-registrar', 'Certificate:Issue', id);
      expect(((await net.evaluate('auditor', 'Certificate:Get', id)) as Json).status).to.equal('issued');
    });

    it('fails Grant:Revoke ENDORSEMENT_POLICY_FAILURE when discovery picks neither the issuing registry nor the grantor’s registry', async function () {
      const grantId = await subLicence();
      expectPolicyFailure(await rejection(submitUnplanned('enterprise-b', 'Grant:Revoke', grantId, '{}')));
      expect(((await net.evaluate('enterprise-b', 'Grant:Get', grantId)) as Json).status).to.equal('active');
    });

    it('fails Recognition:ApproveAgreement ENDORSEMENT_POLICY_FAILURE when discovery does not pick both registries', async function () {
      const agreementId = await proposed('taizhou-registrar', YANCHENG);
      // the counterparty's own peer and one other, as a client preferring its organisation would get
      choose = (all) => all.find((l) => sameOrgs(l, [YANCHENG, REGULATOR]))!;
      expectPolicyFailure(await rejection(submitUnplanned('yancheng-registrar', 'Recognition:ApproveAgreement', agreementId)));
      expect(((await net.evaluate('yancheng-registrar', 'Recognition:GetAgreement', agreementId)) as Json).status).to.equal('pending');
    });
  });

  describe('with the planner, through the ledger writer', function () {
    it('commits Certificate:Review and Certificate:Issue VALID, endorsed by the issuing registry and the regulator', async function () {
      const applicationId = await apply();
      const reviewed = await write('taizhou-registrar', 'Certificate:Review', applicationId, JSON.stringify({ decision: 'approve', publicityDays: 0 }));
      expect(await endorsersOf(reviewed.txId as string)).to.deep.equal([REGULATOR, TAIZHOU]);
      const issuedCert = await write('taizhou-registrar', 'Certificate:Issue', reviewed.id as string);
      expect(issuedCert.status).to.equal('issued');
      expect((await net.ledger.getTransaction(issuedCert.txId as string)).validationCode).to.equal('VALID');
      expect(await endorsersOf(issuedCert.txId as string)).to.deep.equal([REGULATOR, TAIZHOU]);
    });

    it('commits Grant:Revoke VALID, endorsed by the issuing registry and the grantor’s registry', async function () {
      const grantId = await subLicence();
      const revoked = await write('enterprise-b', 'Grant:Revoke', grantId, '{}');
      expect(revoked.status).to.equal('revoked');
      expect(await endorsersOf(revoked.txId as string)).to.deep.equal([TAIZHOU, YANCHENG]);
    });

    it('commits Recognition:ApproveAgreement and TerminateAgreement VALID, endorsed by both registries', async function () {
      const agreementId = await proposed('huaian-registrar', 'ShanghaiRegistryMSP');
      const approvedAgreement = await write('shanghai-registrar', 'Recognition:ApproveAgreement', agreementId);
      expect(approvedAgreement.status).to.equal('active');
      expect(await endorsersOf(approvedAgreement.txId as string)).to.deep.equal(['HuaianRegistryMSP', 'ShanghaiRegistryMSP']);
      const terminated = await write('huaian-registrar', 'Recognition:TerminateAgreement', agreementId, '{}');
      expect(terminated.status).to.equal('terminated');
    });

    it('commits through the writer every key-level write of a certificate’s life and of a grant’s, each of which fails unplanned', async function () {
      // an important-grade application taken into review, objected to, and rejected by upholding the objection
      const important = await apply('important');
      await planNeeded('taizhou-registrar', 'Certificate:StartReview', important);
      const certId = (await planNeeded('taizhou-registrar', 'Certificate:Review', important, JSON.stringify({ decision: 'approve', publicityDays: 10 }))).id as string;
      const objection = await net.submit('enterprise-b', 'Certificate:RaiseObjection', certId, JSON.stringify({ reason: 'the data set is ours' }));
      const resolution = [certId, (objection.result as Json).id as string, JSON.stringify({ upheld: true })];
      const resolved = await planNeeded('taizhou-registrar', 'Certificate:ResolveObjection', ...resolution);
      expect(resolved.certificateStatus).to.equal('rejected');
      expect(await endorsersOf(resolved.txId as string)).to.deep.equal([REGULATOR, TAIZHOU]);

      // a general certificate through issue, evidence, change, transfer and cancellation; another revoked by the regulator
      const id = await approved();
      await planNeeded('taizhou-registrar', 'Certificate:Issue', id);
      const evidence = await planNeeded('appraiser', 'Certificate:AddEvidence', id, JSON.stringify({ kind: 'quality', reportHash: fingerprintOf('report') }));
      expect(await endorsersOf(evidence.txId as string)).to.deep.equal([APPRAISER, TAIZHOU]);
      await planNeeded('taizhou-registrar', 'Certificate:Change', id, JSON.stringify({ reason: 'renamed', name: 'Renamed dataset' }));
      await planNeeded('taizhou-registrar', 'Certificate:TransferRight', id, JSON.stringify({ right: 'operating', to: ENTERPRISE_B }));
      expect((await planNeeded('enterprise-a', 'Certificate:Cancel', id, JSON.stringify({ reason: 'no longer offered' }))).status).to.equal('cancelled');
      expect((await planNeeded('regulator', 'Certificate:Revoke', await issued(), JSON.stringify({ reason: 'unlawful source' }))).status).to.equal('revoked');

      const grantId = await subLicence();
      await planNeeded('enterprise-b', 'Grant:Suspend', grantId, '{}');
      expect((await planNeeded('enterprise-b', 'Grant:Resume', grantId, '{}')).status).to.equal('active');
      expect((await planNeeded('enterprise-b', 'Grant:Revoke', grantId, '{}')).status).to.equal('revoked');
    });
  });

  describe('the planner', function () {
    const QUALITY_REPORT = JSON.stringify({ kind: 'quality', reportHash: fingerprintOf('quality report') });

    it('names the issuing registry of a general-grade certificate, padded with the regulator to the two organisations the chaincode policy needs', async function () {
      const id = await issued();
      expect(await plan('taizhou-registrar', 'Certificate:Change', id, '{}')).to.deep.equal([REGULATOR, TAIZHOU]);
      // planned by the chaincode: the certificate's own policy, and the caller's own organisation
      expect(await plan('appraiser', 'Certificate:AddEvidence', id, QUALITY_REPORT)).to.deep.equal([APPRAISER, TAIZHOU]);
    });

    it('names the issuing registry and the regulator of an important-grade certificate, by application id as by certificate id', async function () {
      const applicationId = await apply('important');
      expect(await plan('taizhou-registrar', 'Certificate:Review', applicationId, '{}')).to.deep.equal([REGULATOR, TAIZHOU]);
      const id = (await write('taizhou-registrar', 'Certificate:Review', applicationId, JSON.stringify({ decision: 'approve', publicityDays: 0 }))).id as string;
      expect(await plan('appraiser', 'Certificate:AddEvidence', id, QUALITY_REPORT)).to.deep.equal([APPRAISER, REGULATOR, TAIZHOU]);
      expect(await plan('appraiser', 'Certificate:AddEvidence', applicationId, QUALITY_REPORT)).to.deep.equal([APPRAISER, REGULATOR, TAIZHOU]);
    });

    it('has no plan for a write the chaincode refuses, which then gets the chaincode\'s own refusal', async function () {
      const id = await issued();
      expect(await plan('appraiser', 'Certificate:AddEvidence', id, '{}')).to.equal(undefined);
    });

    it('names both registries of an agreement', async function () {
      const agreementId = await proposed('taizhou-registrar', 'HuaianRegistryMSP');
      expect(await plan('huaian-registrar', 'Recognition:ApproveAgreement', agreementId)).to.deep.equal(['HuaianRegistryMSP', TAIZHOU]);
    });

    it('names the issuing registry and the grantor’s registry of a grant', async function () {
      expect(await plan('enterprise-b', 'Grant:Revoke', await subLicence(), '{}')).to.deep.equal([TAIZHOU, YANCHENG]);
    });

    it('makes no plan for writes of new keys only, nor for a record that does not exist or an id that is not one', async function () {
      const id = await issued();
      expect(await plan('enterprise-a', 'Certificate:Apply', '{}')).to.equal(undefined);
      expect(await plan('enterprise-b', 'Certificate:RaiseObjection', id, '{}')).to.equal(undefined);
      expect(await plan('yancheng-registrar', 'Recognition:Recognise', JSON.stringify({ certificateId: id }))).to.equal(undefined);
      expect(await plan('enterprise-b', 'Grant:RecordUsage', 'GRT-0000000000', '{}')).to.equal(undefined);
      expect(await plan('taizhou-registrar', 'Certificate:Issue', '321200-2026-999999')).to.equal(undefined);
      expect(await plan('taizhou-registrar', 'Certificate:Issue', 'not an id')).to.equal(undefined);
      expect(await plan('taizhou-registrar', 'Certificate:Issue')).to.equal(undefined);
    });
  });
});

describe('endorsement plans where the backend plans key-level endorsement itself (the embedded default)', function () {
  let net: TestNetwork;
  let store: IdempotencyStore;
  before(async function () {
    net = await startTestNetwork({ chaincode: KV_CHAINCODE });
    store = await openIdempotencyStore({ file: join(net.dataDir, 'idempotency.jsonl') });
  });
  after(async function () {
    await store?.close();
    await net?.close();
  });

  it('reports that it plans key-level endorsement, and the writer does not ask the planner', async function () {
    expect(net.ledger.plansKeyLevelEndorsement).to.equal(true);
    const planner: EndorsementPlanner = {
      plan: () => Promise.reject(new Error('the planner must not be asked when the backend plans')),
    };
    const writer = createLedgerWriter({ ledger: net.ledger, idempotency: store, planner });
    const id = net.identities['enterprise-a']!;
    const reply = await writer.write(
      { mspId: id.mspId, enrollmentId: id.enrollmentId, roles: id.roles },
      { transaction: submitTransaction('KV:Put', { endorsers: chaincodePolicyOnly }), args: ['planned', 'by the backend'], status: 201, request: { method: 'POST', path: '/kv', body: {} } },
    );
    expect(reply.status).to.equal(201);
  });
});
