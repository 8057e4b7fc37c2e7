/**
 * Benchmark workloads as plain data + pure argument builders, shared by the Caliper workload
 * module (real Fabric) and the embedded bench, so that figures from both compare. Each step
 * names the chaincode function (`Contract:Function`), whether it is submitted or evaluated,
 * who signs it, and builds its arguments from the iteration and from what the earlier steps
 * of the same iteration returned (a review needs the application id that Apply allocated).
 * test/fabric/caliper-workloads.test.ts runs these sequences against the embedded network
 * with the dal chaincode, so they cannot drift from the contracts.
 */
import { createHash } from 'node:crypto';
import { loadConsortium } from '../../network/src/consortium';

/** Chaincode functions the workloads call (chaincode/README.md, "Transactions and who may call them"). */
export const BENCH_FUNCTIONS = {
  applyForCertificate: 'Certificate:Apply',
  reviewCertificate: 'Certificate:Review',
  issueCertificate: 'Certificate:Issue',
  verifyCertificate: 'Certificate:Verification',
} as const;

/** What a step returned: the chaincode's JSON payload, parsed (every dal transaction returns its record as JSON). */
export type StepResult = Readonly<Record<string, unknown>>;

export interface BenchStep {
  readonly fn: string;
  readonly submit: boolean;
  /** Demo identity name (network/consortium.json demoIdentities) that signs the step. */
  readonly signer: string;
  /** The step's arguments, given the results of the earlier steps of this iteration, in order. */
  args(earlier: readonly StepResult[]): readonly string[];
}

export interface BenchContext {
  readonly runId: string;
  readonly workerIndex: number;
  readonly iteration: number;
  /** Ids produced by the preparation phase (e.g. issued certificates). */
  readonly prepared: readonly string[];
}

export interface BenchWorkload {
  readonly name: string;
  readonly description: string;
  /** Set when the workload cannot run yet; the text says why. Runners refuse it with this text. */
  readonly pending?: string;
  /** Iterations of another workload to run first, and which id each one yields for `prepared`. */
  readonly preparation?: { readonly workload: string; readonly iterations: number; yields(results: readonly StepResult[]): string };
  /** The transactions of one iteration, in order; each is measured on its own. */
  steps(ctx: BenchContext): readonly BenchStep[];
}

/** Sends one step (signs as `step.signer`) and answers the chaincode's payload; throws if the ledger refused it. */
export type StepSender = (step: BenchStep, args: readonly string[]) => Promise<Uint8Array>;

/** A deterministic dataset fingerprint: unique per run, worker and iteration (the ledger refuses duplicates). */
export function benchFingerprint(ctx: Pick<BenchContext, 'runId' | 'workerIndex' | 'iteration'>): string {
  return createHash('sha256').update(`${ctx.runId}/${ctx.workerIndex}/${ctx.iteration}`).digest('hex');
}

/** Applicant and registrar per registry. Workers alternate between two registries because approvals at one registry share its serial counter and conflict when they land in the same block. */
const REGISTRY_PARTIES = [
  { applicant: 'enterprise-a', registrar: 'taizhou-registrar' },
  { applicant: 'enterprise-b', registrar: 'yancheng-registrar' },
] as const;

function partiesFor(ctx: Pick<BenchContext, 'workerIndex'>): (typeof REGISTRY_PARTIES)[number] {
  return REGISTRY_PARTIES[ctx.workerIndex % REGISTRY_PARTIES.length]!;
}

/** The `Certificate:Apply` body (chaincode/src/model): the applicant's registry, and the applicant's entity holding every right. */
export function certificateApplication(ctx: BenchContext): string {
  const applicant = loadConsortium().demoIdentities.find((d) => d.name === partiesFor(ctx).applicant);
  if (!applicant?.entity) throw new Error(`network/consortium.json has no demo identity ${partiesFor(ctx).applicant} with an entity`);
  return JSON.stringify({
    registry: applicant.mspId,
    assetType: 'resource',
    name: `bench asset ${ctx.runId} ${ctx.workerIndex}-${ctx.iteration}`,
    source: 'enterprise',
    category: 'manufacturing',
    grade: 'general',
    containsPersonalInfo: false,
    fingerprint: benchFingerprint(ctx),
    rights: ['holding', 'processing', 'operating'].map((type) => ({ type, holder: applicant.entity })),
  });
}

/** Publicity 0 days so that Issue may follow at once (the registry's default publicity would make Issue wait). */
export const APPROVE_WITHOUT_PUBLICITY = JSON.stringify({ decision: 'approve', publicityDays: 0 });

function field(results: readonly StepResult[], index: number, name: string): string {
  const value = results[index]?.[name];
  if (typeof value !== 'string' || value === '') throw new Error(`step ${index} returned no ${name}`);
  return value;
}

function pick(ctx: BenchContext): string {
  const id = ctx.prepared[(ctx.workerIndex * 7919 + ctx.iteration) % Math.max(ctx.prepared.length, 1)];
  if (!id) throw new Error('this workload needs prepared ids: run its preparation first');
  return id;
}

export const WORKLOADS: Readonly<Record<string, BenchWorkload>> = {
  'register-issue': {
    name: 'register-issue',
    description: 'an enterprise applies for a certificate, its registry\'s registrar approves it without publicity and issues it (three submits)',
    steps: (ctx) => {
      const parties = partiesFor(ctx);
      return [
        { fn: BENCH_FUNCTIONS.applyForCertificate, submit: true, signer: parties.applicant, args: () => [certificateApplication(ctx)] },
        { fn: BENCH_FUNCTIONS.reviewCertificate, submit: true, signer: parties.registrar, args: (r) => [field(r, 0, 'applicationId'), APPROVE_WITHOUT_PUBLICITY] },
        { fn: BENCH_FUNCTIONS.issueCertificate, submit: true, signer: parties.registrar, args: (r) => [field(r, 1, 'id')] },
      ];
    },
  },
  'verify': {
    name: 'verify',
    description: 'public verification of an issued certificate (evaluate, no ordering)',
    preparation: { workload: 'register-issue', iterations: 10, yields: (results) => field(results, 2, 'id') },
    steps: (ctx) => [{ fn: BENCH_FUNCTIONS.verifyCertificate, submit: false, signer: 'auditor', args: () => [pick(ctx)] }],
  },
  'grant-usage': {
    name: 'grant-usage',
    description: 'a grantee records one metered use of an active grant',
    pending: 'PENDING: the grants contract does not exist yet in chaincode/, so there is no transaction to record a grant usage; this workload gets its steps when that contract is written',
    steps: () => {
      throw new Error('grant-usage is pending: the grants contract does not exist yet');
    },
  },
};

/** Looks a workload up for a runner, refusing unknown and pending ones with the reason. */
export function runnableWorkload(name: string): BenchWorkload {
  const workload = WORKLOADS[name];
  if (!workload) throw new Error(`unknown workload ${name}; known: ${Object.keys(WORKLOADS).join(', ')}`);
  if (workload.pending) throw new Error(`workload ${name} cannot run: ${workload.pending}`);
  return workload;
}

/** Runs one iteration's steps in order through `send`, feeding each step the parsed results of the earlier ones. */
export async function runIteration(workload: BenchWorkload, ctx: BenchContext, send: StepSender): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const step of workload.steps(ctx)) {
    const payload = await send(step, step.args(results));
    const text = Buffer.from(payload).toString('utf8');
    results.push(text === '' ? {} : (JSON.parse(text) as StepResult));
  }
  return results;
}

/** Runs a workload's preparation (if any) and answers the ids its iterations yield, for `BenchContext.prepared`. */
export async function prepareWorkload(workload: BenchWorkload, runId: string, workerIndex: number, send: StepSender): Promise<string[]> {
  const preparation = workload.preparation;
  if (!preparation) return [];
  const source = runnableWorkload(preparation.workload);
  const ids: string[] = [];
  for (let iteration = 0; iteration < preparation.iterations; iteration++) {
    const results = await runIteration(source, { runId: `${runId}-prepare-${workload.name}`, workerIndex, iteration, prepared: [] }, send);
    ids.push(preparation.yields(results));
  }
  return ids;
}
