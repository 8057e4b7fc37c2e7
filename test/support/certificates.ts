/** Drives a certificate through the real chaincode to `issued`, for tests that need one. */
import { createHash } from 'node:crypto';
import type { TestNetwork } from './test-network';
import { signerOf } from './flow';

export function fingerprintOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface IssuedCertificate {
  readonly id: string;
  readonly record: Record<string, unknown>;
  readonly issueTxId: string;
  readonly issueBlock: number;
}

export interface IssueOptions {
  readonly holder?: string;
  readonly registrar?: string;
  readonly registry?: string;
  readonly fingerprintSeed?: string;
  readonly grade?: string;
  readonly assetType?: string;
  /**
   * The client time the application, review and issue proposals carry (a second apart). A
   * Fabric client sets the transaction timestamp and the chaincode's rules read time only from
   * it, so a date more than a term (3 years) ago yields a certificate whose term has ended in
   * ledger time — through the real chaincode, without waiting. The endorsers' clock is set to
   * the same time for each proposal (and back afterwards): their time window stays on.
   */
  readonly at?: Date;
}

export async function issueCertificate(net: TestNetwork, options: IssueOptions = {}): Promise<IssuedCertificate> {
  const holderName = options.holder ?? 'enterprise-a';
  const holder = net.identities[holderName]!;
  const registry = options.registry ?? holder.mspId;
  const registrar = options.registrar ?? 'taizhou-registrar';
  const entity = holder.entity!;
  const at = options.at;
  const submit = at === undefined ? net.submit.bind(net) : submitAt(net, at);
  const applied = await submit(
    holderName,
    'Certificate:Apply',
    JSON.stringify({
      registry,
      assetType: options.assetType ?? 'resource',
      name: 'Taizhou smart-factory sensor data 2026 (泰州智能工厂传感器数据)',
      source: 'enterprise',
      category: 'manufacturing',
      grade: options.grade ?? 'general',
      containsPersonalInfo: false,
      fingerprint: fingerprintOf(options.fingerprintSeed ?? `${Math.random()}`),
      rights: ['holding', 'processing', 'operating'].map((type) => ({ type, holder: entity })),
    }),
  );
  const applicationId = (applied.result as { applicationId: string }).applicationId;
  const reviewed = await submit(registrar, 'Certificate:Review', applicationId, JSON.stringify({ decision: 'approve', publicityDays: 0 }));
  const id = (reviewed.result as { id: string }).id;
  const issued = await submit(registrar, 'Certificate:Issue', id);
  return { id, record: issued.result as Record<string, unknown>, issueTxId: issued.txId, issueBlock: issued.blockNumber };
}

/** Submits with proposal timestamps from `start`, one second further for each transaction. */
function submitAt(net: TestNetwork, start: Date): TestNetwork['submit'] {
  let next = start.getTime();
  return async (as, fn, ...args) => {
    const timestamp = new Date(next);
    next += 1000;
    return submitAtTime(net, timestamp, as, fn, ...args);
  };
}

/**
 * Submits one transaction as it would be sent at `at`: the proposal stamped `at` and the
 * endorsers' clock reading `at` while they endorse it (then back to the system clock).
 */
export async function submitAtTime(net: TestNetwork, at: Date, as: string, fn: string, ...args: string[]): ReturnType<TestNetwork['submit']> {
  const signer = await signerOf(net, as);
  const r = await net.clock.at(at, () => net.ledger.network.submit(signer, [fn, ...args], { timestamp: at }));
  const text = Buffer.from(r.payload).toString('utf8');
  return { txId: r.txId, blockNumber: r.blockNumber, result: text === '' ? undefined : JSON.parse(text) };
}

/** Evaluates one query as it would be sent at `at` (proposal and endorser clock both at `at`). */
export async function evaluateAtTime(net: TestNetwork, at: Date, as: string, fn: string, ...args: string[]): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const signer = await signerOf(net, as);
  const payload = await net.clock.at(at, () => net.ledger.network.evaluate(signer, [fn, ...args], { timestamp: at }));
  const text = Buffer.from(payload).toString('utf8');
  return text === '' ? undefined : JSON.parse(text);
}
