import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ChaincodeError } from '../../../chaincode/src/errors';
import { DEFAULT_TIME_WINDOW_SECONDS, parseTimeWindowSeconds, proposalTimeRefusal } from '../../../chaincode/src/time-window';
import { REPO_ROOT } from '../../support/test-network';

const T = Date.parse('2031-03-01T09:00:00.000Z');

describe('the endorser time window rule (time-window.ts)', () => {
  it('accepts a proposal up to the window away on either side, the edge included', () => {
    expect(proposalTimeRefusal(T, T, 300)).to.equal(undefined);
    expect(proposalTimeRefusal(T - 300_000, T, 300)).to.equal(undefined);
    expect(proposalTimeRefusal(T + 300_000, T, 300)).to.equal(undefined);
  });

  it('refuses a proposal one millisecond beyond the window, behind or ahead, with PROPOSAL_TIME_OUT_OF_WINDOW naming both times and the window', () => {
    const behind = proposalTimeRefusal(T - 300_001, T, 300);
    expect(behind).to.be.instanceOf(ChaincodeError);
    expect(behind!.code).to.equal('PROPOSAL_TIME_OUT_OF_WINDOW');
    expect(behind!.detail).to.equal(
      "the proposal time 2031-03-01T08:54:59.999Z is 300.001 s behind this endorser's clock 2031-03-01T09:00:00.000Z; endorsers accept proposals stamped within 300 s of their own time (DAL_TIME_WINDOW_SECONDS)",
    );
    expect(proposalTimeRefusal(T + 3_600_000, T, 300)!.detail).to.match(/^the proposal time 2031-03-01T10:00:00\.000Z is 3600 s ahead of this endorser's clock 2031-03-01T09:00:00\.000Z;/);
  });

  it('reads the window from DAL_TIME_WINDOW_SECONDS: 300 seconds when unset, any whole number from 1 to 86400, nothing else', () => {
    expect(parseTimeWindowSeconds(undefined)).to.equal(DEFAULT_TIME_WINDOW_SECONDS).and.equal(300);
    expect(parseTimeWindowSeconds('')).to.equal(300);
    expect(parseTimeWindowSeconds('1')).to.equal(1);
    expect(parseTimeWindowSeconds(' 86400 ')).to.equal(86_400);
    for (const bad of ['0', '-5', '86401', '1e3', '2.5', 'off', 'Infinity']) {
      expect(() => parseTimeWindowSeconds(bad), bad).to.throw(RangeError, `DAL_TIME_WINDOW_SECONDS must be a whole number of seconds from 1 to 86400 (default 300); got '${bad}'`);
    }
  });

  it('is the only chaincode source that reads the local clock or the environment, and none draws randomness', () => {
    const root = join(REPO_ROOT, 'chaincode', 'src');
    const sources = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
      });
    const clockOrEnvironment = /Date\.now|new Date\(\s*\)|(?<!new )\bDate\(\s*\)|performance\.now|process\.hrtime|process\.env|Math\.random|randomUUID|randomBytes|getRandomValues/;
    const readers = sources(root).filter((path) => clockOrEnvironment.test(readFileSync(path, 'utf8'))).map((path) => relative(root, path));
    expect(readers).to.deep.equal(['time-window.ts']);
    // The embedded network shifts a chaincode container's clock through Date.now alone (chaincode-worker.ts).
    const windowSource = readFileSync(join(root, 'time-window.ts'), 'utf8');
    expect(windowSource).to.match(/Date\.now\(\)/);
    expect(windowSource).to.not.match(/new Date\(\s*\)|(?<!new )\bDate\(\s*\)|performance\.now/);
  });
});
