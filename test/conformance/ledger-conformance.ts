/**
 * The Ledger conformance suite, written once against the Ledger interface and run for every
 * backend: the embedded network in the normal suite (embedded.test.ts), real Fabric in the
 * live leg (test/fabric/conformance.live.ts). What the gateway relies on is stated here, so a
 * backend that differs fails the same sentence the other one passes.
 *
 * It drives the `dal` chaincode as a client would: an enterprise applies for a certificate,
 * a registrar reviews it; nothing here knows which backend is underneath.
 */
import { expect } from 'chai';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { common } from '@hyperledger/fabric-protos';
import { loadConsortium } from '../../network/src/consortium';
import { DuplicateTransactionError, EndorsementError, LedgerNotFoundError, UnknownIdentityError } from '../../gateway/src/ledger/errors';
import type { Ledger, LedgerEvent, LedgerIdentity } from '../../gateway/src/ledger/ledger';

/** What a backend leg hands the suite: an opened ledger with the consortium's demo identities enrolled and the chaincode initialised. */
export interface ConformanceTarget {
  readonly ledger: Ledger;
  /** Demo identities by name (network/consortium.json `demoIdentities`). */
  readonly identities: Readonly<Record<string, LedgerIdentity>>;
  close(): Promise<void>;
}

/** The application body `Certificate:Apply` takes (chaincode/README.md), unique per call: the ledger refuses a duplicate fingerprint. */
export function applicationBody(holderEntity: string, registry: string): string {
  return JSON.stringify({
    registry,
    assetType: 'resource',
    name: 'Conformance dataset (一致性测试数据集)',
    source: 'enterprise',
    category: 'manufacturing',
    grade: 'general',
    containsPersonalInfo: false,
    fingerprint: createHash('sha256').update(randomUUID()).digest('hex'),
    rights: ['holding', 'processing', 'operating'].map((type) => ({ type, holder: holderEntity })),
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection, but it resolved'),
    (err: unknown) => err,
  );
}

/** Polls until `done()` or the deadline; events arrive asynchronously after commit on both backends. */
async function until(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

export function defineLedgerConformance(name: string, open: () => Promise<ConformanceTarget>, options: { readonly eventTimeoutMs?: number } = {}): void {
  const consortium = loadConsortium();
  const holder = consortium.demoIdentities.find((d) => d.name === 'enterprise-a');
  if (!holder?.entity) throw new Error('network/consortium.json has no demo identity enterprise-a with an entity');
  const eventTimeoutMs = options.eventTimeoutMs ?? 10_000;
  const regulatorMspId = consortium.organizations.find((o) => o.type === 'regulator')?.mspId;
  if (!regulatorMspId) throw new Error('network/consortium.json has no regulator organisation');
  /**
   * Apply names no endorsers of its own: under OutOf(2, …) any two organisations may endorse it
   * (fabric-network's discovery picks a layout at random). The suite names two, so that what it
   * reads back about the endorsers is known, not luck.
   */
  const applyEndorsers = [holder.mspId, regulatorMspId];

  describe(`Ledger conformance: ${name}`, function () {
    let target: ConformanceTarget | undefined;
    /** One application submitted in `before`, which most cases read back. */
    let applied: { txId: string; blockNumber: number; payload: Uint8Array };
    let ledger: Ledger;
    let enterprise: LedgerIdentity;

    before(async function () {
      target = await open();
      ledger = target.ledger;
      const id = target.identities['enterprise-a'];
      if (!id) throw new Error('the backend leg did not provide demo identity enterprise-a');
      enterprise = id;
      applied = await ledger.submit(enterprise, 'Certificate:Apply', [applicationBody(holder.entity!, holder.mspId)], { endorsingOrganizations: applyEndorsers });
    });

    after(async () => {
      await target?.close();
    });

    it('resolves submit with the txId and block number only once the transaction is committed VALID', async () => {
      expect(applied.txId).to.match(/^[0-9a-f]{64}$/);
      expect(Number.isSafeInteger(applied.blockNumber)).to.equal(true);
      expect(applied.blockNumber).to.be.lessThan(await ledger.height());
      const block = await ledger.getBlock(applied.blockNumber);
      expect(block.transactions).to.deep.include({ txId: applied.txId, validationCode: 'VALID' });
      const record = JSON.parse(Buffer.from(applied.payload).toString('utf8')) as { status: string };
      expect(record.status).to.equal('applied');
    });

    it('evaluates a query on a peer without ordering anything: the height stays the same', async () => {
      const id = (JSON.parse(Buffer.from(applied.payload).toString('utf8')) as { id: string }).id;
      const before = await ledger.height();
      const answer = JSON.parse(Buffer.from(await ledger.evaluate(enterprise, 'Certificate:Get', [id])).toString('utf8')) as { id: string };
      expect(answer.id).to.equal(id);
      // an evaluated Apply would write if it were ordered: it must not be
      await ledger.evaluate(enterprise, 'Certificate:Apply', [applicationBody(holder.entity!, holder.mspId)]);
      await new Promise((r) => setTimeout(r, 200));
      expect(await ledger.height()).to.equal(before);
    });

    it('rejects a proposal the chaincode refuses with EndorsementError carrying the chaincode\'s `CODE: detail` message', async () => {
      const err = await rejection(ledger.submit(enterprise, 'Certificate:Issue', ['321200-2026-999999']));
      expect(err).to.be.instanceOf(EndorsementError);
      expect((err as Error).message).to.match(/^(NOT_FOUND|FORBIDDEN): \S/);
      const auditor = target!.identities['auditor']!;
      const forbidden = await rejection(ledger.submit(auditor, 'Certificate:Apply', [applicationBody(holder.entity!, holder.mspId)]));
      expect(forbidden).to.be.instanceOf(EndorsementError);
      expect((forbidden as Error).message).to.match(/^FORBIDDEN: \S/);
    });

    it('describes a committed transaction: VALID, its block and index, creator MSP, function, arguments and endorsers', async () => {
      const tx = await ledger.getTransaction(applied.txId);
      expect(tx).to.include({ txId: applied.txId, blockNumber: applied.blockNumber, validationCode: 'VALID', chaincodeName: ledger.chaincodeName, function: 'Certificate:Apply' });
      expect(tx.creator.mspId).to.equal(enterprise.mspId);
      expect(tx.creator.id).to.match(/^x509::.*CN=enterprise-a/);
      expect(tx.args).to.have.length(1);
      expect(JSON.parse(tx.args[0]!)).to.have.property('registry', holder.mspId);
      expect(tx.endorsers).to.have.members(applyEndorsers);
      expect(tx.writes.some((w) => w.namespace === ledger.chaincodeName && !w.isDelete)).to.equal(true);
      expect(tx.event?.name).to.equal('CertificateApplied');
      expect(Date.parse(tx.timestamp)).to.be.within(Date.now() - 3_600_000, Date.now() + 60_000);
      const block = await ledger.getBlock(applied.blockNumber);
      expect(block.transactions[tx.txIndex]?.txId).to.equal(applied.txId);
    });

    it('chains blocks: each block\'s header hash is the next block\'s previous hash, and the genesis block has none', async () => {
      const n = applied.blockNumber;
      const [previous, current] = [await ledger.getBlock(n - 1), await ledger.getBlock(n)];
      expect(current.number).to.equal(n);
      expect(current.previousHash).to.equal(previous.headerHash);
      expect(current.headerHash).to.match(/^[0-9a-f]{64}$/);
      expect((await ledger.getBlock(0)).previousHash).to.equal('');
      if (n + 1 < (await ledger.height())) expect((await ledger.getBlock(n + 1)).previousHash).to.equal(current.headerHash);
    });

    it('returns the raw block as a serialized common.Block that matches getBlock', async () => {
      const raw = await ledger.getRawBlock(applied.blockNumber);
      const block = common.Block.deserializeBinary(raw);
      const info = await ledger.getBlock(applied.blockNumber);
      expect(block.getHeader()!.getNumber()).to.equal(applied.blockNumber);
      expect(Buffer.from(block.getHeader()!.getDataHash_asU8()).toString('hex')).to.equal(info.dataHash);
      expect(block.getData()!.getDataList().length).to.equal(info.transactions.length);
    });

    it('delivers the chaincode event of a committed transaction to a listener exactly once', async () => {
      const seen: LedgerEvent[] = [];
      const off = ledger.onEvent((e) => seen.push(e));
      try {
        // give a remote listener time to register before the transaction is ordered
        await new Promise((r) => setTimeout(r, ledger.backend === 'embedded' ? 0 : 2_000));
        const r = await ledger.submit(enterprise, 'Certificate:Apply', [applicationBody(holder.entity!, holder.mspId)]);
        const mine = (): LedgerEvent[] => seen.filter((e) => e.txId === r.txId);
        await until(() => mine().length > 0, eventTimeoutMs);
        await new Promise((r) => setTimeout(r, 300)); // a duplicate delivery would arrive now
        expect(mine()).to.have.length(1);
        expect(mine()[0]).to.include({ blockNumber: r.blockNumber, chaincodeName: ledger.chaincodeName, eventName: 'CertificateApplied' });
        expect(JSON.parse(Buffer.from(mine()[0]!.payload).toString('utf8'))).to.have.property('status', 'applied');
      } finally {
        off();
      }
    });

    it('replays events from a start block to a new listener', async () => {
      const seen: LedgerEvent[] = [];
      const off = ledger.onEvent((e) => seen.push(e), { startBlock: applied.blockNumber });
      try {
        await until(() => seen.some((e) => e.txId === applied.txId), eventTimeoutMs);
        expect(seen.filter((e) => e.txId === applied.txId)).to.have.length(1);
      } finally {
        off();
      }
    });

    it('names the root CA of every peer organisation and of the ordering organisation as trust roots', async () => {
      const roots = await ledger.trustRoots();
      const expected = [...consortium.organizations.map((o) => o.mspId), consortium.ordering.mspId];
      expect(Object.keys(roots)).to.have.members(expected);
      for (const mspId of expected) expect(roots[mspId]).to.match(/^-----BEGIN CERTIFICATE-----/);
    });

    it('repeats the txId for a repeated nonce and refuses the copy of a committed transaction with DuplicateTransactionError', async () => {
      const nonce = randomBytes(24);
      const body = applicationBody(holder.entity!, holder.mspId);
      const first = await ledger.submit(enterprise, 'Certificate:Apply', [body], { nonce });
      const height = await ledger.height();
      const err = await rejection(ledger.submit(enterprise, 'Certificate:Apply', [body], { nonce }));
      expect(err).to.be.instanceOf(DuplicateTransactionError);
      expect((err as DuplicateTransactionError).txId).to.equal(first.txId);
      expect(await ledger.height()).to.equal(height);
      expect((await ledger.getTransactionResult(first.txId)).validationCode).to.equal('VALID');
    });

    it('answers a block beyond the height and an unknown transaction with LedgerNotFoundError', async () => {
      const height = await ledger.height();
      expect(await rejection(ledger.getBlock(height + 1000))).to.be.instanceOf(LedgerNotFoundError);
      expect(await rejection(ledger.getRawBlock(height + 1000))).to.be.instanceOf(LedgerNotFoundError);
      expect(await rejection(ledger.getTransaction('0'.repeat(64)))).to.be.instanceOf(LedgerNotFoundError);
    });

    it('refuses to sign as an identity it holds no key for with UnknownIdentityError', async () => {
      const stranger = { mspId: holder.mspId, enrollmentId: `nobody-${randomUUID()}` };
      expect(await rejection(ledger.submit(stranger, 'Certificate:Apply', [applicationBody(holder.entity!, holder.mspId)]))).to.be.instanceOf(UnknownIdentityError);
      expect(await rejection(ledger.evaluate(stranger, 'Consortium:Get', []))).to.be.instanceOf(UnknownIdentityError);
    });
  });
}
