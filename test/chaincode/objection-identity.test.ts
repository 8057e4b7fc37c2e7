import { expect } from 'chai';
import { startTestNetwork, type TestNetwork } from '../support/test-network';
import { fingerprintOf } from '../support/certificates';

describe('objections (异议) and who they name', function () {
  let net: TestNetwork;
  let publicizing: string;
  before(async () => {
    net = await startTestNetwork();
    const applied = await net.submit(
      'enterprise-a',
      'Certificate:Apply',
      JSON.stringify({
        registry: 'TaizhouRegistryMSP',
        assetType: 'resource',
        name: 'objection test data',
        source: 'enterprise',
        category: 'manufacturing',
        grade: 'general',
        containsPersonalInfo: false,
        fingerprint: fingerprintOf('objection-identity'),
        rights: [{ type: 'holding', holder: '91321200MA1ABC123N' }],
      }),
    );
    publicizing = (await net.submit('taizhou-registrar', 'Certificate:Review', applied.result.applicationId, JSON.stringify({ decision: 'approve', publicityDays: 5 }))).result.id;
    // a bank identity whose CA claims an enterprise it cannot vouch for
    await net.ledger.enroll({ mspId: 'JiangsuBankMSP', enrollmentId: 'claims-enterprise-b', attributes: { 'dal.role': 'holder', 'dal.entity': '91320900MA2DEF341G' } });
  });
  after(async () => net?.close());

  it('names the objecting entity when its registry vouches for it', async function () {
    const r = await net.submit('enterprise-b', 'Certificate:RaiseObjection', publicizing, JSON.stringify({ reason: 'this is our data' }));
    expect(r.result.raisedBy).to.include({ mspId: 'YanchengRegistryMSP', entity: '91320900MA2DEF341G' });
  });

  it('records an objection from an organisation that cannot vouch for the entity it claims without that entity', async function () {
    const who = { mspId: 'JiangsuBankMSP', enrollmentId: 'claims-enterprise-b' };
    const r = await net.ledger.submit(who, 'Certificate:RaiseObjection', [publicizing, JSON.stringify({ reason: 'pretending to be enterprise-b' })]);
    const objection = JSON.parse(Buffer.from(r.payload).toString()) as { raisedBy: Record<string, unknown> };
    expect(objection.raisedBy.mspId).to.equal('JiangsuBankMSP');
    expect(objection.raisedBy).to.not.have.property('entity');
  });
});
