import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGatewayProcess } from '../../scripts/lib/embedded-gateway';

describe('the benchmarks’ gateway process', function () {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dal-start-timeout-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('is killed, and its start fails with its output, when it never says it listens', async function () {
    const script = join(dir, 'never-listens.js');
    await writeFile(script, "console.log('pid ' + process.pid + ', opening the ledger');\nsetInterval(() => undefined, 1000);\n");
    const failure = await startGatewayProcess(join(dir, 'data'), { script, timeoutMs: 5000 }).then(
      () => undefined,
      (err: unknown) => err as Error,
    );
    expect(failure?.message).to.match(/did not listen within 5000 ms and was killed/);
    expect(failure?.message).to.match(/opening the ledger/);
    const pid = Number(/pid (\d+)/.exec(failure!.message)![1]);
    expect(() => process.kill(pid, 0)).to.throw(/ESRCH/);
  });
});
