/**
 * A certificate's provenance as the chaincode answers it (`Certificate:Provenance`,
 * store/provenance.ts): facts, each one committed write of one key by one transaction, and the
 * upstream sources through `parents`.
 */
export const FACT_KINDS = [
  'certificate',
  'evidence',
  'source',
  'recognition',
  'grant',
  'listing',
  'order',
  'settlement',
  'pledge',
  'dispute',
  'freeze',
  /** the grant under which the certificate (or an upstream source) was derived from a parent it does not hold the processing right of */
  'source-grant',
] as const;
export type FactKind = (typeof FACT_KINDS)[number];

/** One committed write: `value` is what transaction `txId` wrote under `key` (at JSON pointer `path` inside it, when given). */
export interface ProvenanceFact {
  kind: FactKind;
  /** The id of the record the fact is about (certificate, grant, listing, order, encumbrance, recognition). */
  subject: string;
  key: string;
  txId: string;
  timestamp: string;
  path?: string;
  value: unknown;
}

export interface UpstreamSource {
  id: string;
  /** The registry that issued it. */
  registry: string;
  /** 1 for a direct parent. */
  depth: number;
  /** The certificate it is a parent of. */
  parentOf: string;
}

export interface Provenance {
  certificateId: string;
  registry: string;
  sources: UpstreamSource[];
  facts: ProvenanceFact[];
}
