/**
 * The endorsers' time window seen through HTTP. A caller cannot choose a proposal's time: the
 * gateway stamps every proposal with its own clock. So the only way a request meets the window
 * is a gateway whose clock is out of step with the peers' — a server fault, answered 503
 * `proposal_time_out_of_window`, with nothing written and the request free to be retried.
 */
import { expect } from 'chai';
import { DAL_CHAINCODE } from '../support/test-network';
import { startGateway, type TestGateway } from './support/start-gateway';
import { apiClient, application, expectProblem, type ApiClient } from './support/api-client';

describe('the endorsers\' time window over HTTP', function () {
  this.timeout(120_000);
  let gw: TestGateway;
  let api: ApiClient;

  before(async () => {
    gw = await startGateway({ chaincode: DAL_CHAINCODE });
    api = apiClient(gw);
  });

  after(async () => {
    await gw?.close();
  });

  afterEach(() => gw.net.clock.reset());

  it('lets no caller set a proposal\'s time: a timestamp in the body is refused 400 and nothing is written', async () => {
    const height = await gw.net.ledger.height();
    const detail = expectProblem(await api.call('enterprise-a', 'POST', '/certificates', { ...application(), timestamp: '2020-01-01T00:00:00Z' }), 400, 'invalid_request');
    expect(detail).to.match(/timestamp/);
    expect(await gw.net.ledger.height()).to.equal(height);
  });

  it('answers 503 proposal_time_out_of_window, naming both times and the window, when the gateway\'s clock is ten minutes behind the endorsers\', and writes nothing', async () => {
    const height = await gw.net.ledger.height();
    gw.net.clock.setTo(new Date(Date.now() + 10 * 60_000));
    const headers = { 'Idempotency-Key': `time-window-${Date.now()}` };
    const body = application();
    const detail = expectProblem(await api.call('enterprise-a', 'POST', '/certificates', body, headers), 503, 'proposal_time_out_of_window');
    expect(detail).to.match(/^the ledger's endorsers refused the time this gateway stamped on the proposal, so nothing was written; .*NTP.*: the proposal time \S+ is (599|600)(\.\d+)? s behind this endorser's clock \S+; endorsers accept proposals stamped within 300 s of their own time \(DAL_TIME_WINDOW_SECONDS\)$/);
    expect(await gw.net.ledger.height()).to.equal(height);

    // once the clocks agree again, the same request (same Idempotency-Key) goes through
    gw.net.clock.reset();
    const created = await api.call('enterprise-a', 'POST', '/certificates', body, headers);
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
  });

  it('answers a public verification 503 proposal_time_out_of_window too while the clocks disagree: queries are checked as well', async () => {
    gw.net.clock.setTo(new Date(Date.now() - 10 * 60_000));
    expectProblem(await api.call(null, 'GET', '/certificates/321200-2026-000001/verification'), 503, 'proposal_time_out_of_window');
  });

  it('lists proposal_time_out_of_window among the problem codes of the OpenAPI document', async () => {
    const doc = (await (await fetch(`${gw.url}/api/openapi.json`)).json()) as { components: { schemas: any; responses: any } }; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(doc.components.schemas.Problem.properties.code.enum).to.include('proposal_time_out_of_window');
    expect(doc.components.responses.Problem503.description).to.contain('proposal_time_out_of_window');
  });
});
