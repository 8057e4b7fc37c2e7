import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import * as vocabulary from '../../../chaincode/src/vocabulary';

describe('chaincode vocabulary (chaincode/src/vocabulary.ts)', () => {
  it('loads without fabric-shim or fabric-contract-api, so the gateway can import it', () => {
    const script = `require(${JSON.stringify(require.resolve('../../../chaincode/src/vocabulary'))});
      process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((k) => /fabric-(shim|contract-api)/.test(k))));`;
    const loaded = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as string[];
    expect(loaded).to.deep.equal([]);
  });

  it('offers every enum as a constant array usable as a JSON Schema enum', () => {
    expect(vocabulary.STATUSES).to.include('issued');
    expect(vocabulary.EFFECTIVE_STATUSES).to.deep.equal([...vocabulary.STATUSES, 'expired']);
    expect(vocabulary.EFFECTIVE_GRANT_STATUSES).to.deep.equal([...vocabulary.GRANT_STATUSES, 'scheduled', 'expired', 'void']);
    expect(vocabulary.AGREEMENT_STATUSES).to.deep.equal(['pending', 'active', 'terminated']);
    expect(vocabulary.RESOLUTION_OUTCOMES).to.deep.equal(['refund', 'release', 'partial']);
    expect(vocabulary.ORDER_STATUSES).to.include.members(['offered', 'countered', 'agreed', 'delivered', 'confirmed', 'disputed', 'settled']);
    expect(vocabulary.ERROR_CODES).to.deep.equal(Object.keys(vocabulary.HTTP_STATUS));
  });

  it('offers id patterns that accept the ids the chaincode allocates', () => {
    expect(vocabulary.CERTIFICATE_ID_PATTERN.test('321200-2026-000001')).to.equal(true);
    expect(vocabulary.APPLICATION_ID_PATTERN.test('321200-2026-A0123456789')).to.equal(true);
    expect(vocabulary.AGREEMENT_ID_PATTERN.test('AGR-4N8P2R6TXZ')).to.equal(true);
    expect(vocabulary.GRANT_ID_PATTERN.test('GRT-8M2K4Q7TXB')).to.equal(true);
    expect(vocabulary.OBJECTION_ID_PATTERN.test('OBJ-7K3M9Q2XAB')).to.equal(true);
    expect(vocabulary.USAGE_ID_PATTERN.test('USE-3K7M9Q2XAB')).to.equal(true);
    expect(vocabulary.LISTING_ID_PATTERN.test('LST-3K7M9Q2XAB')).to.equal(true);
    expect(vocabulary.ORDER_ID_PATTERN.test('ORD-3K7M9Q2XAB')).to.equal(true);
    expect(vocabulary.USCC_PATTERN.test('91321200MA1ABC123N')).to.equal(true);
    for (const id of ['321200-2026-000001', '321200-2026-A0123456789', '321200-2026-A012345678I', '321200-2026-00001', 'GRT-8M2K4Q7TXB']) {
      const either = vocabulary.CERTIFICATE_ID_PATTERN.test(id) || vocabulary.APPLICATION_ID_PATTERN.test(id);
      expect(vocabulary.CERTIFICATE_HANDLE_PATTERN.test(id), id).to.equal(either);
    }
    for (const entity of ['91321200MA1ABC123N', `np:321200:${'a'.repeat(64)}`, `np:${'a'.repeat(64)}`, '91321200MA1ABC123']) {
      const either = vocabulary.USCC_PATTERN.test(entity) || vocabulary.NATURAL_PERSON_PATTERN.test(entity);
      expect(vocabulary.ENTITY_PATTERN.test(entity), entity).to.equal(either);
    }
    expect(vocabulary.NATURAL_PERSON_PATTERN.test(`np:321200:${'a'.repeat(64)}`)).to.equal(true);
  });
});
