/** Pledge endpoints (质押融资) over HTTP, through the real app on the embedded ledger: the bank's flow, its refusals, and two banks racing for one asset. */
import { expect } from 'chai';
import { DAL_CHAINCODE } from '../support/test-network';
import { activeAgreement } from '../chaincode/certificate-flows';
import { startGateway, type TestGateway } from './support/start-gateway';
import { ENTERPRISE_A, ENTERPRISE_B, apiClient, expectIdempotentReplay, expectProblem, issueViaApi, type ApiClient } from './support/api-client';

const JIANGSU_BANK = 'JiangsuBankMSP';
const SUZHOU_BANK = 'SuzhouBankMSP';

describe('pledge endpoints over HTTP', function () {
  let gw: TestGateway;
  let api: ApiClient;
  before(async function () {
    gw = await startGateway({ chaincode: DAL_CHAINCODE });
    api = apiClient(gw);
  });
  after(async () => gw?.close());

  const body = (certificateId: string, pledgee = JIANGSU_BANK): Record<string, unknown> => ({ certificateId, pledgee, amount: 20_000_000, termDays: 180 });

  it('requests, accepts and releases a pledge: the bank lists it, verification shows the pledgee and never the amount, the salt opens the commitment', async function () {
    const cert = await issueViaApi(api);
    const salt = 'cd'.repeat(16);
    const requested = await api.call('enterprise-a', 'POST', '/pledges', { ...body(cert.id), salt });
    expect(requested.status, JSON.stringify(requested.body)).to.equal(201);
    expect(requested.body).to.include({ status: 'pending', pledgor: ENTERPRISE_A, pledgee: JIANGSU_BANK, salt });
    expect(JSON.stringify(requested.body)).not.to.include('20000000');
    const id = requested.body.id as string;
    const pending = await api.ok('bank-officer', 'GET', '/pledges?role=pledgee&status=pending');
    expect(pending.items.map((p: { id: string }) => p.id)).to.include(id);
    expect((await api.ok('enterprise-a', 'GET', '/pledges?role=pledgor')).items.map((p: { id: string }) => p.id)).to.include(id);
    expect(await api.ok('regulator', 'GET', `/pledges/${id}/terms`)).to.include({ amount: 20_000_000, salt });

    const accepted = await api.ok('bank-officer', 'POST', `/pledges/${id}/accept`);
    expect(accepted).to.include({ status: 'active', effectiveStatus: 'active', overdue: false });
    const verification = await api.ok(null, 'GET', `/certificates/${cert.id as string}/verification`);
    expect(verification).to.include({ valid: true, pledged: true });
    expect(verification.pledgee).to.include({ mspId: JIANGSU_BANK, since: accepted.acceptedAt, nameZh: '江苏数据资产质押融资银行' });
    expect(JSON.stringify(verification)).not.to.match(/20000000|commitment/);
    expectProblem(await api.call('taizhou-registrar', 'POST', `/certificates/${cert.id as string}/transfer`, { right: 'operating', to: ENTERPRISE_B }), 409, 'conflict');

    expect((await api.ok('bank-officer', 'POST', `/pledges/${id}/release`, { reason: 'loan repaid' })).status).to.equal('released');
    expect(await api.ok(null, 'GET', `/certificates/${cert.id as string}/verification`)).to.include({ pledged: false }).and.not.to.have.property('pledgee');
    expect((await api.ok('taizhou-registrar', 'POST', `/certificates/${cert.id as string}/transfer`, { right: 'operating', to: ENTERPRISE_B })).status).to.equal('issued');
  });

  it('answers bad input 400, the wrong party 403, an unknown pledge 404 and a wrong state 409, changing nothing', async function () {
    const cert = await issueViaApi(api);
    expectProblem(await api.call('enterprise-a', 'POST', '/pledges', { certificateId: cert.id, pledgee: JIANGSU_BANK, termDays: 30 }), 400, 'invalid_request');
    expectProblem(await api.call('enterprise-a', 'POST', '/pledges', { ...body(cert.id), amount: '100' }), 400, 'invalid_request');
    expectProblem(await api.call('enterprise-a', 'POST', '/pledges', { ...body(cert.id), termDays: 0 }), 400, 'invalid_request');
    expectProblem(await api.call('enterprise-a', 'POST', '/pledges', body(cert.id, 'JiangsuExchangeMSP')), 400, 'invalid_request');
    expectProblem(await api.call('enterprise-b', 'POST', '/pledges', body(cert.id)), 403, 'forbidden');
    expectProblem(await api.call('bank-officer', 'POST', '/pledges/PLG-0000000000/accept'), 404, 'not_found');
    expectProblem(await api.call('bank-officer', 'POST', '/pledges/not-a-pledge/accept'), 400, 'invalid_request');
    const pledge = await api.ok('enterprise-a', 'POST', '/pledges', body(cert.id));
    expectProblem(await api.call('suzhou-bank-officer', 'POST', `/pledges/${pledge.id as string}/accept`), 403, 'forbidden');
    expectProblem(await api.call('huaian-registrar', 'GET', `/pledges/${pledge.id as string}`), 403, 'forbidden');
    expectProblem(await api.call('suzhou-bank-officer', 'GET', `/pledges/${pledge.id as string}/terms`), 403, 'forbidden');
    expectProblem(await api.call('bank-officer', 'POST', `/pledges/${pledge.id as string}/release`, {}), 409, 'conflict');
    expectProblem(await api.call('bank-officer', 'POST', `/pledges/${pledge.id as string}/enforce`, { transferTo: ENTERPRISE_B, reason: 'default' }), 409, 'conflict');
    expectProblem(await api.call('bank-officer', 'POST', `/pledges/${pledge.id as string}/enforce`, { transferTo: 'nobody', reason: 'default' }), 400, 'invalid_request');
    expect((await api.ok('auditor', 'GET', `/pledges/${pledge.id as string}`)).status).to.equal('pending');
  });

  it('replays a pledge request sent twice under one Idempotency-Key without writing again', async function () {
    const cert = await issueViaApi(api);
    await expectIdempotentReplay(api, gw, 'enterprise-a', '/pledges', body(cert.id));
  });

  it('lets exactly one of two concurrent pledges of one asset to two banks through; the other is refused 409', async function () {
    const cert = await issueViaApi(api);
    const answers = await Promise.all([
      api.call('enterprise-a', 'POST', '/pledges', body(cert.id, JIANGSU_BANK)),
      api.call('enterprise-a', 'POST', '/pledges', body(cert.id, SUZHOU_BANK)),
    ]);
    expect(answers.map((a) => a.status).sort()).to.deep.equal([201, 409]);
    const refused = answers.find((a) => a.status === 409)!;
    expect(refused.body).to.include({ code: 'conflict' });
    const winner = answers.find((a) => a.status === 201)!.body as { id: string; pledgee: string };
    const own = await api.ok('enterprise-a', 'GET', '/pledges?role=pledgor&status=pending');
    expect(own.items.filter((p: { certificateId: string }) => p.certificateId === cert.id).map((p: { id: string }) => p.id)).to.deep.equal([winner.id]);
  });

  it('lets exactly one of two concurrent pledges through when the asset spans two cities (issued in Taizhou, recognised in Yancheng, held by a Yancheng enterprise), to two banks', async function () {
    const cert = await issueViaApi(api);
    await activeAgreement(gw.net, 'yancheng-registrar', 'TaizhouRegistryMSP');
    await api.ok('yancheng-registrar', 'POST', '/recognitions', { certificateId: cert.id });
    await api.ok('taizhou-registrar', 'POST', `/certificates/${cert.id as string}/transfer`, { right: 'holding', to: ENTERPRISE_B });
    const answers = await Promise.all([
      api.call('enterprise-b', 'POST', '/pledges', body(cert.id, SUZHOU_BANK)),
      api.call('enterprise-b', 'POST', '/pledges', body(cert.id, JIANGSU_BANK)),
    ]);
    expect(answers.map((a) => a.status).sort()).to.deep.equal([201, 409]);
    const winner = answers.find((a) => a.status === 201)!.body as { id: string; pledgor: string; pledgorMspId: string; registry: string };
    expect(winner).to.include({ pledgor: ENTERPRISE_B, pledgorMspId: 'YanchengRegistryMSP', registry: 'TaizhouRegistryMSP' });
    const own = await api.ok('enterprise-b', 'GET', '/pledges?role=pledgor&status=pending');
    expect(own.items.filter((p: { certificateId: string }) => p.certificateId === cert.id).map((p: { id: string }) => p.id)).to.deep.equal([winner.id]);
  });
});
