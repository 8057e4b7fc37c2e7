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
  createGrant: 'Grant:Create',
  recordGrantUsage: 'Grant:RecordUsage',
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
  /**
   * Organisations to name as endorsers, for a step that writes a record under a key-level policy
   * (chaincode/README.md, "Key-level endorsement"): fabric-network 2.2 and Caliper's connector
   * plan endorsers for the chaincode-level policy only, so they are named here, as the gateway's
   * endorsement planner names them — the record's organisations, padded to the chaincode policy
   * with the regulator. Caliper: `targetOrganizations`; embedded: `endorsingOrganizations`.
   */
  readonly endorsers?: readonly string[];
}

/** One record the preparation produced for the steps to work on. */
export interface PreparedItem {
  readonly id: string;
  /**
   * The demo identity that must sign the steps using this record, when only one party may (a
   * grant's uses are recorded by its grantee); absent when anyone may (verifying a certificate).
   */
  readonly signer?: string;
}

export interface BenchContext {
  readonly runId: string;
  readonly workerIndex: number;
  readonly iteration: number;
  /** Records produced by the preparation phase (issued certificates, grants). */
  readonly prepared: readonly PreparedItem[];
}

export interface BenchWorkload {
  readonly name: string;
  readonly description: string;
  /** Iterations of another workload to run first, and which record each one yields for `prepared`. */
  readonly preparation?: { readonly workload: string; readonly iterations: number; yields(results: readonly StepResult[]): PreparedItem };
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

/** The applicant of the worker's pair of registries other than its own: the licensee of `issue-grant`. */
function otherPartyOf(ctx: Pick<BenchContext, 'workerIndex'>): string {
  return REGISTRY_PARTIES[(ctx.workerIndex + 1) % REGISTRY_PARTIES.length]!.applicant;
}

function mspOf(name: string): string {
  const identity = loadConsortium().demoIdentities.find((d) => d.name === name);
  if (!identity) throw new Error(`network/consortium.json has no demo identity ${name}`);
  return identity.mspId;
}

/** Endorsers of a write to a general-grade certificate of the worker's registry: the registry (its key-level policy) and the regulator. */
function certificateEndorsers(ctx: Pick<BenchContext, 'workerIndex'>): string[] {
  const regulator = loadConsortium().organizations.find((o) => o.type === 'regulator');
  if (!regulator) throw new Error('network/consortium.json names no regulator organisation');
  return [mspOf(partiesFor(ctx).registrar), regulator.mspId].sort();
}

function entityOf(name: string): string {
  const identity = loadConsortium().demoIdentities.find((d) => d.name === name);
  if (!identity?.entity) throw new Error(`network/consortium.json has no demo identity ${name} with an entity`);
  return identity.entity;
}

/** The demo identity acting for `entity` (each demo entity has exactly one). */
function identityOfEntity(entity: string): string {
  const identity = loadConsortium().demoIdentities.find((d) => d.entity === entity);
  if (!identity) throw new Error(`network/consortium.json has no demo identity for entity ${entity}`);
  return identity.name;
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

/** The purpose every bench licence covers and every bench use declares. */
export const BENCH_PURPOSE = 'bench analytics';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The `Grant:Create` body (chaincode/src/model/grant.ts): a free licence of the processing right
 * for one purpose, without `maxUses`, so that uses keep no shared counter and never conflict
 * with each other. The term starts a day before `now`: ledger time is the client's proposal
 * timestamp, and a skewed client clock must not make the first use precede the term.
 */
export function licenceRequest(assetId: string, grantee: string, now: Date = new Date()): string {
  return JSON.stringify({
    assetId,
    type: 'licence',
    grantee,
    rights: ['processing'],
    purposes: [BENCH_PURPOSE],
    validFrom: new Date(now.getTime() - DAY_MS).toISOString(),
    validTo: new Date(now.getTime() + 365 * DAY_MS).toISOString(),
    paid: false,
  });
}

/** The `Grant:RecordUsage` body: one use for the licensed purpose, with a result hash unique per run, worker and iteration. */
export function usageRecord(ctx: BenchContext): string {
  return JSON.stringify({ purpose: BENCH_PURPOSE, quantity: 1, resultHash: createHash('sha256').update(`use/${benchFingerprint(ctx)}`).digest('hex') });
}

function pick(ctx: BenchContext): PreparedItem {
  const item = ctx.prepared[(ctx.workerIndex * 7919 + ctx.iteration) % Math.max(ctx.prepared.length, 1)];
  if (!item) throw new Error('this workload needs prepared records: run its preparation first');
  return item;
}

function signerFor(item: PreparedItem): string {
  if (!item.signer) throw new Error(`prepared record ${item.id} names no signer; this workload needs the party that may act on it`);
  return item.signer;
}

/** Apply, Review approve without publicity, Issue: the three submits that register and issue a certificate. */
function registerIssueSteps(ctx: BenchContext): BenchStep[] {
  const parties = partiesFor(ctx);
  return [
    { fn: BENCH_FUNCTIONS.applyForCertificate, submit: true, signer: parties.applicant, args: () => [certificateApplication(ctx)] },
    {
      fn: BENCH_FUNCTIONS.reviewCertificate,
      submit: true,
      signer: parties.registrar,
      args: (r) => [field(r, 0, 'applicationId'), APPROVE_WITHOUT_PUBLICITY],
      endorsers: certificateEndorsers(ctx),
    },
    { fn: BENCH_FUNCTIONS.issueCertificate, submit: true, signer: parties.registrar, args: (r) => [field(r, 1, 'id')], endorsers: certificateEndorsers(ctx) },
  ];
}

export const WORKLOADS: Readonly<Record<string, BenchWorkload>> = {
  'register-issue': {
    name: 'register-issue',
    description: 'an enterprise applies for a certificate, its registry\'s registrar approves it without publicity and issues it (three submits)',
    steps: registerIssueSteps,
  },
  'verify': {
    name: 'verify',
    description: 'public verification of an issued certificate (evaluate, no ordering)',
    preparation: { workload: 'register-issue', iterations: 10, yields: (results) => ({ id: field(results, 2, 'id') }) },
    steps: (ctx) => [{ fn: BENCH_FUNCTIONS.verifyCertificate, submit: false, signer: 'auditor', args: () => [pick(ctx).id] }],
  },
  'issue-grant': {
    name: 'issue-grant',
    description: 'register-issue, then the applicant licenses the processing right to the other enterprise (four submits)',
    steps: (ctx) => [
      ...registerIssueSteps(ctx),
      { fn: BENCH_FUNCTIONS.createGrant, submit: true, signer: partiesFor(ctx).applicant, args: (r) => [licenceRequest(field(r, 2, 'id'), entityOf(otherPartyOf(ctx)))] },
    ],
  },
  'grant-usage': {
    name: 'grant-usage',
    description: 'the grantee records one metered use of an active licence without maxUses (one submit)',
    // The signer comes with the grant: the identity of the grantee the ledger recorded, whichever worker prepared it.
    preparation: {
      workload: 'issue-grant',
      iterations: 10,
      yields: (results) => ({ id: field(results, 3, 'id'), signer: identityOfEntity(field(results, 3, 'grantee')) }),
    },
    steps: (ctx) => {
      const grant = pick(ctx);
      return [{ fn: BENCH_FUNCTIONS.recordGrantUsage, submit: true, signer: signerFor(grant), args: () => [grant.id, usageRecord(ctx)] }];
    },
  },
};

/** Looks a workload up for a runner, refusing an unknown name with the known ones. */
export function runnableWorkload(name: string): BenchWorkload {
  const workload = WORKLOADS[name];
  if (!workload) throw new Error(`unknown workload ${name}; known: ${Object.keys(WORKLOADS).join(', ')}`);
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

/** Runs a workload's preparation (if any) and answers the records its iterations yield, for `BenchContext.prepared`. */
export async function prepareWorkload(workload: BenchWorkload, runId: string, workerIndex: number, send: StepSender): Promise<PreparedItem[]> {
  const preparation = workload.preparation;
  if (!preparation) return [];
  const source = runnableWorkload(preparation.workload);
  const items: PreparedItem[] = [];
  for (let iteration = 0; iteration < preparation.iterations; iteration++) {
    const results = await runIteration(source, { runId: `${runId}-prepare-${workload.name}`, workerIndex, iteration, prepared: [] }, send);
    items.push(preparation.yields(results));
  }
  return items;
}
