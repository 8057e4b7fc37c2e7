/**
 * The portable provenance dossier (数据资产溯源档案): every fact of a certificate's provenance
 * — its versions, evidence, upstream sources, recognitions, grants, trades and encumbrances —
 * each with the endorsed Fabric transaction that wrote it and a proof that transaction is in a
 * block the orderer signed. Shaped like the certificate bundle (W3C VC 2.0) and checked by the
 * same verifier with the same trust pinning; a bank archives it and checks it years later
 * without the gateway.
 *
 * Size: facts share transactions and blocks — each transaction's envelope is carried once
 * (`proof.transactions`, by txId) and each block's header and orderer signature once
 * (`proof.blocks`, by number). On the embedded network a transaction's place in its block is a
 * Merkle path; on real Fabric, whose orderer signs no Merkle root, the block carries its whole
 * data (every envelope), and a transaction in it is named by index only (docs/provenance.md).
 */
import type { MerkleStepJson } from './certificate-bundle';
import type { BlockProofJson } from './proof-checks';

export const DOSSIER_TYPE = 'DataAssetProvenanceDossier';
export const DOSSIER_PROOF_TYPE = 'HyperledgerFabricProvenanceProof';
export const DOSSIER_NAME = '数据资产溯源档案 Data asset provenance dossier';

/** One fact: what transaction `txId` wrote under `stateKey` (at JSON pointer `path` inside it, when given). */
export interface DossierFact {
  /** certificate, evidence, source, recognition, grant, listing, order, settlement, pledge, dispute, freeze. */
  readonly kind: string;
  /** The id of the record the fact is about. */
  readonly subject: string;
  /** The state key (base64: composite keys contain NUL characters). */
  readonly stateKey: string;
  readonly path?: string;
  /** The value as written (the record, or the part of it at `path`). */
  readonly value: unknown;
  readonly txId: string;
  readonly blockNumber: number;
  /** ISO time of the transaction (its proposal's header). */
  readonly timestamp: string;
  /** Who submitted the transaction: MSP id and enrolment id (the creator certificate's CN). */
  readonly actor: { readonly mspId: string; readonly id: string };
}

export interface DossierTransaction {
  readonly blockNumber: number;
  readonly txIndex: number;
  /** The envelope (base64); absent when its block carries every envelope (real Fabric): then it is `envelopes[txIndex]`. */
  readonly envelope?: string;
  /** Its place under the block's signed Merkle root (embedded network). */
  readonly merklePath?: readonly MerkleStepJson[];
  /** What the peer recorded; signed by no one, so a live check (POST /verify) confirms it. */
  readonly validationCode: string;
}

export interface ProvenanceDossier {
  readonly '@context': readonly string[];
  readonly type: readonly string[];
  /** `urn:dal:provenance:<certificate id>` */
  readonly id: string;
  readonly name: string;
  readonly credentialSubject: {
    readonly certificateId: string;
    /** The issuing registry of the certificate. */
    readonly registry: string;
    /** Upstream certificates through `parents`, any depth, each with its issuing registry. */
    readonly sources: readonly { readonly id: string; readonly registry: string; readonly depth: number; readonly parentOf: string }[];
    readonly facts: readonly DossierFact[];
  };
  readonly proof: {
    readonly type: typeof DOSSIER_PROOF_TYPE;
    /** When the dossier was assembled (not signed: the facts carry their own times). */
    readonly created: string;
    readonly proofPurpose: 'assertionMethod';
    readonly channelName: string;
    readonly chaincodeName: string;
    readonly transactions: Readonly<Record<string, DossierTransaction>>;
    /** By block number, as a decimal string. */
    readonly blocks: Readonly<Record<string, BlockProofJson>>;
    readonly trustAnchors: Readonly<Record<string, string>>;
  };
}

/** The checks a dossier's verification reports, in order; each names what failed. */
export const DOSSIER_CHECKS = [
  'format',
  'trust-anchors',
  'transaction',
  'creator-certificate',
  'creator-signature',
  'transaction-id',
  'endorsements',
  'fact-write',
  'fact-value',
  'fact-context',
  'dossier-subject',
  'block-inclusion',
  'block-signature',
] as const;

export interface DossierVerification {
  readonly valid: boolean;
  readonly checks: readonly { readonly name: string; readonly ok: boolean; readonly detail: string }[];
  readonly facts?: {
    readonly certificateId: string;
    readonly factCount: number;
    readonly transactionCount: number;
    readonly blocks: readonly number[];
    readonly orderedBy: readonly string[];
  };
}
