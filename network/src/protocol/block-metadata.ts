/** Fabric's BlockMetadataIndex: where each kind of block metadata sits in `block.metadata.metadata`. */
export const METADATA = { SIGNATURES: 0, LAST_CONFIG: 1, TRANSACTIONS_FILTER: 2, ORDERER: 3, COMMIT_HASH: 4 } as const;
