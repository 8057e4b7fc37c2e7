import { expect } from 'chai';
import { startGateway, type TestGateway } from './support/start-gateway';
import { DAL_CHAINCODE } from '../support/test-network';
import { issueCertificate } from '../support/certificates';
import { commitTogether, prepare, TAIZHOU, YANCHENG } from '../support/flow';
import { buildBundleForTransaction } from '../../gateway/src/bundles/build-bundle';

describe('POST /verify and transactions invalidated at commit', function () {
  let gw: TestGateway;
  before(async () => {
    gw = await startGateway({ chaincode: DAL_CHAINCODE });
  });
  after(async () => gw?.close());

  it('fails committed-valid for a bundle that proves a transaction the peers invalidated', async function () {
    const cert = await issueCertificate(gw.net);
    const change = (name: string): string[] => ['Certificate:Change', cert.id, JSON.stringify({ reason: 'rename', name })];
    // two changes endorsed against the same state: the second cannot commit
    const first = await prepare(gw.net, 'taizhou-registrar', change('first name'), [TAIZHOU, YANCHENG]);
    const second = await prepare(gw.net, 'taizhou-registrar', change('forged name'), [TAIZHOU, YANCHENG]);
    const { codes } = await commitTogether(gw.net, [first, second]);
    expect(codes[0]).to.equal('VALID');
    expect(codes[1]).to.not.equal('VALID');

    const orgs = gw.net.consortium.organizations;
    const bundle = await buildBundleForTransaction(gw.net.ledger, second.txId, cert.id, (m) => orgs.find((o) => o.mspId === m));
    expect((bundle.credentialSubject as { name?: string }).name).to.equal('forged name');
    const res = await fetch(`${gw.url}/api/v1/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(bundle) });
    expect(res.status).to.equal(200);
    const body = (await res.json()) as { valid: boolean; proofValid: boolean; reason?: string; failedCheck?: string; checks: { name: string; ok: boolean; detail: string }[] };
    expect(body).to.include({ valid: false, proofValid: false, reason: 'proof-failed', failedCheck: 'committed-valid' });
    const failed = body.checks.filter((c) => !c.ok);
    expect(failed.map((c) => c.name)).to.deep.equal(['committed-valid']);
    expect(failed[0]!.detail).to.contain(codes[1]!);

    const good = await buildBundleForTransaction(gw.net.ledger, first.txId, cert.id, (m) => orgs.find((o) => o.mspId === m));
    const ok = (await (await fetch(`${gw.url}/api/v1/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(good) })).json()) as {
      valid: boolean;
      checks: { name: string; ok: boolean }[];
    };
    expect(ok.valid).to.equal(true);
    expect(ok.checks.find((c) => c.name === 'committed-valid')?.ok).to.equal(true);
  });
});
