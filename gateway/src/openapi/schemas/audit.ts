/** The published schemas of raw ledger facts for auditors: transactions, blocks and the integrity check. */
import { HEX64, ISO_TIME, type JsonSchema } from './common';

export const auditSchemas: Readonly<Record<string, JsonSchema>> = {
  TxIdParams: {
    type: 'object',
    required: ['txId'],
    properties: { txId: { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'A Fabric transaction id: hex SHA-256 of nonce and creator.' } },
  },
  BlockNumberParams: {
    type: 'object',
    required: ['n'],
    properties: { n: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Block number; 0 is the configuration (genesis) block.' } },
  },
  TransactionInfo: {
    type: 'object',
    description: 'A transaction as committed, valid or not: the raw facts an auditor checks.',
    required: ['txId', 'blockNumber', 'txIndex', 'validationCode', 'timestamp', 'creator', 'chaincodeName', 'function', 'args', 'endorsers', 'writes'],
    properties: {
      txId: { type: 'string' },
      blockNumber: { type: 'integer', minimum: 0 },
      txIndex: { type: 'integer', minimum: 0, description: 'Position in the block.' },
      validationCode: { type: 'string', description: "Fabric's TxValidationCode name: `VALID`, `MVCC_READ_CONFLICT`, `ENDORSEMENT_POLICY_FAILURE`…", examples: ['VALID'] },
      timestamp: { ...ISO_TIME, description: "From the proposal's channel header." },
      creator: { type: 'object', required: ['mspId', 'id'], properties: { mspId: { type: 'string' }, id: { type: 'string', description: '`x509::<subject>::<issuer>`' } } },
      chaincodeName: { type: 'string' },
      function: { type: 'string', examples: ['Certificate:Issue'] },
      args: { type: 'array', items: { type: 'string' } },
      endorsers: { type: 'array', items: { type: 'string' }, description: 'MSP ids of the endorsing peers.' },
      writes: {
        type: 'array',
        items: { type: 'object', required: ['namespace', 'key', 'isDelete'], properties: { namespace: { type: 'string' }, key: { type: 'string' }, isDelete: { type: 'boolean' } } },
      },
      event: { type: 'object', required: ['name', 'payload'], properties: { name: { type: 'string' }, payload: { type: 'string' } } },
    },
  },
  BlockInfo: {
    type: 'object',
    description: "A block's header hashes (hex, as protoutil computes them) and its transactions' validation codes.",
    required: ['number', 'previousHash', 'dataHash', 'headerHash', 'transactions'],
    properties: {
      number: { type: 'integer', minimum: 0 },
      previousHash: { type: 'string', description: "The previous block's `headerHash`; empty for block 0." },
      dataHash: HEX64,
      headerHash: { ...HEX64, description: 'SHA-256 of DER SEQUENCE {number, previousHash, dataHash}.' },
      transactions: {
        type: 'array',
        items: { type: 'object', required: ['txId', 'validationCode'], properties: { txId: { type: 'string' }, validationCode: { type: 'string' } } },
      },
    },
  },
  IntegrityQuery: {
    type: 'object',
    additionalProperties: false,
    properties: {
      from: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'First block to check (default 0).' },
      to: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Last block to check, inclusive (default the latest).' },
    },
  },
  LedgerIntegrity: {
    type: 'object',
    required: ['height', 'ok', 'checkedBlocks', 'checkedTransactions'],
    properties: {
      height: { type: 'integer', minimum: 0 },
      ok: { type: 'boolean' },
      from: { type: 'integer', minimum: 0, description: 'First block checked.' },
      to: { type: 'integer', minimum: 0, description: 'Last block checked.' },
      checkedBlocks: { type: 'integer', minimum: 0 },
      checkedTransactions: { type: 'integer', minimum: 0, description: 'Valid endorser transactions whose signatures were re-verified.' },
      checkedStateKeys: { type: 'integer', minimum: 0, description: "Embedded backend, whole chain: state keys compared with the valid transactions' writes." },
      checkedHistoryEntries: { type: 'integer', minimum: 0, description: "Embedded backend, whole chain: history entries compared with the valid transactions' writes." },
      firstBadBlock: { type: 'integer', minimum: 0 },
      problem: { type: 'string', description: 'What failed in `firstBadBlock` (for state or history: which key, and what is wrong with it).' },
      backend: { type: 'string', enum: ['embedded', 'fabric'] },
    },
    examples: [{ height: 42, ok: true, from: 0, to: 41, checkedBlocks: 42, checkedTransactions: 57, backend: 'embedded' }],
  },
};
