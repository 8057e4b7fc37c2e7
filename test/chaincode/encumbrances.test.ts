/**
 * Encumbrances on a certificate through the embedded network: the judicial freeze (司法冻结)
 * the regulator records and lifts on a court order, the operations it blocks
 * (model/encumbrance.ts ENCUMBRANCE_BLOCKS), and what public verification says of it.
 */
import { expect } from 'chai';
import { commitTogether, prepare } from '../support/flow';
import { startTestNetwork, type TestNetwork } from '../support/test-network';
import { DATA_GROUP, HUAIAN, TAIZHOU, YANCHENG, expectRefusal } from './certificate-flows';
import { issueCertificate } from '../support/certificates';
import { freeLicenceBody } from '../support/grant-bodies';

const COURT = '泰州市中级人民法院';
const ORDER = '(2026)苏12执保123号';
const LIFTING_ORDER = '(2026)苏12执保123号之一';
const DAY_MS = 86_400_000;

function freezeBody(reference = ORDER): string {
  return JSON.stringify({ court: COURT, reference, reason: 'preservation of property in a civil case' });
}

function liftBody(reference = LIFTING_ORDER): string {
  return JSON.stringify({ reference });
}

describe('Encumbrances: the judicial freeze', function () {
  this.timeout(180_000);
  let net: TestNetwork;

  before(async () => {
    net = await startTestNetwork();
  });

  after(async () => {
    await net?.close();
  });

  async function freeze(certificateId: string, reference = ORDER): Promise<{ id: string; since: string }> {
    return (await net.submit('regulator', 'Certificate:Freeze', certificateId, freezeBody(reference))).result;
  }

  it('lets the regulator freeze an issued certificate on a court order and lift exactly that freeze', async () => {
    const cert = await issueCertificate(net);
    const frozen = await net.submit('regulator', 'Certificate:Freeze', cert.id, freezeBody());
    expect(frozen.result).to.include({ docType: 'encumbrance', certificateId: cert.id, kind: 'judicial_freeze', holder: COURT, reference: ORDER, status: 'active' });
    expect(frozen.result.id).to.match(/^ENC-[0-9A-Z]{10}$/);
    const lifted = await net.submit('regulator', 'Certificate:Unfreeze', cert.id, frozen.result.id, liftBody());
    expect(lifted.result).to.include({ id: frozen.result.id, status: 'lifted' });
    expect(lifted.result.lifted).to.include({ reference: LIFTING_ORDER });
    // The certificate keeps its status throughout.
    expect((await net.evaluate('auditor', 'Certificate:Get', cert.id)).status).to.equal('issued');
  });

  it('refuses a freeze without a court-order reference, and one of a certificate that is not issued', async () => {
    const cert = await issueCertificate(net);
    await expectRefusal(net.submit('regulator', 'Certificate:Freeze', cert.id, JSON.stringify({ court: COURT })), 'INVALID_REQUEST', /reference/);
    await expectRefusal(net.submit('regulator', 'Certificate:Freeze', cert.id, JSON.stringify({ reference: ORDER })), 'INVALID_REQUEST', /court/);
    expect((await net.evaluate('auditor', 'Certificate:Verification', cert.id)).encumbrances).to.deep.equal([]);
    await net.submit('regulator', 'Certificate:Revoke', cert.id, JSON.stringify({ reason: 'void registration' }));
    await expectRefusal(net.submit('regulator', 'Certificate:Freeze', cert.id, freezeBody()), 'CONFLICT', /revoked/);
  });

  it('refuses an unfreeze of an unknown or already lifted freeze', async () => {
    const cert = await issueCertificate(net);
    await expectRefusal(net.submit('regulator', 'Certificate:Unfreeze', cert.id, 'ENC-0000000000', liftBody()), 'NOT_FOUND');
    const frozen = await freeze(cert.id);
    await expectRefusal(net.submit('regulator', 'Certificate:Unfreeze', cert.id, frozen.id, '{}'), 'INVALID_REQUEST', /reference/);
    await net.submit('regulator', 'Certificate:Unfreeze', cert.id, frozen.id, liftBody());
    await expectRefusal(net.submit('regulator', 'Certificate:Unfreeze', cert.id, frozen.id, liftBody()), 'CONFLICT', /already lifted/);
  });

  it('refuses transfer, change, cancellation and new grants while frozen, naming the freeze, and allows them after the unfreeze', async () => {
    const cert = await issueCertificate(net);
    const frozen = await freeze(cert.id);
    const naming = new RegExp(`judicial_freeze ${frozen.id} \\(reference ${ORDER.replace(/[()]/g, '\\$&')}\\)`);
    const transfer = (): Promise<unknown> => net.submit('taizhou-registrar', 'Certificate:TransferRight', cert.id, JSON.stringify({ right: 'operating', to: DATA_GROUP }));
    const change = (): Promise<unknown> => net.submit('taizhou-registrar', 'Certificate:Change', cert.id, JSON.stringify({ name: 'renamed', reason: 'holder request' }));
    const grant = (): Promise<unknown> => net.submit('enterprise-a', 'Grant:Create', JSON.stringify(freeLicenceBody(cert.id)));
    const cancel = (): Promise<unknown> => net.submit('enterprise-a', 'Certificate:Cancel', cert.id, JSON.stringify({ reason: 'dataset retired' }));
    await expectRefusal(transfer(), 'CONFLICT', naming);
    await expectRefusal(change(), 'CONFLICT', naming);
    await expectRefusal(grant(), 'CONFLICT', naming);
    await expectRefusal(cancel(), 'CONFLICT', naming);
    const unchanged = await net.evaluate('auditor', 'Certificate:Get', cert.id);
    expect(unchanged).to.include({ version: cert.version, status: 'issued', name: cert.name });

    await net.submit('regulator', 'Certificate:Unfreeze', cert.id, frozen.id, liftBody());
    await transfer();
    await change();
    await grant();
    expect((await cancel() as { result: { status: string } }).result.status).to.equal('cancelled');
  });

  it('refuses renewal (续展) inside the window while frozen, and renews after the unfreeze', async () => {
    // Issued a term less 30 days ago, so today is inside the last 90 days of its term.
    const cert = await issueCertificate(net, { at: new Date(Date.now() - (3 * 365 - 30) * DAY_MS) });
    const frozen = await freeze(cert.id);
    await expectRefusal(net.submit('taizhou-registrar', 'Certificate:Renew', cert.id), 'CONFLICT', /renewal .* blocked by the judicial_freeze/);
    await net.submit('regulator', 'Certificate:Unfreeze', cert.id, frozen.id, liftBody());
    const renewed = await net.submit('taizhou-registrar', 'Certificate:Renew', cert.id);
    expect(renewed.result.expiresAt > cert.expiresAt).to.equal(true);
  });

  it('keeps two freezes side by side: lifting one leaves the other blocking', async () => {
    const cert = await issueCertificate(net);
    const first = await freeze(cert.id, '(2026)苏12执保123号');
    const second = await freeze(cert.id, '(2026)苏0402执保77号');
    expect((await net.evaluate('auditor', 'Certificate:Verification', cert.id)).encumbrances).to.have.length(2);
    await net.submit('regulator', 'Certificate:Unfreeze', cert.id, first.id, liftBody());
    await expectRefusal(
      net.submit('taizhou-registrar', 'Certificate:TransferRight', cert.id, JSON.stringify({ right: 'operating', to: DATA_GROUP })),
      'CONFLICT',
      new RegExp(second.id),
    );
    const view = await net.evaluate('auditor', 'Certificate:Verification', cert.id);
    expect(view.encumbrances).to.deep.equal([{ kind: 'judicial_freeze', since: second.since, reference: '(2026)苏0402执保77号' }]);
  });

  it('reports an active freeze in public verification by kind, since and reference, without amounts, and the certificate stays valid', async () => {
    const cert = await issueCertificate(net);
    const frozen = await freeze(cert.id);
    const view = await net.evaluate('auditor', 'Certificate:Verification', cert.id);
    expect(view).to.include({ valid: true, status: 'issued', pledged: false });
    expect(view.encumbrances).to.deep.equal([{ kind: 'judicial_freeze', since: frozen.since, reference: ORDER }]);
    expect(JSON.stringify(view)).not.to.include(COURT).and.not.to.match(/amount|fee|price|holder|reason/i);
    const byCode = await net.evaluate('auditor', 'Certificate:GetByQueryCode', cert.queryCode);
    expect(byCode.encumbrances).to.deep.equal(view.encumbrances);
    await net.submit('regulator', 'Certificate:Unfreeze', cert.id, frozen.id, liftBody());
    expect((await net.evaluate('auditor', 'Certificate:Verification', cert.id)).encumbrances).to.deep.equal([]);
  });

  it('invalidates an unfreeze not endorsed by the certificate’s issuing registry (key-level policy)', async () => {
    const cert = await issueCertificate(net);
    const frozen = await freeze(cert.id);
    const args = ['Certificate:Unfreeze', cert.id, frozen.id, liftBody()];
    const without = await prepare(net, 'regulator', args, [YANCHENG, HUAIAN]);
    expect((await commitTogether(net, [without])).codes).to.deep.equal(['ENDORSEMENT_POLICY_FAILURE']);
    const withRegistry = await prepare(net, 'regulator', args, [TAIZHOU, YANCHENG]);
    expect((await commitTogether(net, [withRegistry])).codes).to.deep.equal(['VALID']);
  });
});
