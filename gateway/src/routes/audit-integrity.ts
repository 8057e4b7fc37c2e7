/**
 * GET /api/v1/ledger/integrity (auditor): re-verifies the chain through the backend's own
 * block reads, whichever backend it is, with the chain verifier `npm run ledger:verify` uses.
 * Trust anchors are the channel's roots from the backend (`trustRoots()`), not block 0, so an
 * embedded config envelope and a Fabric configtx genesis block are checked alike.
 */
import { verifyChain, type ChainReport } from '../../../network/src/proof/chain-verifier';
import { InputError } from '../http/errors';
import { LedgerNotFoundError } from '../ledger/errors';
import type { Ledger, StoreAuditReport } from '../ledger/ledger';
import { AUDIT_ACCESS_NOTE, requireAuditor } from './audit-access';
import type { AuthenticatedRoute } from './route';

/** Lets other requests run between blocks: a full check of a large ledger takes seconds to minutes. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A verdict: the chain's report, and on the embedded backend's whole-chain checks the store audit. */
type Verdict = ChainReport & Partial<StoreAuditReport> & { readonly backend: Ledger['backend'] };

export function auditIntegrityRoutes(ledger: Ledger): AuthenticatedRoute[] {
  const verify = async (height: number, from: number, to: number): Promise<Verdict> => {
    const source = {
      height,
      rawBlock: (n: number) => ledger.getRawBlock(n).catch((err: unknown) => (err instanceof LedgerNotFoundError ? undefined : Promise.reject(err))),
      trustRoots: await ledger.trustRoots(),
      // Only the embedded orderer signs a Merkle root there; on Fabric consenter_metadata is Raft's.
      requireMerkleRoot: ledger.backend === 'embedded',
    };
    const report = await verifyChain(source, { from, to, pause: nextTurn });
    // the whole chain is intact: on the embedded backend, its state and history must be what those blocks wrote
    if (report.ok && from === 0 && to === height - 1 && ledger.auditStore) return { ...report, ...(await ledger.auditStore()), backend: ledger.backend };
    return { ...report, backend: ledger.backend };
  };

  // One check runs at a time. A request shares the check of its range that is running, if that started at
  // or above the height the request saw, or else the one waiting to start (which reads the height then).
  let tail: Promise<unknown> = Promise.resolve();
  const running = new Map<string, { readonly height: number; readonly verdict: Promise<Verdict> }>();
  const waiting = new Map<string, { seen: number; readonly verdict: Promise<Verdict> }>();
  const check = (seen: number, from: number, to: number | undefined): Promise<Verdict> => {
    const key = `${from}:${to ?? 'head'}`;
    const current = running.get(key);
    if (current && current.height >= seen) return current.verdict;
    const next = waiting.get(key);
    if (next) {
      next.seen = Math.max(next.seen, seen);
      return next.verdict;
    }
    const entry = {
      seen,
      verdict: tail.then(async () => {
        // a joiner saw at least `seen` blocks, so the chain has them even if this read raced their commit
        const height = await ledger
          .height()
          .then((h) => Math.max(h, entry.seen))
          .finally(() => waiting.delete(key));
        const verdict = verify(height, from, to ?? height - 1);
        running.set(key, { height, verdict });
        return verdict.finally(() => running.delete(key));
      }),
    };
    waiting.set(key, entry);
    tail = entry.verdict.catch(() => undefined);
    return entry.verdict;
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
        'served meanwhile. Checks run one at a time, whatever their ranges (a short range may wait behind a check of the whole chain): ' +
        'a request shares the check of its range that is running, if that check started at or ' +
        'above the chain height the request arrived at, or else the one waiting to start, so a burst of requests costs one check (two when ' +
        "a block lands meanwhile), and an answer's `height` is never below the height when its request arrived. A `to` at the last block " +
        'when the request arrives asks for the chain up to its head, as no `to` does: the check runs to the head when it starts. On the embedded backend a ' +
        'check of the whole chain also replays the ' +
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
        // `to` at the head the request saw is a head request: its check, which may start after more blocks, runs to the head
        // then, so a check from block 0 still audits the store, which only a check of the whole chain does
        return { body: await check(height, from, to === height - 1 ? undefined : to) };
      },
    },
  ];
}
