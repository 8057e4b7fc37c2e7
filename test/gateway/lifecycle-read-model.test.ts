/**
 * The lifecycle read model survives stops and crashes: whatever block it stopped at, or was
 * killed in, a restart resumes after its checkpoint and ends with exactly the entries of an
 * uninterrupted run — none lost, none twice — and a rebuild from block 0 gives them again.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLifecycleReadModel } from '../../gateway/src/lifecycle/read-model';
import { openLifecycleDb } from '../../gateway/src/lifecycle/lifecycle-store';
import { issueCertificate } from '../support/certificates';
import { freeLicenceBody, usageBody } from '../support/grant-bodies';
import { listingBody } from '../support/market';
import { DAL_CHAINCODE, REPO_ROOT, startTestNetwork, type TestNetwork } from '../support/test-network';
import { application } from '../chaincode/certificate-flows';

const CHILD = join(REPO_ROOT, 'build', 'test', 'fixtures', 'lifecycle-child.js');

/** Every key and value of a read model's database, in key order. */
async function dump(directory: string): Promise<[string, unknown][]> {
  const db = await openLifecycleDb(directory);
  try {
    return await db.iterator().all();
  } finally {
    await db.close();
  }
}

describe('lifecycle read model: checkpoints, resumption and rebuild', function () {
  this.timeout(600_000);
  let net: TestNetwork;
  let scratch: string;
  let height: number;
  let uninterrupted: [string, unknown][];

  before(async function () {
    scratch = await mkdtemp(join(tmpdir(), 'dal-lifecycle-'));
    // a data directory of our own, so that closing the network (for the crash test's child) keeps the ledger
    net = await startTestNetwork({ dataDir: join(scratch, 'ledger') });
    const source = await issueCertificate(net);
    const product = (await net.submit('enterprise-a', 'Certificate:Apply', application({ assetType: 'product', parents: [source.id] }))).result;
    await net.submit('taizhou-registrar', 'Certificate:Review', product.id, JSON.stringify({ decision: 'approve', publicityDays: 0 }));
    const grant = (await net.submit('enterprise-a', 'Grant:Create', JSON.stringify(freeLicenceBody(source.id)))).result;
    // uses committed concurrently, so blocks hold several transactions of one certificate
    await Promise.all(Array.from({ length: 12 }, (_, i) => net.submit('enterprise-b', 'Grant:RecordUsage', grant.id, JSON.stringify(usageBody('credit-scoring', i + 1)))));
    await net.submit('enterprise-a', 'Market:CreateListing', listingBody(source.id));
    for (let i = 0; i < 3; i++) await net.submit('taizhou-registrar', 'Certificate:Change', source.id, JSON.stringify({ description: `v${i + 2}`, reason: 'update' }));
    height = await net.ledger.height();

    const model = createLifecycleReadModel({ ledger: net.ledger, directory: join(scratch, 'uninterrupted') });
    await model.waitFor(height - 1, 60_000);
    await model.close();
    uninterrupted = await dump(join(scratch, 'uninterrupted'));
    const entries = uninterrupted.filter(([key]) => key.startsWith(`e!${source.id}!`));
    expect(entries.length).to.be.greaterThan(20);
    expect(uninterrupted.find(([key]) => key === `g!${source.id}!${grant.id}`)?.[1]).to.include({ count: 12 });
  });

  after(async () => {
    await net?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('resumes after being stopped after any block and ends with the same entries, none lost or repeated', async function () {
    for (let stop = 0; stop < height - 1; stop++) {
      const directory = join(scratch, `stopped-${stop}`);
      const first = createLifecycleReadModel({ ledger: net.ledger, directory, stopAfterBlock: stop });
      await first.waitFor(stop, 60_000);
      await first.close();
      expect((await dump(directory)).find(([key]) => key === 'meta!checkpoint')?.[1], `checkpoint after stopping at ${stop}`).to.equal(stop);
      const second = createLifecycleReadModel({ ledger: net.ledger, directory });
      await second.waitFor(height - 1, 60_000);
      await second.close();
      expect(await dump(directory), `stopped after block ${stop}`).to.deep.equal(uninterrupted);
    }
  });

  it('rebuilds from block 0 on demand to the same entries', async function () {
    const directory = join(scratch, 'stopped-3');
    const model = createLifecycleReadModel({ ledger: net.ledger, directory });
    await model.rebuild();
    expect(await model.checkpoint()).to.equal(height - 1);
    await model.close();
    expect(await dump(directory)).to.deep.equal(uninterrupted);
  });

  it('loses and repeats nothing when its process is killed (SIGKILL) at random moments while it records blocks', async function () {
    const directory = join(scratch, 'killed');
    await net.close(); // the child opens the ledger (LevelDB allows one process)
    try {
      for (let round = 0; round < 3; round++) {
        // killed as soon as it reports a block chosen at random: mid-way through the next one, or its batch
        const lines = await runChild(directory, Math.floor(Math.random() * (height - 2)));
        expect(lines, `round ${round}`).to.not.include('DONE');
      }
      const lines = await runChild(directory, undefined);
      expect(lines).to.include('DONE');
      expect(await dump(directory)).to.deep.equal(uninterrupted);
    } finally {
      net = await startTestNetwork({ dataDir: net.dataDir });
    }
  });

  /** Runs the child; kills it once it reports block `killAfter` (undefined: lets it finish). Its output lines. */
  async function runChild(directory: string, killAfter: number | undefined): Promise<string[]> {
    const child = spawn(process.execPath, [CHILD, net.dataDir, DAL_CHAINCODE, directory], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        lines.push(line);
        if (line === `BLOCK ${killAfter}`) child.kill('SIGKILL');
      }
    });
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
    if (signal !== 'SIGKILL' && code !== 0) throw new Error(`lifecycle-child exited ${code}: ${stderr}`);
    return lines;
  }
});
