import { expect } from 'chai';
import { startGateway, type TestGateway } from './support/start-gateway';

describe('request bodies nested too deep', function () {
  let gw: TestGateway;
  before(async () => {
    gw = await startGateway();
  });
  after(async () => gw?.close());

  it('are refused with 400 naming the limit, and change nothing', async function () {
    let metadata = '{"leaf":true}';
    for (let i = 0; i < 5000; i++) metadata = `{"a":${metadata}}`;
    const height = await gw.net.ledger.height();
    const res = await fetch(`${gw.url}/api/v1/certificates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gw.apiKey('enterprise-a')}` },
      body: `{"registry":"TaizhouRegistryMSP","metadata":${metadata}}`,
    });
    expect(res.status).to.equal(400);
    expect(res.headers.get('content-type')).to.match(/application\/problem\+json/);
    expect(((await res.json()) as { detail: string }).detail).to.match(/nests deeper than 32 levels/);
    expect(await gw.net.ledger.height()).to.equal(height);
  });

  it('are accepted up to the limit', async function () {
    let body = '{"leaf":true}';
    for (let i = 0; i < 30; i++) body = `{"a":${body}}`;
    const res = await fetch(`${gw.url}/api/v1/me`, { method: 'GET', headers: { authorization: `Bearer ${gw.apiKey('enterprise-a')}` } });
    expect(res.status).to.equal(200);
    const echo = await fetch(`${gw.url}/api/v1/certificates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gw.apiKey('enterprise-a')}` },
      body,
    });
    // not nested too deep: the schema validator speaks next, naming a field
    expect(echo.status).to.equal(400);
    expect(((await echo.json()) as { detail: string }).detail).to.not.match(/nests deeper/);
  });
});
