/**
 * The benchmark workloads of scripts/caliper/workloads.ts run against the embedded network
 * with the dal chaincode: the same step sequences Caliper sends to real Fabric, so a change
 * of the contracts that breaks a workload fails here, not on an operator's network. The
 * Caliper workload module itself is driven through a connector that forwards Caliper's
 * requests to the real embedded ledger (as the fabric connector forwards them to peers).
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { walletLabel } from '../../gateway/src/ledger/fabric/wallet-label';
import type { LedgerIdentity } from '../../gateway/src/ledger/ledger';
import { createWorkloadModule, type CaliperConnector, type CaliperTxStatus } from '../../scripts/caliper/workload-module';
import { BENCH_FUNCTIONS, BENCH_PURPOSE, prepareWorkload, runIteration, runnableWorkload, WORKLOADS, type StepSender } from '../../scripts/caliper/workloads';
import { commitTogether, prepare, TAIZHOU, YANCHENG } from '../support/flow';
import { REPO_ROOT, startTestNetwork, type TestNetwork } from '../support/test-network';

const ENTERPRISE_A = '91321200MA1ABC123N';
const ENTERPRISE_B = '91320900MA2DEF341G';

describe('Caliper benchmark workloads on the embedded network', function () {
  let net: TestNetwork;
  let send: StepSender;
  const sent: string[] = [];

  before(async function () {
    net = await startTestNetwork();
    send = async (step, args) => {
      const identity = net.identities[step.signer];
      if (!identity) throw new Error(`no demo identity ${step.signer}`);
      sent.push(`${step.fn} as ${step.signer}`);
      return step.submit ? (await net.ledger.submit(identity, step.fn, args)).payload : net.ledger.evaluate(identity, step.fn, args);
    };
  });
  after(async () => net?.close());

  it('calls only transactions the dal chaincode defines and BENCH_FUNCTIONS names, submitting the SUBMIT ones and evaluating the EVALUATE ones', async () => {
    const metadata = (await net.evaluate('auditor', 'org.hyperledger.fabric:GetMetadata')) as {
      contracts: Record<string, { transactions: { name: string; tag: string[] }[] }>;
    };
    const ctx = { runId: 'meta', workerIndex: 0, iteration: 0, prepared: [{ id: 'x', signer: 'enterprise-b' }] };
    for (const workload of Object.values(WORKLOADS)) {
      for (const step of workload.steps(ctx)) {
        expect(Object.values(BENCH_FUNCTIONS), `${workload.name}: ${step.fn}`).to.include(step.fn);
        const [contract, fn] = step.fn.split(':') as [string, string];
        const tx = metadata.contracts[contract]?.transactions.find((t) => t.name === fn);
        expect(tx, `${workload.name}: ${step.fn}`).to.not.equal(undefined);
        expect(tx!.tag, `${workload.name}: ${step.fn}`).to.include(step.submit ? 'SUBMIT' : 'EVALUATE');
      }
    }
  });

  it('registers and issues a certificate per register-issue iteration: Apply, Review approve without publicity, Issue', async () => {
    const workload = runnableWorkload('register-issue');
    for (const workerIndex of [0, 1]) {
      sent.length = 0;
      const results = await runIteration(workload, { runId: 'test', workerIndex, iteration: 0, prepared: [] }, send);
      const registrar = workerIndex === 0 ? 'taizhou-registrar' : 'yancheng-registrar';
      const applicant = workerIndex === 0 ? 'enterprise-a' : 'enterprise-b';
      expect(sent).to.deep.equal([`Certificate:Apply as ${applicant}`, `Certificate:Review as ${registrar}`, `Certificate:Issue as ${registrar}`]);
      expect(results.map((r) => r.status)).to.deep.equal(['applied', 'publicizing', 'issued']);
      const verification = (await net.evaluate('auditor', 'Certificate:Verification', results[2]!.id as string)) as { valid: boolean; issuer: { mspId: string } };
      expect(verification.valid).to.equal(true);
      expect(verification.issuer.mspId).to.equal(net.identities[registrar]!.mspId);
    }
  });

  it('prepares the verify round by issuing certificates, then verifies them as valid without writing', async () => {
    const workload = runnableWorkload('verify');
    const prepared = await prepareWorkload(workload, 'test', 0, send);
    expect(prepared).to.have.length(workload.preparation!.iterations);
    const height = await net.ledger.height();
    for (let iteration = 0; iteration < 3; iteration++) {
      const [verification] = await runIteration(workload, { runId: 'test', workerIndex: 0, iteration, prepared }, send);
      expect(verification).to.include({ exists: true, valid: true, status: 'issued' });
      expect(prepared.map((p) => p.id)).to.include(verification!.id);
    }
    expect(await net.ledger.height()).to.equal(height);
  });

  it('prepares grant-usage by issuing certificates that the applicant licenses to the other enterprise, each grant carrying its grantee as signer', async () => {
    const workload = runnableWorkload('grant-usage');
    for (const [workerIndex, grantor, grantee, granteeName] of [[0, ENTERPRISE_A, ENTERPRISE_B, 'enterprise-b'], [1, ENTERPRISE_B, ENTERPRISE_A, 'enterprise-a']] as const) {
      sent.length = 0;
      const prepared = await prepareWorkload(workload, 'test-grants', workerIndex, send);
      expect(prepared).to.have.length(workload.preparation!.iterations);
      const applicant = workerIndex === 0 ? 'enterprise-a' : 'enterprise-b';
      expect(sent.slice(0, 4)).to.deep.equal([
        `Certificate:Apply as ${applicant}`,
        `Certificate:Review as ${workerIndex === 0 ? 'taizhou-registrar' : 'yancheng-registrar'}`,
        `Certificate:Issue as ${workerIndex === 0 ? 'taizhou-registrar' : 'yancheng-registrar'}`,
        `Grant:Create as ${applicant}`,
      ]);
      for (const item of prepared) {
        expect(item.signer).to.equal(granteeName);
        const grant = (await net.evaluate('auditor', 'Grant:Get', item.id)) as Record<string, unknown>;
        expect(grant).to.include({ type: 'licence', grantor, grantee, status: 'active', effectiveStatus: 'active', paid: false });
        expect(grant).to.not.have.property('maxUses');
        expect(grant.rights).to.deep.equal(['processing']);
      }
    }
  });

  it('records one use per grant-usage iteration, signed by the grantee, committed VALID and listed among the grant\'s usages', async () => {
    const workload = runnableWorkload('grant-usage');
    for (const [workerIndex, grantee, granteeName] of [[0, ENTERPRISE_B, 'enterprise-b'], [1, ENTERPRISE_A, 'enterprise-a']] as const) {
      const prepared = await prepareWorkload(workload, 'test-uses', workerIndex, send);
      for (let iteration = 0; iteration < 3; iteration++) {
        sent.length = 0;
        const [usage] = await runIteration(workload, { runId: 'test-uses', workerIndex, iteration, prepared }, send);
        expect(sent).to.deep.equal([`Grant:RecordUsage as ${granteeName}`]);
        expect(usage).to.include({ grantee, quantity: 1, purpose: BENCH_PURPOSE });
        expect(prepared.map((p) => p.id)).to.include(usage!.grantId);
        expect(usage!.id).to.match(/^USE-[0-9A-Z]{10}$/);
        const tx = await net.ledger.getTransaction(usage!.txId as string);
        expect(tx).to.include({ validationCode: 'VALID', function: 'Grant:RecordUsage' });
        expect(tx.creator.mspId).to.equal(grantee === ENTERPRISE_B ? YANCHENG : TAIZHOU);
        const usages = (await net.evaluate('auditor', 'Grant:ListUsages', usage!.grantId as string, '50', '')) as { items: { id: string; txId: string }[] };
        expect(usages.items.map((u) => u.id)).to.include(usage!.id);
      }
    }
  });

  it('signs each use as the grantee of the grant it uses, even when the grants were prepared by the other worker', async () => {
    const workload = runnableWorkload('grant-usage');
    const preparedByWorker0 = await prepareWorkload(workload, 'test-swap', 0, send);
    sent.length = 0;
    const [usage] = await runIteration(workload, { runId: 'test-swap', workerIndex: 1, iteration: 0, prepared: preparedByWorker0 }, send);
    expect(sent).to.deep.equal(['Grant:RecordUsage as enterprise-b']);
    expect(usage).to.include({ grantee: ENTERPRISE_B });
    expect(() => workload.steps({ runId: 'x', workerIndex: 0, iteration: 0, prepared: [{ id: preparedByWorker0[0]!.id }] })).to.throw(/names no signer/);
  });

  it('commits grant-usage uses of one grant cut into the same block all VALID: a grant without maxUses keeps no shared counter', async () => {
    const workload = runnableWorkload('grant-usage');
    const [grant] = await prepareWorkload({ ...workload, preparation: { ...workload.preparation!, iterations: 1 } }, 'test-block', 0, send);
    const txs = [];
    for (let iteration = 0; iteration < 4; iteration++) {
      const [step] = workload.steps({ runId: 'test-block', workerIndex: 0, iteration, prepared: [grant!] });
      txs.push(await prepare(net, step!.signer, [step!.fn, ...step!.args([])], [TAIZHOU, YANCHENG]));
    }
    const { codes, blockNumbers } = await commitTogether(net, txs);
    expect(codes).to.deep.equal(['VALID', 'VALID', 'VALID', 'VALID']);
    expect(new Set(blockNumbers).size).to.equal(1);
    const usages = (await net.evaluate('auditor', 'Grant:ListUsages', grant!.id, '50', '')) as { items: { txId: string }[] };
    expect(usages.items.map((u) => u.txId).sort()).to.deep.equal(txs.map((t) => t.txId).sort());
  });

  it('runs in benchmark.yaml a round of every workload except issue-grant, which is grant-usage\'s preparation', () => {
    const benchmark = parse(readFileSync(join(REPO_ROOT, 'scripts', 'caliper', 'benchmark.yaml'), 'utf8')) as {
      test: { rounds: { label: string; workload: { arguments: { workload: string } } }[] };
    };
    const rounds = benchmark.test.rounds.map((r) => r.workload.arguments.workload);
    expect(rounds).to.deep.equal(['register-issue', 'verify', 'grant-usage']);
    for (const name of rounds) expect(() => runnableWorkload(name)).to.not.throw();
    expect(WORKLOADS['grant-usage']!.preparation!.workload).to.equal('issue-grant');
  });

  it('lists in the Caliper network configuration the organisation of every identity the workloads sign as', () => {
    const config = parse(readFileSync(join(REPO_ROOT, 'scripts', 'caliper', 'networkconfig.yaml'), 'utf8')) as { organizations: { mspid: string }[] };
    const orgs = config.organizations.map((o) => o.mspid);
    const ctx = { runId: 'orgs', workerIndex: 0, iteration: 0 };
    for (const workerIndex of [0, 1]) {
      for (const workload of Object.values(WORKLOADS)) {
        for (const signer of ['enterprise-a', 'enterprise-b']) {
          for (const step of workload.steps({ ...ctx, workerIndex, prepared: [{ id: 'x', signer }] })) expect(orgs).to.include(net.identities[step.signer]!.mspId);
        }
      }
    }
  });

  /**
   * Caliper's fabric connector over an embedded ledger: one request in, a TxStatus out; refusals
   * become a failed status, never an exception. `targetOrganizations` become the endorsers, as
   * the connector passes them to setEndorsingOrganizations (unless `ignoreTargets`). Identities
   * resolve as in Caliper 0.6: by name within the organisation `invokerMspId` names, the first
   * organisation of networkconfig.yaml when it names none (the others' identities are registered
   * under aliases, so a name alone does not find them).
   */
  function connectorOver(target: TestNetwork, statuses: string[], ignoreTargets = false): CaliperConnector {
    const byLabel = new Map<string, LedgerIdentity>(Object.values(target.identities).map((id) => [walletLabel(id), id]));
    const firstOrganization = (parse(readFileSync(join(REPO_ROOT, 'scripts', 'caliper', 'networkconfig.yaml'), 'utf8')) as { organizations: { mspid: string }[] }).organizations[0]!.mspid;
    return {
      async sendRequests(request): Promise<CaliperTxStatus> {
        const identity = byLabel.get(request.invokerIdentity);
        const organization = (request as { invokerMspId?: string }).invokerMspId ?? firstOrganization;
        if (!identity || identity.mspId !== organization) throw new Error(`No contracts for invokerIdentity ${request.invokerIdentity}${organization === firstOrganization ? '' : `@${organization}`} found`);
        const options = request.targetOrganizations && !ignoreTargets ? { endorsingOrganizations: request.targetOrganizations } : {};
        let result: Uint8Array | undefined;
        let status = 'success';
        try {
          result = request.readOnly
            ? await target.ledger.evaluate(identity, request.contractFunction, request.contractArguments)
            : (await target.ledger.submit(identity, request.contractFunction, request.contractArguments, options)).payload;
        } catch {
          status = 'failed';
        }
        statuses.push(`${request.contractFunction} ${status}`);
        return { GetStatus: () => status, GetResult: () => (result ? Buffer.from(result) : undefined) };
      },
    };
  }

  it('names the registry and the regulator as endorsers of Review and Issue, so they commit where discovery alone would pick neither', async () => {
    // fabric-network 2.2 / Caliper discovery: a chaincode-policy pair blind to key-level policies; here always one without them.
    const discovery = await startTestNetwork({
      network: { endorsementPlanning: 'discovery', chooseLayout: (all) => all.find((pair) => pair.includes('AppraiserMSP') && pair.includes('JiangsuBankMSP'))! },
    });
    try {
      const named: string[] = [];
      const module = createWorkloadModule();
      await module.initializeWorkloadModule(0, 2, 0, { workload: 'register-issue', contractId: discovery.ledger.chaincodeName, runId: 'targets' }, connectorOver(discovery, named));
      await module.submitTransaction();
      await module.cleanupWorkloadModule();
      expect(named).to.deep.equal(['Certificate:Apply success', 'Certificate:Review success', 'Certificate:Issue success']);

      const unnamed: string[] = [];
      const reports: string[] = [];
      const blind = createWorkloadModule((m) => reports.push(m));
      await blind.initializeWorkloadModule(0, 2, 1, { workload: 'register-issue', contractId: discovery.ledger.chaincodeName, runId: 'blind' }, connectorOver(discovery, unnamed, true));
      expect(await blind.submitTransaction()).to.equal('Certificate:Review as taizhou-registrar failed');
      await blind.cleanupWorkloadModule();
      // Apply writes only new keys (chaincode policy); the review of the application key needs Taizhou.
      expect(unnamed).to.deep.equal(['Certificate:Apply success', 'Certificate:Review failed']);
      expect(reports[0]).to.match(/Certificate:Review as taizhou-registrar failed \(counted failed by Caliper; the round goes on\)/);
    } finally {
      await discovery.close();
    }
  });

  it('makes Caliper wait for every peer of the channel before the next step (network_all), and the documented launch command loads that setting', () => {
    // Review and Issue are endorsed by the registry and the regulator, not by the applicant's organisation whose commit msp_* waits for.
    const settings = parse(readFileSync(join(REPO_ROOT, 'scripts', 'caliper', 'caliper.yaml'), 'utf8')) as { caliper: { fabric: { gateway: { eventstrategy: string } } } };
    expect(settings.caliper.fabric.gateway.eventstrategy).to.equal('network_all');
    const endorsers = new Set(WORKLOADS['register-issue']!.steps({ runId: 'x', workerIndex: 0, iteration: 0, prepared: [] }).flatMap((step) => step.endorsers ?? []));
    expect(endorsers.size).to.be.greaterThan(1);
    const readme = readFileSync(join(REPO_ROOT, 'network', 'fabric', 'README.md'), 'utf8');
    const launch = readme.split('\n').filter((line) => /caliper launch manager|--caliper-/.test(line)).join(' ');
    expect(launch).to.include('--caliper-projectconfig scripts/caliper/caliper.yaml');
    expect(launch).to.include('--caliper-benchconfig scripts/caliper/benchmark.yaml');
  });

  it('reports a failed transaction and goes on with the next iteration instead of throwing (Caliper 0.6 would end the round)', async () => {
    const discovery = await startTestNetwork({
      network: { endorsementPlanning: 'discovery', chooseLayout: (all) => all.find((pair) => pair.includes('AppraiserMSP') && pair.includes('JiangsuBankMSP'))! },
    });
    try {
      const statuses: string[] = [];
      const reports: string[] = [];
      const module = createWorkloadModule((m) => reports.push(m));
      await module.initializeWorkloadModule(0, 2, 0, { workload: 'register-issue', contractId: discovery.ledger.chaincodeName, runId: 'goes-on' }, connectorOver(discovery, statuses, true));
      const outcomes = [await module.submitTransaction(), await module.submitTransaction()];
      await module.cleanupWorkloadModule();
      expect(outcomes).to.deep.equal(['Certificate:Review as taizhou-registrar failed', 'Certificate:Review as taizhou-registrar failed']);
      expect(statuses).to.deep.equal(['Certificate:Apply success', 'Certificate:Review failed', 'Certificate:Apply success', 'Certificate:Review failed']);
      expect(reports.at(-1)).to.equal('worker 0 register-issue: 2 iteration(s) stopped at a failed transaction');
    } finally {
      await discovery.close();
    }
  });

  it('names the organisation of every signer, so identities of organisations after the first resolve in Caliper 0.6', async () => {
    const statuses: string[] = [];
    const module = createWorkloadModule();
    // worker 1 signs as enterprise-b and yancheng-registrar (YanchengRegistryMSP, not networkconfig's first organisation)
    await module.initializeWorkloadModule(1, 2, 0, { workload: 'register-issue', contractId: net.ledger.chaincodeName, runId: 'msp' }, connectorOver(net, statuses));
    expect(await module.submitTransaction()).to.equal(undefined);
    await module.cleanupWorkloadModule();
    expect(statuses).to.deep.equal(['Certificate:Apply success', 'Certificate:Review success', 'Certificate:Issue success']);
  });

  it('runs the Caliper workload module end to end through a connector over the embedded ledger', async () => {
    const statuses: string[] = [];
    const connector = connectorOver(net, statuses);
    const module = createWorkloadModule();
    await module.initializeWorkloadModule(1, 2, 0, { workload: 'register-issue', contractId: net.ledger.chaincodeName, runId: 'module' }, connector);
    await module.submitTransaction();
    await module.submitTransaction();
    await module.cleanupWorkloadModule();
    expect(statuses).to.deep.equal(Array.from({ length: 2 }, () => ['Certificate:Apply success', 'Certificate:Review success', 'Certificate:Issue success']).flat());

    statuses.length = 0;
    const verify = createWorkloadModule();
    await verify.initializeWorkloadModule(0, 2, 1, { workload: 'verify', contractId: net.ledger.chaincodeName, runId: 'module' }, connector);
    await verify.submitTransaction();
    expect(statuses.filter((s) => s.startsWith('Certificate:Issue'))).to.have.length(WORKLOADS['verify']!.preparation!.iterations);
    expect(statuses.at(-1)).to.equal('Certificate:Verification success');
    await verify.cleanupWorkloadModule();

    statuses.length = 0;
    const grantUsage = createWorkloadModule();
    await grantUsage.initializeWorkloadModule(1, 2, 2, { workload: 'grant-usage', contractId: net.ledger.chaincodeName, runId: 'module' }, connector);
    await grantUsage.submitTransaction();
    await grantUsage.submitTransaction();
    await grantUsage.cleanupWorkloadModule();
    const preparation = WORKLOADS['grant-usage']!.preparation!.iterations;
    expect(statuses.filter((s) => s === 'Grant:Create success')).to.have.length(preparation);
    expect(statuses.slice(-2)).to.deep.equal(['Grant:RecordUsage success', 'Grant:RecordUsage success']);
    expect(statuses.filter((s) => s.endsWith('failed'))).to.deep.equal([]);

    await createWorkloadModule()
      .initializeWorkloadModule(0, 2, 3, { workload: 'no-such-workload' }, connector)
      .then(() => expect.fail('resolved'), (err: unknown) => expect((err as Error).message).to.match(/unknown workload no-such-workload; known: register-issue, verify, issue-grant, grant-usage/));
  });
});
