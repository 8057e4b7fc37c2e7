/**
 * The append-only journal of writes in the data directory: one JSON line per authenticated
 * write naming the key id (never the key), the identity, the route, the status and the txId of
 * a committed write; reads are not in it; an existing journal is appended to, never rewritten.
 */
import { expect } from 'chai';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWriteJournal, WRITE_JOURNAL_FILE } from '../../gateway/src/http/write-journal';
import { DAL_CHAINCODE } from '../support/test-network';
import { startGateway, type TestGateway } from './support/start-gateway';
import { apiClient, application, type ApiClient } from './support/api-client';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('the write journal', function () {
  let gw: TestGateway;
  let api: ApiClient;
  const file = (): string => join(gw.config.dataDir, WRITE_JOURNAL_FILE);
  const lines = async (): Promise<Json[]> => {
    await gw.writeJournal.flush();
    return (await readFile(file(), 'utf8'))
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Json);
  };
  before(async () => {
    gw = await startGateway({ chaincode: DAL_CHAINCODE });
    api = apiClient(gw);
  });
  after(async () => gw?.close());

  it("records a committed write with its txId, the key's id, the identity and the route, and never the key", async function () {
    const key = gw.apiKey('enterprise-a');
    const [, keyId, secret] = /^dal_([0-9a-f]{16})_(.+)$/.exec(key) ?? [];
    const applied = await api.ok('enterprise-a', 'POST', '/certificates', application());
    await api.ok('enterprise-a', 'GET', `/certificates/${applied.id}`);
    const entry = (await lines()).find((l) => l.txId === applied.txId);
    expect(entry).to.include({ keyId, method: 'POST', route: '/api/v1/certificates', operationId: 'applyForCertificate', path: '/api/v1/certificates', status: 201 });
    expect(entry?.identity).to.deep.equal({ enrollmentId: 'enterprise-a', mspId: 'TaizhouRegistryMSP' });
    expect(Date.parse(entry?.time as string)).to.be.closeTo(Date.now(), 60_000);
    const text = await readFile(file(), 'utf8');
    expect(text).not.to.include(secret).and.not.to.include(key);
    expect((await lines()).filter((l) => l.method === 'GET')).to.deep.equal([]);
    expect((await stat(file())).mode & 0o777).to.equal(0o600);
  });

  it('records a refused write with its status and no txId', async function () {
    const refused = await api.call('enterprise-b', 'POST', '/certificates/321200-2026-000999/issue');
    expect(refused.status).to.equal(404);
    const entry = (await lines()).at(-1);
    expect(entry).to.include({ route: '/api/v1/certificates/:id/issue', path: '/api/v1/certificates/321200-2026-000999/issue', status: 404 });
    expect(entry).not.to.have.property('txId');
    expect(entry?.identity).to.deep.equal({ enrollmentId: 'enterprise-b', mspId: 'YanchengRegistryMSP' });
  });

  it('appends to the journal it finds, keeping every line already there', async function () {
    const dir = await mkdtemp(join(tmpdir(), 'dal-journal-'));
    try {
      const path = join(dir, WRITE_JOURNAL_FILE);
      await writeFile(path, '{"earlier":true}\n');
      const journal = openWriteJournal(path);
      const res = { once: (_: string, f: () => void) => f(), headersSent: true, statusCode: 201 } as never;
      journal.watch(res, { caller: { mspId: 'M', enrollmentId: 'e', roles: [] }, keyId: '0123456789abcdef', method: 'POST', route: '/r', operationId: 'op', path: '/r' });
      await journal.close();
      const text = (await readFile(path, 'utf8')).split('\n');
      expect(text[0]).to.equal('{"earlier":true}');
      expect(JSON.parse(text[1]!)).to.include({ keyId: '0123456789abcdef', status: 201 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
