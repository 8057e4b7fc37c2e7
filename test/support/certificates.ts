/** Drives a certificate through the real chaincode to `issued`, for every test that needs one. */
import { createHash } from 'node:crypto';
import { applicationBody } from './demo-parties';
import type { TestNetwork } from './test-network';
import { signerOf } from './flow';

export function fingerprintOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface IssueOptions {
  /** The demo identity that applies (default enterprise-a). */
  applicant?: string;
  /** The demo identity that reviews and issues (default taizhou-registrar). */
  registrar?: string;
  /** Overrides of the application body (`applicationBody`: enterprise-a at Taizhou, all three rights). */
  body?: Record<string, unknown>;
  /**
   * The client time the application, review and issue proposals carry (a second apart). A
   * Fabric client sets the transaction timestamp and the chaincode reads time only from it,
   * so a date more than a term (3 years) ago yields a certificate whose term has ended in
   * ledger time — through the real chaincode, without waiting. The endorsers' clock is set to
   * the same time for each proposal (and back afterwards): their time window stays on.
   */
  at?: Date;
}

/** An issued certificate with the transaction that issued it, for proofs and bundles. */
export interface IssuedCertificate {
  readonly id: string;
  readonly record: Record<string, unknown>;
  readonly issueTxId: string;
  readonly issueBlock: number;
}

/** Apply → Review (approve, 0 days of publicity) → Issue; the issued record and its transaction. */
export async function issueCertificateTx(net: TestNetwork, options: IssueOptions = {}): Promise<IssuedCertificate> {
  const applicant = options.applicant ?? 'enterprise-a';
  const registrar = options.registrar ?? 'taizhou-registrar';
  const submit = options.at === undefined ? net.submit.bind(net) : submitAt(net, options.at);
  const applied = await submit(applicant, 'Certificate:Apply', JSON.stringify(applicationBody(options.body)));
  const applicationId = (applied.result as { id: string }).id;
  await submit(registrar, 'Certificate:Review', applicationId, JSON.stringify({ decision: 'approve', publicityDays: 0 }));
  const issued = await submit(registrar, 'Certificate:Issue', applicationId);
  const record = issued.result as Record<string, unknown>;
  return { id: record.id as string, record, issueTxId: issued.txId, issueBlock: issued.blockNumber };
}

/** Apply → Review (approve, 0 days of publicity) → Issue; returns the issued record. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function issueCertificate(net: TestNetwork, options: IssueOptions = {}): Promise<any> {
  return (await issueCertificateTx(net, options)).record;
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
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read the answer's fields freely, as net.evaluate does
export async function evaluateAtTime(net: TestNetwork, at: Date, as: string, fn: string, ...args: string[]): Promise<any> {
  const signer = await signerOf(net, as);
  const payload = await net.clock.at(at, () => net.ledger.network.evaluate(signer, [fn, ...args], { timestamp: at }));
  const text = Buffer.from(payload).toString('utf8');
  return text === '' ? undefined : JSON.parse(text);
}
