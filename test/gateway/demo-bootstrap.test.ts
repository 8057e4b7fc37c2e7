import { expect } from 'chai';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConsortium } from '../../network/src/consortium';
import type { DemoCredentials } from '../../gateway/src/demo/bootstrap-demo';
import { DAL_CHAINCODE } from '../support/test-network';
import { startGateway, type TestGateway } from './support/start-gateway';

const API_MD_NAMES = [
  'taizhou-registrar',
  'yancheng-registrar',
  'huaian-registrar',
  'shanghai-registrar',
  'exchange-operator',
  'bank-officer',
  'regulator',
  'auditor',
  'appraiser',
  'enterprise-a',
  'enterprise-b',
  'data-group',
  'person-1',
];

async function me(gw: TestGateway, apiKey: string): Promise<Response> {
  return fetch(`${gw.url}/api/v1/me`, { headers: { authorization: `Bearer ${apiKey}` } });
}

describe('demo bootstrap', function () {
  let dataDir: string;
  let gw: TestGateway | undefined;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dal-gateway-demo-'));
  });
  afterEach(async () => {
    await gw?.close();
    gw = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes demo-credentials.json with mode 0600 and a working key for every demo identity of the consortium', async function () {
    gw = await startGateway({ dataDir });
    const file = join(dataDir, 'demo-credentials.json');
    expect((await stat(file)).mode & 0o777).to.equal(0o600);
    const credentials = JSON.parse(await readFile(file, 'utf8')) as DemoCredentials;
    expect(Object.keys(credentials)).to.include.members(API_MD_NAMES);
    for (const demo of loadConsortium().demoIdentities) {
      const credential = credentials[demo.name];
      expect(credential, demo.name).to.include({ mspId: demo.mspId, enrollmentId: demo.enrollmentId });
      expect(credential?.roles).to.deep.equal(demo.roles);
      expect(credential?.entity).to.equal(demo.entity);
      const res = await me(gw, credential?.apiKey ?? '');
      expect(res.status, demo.name).to.equal(200);
      expect(await res.json()).to.include({ mspId: demo.mspId, enrollmentId: demo.enrollmentId });
    }
  });

  it('reuses the same credentials on a restart over the same data directory', async function () {
    gw = await startGateway({ dataDir });
    const first = await readFile(join(dataDir, 'demo-credentials.json'), 'utf8');
    const key = gw.apiKey('auditor');
    expect(gw.demo.created).to.equal(true);
    await gw.close();

    gw = await startGateway({ dataDir });
    expect(gw.demo.created).to.equal(false);
    expect(await readFile(join(dataDir, 'demo-credentials.json'), 'utf8')).to.equal(first);
    const res = await me(gw, key);
    expect(res.status).to.equal(200);
    expect(await res.json()).to.include({ mspId: 'JiangsuRegulatorMSP', enrollmentId: 'auditor' });
  });

  it('stores API keys only as hashes, in a file readable by the owner only', async function () {
    gw = await startGateway({ dataDir });
    const file = join(dataDir, 'api-keys.json');
    expect((await stat(file)).mode & 0o777).to.equal(0o600);
    const stored = await readFile(file, 'utf8');
    for (const { apiKey } of Object.values(gw.demo.credentials)) {
      const secret = /^dal_[0-9a-f]{16}_([A-Za-z0-9_-]{43})$/.exec(apiKey)?.[1] ?? '';
      expect(secret, apiKey).to.have.length(43);
      expect(stored).to.not.include(apiKey);
      expect(stored).to.not.include(secret);
    }
    expect(stored).to.match(/"sha256": "[0-9a-f]{64}"/);
  });

  it('initialises the dal chaincode with the consortium definition as consortium-admin on first start', async function () {
    gw = await startGateway({ dataDir, chaincode: DAL_CHAINCODE });
    const consortium = loadConsortium();
    const stored = (await gw.net.evaluate('auditor', 'Consortium:Get')) as { organizations: { mspId: string }[]; configuredBy: { mspId: string } };
    expect(stored.organizations.map((o) => o.mspId)).to.have.members(consortium.organizations.map((o) => o.mspId));
    expect(stored.configuredBy.mspId).to.equal('JiangsuRegulatorMSP');
    expect(gw.logLines.filter((l) => l.startsWith('WARN'))).to.deep.equal([]);
  });

  it('starts with a warning when the chaincode has no Consortium:Init, and does not try again on restart', async function () {
    gw = await startGateway({ dataDir });
    const warnings = gw.logLines.filter((l) => l.startsWith('WARN') && l.includes('Consortium:Init'));
    expect(warnings).to.have.length(1);
    await gw.close();
    gw = await startGateway({ dataDir });
    expect(gw.logLines.filter((l) => l.includes('Consortium:Init'))).to.deep.equal([]);
  });

  it('issues a key for a demo identity whose key the key store no longer knows', async function () {
    gw = await startGateway({ dataDir });
    const before = gw.demo.credentials;
    await gw.close();
    await rm(join(dataDir, 'api-keys.json'));
    gw = await startGateway({ dataDir });
    expect(gw.demo.created).to.equal(false);
    expect(gw.apiKey('enterprise-a')).to.not.equal(before['enterprise-a']?.apiKey);
    expect((await me(gw, before['enterprise-a']?.apiKey ?? '')).status).to.equal(401);
    expect((await me(gw, gw.apiKey('enterprise-a'))).status).to.equal(200);
  });
});
