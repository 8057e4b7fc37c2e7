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
import { prepareWorkload, runIteration, runnableWorkload, WORKLOADS, type StepSender } from '../../scripts/caliper/workloads';
import { REPO_ROOT, startTestNetwork, type TestNetwork } from '../support/test-network';

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

  it('calls only transactions the dal chaincode defines, submitting the SUBMIT ones and evaluating the EVALUATE ones', async () => {
    const metadata = (await net.evaluate('auditor', 'org.hyperledger.fabric:GetMetadata')) as {
      contracts: Record<string, { transactions: { name: string; tag: string[] }[] }>;
    };
    const ctx = { runId: 'meta', workerIndex: 0, iteration: 0, prepared: ['x'] };
    for (const workload of Object.values(WORKLOADS).filter((w) => !w.pending)) {
      for (const step of workload.steps(ctx)) {
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
      expect(prepared).to.include(verification!.id);
    }
    expect(await net.ledger.height()).to.equal(height);
  });

  it('keeps grant-usage pending until a grants contract exists, and runners refuse it with the reason', () => {
    expect(WORKLOADS['grant-usage']!.pending).to.match(/^PENDING: the grants contract does not exist/);
    expect(() => runnableWorkload('grant-usage')).to.throw(/cannot run: PENDING/);
    const benchmark = parse(readFileSync(join(REPO_ROOT, 'scripts', 'caliper', 'benchmark.yaml'), 'utf8')) as {
      test: { rounds: { label: string; workload: { arguments: { workload: string } } }[] };
    };
    const rounds = benchmark.test.rounds.map((r) => r.workload.arguments.workload);
    expect(rounds).to.deep.equal(['register-issue', 'verify']);
    for (const name of rounds) expect(() => runnableWorkload(name)).to.not.throw();
  });

  it('lists in the Caliper network configuration the organisation of every identity the workloads sign as', () => {
    const config = parse(readFileSync(join(REPO_ROOT, 'scripts', 'caliper', 'networkconfig.yaml'), 'utf8')) as { organizations: { mspid: string }[] };
    const orgs = config.organizations.map((o) => o.mspid);
    const ctx = { runId: 'orgs', workerIndex: 0, iteration: 0, prepared: ['x'] };
    for (const workerIndex of [0, 1]) {
      for (const workload of Object.values(WORKLOADS).filter((w) => !w.pending)) {
        for (const step of workload.steps({ ...ctx, workerIndex })) expect(orgs).to.include(net.identities[step.signer]!.mspId);
      }
    }
  });

  it('runs the Caliper workload module end to end through a connector over the embedded ledger', async () => {
    const byLabel = new Map<string, LedgerIdentity>(Object.values(net.identities).map((id) => [walletLabel(id), id]));
    const statuses: string[] = [];
    // Caliper's fabric connector: one request in, a TxStatus out; refusals become a failed status, never an exception.
    const connector: CaliperConnector = {
      async sendRequests(request): Promise<CaliperTxStatus> {
        const identity = byLabel.get(request.invokerIdentity);
        if (!identity) throw new Error(`no identity ${request.invokerIdentity} in the wallet`);
        let result: Uint8Array | undefined;
        let status = 'success';
        try {
          result = request.readOnly
            ? await net.ledger.evaluate(identity, request.contractFunction, request.contractArguments)
            : (await net.ledger.submit(identity, request.contractFunction, request.contractArguments)).payload;
        } catch {
          status = 'failed';
        }
        statuses.push(`${request.contractFunction} ${status}`);
        return { GetStatus: () => status, GetResult: () => (result ? Buffer.from(result) : undefined) };
      },
    };
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

    await createWorkloadModule()
      .initializeWorkloadModule(0, 2, 2, { workload: 'grant-usage' }, connector)
      .then(() => expect.fail('resolved'), (err: unknown) => expect((err as Error).message).to.match(/PENDING: the grants contract does not exist/));
  });
});
