/**
 * The access log names who asked — enrolment id, MSP id and API key id — and never the key.
 */
import { expect } from 'chai';
import { startGateway, type TestGateway } from './support/start-gateway';

describe('the access log', function () {
  let gw: TestGateway;
  before(async () => {
    gw = await startGateway();
  });
  after(async () => {
    await gw.close();
  });

  const accessLines = (path: string): string[] => gw.logLines.filter((line) => line.startsWith(`INFO access GET ${path} `));
  const afterAnswer = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));

  it('names the user and the id of the API key used, never the key', async function () {
    const key = gw.apiKey('taizhou-registrar');
    const [, keyId, secret] = /^dal_([0-9a-f]{16})_(.+)$/.exec(key) ?? [];
    expect((await fetch(`${gw.url}/api/v1/me`, { headers: { authorization: `Bearer ${key}` } })).status).to.equal(200);
    await afterAnswer();
    const line = accessLines('/api/v1/me').at(-1) ?? '';
    expect(line).to.match(/ 200 \d+ms /);
    expect(line).to.include('user=taizhou-registrar@TaizhouRegistryMSP').and.include(`key=${keyId}`);
    expect(gw.logLines.join('\n')).not.to.include(secret).and.not.to.include(key);
  });

  it('logs a refused key by its id with no user, and a request without one as such', async function () {
    const unknown = `dal_0123456789abcdef_${'A'.repeat(43)}`;
    expect((await fetch(`${gw.url}/api/v1/me`, { headers: { authorization: `Bearer ${unknown}` } })).status).to.equal(401);
    expect((await fetch(`${gw.url}/api/v1/health`)).status).to.equal(200);
    await afterAnswer();
    expect(accessLines('/api/v1/me').at(-1)).to.match(/ 401 \d+ms user=- key=0123456789abcdef$/);
    expect(accessLines('/api/v1/health').at(-1)).to.match(/ 200 \d+ms user=- key=-$/);
    expect(gw.logLines.join('\n')).not.to.include('A'.repeat(43));
  });
});
