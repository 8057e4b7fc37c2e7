import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENCUMBERED_OPERATIONS, ENCUMBRANCE_BLOCKS, ENCUMBRANCE_KINDS, type Encumbrance, type EncumbranceKind } from '../../../chaincode/src/model/encumbrance';
import { blockingEncumbrance, canEncumber, canLiftFreeze, unencumberedFor } from '../../../chaincode/src/rules/encumbrance';
import { ALLOW } from '../../../chaincode/src/rules/result';

const CERT = '321200-2026-000001';
const DOCS_TABLE = join(__dirname, '..', '..', '..', '..', 'docs', 'encumbrances.md');

/** The operation rows of the table in docs/encumbrances.md: for each, the three cells (pledge, dispute, judicial freeze). */
function documentedRows(): string[][] {
  const text = readFileSync(DOCS_TABLE, 'utf8');
  const table = text.slice(text.indexOf('| operation'), text.indexOf('| **lifted by**'));
  return table
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| operation'))
    .map((line) => line.split('|').slice(2, 5).map((cell) => cell.trim()));
}

function encumbrance(kind: EncumbranceKind, overrides: Partial<Encumbrance> = {}): Encumbrance {
  return {
    docType: 'encumbrance',
    id: `ENC-${kind === 'pledge' ? 'P' : kind === 'dispute' ? 'D' : 'J'}000000000`,
    certificateId: CERT,
    kind,
    holder: 'x',
    reference: `${kind}-ref`,
    status: 'active',
    since: '2026-03-01T00:00:00.000Z',
    recordedBy: { mspId: 'RegulatorMSP', id: 'regulator' },
    createdTxId: 't',
    lastTxId: 't',
    updatedAt: '2026-03-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('encumbrance rules', () => {
  describe('the table ENCUMBRANCE_BLOCKS', () => {
    it('has a row for every kind, each naming who lifts it', () => {
      expect(Object.keys(ENCUMBRANCE_BLOCKS).sort()).to.deep.equal([...ENCUMBRANCE_KINDS].sort());
      expect(ENCUMBRANCE_BLOCKS.pledge.liftedBy).to.equal('pledgee');
      expect(ENCUMBRANCE_BLOCKS.dispute.liftedBy).to.equal('exchange');
      expect(ENCUMBRANCE_BLOCKS.judicial_freeze.liftedBy).to.equal('regulator');
    });

    it('lets a judicial freeze block every operation it names', () => {
      expect([...ENCUMBRANCE_BLOCKS.judicial_freeze.blocks].sort()).to.deep.equal([...ENCUMBERED_OPERATIONS].sort());
    });

    it('lets a pledged certificate be renewed, and a disputed one be renewed and licensed but not changed', () => {
      expect(ENCUMBRANCE_BLOCKS.pledge.blocks).not.to.include('renewal');
      for (const operation of ['renewal', 'new_grant'] as const) expect(ENCUMBRANCE_BLOCKS.dispute.blocks).not.to.include(operation);
      expect(ENCUMBRANCE_BLOCKS.dispute.blocks).to.include('change');
    });

    it('is the table docs/encumbrances.md states, row by row in ENCUMBERED_OPERATIONS order', () => {
      const rows = documentedRows();
      expect(rows).to.have.length(ENCUMBERED_OPERATIONS.length);
      ENCUMBERED_OPERATIONS.forEach((operation, i) => {
        const stated = ENCUMBRANCE_KINDS.map((kind) => (ENCUMBRANCE_BLOCKS[kind].blocks.includes(operation) ? 'blocks' : '—'));
        expect(rows[i], operation).to.deep.equal(stated);
      });
    });

    it('has every kind block transfer, cancellation, listing and order', () => {
      for (const kind of ENCUMBRANCE_KINDS) {
        for (const operation of ['transfer', 'cancellation', 'listing', 'order'] as const) expect(ENCUMBRANCE_BLOCKS[kind].blocks).to.include(operation);
      }
    });
  });

  describe('blockingEncumbrance and unencumberedFor', () => {
    it('allows every operation on a certificate without encumbrances', () => {
      for (const operation of ENCUMBERED_OPERATIONS) expect(unencumberedFor(CERT, [], operation)).to.deep.equal(ALLOW);
    });

    it('decides each kind and operation from the table', () => {
      for (const kind of ENCUMBRANCE_KINDS) {
        for (const operation of ENCUMBERED_OPERATIONS) {
          const blocked = ENCUMBRANCE_BLOCKS[kind].blocks.includes(operation);
          expect(blockingEncumbrance([encumbrance(kind)], operation)?.kind, `${kind} × ${operation}`).to.equal(blocked ? kind : undefined);
        }
      }
    });

    it('ignores a lifted encumbrance', () => {
      expect(blockingEncumbrance([encumbrance('judicial_freeze', { status: 'lifted' })], 'transfer')).to.equal(undefined);
    });

    it('finds the one that blocks among several that coexist', () => {
      const dispute = encumbrance('dispute');
      const freeze = encumbrance('judicial_freeze');
      expect(blockingEncumbrance([dispute, freeze], 'renewal')).to.equal(freeze);
      expect(blockingEncumbrance([dispute, freeze], 'transfer')).to.equal(dispute);
    });

    it('refuses with CONFLICT naming the kind, the id and the reference of the blocking encumbrance', () => {
      const result = unencumberedFor(CERT, [encumbrance('judicial_freeze')], 'renewal');
      expect(result).to.include({ allowed: false, code: 'CONFLICT' });
      expect(result.allowed ? '' : result.reason).to.match(/judicial_freeze ENC-J000000000/).and.match(/judicial_freeze-ref/).and.match(/regulator/);
    });
  });

  describe('recording and lifting a freeze', () => {
    it('encumbers an issued certificate only', () => {
      expect(canEncumber({ id: CERT, status: 'issued' })).to.deep.equal(ALLOW);
      for (const status of ['applied', 'publicizing', 'revoked', 'cancelled'] as const) expect(canEncumber({ id: CERT, status })).to.include({ code: 'CONFLICT' });
    });

    it('lifts an active judicial freeze only', () => {
      expect(canLiftFreeze(CERT, encumbrance('judicial_freeze'), 'ENC-J000000000')).to.deep.equal(ALLOW);
      expect(canLiftFreeze(CERT, undefined, 'ENC-X000000000')).to.include({ code: 'NOT_FOUND' });
      expect(canLiftFreeze(CERT, encumbrance('judicial_freeze', { status: 'lifted' }), 'ENC-J000000000')).to.include({ code: 'CONFLICT' });
      expect(canLiftFreeze(CERT, encumbrance('pledge'), 'ENC-P000000000')).to.include({ code: 'CONFLICT' });
    });
  });
});
