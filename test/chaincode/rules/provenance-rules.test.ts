import { expect } from 'chai';
import { activePledgees, mayActAsPledgee, mayReadProvenance } from '../../../chaincode/src/rules/provenance';
import { ALLOW } from '../../../chaincode/src/rules/result';
import { ENTERPRISE_A, ENTERPRISE_B, REGULATOR, TAIZHOU, YANCHENG, caller, certificate, consortium } from './fixtures';

const BANK = 'JiangsuBankMSP';
const orgs = consortium();
const cert = certificate();

describe('provenance read rules', () => {
  it('takes as pledgees the holders of active pledge encumbrances only', () => {
    expect(
      activePledgees([
        { kind: 'pledge', status: 'active', holder: BANK },
        { kind: 'pledge', status: 'lifted', holder: 'OtherBankMSP' },
        { kind: 'dispute', status: 'active', holder: 'JiangsuExchangeMSP' },
        { kind: 'pledge', status: 'active', holder: BANK },
      ]),
    ).to.deep.equal([BANK]);
  });

  it('lets a bank officer read when the bank is a pledgee, and refuses it otherwise', () => {
    const officer = caller(BANK, ['bank']);
    expect(mayReadProvenance(officer, cert, [BANK], orgs)).to.deep.equal(ALLOW);
    expect(mayReadProvenance(officer, cert, [], orgs)).to.include({ allowed: false, code: 'FORBIDDEN' });
    expect(mayActAsPledgee(caller(BANK, ['holder']), [BANK], orgs)).to.include({ allowed: false });
    // a registry named as pledgee is still no bank
    expect(mayActAsPledgee(caller(TAIZHOU, ['bank']), [TAIZHOU], orgs)).to.include({ allowed: false });
  });

  it('lets a right holder, and the regulator\u2019s auditors and regulators, read; not another enterprise or a registrar', () => {
    expect(mayReadProvenance(caller(TAIZHOU, ['holder'], ENTERPRISE_A), cert, [], orgs)).to.deep.equal(ALLOW);
    expect(mayReadProvenance(caller(REGULATOR, ['auditor']), cert, [], orgs)).to.deep.equal(ALLOW);
    expect(mayReadProvenance(caller(REGULATOR, ['regulator']), cert, [], orgs)).to.deep.equal(ALLOW);
    expect(mayReadProvenance(caller(YANCHENG, ['holder'], ENTERPRISE_B), cert, [], orgs)).to.include({ allowed: false, code: 'FORBIDDEN' });
    expect(mayReadProvenance(caller(TAIZHOU, ['registrar']), cert, [], orgs)).to.include({ allowed: false, code: 'FORBIDDEN' });
  });
});
