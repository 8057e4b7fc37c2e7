import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedCertificates, type SeedRegistry } from '../../scripts/lib/seed-certificates';
import { apiClient } from '../gateway/support/api-client';
import { startGateway, type TestGateway } from '../gateway/support/start-gateway';
import { DAL_CHAINCODE } from '../support/test-network';

describe('the certificate seeder of bench:scale', function () {
  let dataDir: string;
  let gw: TestGateway | undefined;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dal-seed-certificates-'));
  });
  afterEach(async () => {
    await gw?.close();
    gw = undefined;
  });
  after(async () => rm(dataDir, { recursive: true, force: true }));

  it('issues certificates into a stopped gateway’s data directory that the restarted gateway lists, serials without gaps per registry', async function () {
    gw = await startGateway({ chaincode: DAL_CHAINCODE, dataDir });
    const credential = (name: string): { apiKey: string; entity: string } => {
      const c = gw!.demo.credentials[name]!;
      return { apiKey: c.apiKey, entity: c.entity! };
    };
    const registries: SeedRegistry[] = [
      { mspId: 'TaizhouRegistryMSP', registrar: credential('taizhou-registrar').apiKey, holders: [credential('enterprise-a'), credential('data-group')] },
      { mspId: 'YanchengRegistryMSP', registrar: credential('yancheng-registrar').apiKey, holders: [credential('enterprise-b')] },
    ];
    await gw.close();
    gw = undefined;

    const ids: string[] = [];
    const seeded = await seedCertificates({ dataDir, registries, from: 0, certificates: 6, inFlight: 6, onIssued: (id) => ids.push(id) });
    expect(seeded, seeded.firstError).to.include({ issued: 6, failed: 0 });

    gw = await startGateway({ chaincode: DAL_CHAINCODE, dataDir });
    const listed = (await apiClient(gw).ok('regulator', 'GET', '/certificates?limit=50')).items as Array<{
      id: string;
      status: string;
      registry: string;
      rights: Array<{ holder: string }>;
    }>;
    expect(listed.map((c) => c.id).sort()).to.deep.equal([...ids].sort());
    expect(listed.every((c) => c.status === 'issued')).to.equal(true);
    for (const registry of registries) {
      const serials = listed
        .filter((c) => c.registry === registry.mspId)
        .map((c) => Number(c.id.split('-').pop()))
        .sort((a, b) => a - b);
      expect(serials, registry.mspId).to.deep.equal([1, 2, 3]);
    }
    // spread as bench:scale spreads them: Taizhou's three between its two holders
    const taizhouHolders = new Set(listed.filter((c) => c.registry === 'TaizhouRegistryMSP').map((c) => c.rights[0]!.holder));
    expect(taizhouHolders.size).to.equal(2);
  });
});
