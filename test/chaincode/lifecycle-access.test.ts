/** Certificate:LifecycleAccess — who may read a certificate's whole lifecycle — through the real chaincode. */
import { expect } from 'chai';
import { issueCertificate } from '../support/certificates';
import { startTestNetwork, type TestNetwork } from '../support/test-network';
import { GRANT_FROM, GRANT_TO } from '../support/grant-bodies';
import { DATA_GROUP, ENTERPRISE_A, ENTERPRISE_B, expectRefusal } from './certificate-flows';

describe('Certificate:LifecycleAccess', function () {
  this.timeout(120_000);
  let net: TestNetwork;
  let cert: { id: string; applicationId: string };

  before(async () => {
    net = await startTestNetwork();
    cert = await issueCertificate(net, {
      body: {
        rights: [
          { type: 'holding', holder: ENTERPRISE_A },
          { type: 'processing', holder: ENTERPRISE_A },
          { type: 'operating', holder: DATA_GROUP },
        ],
      },
    });
  });

  after(async () => {
    await net?.close();
  });

  it('answers the auditor, the regulator, a registrar of the issuing registry and every right holder with the certificate and its application id', async () => {
    for (const who of ['auditor', 'regulator', 'taizhou-registrar', 'enterprise-a', 'data-group']) {
      expect(await net.evaluate(who, 'Certificate:LifecycleAccess', cert.id), who).to.deep.equal({
        id: cert.id,
        applicationId: cert.applicationId,
        registry: 'TaizhouRegistryMSP',
        unreadableGrants: [],
        unreadableRecords: [],
      });
    }
    // asked by the application id, it names the certificate
    expect((await net.evaluate('auditor', 'Certificate:LifecycleAccess', cert.applicationId)).id).to.equal(cert.id);
  });

  it('refuses anyone else (FORBIDDEN): other registries, other enterprises, the bank, the exchange, the appraiser, the admin', async () => {
    for (const who of ['yancheng-registrar', 'enterprise-b', 'person-1', 'bank-officer', 'exchange-operator', 'appraiser', 'consortium-admin']) {
      await expectRefusal(net.evaluate(who, 'Certificate:LifecycleAccess', cert.id), 'FORBIDDEN');
    }
  });

  it("names the grants whose uses and versions a reader may not see there: another right holder's licence to a third party", async () => {
    const licence = { assetId: cert.id, type: 'licence', grantee: ENTERPRISE_B, rights: ['processing'], purposes: ['credit-scoring'], validFrom: GRANT_FROM, validTo: GRANT_TO, paid: false };
    const grantId = (await net.submit('enterprise-a', 'Grant:Create', JSON.stringify(licence))).result.id as string;
    // data-group holds the operating right, but is no party to enterprise-a's licence to enterprise-b
    expect((await net.evaluate('data-group', 'Certificate:LifecycleAccess', cert.id)).unreadableGrants).to.deep.equal([grantId]);
    for (const who of ['enterprise-a', 'taizhou-registrar', 'auditor']) {
      expect((await net.evaluate(who, 'Certificate:LifecycleAccess', cert.id)).unreadableGrants, who).to.deep.equal([]);
    }
  });

  it('answers NOT_FOUND for an unknown certificate and INVALID_REQUEST for something that is no certificate id', async () => {
    await expectRefusal(net.evaluate('auditor', 'Certificate:LifecycleAccess', '321200-2026-999999'), 'NOT_FOUND');
    await expectRefusal(net.evaluate('auditor', 'Certificate:LifecycleAccess', 'not an id'), 'INVALID_REQUEST');
  });
});
