/**
 * Hyperledger Caliper 0.6 workload module (fabric connector) running the shared workloads
 * of ./workloads. Caliper loads it by path (benchmark.yaml) and calls the three lifecycle
 * methods of WorkloadModuleInterface; it needs nothing from @hyperledger/caliper-core at
 * compile time, so the repository does not depend on Caliper.
 */
import { loadConsortium } from '../../network/src/consortium';
import { walletLabel } from '../../gateway/src/ledger/fabric/wallet-label';
import { prepareWorkload, runIteration, runnableWorkload, type BenchWorkload, type PreparedItem, type StepSender } from './workloads';

/** The subset of Caliper's connector API this module uses (caliper-core ConnectorBase.sendRequests with one request). */
export interface CaliperConnector {
  sendRequests(request: {
    contractId: string;
    contractFunction: string;
    contractArguments: string[];
    invokerIdentity: string;
    readOnly: boolean;
    /** Endorse on (all peers of) exactly these organisations instead of discovery's choice. */
    targetOrganizations?: string[];
  }): Promise<CaliperTxStatus>;
}

/** caliper-core TxStatus as the fabric connector fills it: status `success`/`failed`, the payload as result. */
export interface CaliperTxStatus {
  GetStatus(): string;
  GetResult(): unknown;
}

export interface RoundArguments {
  readonly workload: string;
  readonly contractId?: string;
  /**
   * Records the round works on instead of running the workload's preparation: certificate ids
   * for `verify`; for `grant-usage`, `{id: <grant id>, signer: <demo identity of its grantee>}`.
   */
  readonly prepared?: readonly (string | PreparedItem)[];
  readonly runId?: string;
}

class SharedWorkloadModule {
  private workload?: BenchWorkload;
  private send?: StepSender;
  private workerIndex = 0;
  private iteration = 0;
  private runId = 'caliper';
  private prepared: readonly PreparedItem[] = [];
  /** Demo identity name → wallet label (`<enrollmentId>@<mspId>`), the names Caliper knows identities by. */
  private readonly signers = new Map(loadConsortium().demoIdentities.map((id) => [id.name, walletLabel(id)]));

  async initializeWorkloadModule(workerIndex: number, _totalWorkers: number, _roundIndex: number,
    roundArguments: RoundArguments, sutAdapter: CaliperConnector): Promise<void> {
    this.workload = runnableWorkload(roundArguments.workload);
    this.workerIndex = workerIndex;
    this.runId = roundArguments.runId ?? `caliper-${Date.now()}`;
    const contractId = roundArguments.contractId ?? 'dal';
    this.send = async (step, args) => {
      const invokerIdentity = this.signers.get(step.signer);
      if (!invokerIdentity) throw new Error(`workload step signs as ${step.signer}, which is not a demo identity`);
      const status = await sutAdapter.sendRequests({
        contractId,
        contractFunction: step.fn,
        contractArguments: [...args],
        invokerIdentity,
        readOnly: !step.submit,
        ...(step.endorsers ? { targetOrganizations: [...step.endorsers] } : {}),
      });
      // the connector reports a refused or invalidated transaction as a failed status, not an exception
      if (status.GetStatus() !== 'success') throw new Error(`${step.fn} as ${step.signer} failed`);
      const result = status.GetResult();
      return result instanceof Uint8Array ? result : new Uint8Array();
    };
    this.prepared = roundArguments.prepared?.length
      ? roundArguments.prepared.map((item) => (typeof item === 'string' ? { id: item } : item))
      : await prepareWorkload(this.workload, this.runId, workerIndex, this.send);
  }

  async submitTransaction(): Promise<void> {
    if (!this.workload || !this.send) throw new Error('workload module not initialised');
    const ctx = { runId: this.runId, workerIndex: this.workerIndex, iteration: this.iteration++, prepared: this.prepared };
    await runIteration(this.workload, ctx, this.send);
  }

  async cleanupWorkloadModule(): Promise<void> {
    this.workload = undefined;
    this.send = undefined;
  }
}

/** Caliper's factory entry point. */
export function createWorkloadModule(): SharedWorkloadModule {
  return new SharedWorkloadModule();
}
