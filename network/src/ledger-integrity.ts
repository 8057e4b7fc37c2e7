/**
 * Re-verifies the embedded ledger's LevelDB from genesis without trusting anything but the
 * genesis block (`npm run ledger:verify`, with the gateway stopped). The checks themselves are
 * the backend-neutral chain verifier's (proof/chain-verifier.ts); this adds what only the
 * store can tell: the recorded height, no block written above it, and state and history that
 * are what the valid transactions of the blocks wrote (embedded/store-audit.ts). It sits beside both
 * rather than in either, so the embedded network and the verifier never import each other.
 */
import { KEY, type Db } from './embedded/ledger-db';
import { auditStore, type AuditProgress } from './embedded/store-audit';
import { verifyChain, type ChainReport } from './proof/chain-verifier';

export interface IntegrityReport {
  readonly ok: boolean;
  readonly height: number;
  readonly checkedBlocks: number;
  readonly checkedTransactions: number;
  /** State keys and history entries compared with the blocks' writes (0 when the chain itself is bad). */
  readonly checkedStateKeys: number;
  readonly checkedHistoryEntries: number;
  readonly firstBadBlock?: number;
  readonly problem?: string;
}

export interface IntegrityOptions {
  readonly onProgress?: (checkedBlocks: number, height: number) => void;
  /** Then the store audit's stages (embedded/store-audit.ts). */
  readonly onAuditProgress?: AuditProgress;
}

export async function verifyLedger(db: Db, options: IntegrityOptions = {}): Promise<IntegrityReport> {
  const rawHeight = await db.get(KEY.height);
  const height = rawHeight ? Number(rawHeight.readBigUInt64BE(0)) : 0;
  // No trust roots: the embedded genesis block's channel config supplies them and names the orderer.
  const report = await verifyChain(
    { height, rawBlock: async (n) => (await db.get(KEY.block(n))) ?? undefined, requireMerkleRoot: true },
    { ...(options.onProgress ? { onProgress: options.onProgress } : {}) },
  );
  if (report.ok && (await db.get(KEY.block(height)))) {
    return failure(report, height, `a block ${height} exists above the recorded height`);
  }
  const { ok, checkedBlocks, checkedTransactions, firstBadBlock, problem } = report;
  if (!ok)
    return {
      ok,
      height,
      checkedBlocks,
      checkedTransactions,
      checkedStateKeys: 0,
      checkedHistoryEntries: 0,
      ...(firstBadBlock !== undefined ? { firstBadBlock, problem } : {}),
    };
  const store = await auditStore(db, options.onAuditProgress ? { onProgress: options.onAuditProgress } : {});
  return { height, checkedBlocks, checkedTransactions, ...store };
}

function failure(report: ChainReport, blockNumber: number, problem: string): IntegrityReport {
  return {
    ok: false,
    height: report.height,
    checkedBlocks: report.checkedBlocks,
    checkedTransactions: report.checkedTransactions,
    checkedStateKeys: 0,
    checkedHistoryEntries: 0,
    firstBadBlock: blockNumber,
    problem,
  };
}
