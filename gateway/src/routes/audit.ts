/**
 * Raw ledger facts for auditors: a transaction with its validation code, creator, endorsers
 * and writes, and a block with its hashes (as Fabric computes them) and each transaction's
 * validation code. Both backends answer the same shapes (ledger.ts).
 */
import type { Ledger } from '../ledger/ledger';
import { AUDIT_ACCESS_NOTE, requireAuditor } from './audit-access';
import type { AuthenticatedRoute } from './route';

const TAG = 'audit';

export function auditRoutes(ledger: Ledger): AuthenticatedRoute[] {
  return [
    {
      method: 'get',
      path: '/api/v1/transactions/:txId',
      access: 'authenticated',
      operationId: 'getTransaction',
      tag: TAG,
      summary: 'A transaction as committed: validation code, block, creator, function and arguments, endorsers, writes, event',
      description: `Invalid transactions are answered too, with their code (e.g. \`MVCC_READ_CONFLICT\`). ${AUDIT_ACCESS_NOTE}`,
      params: 'TxIdParams',
      responses: { 200: { description: 'The transaction.', schema: 'TransactionInfo' } },
      errors: [403, 404],
      async handler({ caller, params }) {
        requireAuditor(caller);
        return { body: await ledger.getTransaction(params.txId ?? '') };
      },
    },
    {
      method: 'get',
      path: '/api/v1/blocks/:n',
      access: 'authenticated',
      operationId: 'getBlock',
      tag: TAG,
      summary: "A block's header hashes and its transactions with their validation codes",
      description:
        "`headerHash` is SHA-256 of the DER header (protoutil.BlockHeaderHash) and equals the next block's `previousHash`; " +
        `\`dataHash\` is SHA-256 of the concatenated envelopes. ${AUDIT_ACCESS_NOTE}`,
      params: 'BlockNumberParams',
      responses: { 200: { description: 'The block.', schema: 'BlockInfo' } },
      errors: [403, 404],
      async handler({ caller, params }) {
        requireAuditor(caller);
        return { body: await ledger.getBlock(Number(params.n)) };
      },
    },
  ];
}
