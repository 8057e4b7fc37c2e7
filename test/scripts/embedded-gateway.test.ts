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

  describe('with GATEWAY_START_TIMEOUT_S', function () {
    const saved = process.env.GATEWAY_START_TIMEOUT_S;
    afterEach(() => {
      if (saved === undefined) delete process.env.GATEWAY_START_TIMEOUT_S;
      else process.env.GATEWAY_START_TIMEOUT_S = saved;
    });
    const listensSoon = async (): Promise<string> => {
      const script = join(dir, 'listens-soon.js');
      await writeFile(script, "setTimeout(() => console.log('listening on http://127.0.0.1:1'), 300);\nsetInterval(() => undefined, 1000);\n");
      return script;
    };

    it('empty, waits the default time as when it is unset (not 0 s, which killed the gateway at once)', async function () {
      process.env.GATEWAY_START_TIMEOUT_S = '';
      const gateway = await startGatewayProcess(join(dir, 'data'), { script: await listensSoon() });
      expect(gateway.url).to.equal('http://127.0.0.1:1');
      await gateway.stop();
    });

    it('not a positive number of seconds, refuses to start with a clear error', async function () {
      for (const value of ['soon', '0', '-5', 'Infinity']) {
        process.env.GATEWAY_START_TIMEOUT_S = value;
        const failure = await startGatewayProcess(join(dir, 'data'), { script: await listensSoon() }).then(
          () => undefined,
          (err: unknown) => err as Error,
        );
        expect(failure?.message, value).to.equal(`GATEWAY_START_TIMEOUT_S must be a positive number of seconds (at most 2147483), not '${value}'`);
      }
    });
  });
});
