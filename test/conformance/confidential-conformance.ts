/**
 * Confidential values and endorsement planning, written once against the Ledger interface and
 * run for both backends: the embedded network in `npm test` (embedded.test.ts) and real Fabric
 * 2.5 in the live leg (test/fabric/conformance.live.ts). Both run the dal chaincode unmodified.
 *
 * The case is a valuation (评估) of an issued certificate: its amount is private data of the
 * issuing registry, the appraiser firm and the regulator, in their implicit collections
 * (`_implicit_org_<MSP>`), with only a salted commitment on the channel; the chaincode plans
 * who must endorse (Planning:EndorsementPlan), and leaving any one of them out fails at
 * commit with ENDORSEMENT_POLICY_FAILURE, as Fabric's validator decides it.
 *
 * The target's ledger must endorse on exactly the organisations it is given (fabric-network's
 * `setEndorsingOrganizations`; the embedded network in `discovery` mode).
 */
import { expect } from 'chai';
import { createHash, randomBytes } from 'node:crypto';
import { loadConsortium } from '../../network/src/consortium';
import { CommitError, EndorsementError } from '../../gateway/src/ledger/errors';
import type { Ledger, LedgerIdentity } from '../../gateway/src/ledger/ledger';
import { applicationBody, type ConformanceTarget } from './ledger-conformance';

const json = (payload: Uint8Array): Record<string, unknown> => JSON.parse(Buffer.from(payload).toString('utf8')) as Record<string, unknown>;

function commitment(salt: Buffer, amount: number): string {
  return createHash('sha256').update(Buffer.concat([salt, Buffer.from(JSON.stringify({ amount }), 'utf8')])).digest('hex');
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection, but it resolved'),
    (err: unknown) => err,
  );
}

export function defineConfidentialConformance(name: string, open: () => Promise<ConformanceTarget>): void {
  const consortium = loadConsortium();
  const mspOf = (type: string): string => consortium.organizations.find((o) => o.type === type)!.mspId;
  const holder = consortium.demoIdentities.find((d) => d.name === 'enterprise-a')!;
  const REGISTRY = holder.mspId;
  const APPRAISER = mspOf('appraiser');
  const REGULATOR = mspOf('regulator');

  describe(`Confidential values and endorsement planning: ${name}`, function () {
    let target: ConformanceTarget | undefined;
    let ledger: Ledger;
    let id: (name: string) => LedgerIdentity;
    let certificateId: string;
    const amount = 1_250_000_00 + Math.floor(Math.random() * 1_000_000);
    const salt = randomBytes(32);
    const transient = { 'dal.confidential': Buffer.from(JSON.stringify({ amount })), 'dal.salt': salt };
    const valuation = (): string[] => [certificateId, JSON.stringify({ kind: 'valuation', reportHash: randomBytes(32).toString('hex'), method: 'income' })];
    let plan: { organizations: string[]; chaincodePolicy: boolean };

    before(async function () {
      target = await open();
      ledger = target.ledger;
      id = (n) => {
        const found = target!.identities[n];
        if (!found) throw new Error(`the backend leg did not provide demo identity ${n}`);
        return found;
      };
      const applied = json((await ledger.submit(id('enterprise-a'), 'Certificate:Apply', [applicationBody(holder.entity!, REGISTRY)], { endorsingOrganizations: [REGISTRY, REGULATOR] })).payload);
      const registrar = id('taizhou-registrar');
      await ledger.submit(registrar, 'Certificate:Review', [applied.id as string, JSON.stringify({ decision: 'approve', publicityDays: 0 })], { endorsingOrganizations: [REGISTRY, REGULATOR] });
      certificateId = json((await ledger.submit(registrar, 'Certificate:Issue', [applied.id as string], { endorsingOrganizations: [REGISTRY, REGULATOR] })).payload).id as string;
    });

    after(async () => {
      await target?.close();
    });

    it('plans a valuation as the issuing registry, the appraiser firm and the regulator, by running it as the caller', async () => {
      const args = valuation();
      plan = json(await ledger.evaluate(id('appraiser'), 'Planning:EndorsementPlan', ['Certificate:AddEvidence', JSON.stringify(args)], { transient })) as typeof plan;
      expect(plan.organizations).to.deep.equal([APPRAISER, REGULATOR, REGISTRY].sort());
      // the certificate key has its own policy and the valuation copies theirs: nothing falls under the chaincode-level policy
      expect(plan.chaincodePolicy).to.equal(false);
    });

    it('answers a plan for a write the chaincode refuses with the same refusal', async () => {
      const err = await rejection(ledger.evaluate(id('appraiser'), 'Planning:EndorsementPlan', ['Certificate:AddEvidence', JSON.stringify(valuation())]));
      expect(err).to.be.instanceOf(EndorsementError);
      expect((err as Error).message).to.include('INVALID_REQUEST').and.include('transient');
      const notAWrite = await rejection(ledger.evaluate(id('appraiser'), 'Planning:EndorsementPlan', ['Certificate:Get', JSON.stringify([certificateId])]));
      expect((notAWrite as Error).message).to.include('is not a submit transaction');
    });

    it('commits a valuation endorsed as planned, with only the salted commitment on the channel, never the amount or the salt', async () => {
      const committed = await ledger.submit(id('appraiser'), 'Certificate:AddEvidence', valuation(), { transient, endorsingOrganizations: plan.organizations });
      const record = json(committed.payload) as { evidence: { kind: string; valuation?: { commitment: string; holders: string[] } }[] };
      const entry = record.evidence.at(-1)!;
      expect(entry).to.not.have.property('amount');
      expect(entry.valuation).to.deep.include({ commitment: commitment(salt, amount), holders: [APPRAISER, REGULATOR, REGISTRY].sort() });
      const raw = Buffer.from(await ledger.getRawBlock(committed.blockNumber));
      expect(raw.includes(Buffer.from(`"amount":${String(amount)}`))).to.equal(false);
      expect(raw.includes(Buffer.from(String(amount)))).to.equal(false);
      expect(raw.includes(salt)).to.equal(false);
      expect(raw.includes(Buffer.from(salt.toString('hex')))).to.equal(false);
      const tx = await ledger.getTransaction(committed.txId);
      expect([...tx.endorsers].sort()).to.deep.equal(plan.organizations);
    });

    it('reads the amount from each holder organisation\'s own peer, and refuses the organisations that hold no copy', async () => {
      const cert = json(await ledger.evaluate(id('taizhou-registrar'), 'Certificate:Get', [certificateId])) as { evidence: unknown[] };
      const index = String(cert.evidence.length - 1);
      for (const reader of ['taizhou-registrar', 'enterprise-a', 'appraiser', 'regulator', 'auditor']) {
        const answer = json(await ledger.evaluate(id(reader), 'Certificate:Valuation', [certificateId, index]));
        expect(answer, reader).to.deep.include({ amount, salt: salt.toString('hex'), commitment: commitment(salt, amount) });
      }
      for (const outsider of ['yancheng-registrar', 'bank-officer', 'exchange-operator']) {
        const err = await rejection(ledger.evaluate(id(outsider), 'Certificate:Valuation', [certificateId, index]));
        // refused before the copy is looked for (no existence probe), or for holding no copy
        expect((err as Error).message, outsider).to.match(/^FORBIDDEN: .*(may read a valuation|holds no copy)/);
      }
    });

    it('invalidates a valuation endorsed without any one planned organisation with ENDORSEMENT_POLICY_FAILURE', async function () {
      this.timeout(120_000);
      const before = (json(await ledger.evaluate(id('taizhou-registrar'), 'Certificate:Get', [certificateId])) as { evidence: unknown[] }).evidence.length;
      for (const left of plan.organizations) {
        const endorsers = plan.organizations.filter((o) => o !== left);
        const err = await rejection(ledger.submit(id('appraiser'), 'Certificate:AddEvidence', valuation(), { transient, endorsingOrganizations: endorsers }));
        expect(err, `without ${left}`).to.be.instanceOf(CommitError);
        expect((err as CommitError).validationCode, `without ${left}`).to.equal('ENDORSEMENT_POLICY_FAILURE');
      }
      const after = (json(await ledger.evaluate(id('taizhou-registrar'), 'Certificate:Get', [certificateId])) as { evidence: unknown[] }).evidence.length;
      expect(after).to.equal(before);
    });
  });
}
