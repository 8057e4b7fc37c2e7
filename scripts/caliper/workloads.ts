/**
 * Benchmark workloads as plain data + pure argument builders, shared by the Caliper workload
 * module (real Fabric) and the embedded bench, so that figures from both compare. Each step
 * names the chaincode function (`Contract:Function`), whether it is submitted or evaluated,
 * who signs it, and builds its arguments deterministically from the worker and iteration.
 */
import { createHash } from 'node:crypto';

/** Chaincode functions the workloads call; keep in step with chaincode/src/contracts. */
export const BENCH_FUNCTIONS = {
  registerCertificate: 'Certificate:Apply',
  issueCertificate: 'Certificate:Issue',
  verifyCertificate: 'Certificate:Verification',
  // The grants contract is not written yet; the name follows the other contracts' pattern.
  recordGrantUsage: 'Grant:RecordUsage',
} as const;

export interface BenchStep {
  readonly fn: string;
  readonly submit: boolean;
  /** Demo identity name (network/consortium.json demoIdentities) that signs the step. */
  readonly signer: string;
  readonly args: readonly string[];
}

export interface BenchContext {
  readonly runId: string;
  readonly workerIndex: number;
  readonly iteration: number;
  /** Ids produced by the preparation phase (e.g. issued certificates, active grants). */
  readonly prepared: readonly string[];
}

export interface BenchWorkload {
  readonly name: string;
  readonly description: string;
  /** The transactions of one iteration, in order; each is measured on its own. */
  steps(ctx: BenchContext): readonly BenchStep[];
}

/** A deterministic dataset fingerprint: unique per run, worker and iteration (the ledger refuses duplicates). */
export function benchFingerprint(ctx: Pick<BenchContext, 'runId' | 'workerIndex' | 'iteration'>): string {
  return createHash('sha256').update(`${ctx.runId}/${ctx.workerIndex}/${ctx.iteration}`).digest('hex');
}

export function certificateApplication(ctx: BenchContext): string {
  return JSON.stringify({
    assetName: `bench asset ${ctx.workerIndex}-${ctx.iteration}`,
    assetType: 'resource',
    source: 'enterprise',
    category: 'manufacturing',
    grade: 'general',
    containsPersonalInfo: false,
    fingerprint: benchFingerprint(ctx),
    holder: '91321200MA1ABC123N',
    rights: { holding: '91321200MA1ABC123N', processing: '91321200MA1ABC123N', operating: '91321200MA1ABC123N' },
    parents: [],
  });
}

function pick(ctx: BenchContext): string {
  const id = ctx.prepared[(ctx.workerIndex * 7919 + ctx.iteration) % Math.max(ctx.prepared.length, 1)];
  if (!id) throw new Error('this workload needs prepared ids: run its preparation first');
  return id;
}

export const WORKLOADS: Readonly<Record<string, BenchWorkload>> = {
  'register-issue': {
    name: 'register-issue',
    description: 'an enterprise applies for a certificate, the Taizhou registrar issues it',
    steps: (ctx) => [
      { fn: BENCH_FUNCTIONS.registerCertificate, submit: true, signer: 'enterprise-a', args: [certificateApplication(ctx)] },
      { fn: BENCH_FUNCTIONS.issueCertificate, submit: true, signer: 'taizhou-registrar', args: [benchFingerprint(ctx)] },
    ],
  },
  'verify': {
    name: 'verify',
    description: 'anyone verifies an issued certificate (evaluate, no ordering)',
    steps: (ctx) => [{ fn: BENCH_FUNCTIONS.verifyCertificate, submit: false, signer: 'auditor', args: [pick(ctx)] }],
  },
  'grant-usage': {
    name: 'grant-usage',
    description: 'a grantee records one metered use of an active grant',
    steps: (ctx) => [{
      fn: BENCH_FUNCTIONS.recordGrantUsage,
      submit: true,
      signer: 'data-group',
      args: [pick(ctx), JSON.stringify({ purpose: 'analytics', quantity: 1, resultHash: benchFingerprint(ctx) })],
    }],
  },
};
