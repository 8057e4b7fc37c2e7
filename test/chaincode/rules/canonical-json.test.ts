import { expect } from 'chai';
import { canonicalBytes, canonicalJson } from '../../../chaincode/src/canonical-json';

describe('canonical JSON', () => {
  it('sorts object keys at every depth so insertion order does not change the bytes', () => {
    const a = { b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } };
    const b = { a: { c: 'x', d: [3, { y: 2, z: 1 }] }, b: 1 };
    expect(canonicalJson(a)).to.equal('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson(a)).to.equal(canonicalJson(b));
  });

  it('keeps array order, which carries meaning', () => {
    expect(canonicalJson([2, 1])).to.equal('[2,1]');
  });

  it('drops undefined members and writes undefined array items as null like JSON.stringify', () => {
    expect(canonicalJson({ a: undefined, b: null })).to.equal('{"b":null}');
    expect(canonicalJson([undefined])).to.equal('[null]');
  });

  it('escapes strings exactly as JSON.stringify, including Chinese text', () => {
    expect(canonicalJson({ name: '泰州 "数据"\n' })).to.equal(JSON.stringify({ name: '泰州 "数据"\n' }));
  });

  it('refuses NaN and Infinity instead of writing null silently', () => {
    expect(() => canonicalJson({ a: NaN })).to.throw(/non-finite/);
    expect(() => canonicalJson([Infinity])).to.throw(/non-finite/);
  });

  it('refuses functions, symbols and bigints', () => {
    expect(() => canonicalJson({ f: () => 1 })).to.throw(/cannot serialise/);
    expect(() => canonicalJson({ n: BigInt(1) })).to.throw(/cannot serialise/);
  });

  it('encodes bytes as UTF-8 of the canonical text', () => {
    expect(canonicalBytes({ b: 'é', a: 1 }).toString('utf8')).to.equal('{"a":1,"b":"é"}');
  });
});
