import { expect } from 'chai';
import { divisionCodeOf, isNaturalPersonEntity, isValidEntity, isValidUscc, usccCheckCharacter } from '../../../chaincode/src/uscc';

describe('unified social credit code (统一社会信用代码)', () => {
  for (const code of ['91321200MA1ABC123N', '91320900MA2DEF341G', '91321200MA3GHJ5624']) {
    it(`accepts the demo code ${code} whose GB 32100 check character matches`, () => {
      expect(isValidUscc(code)).to.equal(true);
      expect(usccCheckCharacter(code.slice(0, 17))).to.equal(code.charAt(17));
    });
  }

  it('computes check character 0 when the weighted sum is a multiple of 31', () => {
    // Search a prefix whose remainder is 0 so the (31 - 0) % 31 branch is exercised.
    let prefix = '';
    for (let n = 0; n < 1000 && prefix === ''; n++) {
      const p = `91321200MA${String(n).padStart(7, '0')}`;
      if (usccCheckCharacter(p) === '0') prefix = p;
    }
    expect(prefix).to.not.equal('');
    expect(isValidUscc(`${prefix}0`)).to.equal(true);
  });

  it('refuses a code whose check character is wrong', () => {
    expect(isValidUscc('91321200MA1ABC123M')).to.equal(false);
    expect(isValidUscc('91320900MA2DEF341H')).to.equal(false);
  });

  it('refuses a code with a letter outside the GB 32100 alphabet (I, O, S, V, Z)', () => {
    expect(isValidUscc('91321200MA1ABCI23N')).to.equal(false);
    expect(isValidUscc('91321200MA1ABCO23N')).to.equal(false);
    expect(isValidUscc('91321200MA1ABCZ23N')).to.equal(false);
  });

  it('refuses lowercase, short, long and empty codes', () => {
    expect(isValidUscc('91321200ma1abc123n')).to.equal(false);
    expect(isValidUscc('91321200MA1ABC123')).to.equal(false);
    expect(isValidUscc('91321200MA1ABC123NN')).to.equal(false);
    expect(isValidUscc('')).to.equal(false);
  });

  it('refuses a code whose region segment is not six digits', () => {
    expect(isValidUscc('9132A200MA1ABC123N')).to.equal(false);
  });

  it('accepts a natural person as np:<6-digit city code>:<64 lowercase hex> and nothing else', () => {
    const hash = '6b1d4c2c5e0a9f3e8d7b6a5c4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f';
    const np = `np:321200:${hash}`;
    expect(isNaturalPersonEntity(np)).to.equal(true);
    expect(isValidEntity(np)).to.equal(true);
    expect(divisionCodeOf(np)).to.equal('321200');
    expect(isValidEntity(np.toUpperCase())).to.equal(false);
    expect(isValidEntity('np:1234')).to.equal(false);
    expect(isValidEntity(`np:32120:${hash}`)).to.equal(false);
    expect(isValidEntity(`np:3212000:${hash}`)).to.equal(false);
    expect(isValidEntity(`np:32120A:${hash}`)).to.equal(false);
    expect(isValidEntity(`np:321200${hash}`)).to.equal(false);
    expect(isValidEntity('320102199001011234')).to.equal(false);
  });

  it('refuses the former np:<hash> form without a city code', () => {
    const old = 'np:6b1d4c2c5e0a9f3e8d7b6a5c4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f';
    expect(isNaturalPersonEntity(old)).to.equal(false);
    expect(isValidEntity(old)).to.equal(false);
    expect(divisionCodeOf(old)).to.equal(undefined);
  });

  it('reads the division code of a USCC (characters 3–8)', () => {
    expect(divisionCodeOf('91321200MA1ABC123N')).to.equal('321200');
    expect(divisionCodeOf('91321200MA1ABC123M')).to.equal(undefined);
  });
});
