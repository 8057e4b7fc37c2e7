/**
 * The embedded MSP honours its CA's certificate revocation list as Fabric's MSP honours the
 * `revocation_list` of its MSPConfig: once an identity is revoked, the peers refuse its
 * proposals and the ordering service its envelopes, the CRL survives a restart, and a CRL not
 * signed by the organisation's root CA is refused. History signed before stays verifiable.
 */
import { expect } from 'chai';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createCa } from '../../network/src/embedded/ca';
import { createRevocationList, revokedSerials, RevocationListError } from '../../network/src/embedded/crl';
import { commitTogether, prepare, TAIZHOU, YANCHENG } from '../support/flow';
import { KV_CHAINCODE, startTestNetwork, type TestNetwork } from '../support/test-network';

const rejection = (p: Promise<unknown>): Promise<Error | undefined> =>
  p.then(
    () => undefined,
    (e: unknown) => e as Error,
  );

describe('certificate revocation on the embedded network', function () {
  this.timeout(120_000);
  let net: TestNetwork;
  let dataDir: string;
  before(async () => {
    net = await startTestNetwork({ chaincode: KV_CHAINCODE, init: false });
    dataDir = net.dataDir;
  });
  after(async () => {
    await net?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("refuses the revoked certificate's proposals and envelopes, not its organisation's other members'", async function () {
    await net.ledger.network.enroll({ mspId: TAIZHOU, enrollmentId: 'leaving-clerk', attributes: { 'dal.role': 'registrar' } });
    const signer = (await net.ledger.network.signer(TAIZHOU, 'leaving-clerk'))!;
    await net.ledger.network.submit(signer, ['KV:Put', 'before', '1']);
    const endorsedBefore = await (async () => {
      const bundle = net.ledger.network.proposal(signer, ['KV:Put', 'late', '1']);
      const endorsements = await net.ledger.network.endorse(bundle, [TAIZHOU, YANCHENG]);
      return { txId: bundle.txId, envelope: net.ledger.network.assemble(bundle, endorsements, signer) };
    })();

    const revoked = await net.ledger.network.revoke(TAIZHOU, 'leaving-clerk');
    expect(revoked?.serialNumber).to.be.a('string');

    const proposal = await rejection(net.ledger.network.submit(signer, ['KV:Put', 'after', '1']));
    expect(proposal?.message).to.match(/access denied: creator is not valid: the certificate of leaving-clerk@TaizhouRegistryMSP has been revoked/);
    const broadcast = await rejection(net.ledger.network.broadcast(endorsedBefore.envelope, endorsedBefore.txId));
    expect(broadcast?.message).to.match(/not signed by a channel member/);
    expect(await net.evaluate('enterprise-a', 'KV:Get', 'after')).to.deep.equal({ exists: false, value: '' });

    // its key left the wallet; the organisation's other members go on
    expect(await net.ledger.network.signer(TAIZHOU, 'leaving-clerk')).to.equal(undefined);
    expect((await commitTogether(net, [await prepare(net, 'enterprise-a', ['KV:Put', 'other', '1'], [TAIZHOU, YANCHENG])])).codes).to.deep.equal(['VALID']);
  });

  it("writes the CA's CRL, signed by the organisation's root, and reloads it when the network reopens", async function () {
    const crl = await readFile(join(dataDir, 'crypto', TAIZHOU, 'crl.pem'), 'utf8');
    const root = net.ledger.network.msps.rootCertificate(TAIZHOU)!;
    expect(await revokedSerials(crl, root)).to.have.length(1);
    const otherRoot = net.ledger.network.msps.rootCertificate(YANCHENG)!;
    expect(await rejection(revokedSerials(crl, otherRoot))).to.be.instanceOf(RevocationListError);

    // a CRL signed by another CA (even with the same subject) counts for nothing
    const impostor = await createCa(TAIZHOU, 'ca.taizhouregistry');
    const forged = await createRevocationList(impostor, [{ serialNumber: '01', revokedAt: new Date().toISOString() }]);
    expect(await rejection(revokedSerials(forged, root))).to.be.instanceOf(RevocationListError);

    // reopen on the same data directory: the revocation is still in force
    await net.ledger.network.enroll({ mspId: TAIZHOU, enrollmentId: 'second-clerk', attributes: {} });
    const signer = (await net.ledger.network.signer(TAIZHOU, 'second-clerk'))!;
    await net.ledger.network.revoke(TAIZHOU, 'second-clerk');
    await net.ledger.close();
    net = await startTestNetwork({ chaincode: KV_CHAINCODE, init: false, dataDir });
    const refused = await rejection(net.ledger.network.submit(signer, ['KV:Put', 'after-restart', '1']));
    expect(refused?.message).to.match(/second-clerk@TaizhouRegistryMSP has been revoked/);
    expect((await net.ledger.getTransaction((await net.submit('enterprise-a', 'KV:Put', 'k', 'v')).txId)).validationCode).to.equal('VALID');
  });
});
