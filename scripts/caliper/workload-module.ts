/**
 * Hyperledger Caliper 0.6 workload module (fabric connector) running the shared workloads
 * of ./workloads. Caliper loads it by path (benchmark.yaml) and calls the three lifecycle
 * methods of WorkloadModuleInterface; it needs nothing from @hyperledger/caliper-core at
 * compile time, so the repository does not depend on Caliper.
 */
import { loadConsortium } from '../../network/src/consortium';
import { walletLabel } from '../../gateway/src/ledger/fabric/wallet-label';
import { WORKLOADS, type BenchWorkload } from './workloads';

/** The subset of Caliper's connector API this module uses (caliper-core ConnectorBase.sendRequests). */
interface CaliperConnector {
  sendRequests(request: {
    contractId: string;
    contractFunction: string;
    contractArguments: string[];
    invokerIdentity: string;
    readOnly: boolean;
  }): Promise<unknown>;
}

interface RoundArguments {
  readonly workload: string;
  readonly contractId?: string;
  /** Ids the round works on (issued certificate ids, grant ids), for verify / grant-usage. */
  readonly prepared?: readonly string[];
  readonly runId?: string;
}

class SharedWorkloadModule {
  private workload?: BenchWorkload;
  private connector?: CaliperConnector;
  private workerIndex = 0;
  private iteration = 0;
  private args?: RoundArguments;
  /** Demo identity name → wallet label (`<enrollmentId>@<mspId>`), the names Caliper knows identities by. */
  private readonly signers = new Map(loadConsortium().demoIdentities.map((id) => [id.name, walletLabel(id)]));

  async initializeWorkloadModule(workerIndex: number, _totalWorkers: number, _roundIndex: number,
    roundArguments: RoundArguments, sutAdapter: CaliperConnector): Promise<void> {
    const workload = WORKLOADS[roundArguments.workload];
    if (!workload) throw new Error(`unknown workload ${roundArguments.workload}; known: ${Object.keys(WORKLOADS).join(', ')}`);
    this.workload = workload;
    this.connector = sutAdapter;
    this.workerIndex = workerIndex;
    this.args = roundArguments;
  }

  async submitTransaction(): Promise<void> {
    if (!this.workload || !this.connector || !this.args) throw new Error('workload module not initialised');
    const ctx = { runId: this.args.runId ?? 'caliper', workerIndex: this.workerIndex, iteration: this.iteration++, prepared: this.args.prepared ?? [] };
    for (const step of this.workload.steps(ctx)) {
      const signer = this.signers.get(step.signer);
      if (!signer) throw new Error(`workload step signs as ${step.signer}, which is not a demo identity`);
      await this.connector.sendRequests({
        contractId: this.args.contractId ?? 'dal',
        contractFunction: step.fn,
        contractArguments: [...step.args],
        invokerIdentity: signer,
        readOnly: !step.submit,
      });
    }
  }

  async cleanupWorkloadModule(): Promise<void> {
    this.workload = undefined;
  }
}

/** Caliper's factory entry point. */
export function createWorkloadModule(): SharedWorkloadModule {
  return new SharedWorkloadModule();
}
