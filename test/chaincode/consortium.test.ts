/** Consortium contract: the organisation table the other contracts read from state. */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, startTestNetwork, type TestNetwork } from '../support/test-network';
import { application, expectRefusal } from './certificate-flows';

const definition = readFileSync(join(REPO_ROOT, 'network', 'consortium.json'), 'utf8');

describe('Consortium contract', function () {
  this.timeout(120_000);
  let net: TestNetwork;

  before(async () => {
    net = await startTestNetwork({ init: false });
  });

  after(async () => {
    await net?.close();
  });

  it('refuses every other contract until the consortium is configured', async () => {
    await expectRefusal(net.submit('enterprise-a', 'Certificate:Apply', application()), 'CONFLICT', /not configured/);
    await expectRefusal(net.evaluate('auditor', 'Consortium:Get'), 'NOT_FOUND');
  });

  it('refuses configuration by a caller without the admin role', async () => {
    await expectRefusal(net.submit('regulator', 'Consortium:Init', definition), 'FORBIDDEN');
  });

  it('refuses the first definition from an admin of an organisation the definition does not name as regulator', async () => {
    // An admin of the bank (or of a registry) must not be able to get in first and fix the
    // organisation table; only the regulator the definition names may bootstrap it.
    const bankAdmin = await net.ledger.enroll({ mspId: 'JiangsuBankMSP', enrollmentId: 'bank-admin', attributes: { 'dal.role': 'admin' } });
    const taizhouAdmin = await net.ledger.enroll({ mspId: 'TaizhouRegistryMSP', enrollmentId: 'taizhou-admin', attributes: { 'dal.role': 'admin' } });
    for (const admin of [bankAdmin, taizhouAdmin]) {
      await expectRefusal(net.ledger.submit(admin, 'Consortium:Init', [definition]), 'FORBIDDEN', /regulator/);
    }
    await expectRefusal(net.evaluate('auditor', 'Consortium:Get'), 'NOT_FOUND');
  });

  it('stores the organisations from network/consortium.json when an admin configures it', async () => {
    const r = await net.submit('consortium-admin', 'Consortium:Init', definition);
    const taizhou = r.result.organizations.find((o: { mspId: string }) => o.mspId === 'TaizhouRegistryMSP');
    expect(taizhou).to.include({ type: 'registry', cityCode: '321200', publicityDays: 10 });
    expect(await net.evaluate('auditor', 'Consortium:Get')).to.deep.equal(r.result);
  });

  it('answers an identical definition with the stored record and writes nothing', async () => {
    const first = await net.evaluate('auditor', 'Consortium:Get');
    const again = await net.submit('consortium-admin', 'Consortium:Init', definition);
    expect(again.result.txId).to.equal(first.txId);
    const tx = await net.ledger.getTransaction(again.txId);
    expect(tx.writes).to.deep.equal([]);
  });

  it('still refuses a later change from a non-regulator admin, and writes nothing for an identical repeat from anyone', async () => {
    const bankAdmin = await net.ledger.enroll({ mspId: 'JiangsuBankMSP', enrollmentId: 'bank-admin-2', attributes: { 'dal.role': 'admin' } });
    const file = JSON.parse(definition) as { organizations: { publicityDays?: number }[] };
    const changed = { ...file, organizations: file.organizations.map((o) => (o.publicityDays ? { ...o, publicityDays: 12 } : o)) };
    await expectRefusal(net.ledger.submit(bankAdmin, 'Consortium:Init', [JSON.stringify(changed)]), 'FORBIDDEN');
    const before = await net.evaluate('auditor', 'Consortium:Get');
    const repeat = await net.ledger.submit(bankAdmin, 'Consortium:Init', [definition]);
    expect((await net.ledger.getTransaction(repeat.txId)).writes).to.deep.equal([]);
    expect(await net.evaluate('auditor', 'Consortium:Get')).to.deep.equal(before);
  });

  it('refuses a malformed definition as INVALID_REQUEST', async () => {
    await expectRefusal(net.submit('consortium-admin', 'Consortium:Init', JSON.stringify({ organizations: [] })), 'INVALID_REQUEST');
  });
});
