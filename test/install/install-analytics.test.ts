/**
 * `npm install` must not phone home. swagger-ui-dist depends on @scarf/scarf, whose
 * postinstall script reports the install to scarf.sh unless the root package opts out. This
 * runs that script exactly as npm runs it for this project (INIT_CWD = the repository root),
 * with none of the environment opt-outs set and its endpoint pointed at a local server, and
 * asserts that scarf itself decides the user opted out and sends nothing.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/test-network';

const SCARF_REPORT = join(REPO_ROOT, 'node_modules', '@scarf', 'scarf', 'report.js');

describe('npm install runs no install-time analytics', function () {
  this.timeout(30_000);

  it('opts out of @scarf/scarf in package.json with its documented setting', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scarfSettings?: { enabled?: unknown } };
    expect(pkg.scarfSettings?.enabled).to.equal(false);
  });

  it("scarf's own postinstall reads the opt-out and reports nothing", async () => {
    const received: string[] = [];
    const server = createServer((req, res) => {
      received.push(`${req.method ?? ''} ${req.url ?? ''}`);
      res.end();
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        INIT_CWD: REPO_ROOT,
        SCARF_VERBOSE: 'true',
        SCARF_LOCAL_PORT: String((server.address() as AddressInfo).port),
      };
      for (const optOut of ['SCARF_ANALYTICS', 'SCARF_NO_ANALYTICS', 'DO_NOT_TRACK', 'SCARF_API_TOKEN']) delete env[optOut];
      const output = await new Promise<string>((resolve, reject) => {
        execFile(process.execPath, [SCARF_REPORT], { cwd: join(REPO_ROOT, 'node_modules', '@scarf', 'scarf'), env, timeout: 20_000 }, (err, stdout, stderr) =>
          err ? reject(err) : resolve(stdout + stderr),
        );
      });
      expect(output).to.include('User has opted out');
      expect(received).to.deep.equal([]);
    } finally {
      server.close();
    }
  });
});
