/**
 * GET /api/v1/ledger/integrity (auditor): re-verifies the chain through the backend's own
 * block reads, whichever backend it is, with the chain verifier `npm run ledger:verify` uses.
 * Trust anchors are the channel's roots from the backend (`trustRoots()`), not block 0, so an
 * embedded config envelope and a Fabric configtx genesis block are checked alike.
 */
import { verifyChain, type ChainReport } from '../../../network/src/proof/chain-verifier';
import { InputError } from '../http/errors';
import { LedgerNotFoundError } from '../ledger/errors';
import type { Ledger } from '../ledger/ledger';
import { AUDIT_ACCESS_NOTE, requireAuditor } from './audit-access';
import type { AuthenticatedRoute } from './route';

/** Lets other requests run between blocks: a full check of a large ledger takes seconds to minutes. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function auditIntegrityRoutes(ledger: Ledger): AuthenticatedRoute[] {
  // Concurrent requests for the same range share one check instead of multiplying the cost.
  const running = new Map<string, Promise<ChainReport>>();
  const check = (height: number, from: number, to: number): Promise<ChainReport> => {
    const key = `${height}:${from}:${to}`;
    let report = running.get(key);
    if (!report) {
      report = (async () => {
        const source = {
          height,
          rawBlock: (n: number) => ledger.getRawBlock(n).catch((err: unknown) => (err instanceof LedgerNotFoundError ? undefined : Promise.reject(err))),
          trustRoots: await ledger.trustRoots(),
          // Only the embedded orderer signs a Merkle root there; on Fabric consenter_metadata is Raft's.
          requireMerkleRoot: ledger.backend === 'embedded',
        };
        return verifyChain(source, { from, to, pause: nextTurn });
      })().finally(() => running.delete(key));
      running.set(key, report);
    }
    return report;
  };

  return [
    {
      method: 'get',
      path: '/api/v1/ledger/integrity',
      access: 'authenticated',
      operationId: 'getLedgerIntegrity',
      tag: 'audit',
      summary: "Re-verify the chain: header hashes, data hashes, orderer signatures and every valid transaction's signatures",
      description:
        "Checks blocks `from`..`to` (default the whole chain) against the channel's trust roots: each block's data hash and link to the previous " +
        "header, the orderer's signature over its metadata and header, on the embedded backend the signed Merkle root, and for every " +
        "transaction marked VALID the creator's and endorsers' signatures and the txId derivation. A range above block 0 trusts the header " +
        'of the block before it as its anchor. Cost: one block read and one ECDSA verification per block, plus 1 + endorsements per valid transaction, ' +
        'linear in the range (roughly a second per few thousand transactions); the gateway yields between blocks so other requests are ' +
        'served meanwhile, and identical concurrent checks share one run. On the embedded backend a check of the whole chain also replays the ' +
        "valid transactions' writes and compares them with the peer's state and history (`checkedStateKeys`, `checkedHistoryEntries`), so a " +
        'value altered in the state database is named with the block that wrote it. A damaged ledger is `200` with `ok: false` and `firstBadBlock`. ' +
        AUDIT_ACCESS_NOTE,
      query: 'IntegrityQuery',
      responses: { 200: { description: 'The verdict (also when the ledger is damaged).', schema: 'LedgerIntegrity' } },
      errors: [403, 503],
      async handler({ caller, query }) {
        requireAuditor(caller);
        const height = await ledger.height();
        const from = typeof query.from === 'number' ? query.from : 0;
        const to = typeof query.to === 'number' ? query.to : height - 1;
        if (height === 0) return { body: { height, ok: true, checkedBlocks: 0, checkedTransactions: 0 } };
        if (to >= height) throw new InputError(`query parameter to must be below the chain height ${height}`);
        if (from > to) throw new InputError(`query parameter from (${from}) must not be above to (${to})`);
        const report = await check(height, from, to);
        // the whole chain is intact: on the embedded backend, its state and history must be what those blocks wrote
        if (report.ok && from === 0 && to === height - 1 && ledger.auditStore) {
          return { body: { ...report, ...(await ledger.auditStore()), backend: ledger.backend } };
        }
        return { body: { ...report, backend: ledger.backend } };
      },
    },
  ];
}
