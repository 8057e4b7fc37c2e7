import { expect } from 'chai';
import type { Certificate } from '../../../chaincode/src/model/certificate';
import { canList, marketEndorsers, monthOf, payeesOf, requireOrderStatus, sellerStillEntitled } from '../../../chaincode/src/rules/market';

const SELLER = '91321200MA1ABC123N';
const NOW = '2026-06-01T00:00:00.000Z';

function cert(overrides: Partial<Certificate> = {}): Pick<Certificate, 'id' | 'status' | 'expiresAt' | 'grade' | 'rights'> {
  return {
    id: '321200-2026-000001',
    status: 'issued',
    expiresAt: '2029-06-01T00:00:00.000Z',
    grade: 'general',
    rights: ['holding', 'processing', 'operating'].map((type) => ({ type: type as 'holding', holder: SELLER })),
    ...overrides,
  };
}

describe('market rules', () => {
  it('lists an issued general certificate in term whose seller holds the processing right', () => {
    expect(canList(cert(), SELLER, NOW)).to.deep.equal({ allowed: true });
  });

  it('never lists core data (核心数据), with POLICY_VIOLATION', () => {
    expect(canList(cert({ grade: 'core' }), SELLER, NOW)).to.include({ allowed: false, code: 'POLICY_VIOLATION' });
  });

  it('refuses an expired or unissued certificate with CONFLICT naming its status', () => {
    expect(canList(cert({ expiresAt: '2026-01-01T00:00:00.000Z' }), SELLER, NOW)).to.deep.include({ code: 'CONFLICT' });
    expect(canList(cert({ status: 'revoked' }), SELLER, NOW)).to.include({ allowed: false, code: 'CONFLICT' });
  });

  it('refuses settlement once the seller no longer holds the operating right', () => {
    const moved = cert({ rights: [{ type: 'operating', holder: '91321200MA3GHJ5624' }, { type: 'processing', holder: SELLER }] });
    expect(sellerStillEntitled({ seller: SELLER, certificateId: 'c' }, moved)).to.include({ allowed: false, code: 'POLICY_VIOLATION' });
  });

  it('names the allowed statuses when a move is out of turn', () => {
    expect(requireOrderStatus({ id: 'ORD-1', status: 'offered' }, ['delivered'], 'confirm')).to.deep.include({ code: 'CONFLICT', reason: 'cannot confirm order ORD-1 in status offered (only when delivered)' });
  });

  it('puts the exchange fee first and upstream grants with a share after it, skipping grants without one', () => {
    const payees = payeesOf('JiangsuExchangeMSP', 200, [
      { id: 'GRT-A', grantor: 'a', revenueShareBps: 1500 },
      { id: 'GRT-B', grantor: 'b' },
      { id: 'GRT-C', grantor: 'c', revenueShareBps: 0 },
    ]);
    expect(payees).to.deep.equal([
      { payee: 'JiangsuExchangeMSP', kind: 'exchange_fee', bps: 200 },
      { payee: 'a', kind: 'upstream', bps: 1500, grantId: 'GRT-A' },
    ]);
  });

  it('endorses listings and orders by the exchange and the issuing registry, and keys prices by month', () => {
    expect(marketEndorsers('JiangsuExchangeMSP', 'TaizhouRegistryMSP')).to.deep.equal(['JiangsuExchangeMSP', 'TaizhouRegistryMSP']);
    expect(monthOf(NOW)).to.equal('2026-06');
  });
});
