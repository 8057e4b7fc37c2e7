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
    /**
     * The organisation of `invokerIdentity`. Caliper 0.6 registers the wallet identities of every
     * organisation but the first under an alias of its own, and finds them by this and the name
     * together: without it only identities of the first organisation resolve.
     */
    invokerMspId: string;
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

/** A step the connector reported failed (refused, invalidated, timed out): Caliper already counted it. */
export class StepFailedError extends Error {
  override readonly name = 'StepFailedError';
}

class SharedWorkloadModule {
  private workload?: BenchWorkload;
  private send?: StepSender;
  private workerIndex = 0;
  private iteration = 0;
  private runId = 'caliper';
  private prepared: readonly PreparedItem[] = [];
  /** Demo identity name → wallet label (`<enrollmentId>@<mspId>`, the name Caliper knows it by) and its organisation. */
  private readonly signers = new Map(loadConsortium().demoIdentities.map((id) => [id.name, { label: walletLabel(id), mspId: id.mspId }]));
  /** Iterations that stopped at a failed step, and the first few reasons, for the worker's log. */
  private failedIterations = 0;

  constructor(private readonly log: (message: string) => void = (m) => console.warn(m)) {}

  async initializeWorkloadModule(workerIndex: number, _totalWorkers: number, _roundIndex: number,
    roundArguments: RoundArguments, sutAdapter: CaliperConnector): Promise<void> {
    this.workload = runnableWorkload(roundArguments.workload);
    this.workerIndex = workerIndex;
    this.runId = roundArguments.runId ?? `caliper-${Date.now()}`;
    const contractId = roundArguments.contractId ?? 'dal';
    this.send = async (step, args) => {
      const invoker = this.signers.get(step.signer);
      if (!invoker) throw new Error(`workload step signs as ${step.signer}, which is not a demo identity`);
      const status = await sutAdapter.sendRequests({
        contractId,
        contractFunction: step.fn,
        contractArguments: [...args],
        invokerIdentity: invoker.label,
        invokerMspId: invoker.mspId,
        readOnly: !step.submit,
        ...(step.endorsers ? { targetOrganizations: [...step.endorsers] } : {}),
      });
      // the connector reports a refused or invalidated transaction as a failed status, not an exception
      if (status.GetStatus() !== 'success') throw new StepFailedError(`${step.fn} as ${step.signer} failed`);
      const result = status.GetResult();
      return result instanceof Uint8Array ? result : new Uint8Array();
    };
    this.prepared = roundArguments.prepared?.length
      ? roundArguments.prepared.map((item) => (typeof item === 'string' ? { id: item } : item))
      : await prepareWorkload(this.workload, this.runId, workerIndex, this.send);
  }

  /**
   * One iteration. A failed step (an MVCC_READ_CONFLICT under the serial-counter contention the
   * README describes, an endorsement failure) ends this iteration only: the connector has counted
   * the failed transaction for Caliper's report, and throwing would make Caliper 0.6 end the
   * whole round with no report row. Resolves with the failure's message, or undefined.
   */
  async submitTransaction(): Promise<string | undefined> {
    if (!this.workload || !this.send) throw new Error('workload module not initialised');
    const ctx = { runId: this.runId, workerIndex: this.workerIndex, iteration: this.iteration++, prepared: this.prepared };
    try {
      await runIteration(this.workload, ctx, this.send);
      return undefined;
    } catch (err) {
      if (!(err instanceof StepFailedError)) throw err;
      this.failedIterations++;
      if (this.failedIterations <= 5) this.log(`worker ${this.workerIndex} ${this.workload.name} iteration ${ctx.iteration}: ${err.message} (counted failed by Caliper; the round goes on)`);
      return err.message;
    }
  }

  async cleanupWorkloadModule(): Promise<void> {
    if (this.failedIterations > 0 && this.workload) this.log(`worker ${this.workerIndex} ${this.workload.name}: ${this.failedIterations} iteration(s) stopped at a failed transaction`);
    this.failedIterations = 0;
    this.workload = undefined;
    this.send = undefined;
  }
}

/** Caliper's factory entry point. */
export function createWorkloadModule(log?: (message: string) => void): SharedWorkloadModule {
  return new SharedWorkloadModule(log);
}
