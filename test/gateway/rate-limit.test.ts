/**
 * The per-API-key rate limit: a key that spends its burst is refused 429 with Retry-After and a
 * problem, before anything is read or written; other keys are not affected; tokens come back at
 * the configured rate.
 */
import { expect } from 'chai';
import { createRateLimiter } from '../../gateway/src/http/rate-limit';
import { RateLimitedError } from '../../gateway/src/http/errors';
import { DAL_CHAINCODE } from '../support/test-network';
import { startGateway, type TestGateway } from './support/start-gateway';
import { apiClient, application, expectProblem, type ApiClient } from './support/api-client';

describe('the per-key rate limit', function () {
  let gw: TestGateway;
  let api: ApiClient;
  before(async () => {
    // one a minute: no token comes back during the test
    gw = await startGateway({ chaincode: DAL_CHAINCODE, env: { DAL_RATE_LIMIT: '1', DAL_RATE_LIMIT_BURST: '3' } });
    api = apiClient(gw);
  });
  after(async () => gw?.close());

  it('answers 429 with Retry-After once a key has spent its burst, writes nothing, and leaves other keys alone', async function () {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await api.call('enterprise-a', 'GET', '/me')).status);
    expect(statuses).to.deep.equal([200, 200, 200]);
    const height = await gw.net.ledger.height();
    const refused = await api.call('enterprise-a', 'POST', '/certificates', application());
    const detail = expectProblem(refused, 429, 'rate_limited');
    expect(detail).to.match(/1 requests a minute \(bursts of 3\)/);
    expect(Number(refused.headers.get('retry-after'))).to.be.within(1, 60);
    expect(await gw.net.ledger.height()).to.equal(height);
    expect((await api.call('enterprise-b', 'GET', '/me')).status).to.equal(200);
    // public routes carry no key and are not limited by it
    expect((await api.call(null, 'GET', '/health')).status).to.equal(200);
  });

  it('gives a token back every 60/rate seconds, up to the burst', function () {
    let now = 0;
    const take = createRateLimiter({ perMinute: 120, burst: 2 }, () => now);
    take('k');
    take('k');
    expect(() => take('k')).to.throw(RateLimitedError);
    now = 499;
    expect(() => take('k')).to.throw(RateLimitedError);
    now = 500;
    take('k');
    now = 60_000;
    take('k');
    take('k');
    try {
      take('k');
      expect.fail('a third request at once passed');
    } catch (err) {
      expect((err as RateLimitedError).status).to.equal(429);
      expect((err as RateLimitedError).headers).to.deep.equal({ 'Retry-After': '1' });
    }
    take('other key');
  });

  it('is off when DAL_RATE_LIMIT is 0', function () {
    const take = createRateLimiter({ perMinute: 0, burst: 1 }, () => 0);
    for (let i = 0; i < 1000; i++) take('k');
  });
});
