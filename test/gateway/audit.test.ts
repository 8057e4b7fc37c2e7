import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { DAL_CHAINCODE } from '../support/test-network';
import { startGateway, type TestGateway } from './support/start-gateway';
import { apiClient, expectProblem, issueViaApi, type ApiClient } from './support/api-client';

describe('audit reads over HTTP: transactions and blocks', function () {
  let gw: TestGateway;
  let api: ApiClient;
  let issued: { id: string; txId: string; blockNumber: number };
  before(async function () {
    gw = await startGateway({ chaincode: DAL_CHAINCODE });
    api = apiClient(gw);
    issued = await issueViaApi(api);
  });
  after(async () => gw?.close());

  it('answers an auditor with the issuing transaction: VALID, its block, function, creator and endorsers', async function () {
    const tx = await api.ok('auditor', 'GET', `/transactions/${issued.txId}`);
    expect(tx).to.include({ txId: issued.txId, blockNumber: issued.blockNumber, validationCode: 'VALID', function: 'Certificate:Issue' });
    expect(tx.creator.mspId).to.equal('TaizhouRegistryMSP');
    expect(tx.creator.id).to.match(/^x509::/);
    expect(tx.endorsers).to.be.an('array').that.includes('TaizhouRegistryMSP');
    expect(tx.args).to.include(issued.id);
    expect(tx.writes.length).to.be.greaterThan(0);
  });

  it('answers a regulator too', async function () {
    const tx = await api.ok('regulator', 'GET', `/transactions/${issued.txId}`);
    expect(tx.validationCode).to.equal('VALID');
  });

  it('refuses a holder the raw transaction with 403 problem+json', async function () {
    expectProblem(await api.call('enterprise-a', 'GET', `/transactions/${issued.txId}`), 403, 'forbidden');
    expectProblem(await api.call('enterprise-a', 'GET', `/blocks/${issued.blockNumber}`), 403, 'forbidden');
    expectProblem(await api.call('enterprise-a', 'GET', '/ledger/integrity'), 403, 'forbidden');
  });

  it('answers an unknown txId with 404 and a malformed one with 400', async function () {
    expectProblem(await api.call('auditor', 'GET', `/transactions/${randomBytes(32).toString('hex')}`), 404, 'not_found');
    expectProblem(await api.call('auditor', 'GET', '/transactions/not-a-tx-id'), 400, 'invalid_request');
  });

  it("chains block n's headerHash to block n+1's previousHash, and lists the block's transactions with their codes", async function () {
    const n = issued.blockNumber - 1;
    const block = await api.ok('auditor', 'GET', `/blocks/${n}`);
    const next = await api.ok('auditor', 'GET', `/blocks/${n + 1}`);
    expect(block.number).to.equal(n);
    expect(block.headerHash).to.match(/^[0-9a-f]{64}$/);
    expect(next.previousHash).to.equal(block.headerHash);
    expect(next.transactions).to.deep.include({ txId: issued.txId, validationCode: 'VALID' });
    const genesis = await api.ok('auditor', 'GET', '/blocks/0');
    expect(genesis.previousHash).to.equal('');
  });

  it('answers a block above the chain with 404', async function () {
    const { height } = await api.ok(null, 'GET', '/health');
    expectProblem(await api.call('auditor', 'GET', `/blocks/${height}`), 404, 'not_found');
  });
});
