/**
 * A gateway serving one organisation (DAL_ORG) over the embedded network: it issues and
 * honours API keys of its own organisation's identities only, leaves every other decision to
 * the chaincode, and answers public verification like any gateway.
 */
import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ForeignKeyIdentityError } from '../../gateway/src/auth/api-key-store';
import type { DemoCredentials } from '../../gateway/src/demo/bootstrap-demo';
import { DAL_CHAINCODE } from '../support/test-network';
import { apiClient, application, expectProblem, issueViaApi, ENTERPRISE_B, YANCHENG } from './support/api-client';
import { startGateway, type TestGateway } from './support/start-gateway';

const TAIZHOU_NAMES = ['data-group', 'enterprise-a', 'person-1', 'taizhou-registrar'];

describe('a gateway serving one organisation (DAL_ORG)', function () {
  let dataDir: string;
  let gw: TestGateway | undefined;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dal-gateway-org-'));
  });
  afterEach(async () => {
    await gw?.close();
    gw = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  const startTaizhou = (): Promise<TestGateway> => startGateway({ dataDir, chaincode: DAL_CHAINCODE, env: { DAL_ORG: 'TaizhouRegistryMSP' } });

  it("gives API keys to Taizhou's demo identities only, and refuses to issue one for another organisation's", async function () {
    gw = await startTaizhou();
    expect(Object.keys(gw.demo.credentials).sort()).to.deep.equal(TAIZHOU_NAMES);
    const file = JSON.parse(await readFile(join(dataDir, 'demo-credentials.json'), 'utf8')) as DemoCredentials;
    expect(Object.values(file).map((c) => c.mspId)).to.have.members(TAIZHOU_NAMES.map(() => 'TaizhouRegistryMSP'));
    const issuing = gw.keys.issue({ mspId: YANCHENG, enrollmentId: 'yancheng-registrar', roles: ['registrar'] });
    await issuing.then(
      () => expect.fail('a key for a Yancheng identity was issued'),
      (err: unknown) => {
        expect(err).to.be.instanceOf(ForeignKeyIdentityError);
        expect((err as Error).message).to.include('yancheng-registrar').and.include(YANCHENG).and.include('TaizhouRegistryMSP');
      },
    );
  });

  it('refuses with 401 a key of another organisation left in the data directory by an all-in-one run, and drops it from demo-credentials.json', async function () {
    gw = await startGateway({ dataDir, chaincode: DAL_CHAINCODE });
    const yanchengKey = gw.apiKey('yancheng-registrar');
    const taizhouKey = gw.apiKey('taizhou-registrar');
    await gw.close();
    gw = await startTaizhou();
    const me = (key: string): Promise<Response> => fetch(`${gw!.url}/api/v1/me`, { headers: { authorization: `Bearer ${key}` } });
    expect((await me(yanchengKey)).status).to.equal(401);
    expect((await me(taizhouKey)).status).to.equal(200);
    expect(Object.keys(gw.demo.credentials).sort()).to.deep.equal(TAIZHOU_NAMES);
    const file = JSON.parse(await readFile(join(dataDir, 'demo-credentials.json'), 'utf8')) as DemoCredentials;
    expect(Object.keys(file).sort()).to.deep.equal(TAIZHOU_NAMES);
  });

  it("leaves to the chaincode what its members may do: Taizhou's registrar may not review an application filed at Yancheng (403)", async function () {
    gw = await startTaizhou();
    const api = apiClient(gw);
    // filed through the network itself, as Yancheng's own gateway would
    const filed = await gw.net.submit(
      'enterprise-b',
      'Certificate:Apply',
      JSON.stringify(application({ registry: YANCHENG, rights: [{ type: 'holding', holder: ENTERPRISE_B }] })),
    );
    const res = await api.call('taizhou-registrar', 'POST', `/certificates/${filed.result.id}/review`, { decision: 'approve', publicityDays: 0 });
    expectProblem(res, 403, 'forbidden');
    expect(() => gw!.apiKey('yancheng-registrar')).to.throw('no demo credential');
  });

  it('answers public verification without a key, signed by a public verifier of its own organisation', async function () {
    gw = await startTaizhou();
    const api = apiClient(gw);
    const cert = await issueViaApi(api);
    const verification = await api.ok(null, 'GET', `/certificates/${cert.id}/verification`);
    expect(verification).to.include({ exists: true, valid: true });
    expect(await gw.net.ledger.network.signer('TaizhouRegistryMSP', 'public-verifier')).not.to.equal(undefined);
  });
});
