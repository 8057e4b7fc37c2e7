import { expect } from 'chai';
import { cst, fenOf, monthCst, yuan } from '../../gateway/web/src/format';

describe('web console: amounts and times', function () {
  it('writes integer fen as yuan with every fen, grouped by thousands', function () {
    expect(yuan(123_456)).to.equal('¥1,234.56');
    expect(yuan(5)).to.equal('¥0.05');
    expect(yuan(100)).to.equal('¥1.00');
    expect(yuan(-250_000)).to.equal('-¥2,500.00');
    expect(yuan(Number.MAX_SAFE_INTEGER)).to.equal('¥90,071,992,547,409.91');
    expect(yuan(undefined)).to.equal('—');
    expect(yuan(1.5), 'not a whole number of fen').to.equal('—');
  });

  it('reads yuan typed by a person back as exact fen, refusing what is not an amount', function () {
    expect(fenOf('1,234.56')).to.equal(123_456);
    expect(fenOf('¥ 0.1')).to.equal(10);
    expect(fenOf('48000')).to.equal(4_800_000);
    expect(fenOf('1.234')).to.equal(undefined);
    expect(fenOf('abc')).to.equal(undefined);
  });

  it('shows instants in China Standard Time (UTC+8), across the date line of UTC', function () {
    expect(cst('2026-12-05T16:30:00.000Z')).to.equal('2026-12-06 00:30');
    expect(cst('2026-12-05T03:04:05.000Z', true)).to.equal('2026-12-05 11:04:05');
    expect(cst(undefined)).to.equal('—');
    expect(monthCst(0, Date.parse('2026-12-31T17:00:00Z')), 'already January in Beijing').to.equal('2027-01');
    expect(monthCst(-12, Date.parse('2026-03-01T00:00:00Z'))).to.equal('2025-03');
  });
});
