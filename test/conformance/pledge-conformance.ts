/**
 * The pledge's key-level proof, written once against the Ledger interface and run for both
 * backends: the embedded network in `npm test` (embedded.test.ts) and real Fabric 2.5 in the
 * live leg (test/fabric/conformance.live.ts), the dal chaincode unmodified on both.
 *
 * Before a pledge, a certificate write endorsed by its issuing registry alone commits. Once a
 * bank accepts a pledge, the bank's organisation is in the certificate key's endorsement
 * policy: the same write endorsed by the registry alone is invalidated at commit with
 * ENDORSEMENT_POLICY_FAILURE — by Fabric's validator, not by a check in the contract — and
 * commits with the bank's peer added. After release the registry alone suffices again. Two
 * requests for one asset to two banks sent at once: exactly one is recorded.
 *
 * The target's ledger must endorse on exactly the organisations it is given (fabric-network's
 * `setEndorsingOrganizations`; the embedded network in `discovery` mode).
 */
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { loadConsortium } from '../../network/src/consortium';
import { CommitError, EndorsementError, EndorsementMismatchError } from '../../gateway/src/ledger/errors';
import type { Ledger, LedgerIdentity } from '../../gateway/src/ledger/ledger';
import { submitWithRetry } from '../../gateway/src/ledger-service/submit-with-retry';
import { applicationBody, type ConformanceTarget } from './ledger-conformance';

const json = (payload: Uint8Array): Record<string, unknown> => JSON.parse(Buffer.from(payload).toString('utf8')) as Record<string, unknown>;

export function definePledgeConformance(name: string, open: () => Promise<ConformanceTarget>): void {
  const consortium = loadConsortium();
  const holder = consortium.demoIdentities.find((d) => d.name === 'enterprise-a')!;
  const REGISTRY = holder.mspId;
  const REGULATOR = consortium.organizations.find((o) => o.type === 'regulator')!.mspId;
  const [BANK, OTHER_BANK] = consortium.organizations.filter((o) => o.type === 'bank').map((o) => o.mspId) as [string, string];
  const officerOf = (bank: string): string => consortium.demoIdentities.find((d) => d.mspId === bank && d.roles.includes('bank'))!.name;

  describe(`Pledge key-level endorsement: ${name}`, function () {
    this.timeout(180_000);
    let target: ConformanceTarget | undefined;
    let ledger: Ledger;
    let id: (name: string) => LedgerIdentity;

    /**
     * Sets the stage as the gateway's writer would: each step re-endorsed when the two endorsing
     * peers disagree because one has not committed the previous step yet (submit-with-retry.ts).
     */
    const issue = async (): Promise<string> => {
      const step = (who: string, fn: string, args: string[]): Promise<{ payload: Uint8Array }> =>
        submitWithRetry(ledger, id(who), { fn, args, options: { endorsingOrganizations: [REGISTRY, REGULATOR] } }, { backoffMs: 100 });
      const applied = json((await step('enterprise-a', 'Certificate:Apply', [applicationBody(holder.entity!, REGISTRY)])).payload);
      await step('taizhou-registrar', 'Certificate:Review', [applied.id as string, JSON.stringify({ decision: 'approve', publicityDays: 0 })]);
      return json((await step('taizhou-registrar', 'Certificate:Issue', [applied.id as string])).payload).id as string;
    };
    const terms = (): Record<string, Uint8Array> => ({ 'dal.confidential': Buffer.from('{"amount":30000000}'), 'dal.salt': randomBytes(32) });
    const request = (certificateId: string, bank: string): Promise<{ payload: Uint8Array }> =>
      ledger.submit(id('enterprise-a'), 'Pledge:Request', [JSON.stringify({ certificateId, pledgee: bank, termDays: 365 })], {
        transient: terms(),
        endorsingOrganizations: [REGISTRY, bank, REGULATOR],
      });
    /** A compliance report on the certificate: a write of the certificate key only. */
    const evidence = (certificateId: string, endorsers: readonly string[]): Promise<unknown> =>
      ledger.submit(id('appraiser'), 'Certificate:AddEvidence', [certificateId, JSON.stringify({ kind: 'compliance', reportHash: randomBytes(32).toString('hex') })], {
        endorsingOrganizations: endorsers,
      });
    /**
     * Reads as `who` (on its own organisation's peer) until `seen` holds: on Fabric a client waits
     * for its own organisation's peers to commit, so another organisation's peer may be a block
     * behind for a moment. Bounded: a fact that never shows fails the test.
     */
    const untilSeen = async (who: string, fn: string, args: string[], seen: (answer: Record<string, unknown>) => boolean): Promise<void> => {
      for (let attempt = 0; attempt < 100; attempt++) {
        const answer = await ledger.evaluate(id(who), fn, args).then(json, () => undefined);
        if (answer && seen(answer)) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect.fail(`${who} never saw the expected answer of ${fn}`);
    };
    const policyOf = (answer: Record<string, unknown>): string => (answer.endorsingOrgs as string[]).join(',');
    /** Every endorser-to-be's peer sees the certificate as `seen` says. */
    const allSee = async (certificateId: string, who: readonly string[], seen: (cert: Record<string, unknown>) => boolean): Promise<void> => {
      for (const reader of who) await untilSeen(reader, 'Certificate:Get', [certificateId], seen);
    };
    const evidenceCount = (n: number) => (c: Record<string, unknown>) => (c.evidence as unknown[]).length === n;
    const rejection = (promise: Promise<unknown>): Promise<unknown> =>
      promise.then(
        () => expect.fail('expected a rejection, but it resolved'),
        (err: unknown) => err,
      );

    before(async function () {
      target = await open();
      ledger = target.ledger;
      id = (n) => {
        const found = target!.identities[n];
        if (!found) throw new Error(`the backend leg did not provide demo identity ${n}`);
        return found;
      };
    });

    after(async () => {
      await target?.close();
    });

    it('invalidates a certificate write endorsed by the issuing registry alone while the asset is pledged, and commits it again after release', async () => {
      const certificateId = await issue();
      await evidence(certificateId, [REGISTRY]);
      await allSee(certificateId, ['taizhou-registrar', officerOf(BANK), 'regulator'], evidenceCount(1));
      const pledge = json((await request(certificateId, BANK)).payload);
      // the bank reads the request on its own peer before it accepts, as a bank officer would
      await untilSeen(officerOf(BANK), 'Pledge:Get', [pledge.id as string], (p) => p.status === 'pending');
      await ledger.submit(id(officerOf(BANK)), 'Pledge:Accept', [pledge.id as string], { endorsingOrganizations: [REGISTRY, BANK] });
      await allSee(certificateId, ['taizhou-registrar', 'regulator'], (c) => policyOf(c) === [BANK, REGISTRY].sort().join(','));

      const alone = await rejection(evidence(certificateId, [REGISTRY]));
      expect(alone).to.be.instanceOf(CommitError);
      expect((alone as CommitError).validationCode).to.equal('ENDORSEMENT_POLICY_FAILURE');
      const withoutBank = await rejection(evidence(certificateId, [REGISTRY, REGULATOR]));
      expect((withoutBank as CommitError).validationCode).to.equal('ENDORSEMENT_POLICY_FAILURE');
      await evidence(certificateId, [REGISTRY, BANK]);

      await allSee(certificateId, ['taizhou-registrar', officerOf(BANK)], evidenceCount(2));
      await ledger.submit(id(officerOf(BANK)), 'Pledge:Release', [pledge.id as string, '{}'], { endorsingOrganizations: [REGISTRY, BANK] });
      await untilSeen('taizhou-registrar', 'Certificate:Get', [certificateId], (c) => policyOf(c) === REGISTRY);
      await evidence(certificateId, [REGISTRY]);
      await untilSeen('taizhou-registrar', 'Certificate:Get', [certificateId], evidenceCount(3));
    });

    it('records exactly one of two requests for one asset sent at once to two banks; the other is refused or invalidated', async () => {
      const certificateId = await issue();
      await allSee(certificateId, ['taizhou-registrar', officerOf(BANK), officerOf(OTHER_BANK), 'regulator'], (c) => c.status === 'issued');
      const outcomes = await Promise.allSettled([request(certificateId, BANK), request(certificateId, OTHER_BANK)]);
      const fulfilled = outcomes.filter((o) => o.status === 'fulfilled');
      expect(fulfilled).to.have.length(1);
      const refused = outcomes.find((o) => o.status === 'rejected')!.reason as Error;
      // either it reached commit and lost there, or it was simulated after the first committed and the chaincode refused it,
      // or (on Fabric) one of its endorsing peers had committed the first and another not yet, so their answers differed
      if (refused instanceof CommitError) expect(refused.validationCode).to.be.oneOf(['MVCC_READ_CONFLICT', 'ENDORSEMENT_POLICY_FAILURE']);
      else if (!(refused instanceof EndorsementMismatchError)) expect(refused).to.be.instanceOf(EndorsementError).and.have.property('message').that.matches(/CONFLICT: .*an asset is pledged once/);
      const winner = json(fulfilled[0]!.value.payload);
      const view = json(await ledger.evaluate(id('auditor'), 'Pledge:Get', [winner.id as string]));
      expect(view).to.include({ certificateId, status: 'pending' });
      // the endorsers of a second request must all have the first: the regulator reads it; the other bank may not, and is told FORBIDDEN once it exists on its peer
      await untilSeen('regulator', 'Pledge:Get', [winner.id as string], () => true);
      for (let attempt = 0; ; attempt++) {
        const answer = await ledger.evaluate(id(officerOf(OTHER_BANK)), 'Pledge:Get', [winner.id as string]).then(() => 'FORBIDDEN', (e: Error) => e.message);
        if (answer.startsWith('FORBIDDEN')) break;
        expect(attempt, answer).to.be.below(100);
        await new Promise((r) => setTimeout(r, 100));
      }
      const again = await rejection(request(certificateId, OTHER_BANK));
      expect((again as Error).message).to.match(/CONFLICT: .*an asset is pledged once/);
    });
  });
}
