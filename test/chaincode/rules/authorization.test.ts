import { expect } from 'chai';
import { parseRoles } from '../../../chaincode/src/identity';
import {
  mayActAsAnyRegistrar,
  mayActAsAppraiser,
  mayActAsEntity,
  mayActAsRegistrarOf,
  mayActAsRegulator,
  mayApply,
  mayConfigureConsortium,
  jurisdictionPrefix,
  mayVouchForEntity,
} from '../../../chaincode/src/rules/authorization';
import { ALLOW } from '../../../chaincode/src/rules/result';
import { APPRAISER, ENTERPRISE_A, ENTERPRISE_B, HUAIAN, REGULATOR, TAIZHOU, YANCHENG, caller, consortium } from './fixtures';

const BANK = 'JiangsuBankMSP';
const SHANGHAI = 'ShanghaiRegistryMSP';

const orgs = consortium();

describe('authorization rules', () => {
  it('reads dal.role as a comma-separated list, trimmed, deduplicated and sorted', () => {
    expect(parseRoles('registrar, admin,registrar')).to.deep.equal(['admin', 'registrar']);
    expect(parseRoles('')).to.deep.equal([]);
    expect(parseRoles(null)).to.deep.equal([]);
  });

  it('lets a registrar of the certificate’s registry act as its registrar', () => {
    expect(mayActAsRegistrarOf(caller(TAIZHOU, ['registrar']), TAIZHOU, orgs)).to.deep.equal(ALLOW);
  });

  it('lets a caller with several roles act in any of them', () => {
    expect(mayActAsRegistrarOf(caller(TAIZHOU, ['admin', 'registrar']), TAIZHOU, orgs)).to.deep.equal(ALLOW);
  });

  it('refuses a registrar of another registry, a non-registrar of the registry, and a registrar role in a non-registry org', () => {
    expect(mayActAsRegistrarOf(caller(YANCHENG, ['registrar']), TAIZHOU, orgs)).to.include({ code: 'FORBIDDEN' });
    expect(mayActAsRegistrarOf(caller(TAIZHOU, ['holder'], ENTERPRISE_A), TAIZHOU, orgs)).to.include({ code: 'FORBIDDEN' });
    expect(mayActAsRegistrarOf(caller(REGULATOR, ['registrar']), REGULATOR, orgs)).to.include({ code: 'FORBIDDEN' });
    expect(mayActAsAnyRegistrar(caller(REGULATOR, ['registrar']), orgs)).to.include({ code: 'FORBIDDEN' });
  });

  it('lets a holder or operator with a valid entity apply at the registry it is enrolled under', () => {
    expect(mayApply(caller(TAIZHOU, ['holder'], ENTERPRISE_A), TAIZHOU, orgs)).to.deep.equal(ALLOW);
    expect(mayApply(caller(TAIZHOU, ['operator'], '91321200MA3GHJ5624'), TAIZHOU, orgs)).to.deep.equal(ALLOW);
  });

  it('refuses an application without a holder role, without a valid entity, or at another registry', () => {
    expect(mayApply(caller(TAIZHOU, ['registrar']), TAIZHOU, orgs)).to.include({ code: 'FORBIDDEN' });
    expect(mayApply(caller(TAIZHOU, ['holder']), TAIZHOU, orgs)).to.include({ code: 'FORBIDDEN' });
    expect(mayApply(caller(TAIZHOU, ['holder'], '91321200MA1ABC123M'), TAIZHOU, orgs)).to.include({ code: 'FORBIDDEN' });
    expect(mayApply(caller(TAIZHOU, ['holder'], ENTERPRISE_A), YANCHENG, orgs)).to.include({ code: 'FORBIDDEN' });
  });

  it('answers an application to an unknown registry as an invalid request', () => {
    expect(mayApply(caller(TAIZHOU, ['holder'], ENTERPRISE_A), 'JiangsuBankMSP', orgs)).to.include({ code: 'INVALID_REQUEST' });
  });

  it('lets only an appraiser of an appraiser organisation file evidence', () => {
    expect(mayActAsAppraiser(caller(APPRAISER, ['appraiser']), orgs)).to.deep.equal(ALLOW);
    expect(mayActAsAppraiser(caller(TAIZHOU, ['appraiser']), orgs)).to.include({ code: 'FORBIDDEN' });
    expect(mayActAsAppraiser(caller(APPRAISER, ['auditor']), orgs)).to.include({ code: 'FORBIDDEN' });
  });

  it('lets only the regulator role of the regulator organisation act as regulator', () => {
    expect(mayActAsRegulator(caller(REGULATOR, ['regulator']), orgs)).to.deep.equal(ALLOW);
    expect(mayActAsRegulator(caller(REGULATOR, ['auditor']), orgs)).to.include({ code: 'FORBIDDEN' });
    expect(mayActAsRegulator(caller(TAIZHOU, ['regulator']), orgs)).to.include({ code: 'FORBIDDEN' });
  });

  it('lets only the entity holding the right act as its holder', () => {
    expect(mayActAsEntity(caller(TAIZHOU, ['holder'], ENTERPRISE_A), ENTERPRISE_A, orgs)).to.deep.equal(ALLOW);
    expect(mayActAsEntity(caller(TAIZHOU, ['holder'], '91321200MA3GHJ5624'), ENTERPRISE_A, orgs)).to.include({ code: 'FORBIDDEN' });
    expect(mayActAsEntity(caller(TAIZHOU, ['registrar'], ENTERPRISE_A), ENTERPRISE_A, orgs)).to.include({ code: 'FORBIDDEN' });
    expect(mayActAsEntity(caller(TAIZHOU, ['holder'], ENTERPRISE_A), undefined, orgs)).to.include({ code: 'FORBIDDEN' });
  });

  it('refuses an entity claimed under a CA that cannot vouch for it: a non-registry org, or another city', () => {
    expect(mayActAsEntity(caller(BANK, ['holder'], ENTERPRISE_A), ENTERPRISE_A, orgs)).to.include({ code: 'FORBIDDEN' });
    expect(mayActAsEntity(caller(REGULATOR, ['holder'], ENTERPRISE_A), ENTERPRISE_A, orgs)).to.include({ code: 'FORBIDDEN' });
    expect(mayActAsEntity(caller(YANCHENG, ['holder'], ENTERPRISE_A), ENTERPRISE_A, orgs)).to.include({ code: 'FORBIDDEN' });
    expect(mayApply(caller(YANCHENG, ['holder'], ENTERPRISE_A), YANCHENG, orgs)).to.include({ code: 'FORBIDDEN' });
    expect(mayApply(caller(BANK, ['holder'], ENTERPRISE_A), BANK, orgs)).to.include({ code: 'FORBIDDEN' });
    expect(mayApply(caller(BANK, ['holder'], ENTERPRISE_A), TAIZHOU, orgs)).to.include({ code: 'FORBIDDEN' });
    // The certificate's registry is irrelevant: Yancheng vouches for its own enterprise anywhere.
    expect(mayActAsEntity(caller(YANCHENG, ['holder'], ENTERPRISE_B), ENTERPRISE_B, orgs)).to.deep.equal(ALLOW);
  });

  it('reads a registry’s jurisdiction from its city code: trailing 00 pairs dropped, never below the province', () => {
    expect(jurisdictionPrefix('321200')).to.equal('3212');
    expect(jurisdictionPrefix('310000')).to.equal('31');
    expect(jurisdictionPrefix('321202')).to.equal('321202');
    expect(jurisdictionPrefix('000000')).to.equal('00');
    expect(mayVouchForEntity(TAIZHOU, '91321202MA4KLM567B', orgs)).to.deep.equal(ALLOW); // a district of Taizhou
    expect(mayVouchForEntity(SHANGHAI, '91310115MA1XYA2348', orgs)).to.deep.equal(ALLOW); // Pudong, Shanghai
    expect(mayVouchForEntity(HUAIAN, '91320800MA1BCD4568', orgs)).to.deep.equal(ALLOW);
    expect(mayVouchForEntity(TAIZHOU, '91320800MA1BCD4568', orgs)).to.include({ code: 'FORBIDDEN' });
    expect(mayVouchForEntity(SHANGHAI, ENTERPRISE_A, orgs)).to.include({ code: 'FORBIDDEN' });
    expect(mayVouchForEntity(TAIZHOU, '91321200MA1ABC123M', orgs)).to.include({ code: 'FORBIDDEN' }); // bad check digit
    expect(mayVouchForEntity(TAIZHOU, undefined, orgs)).to.include({ code: 'FORBIDDEN' });
  });

  it('binds a natural person (np:<city code>:<hash>) to the registry of its city code, like a USCC’s division code', () => {
    const hash = 'c'.repeat(64);
    const taizhouPerson = `np:321200:${hash}`;
    expect(mayVouchForEntity(TAIZHOU, taizhouPerson, orgs)).to.deep.equal(ALLOW);
    expect(mayVouchForEntity(TAIZHOU, `np:321202:${hash}`, orgs)).to.deep.equal(ALLOW); // a district of Taizhou
    expect(mayVouchForEntity(SHANGHAI, `np:310115:${hash}`, orgs)).to.deep.equal(ALLOW);
    for (const other of [YANCHENG, HUAIAN, SHANGHAI]) expect(mayVouchForEntity(other, taizhouPerson, orgs)).to.include({ code: 'FORBIDDEN' });
    expect(mayVouchForEntity(BANK, taizhouPerson, orgs)).to.include({ code: 'FORBIDDEN' });
    expect(mayApply(caller(HUAIAN, ['holder'], `np:320800:${hash}`), HUAIAN, orgs)).to.deep.equal(ALLOW);
    expect(mayApply(caller(SHANGHAI, ['holder'], taizhouPerson), SHANGHAI, orgs)).to.include({ code: 'FORBIDDEN' });
    expect(mayActAsEntity(caller(SHANGHAI, ['holder'], taizhouPerson), taizhouPerson, orgs)).to.include({ code: 'FORBIDDEN' });
    expect(mayActAsEntity(caller(TAIZHOU, ['holder'], taizhouPerson), taizhouPerson, orgs)).to.deep.equal(ALLOW);
  });

  it('refuses the former np:<hash> form (no city code) as an invalid entity at every registry', () => {
    const old = `np:${'c'.repeat(64)}`;
    for (const registry of [TAIZHOU, YANCHENG, HUAIAN, SHANGHAI]) {
      const r = mayVouchForEntity(registry, old, orgs);
      expect(r).to.include({ code: 'FORBIDDEN' });
      expect(r.allowed ? '' : r.reason).to.match(/no valid dal\.entity/);
    }
  });

  it('lets only an admin of the regulator the definition names configure an unconfigured consortium, and only a regulator admin change it', () => {
    expect(mayConfigureConsortium(caller(REGULATOR, ['admin']), undefined, orgs)).to.deep.equal(ALLOW);
    expect(mayConfigureConsortium(caller(TAIZHOU, ['admin']), undefined, orgs)).to.include({ code: 'FORBIDDEN' });
    expect(mayConfigureConsortium(caller(BANK, ['admin']), undefined, orgs)).to.include({ code: 'FORBIDDEN' });
    expect(mayConfigureConsortium(caller(TAIZHOU, ['admin']), orgs, orgs)).to.include({ code: 'FORBIDDEN' });
    expect(mayConfigureConsortium(caller(REGULATOR, ['admin']), orgs, orgs)).to.deep.equal(ALLOW);
    expect(mayConfigureConsortium(caller(REGULATOR, ['regulator']), undefined, orgs)).to.include({ code: 'FORBIDDEN' });
  });
});
