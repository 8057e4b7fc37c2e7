/**
 * The portable certificate bundle (数据资产登记凭证 for offline verification): a document shaped
 * on the W3C Verifiable Credentials 2.0 data model whose proof is the Fabric transaction that
 * wrote the certificate, its endorsements, and the block it was ordered in. Anyone holding
 * it can check, without trusting the sender, that the consortium's peers endorsed exactly this
 * certificate state and the ordering service put it in block N.
 */

export const BUNDLE_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const BUNDLE_TYPE = 'DataAssetRegistrationCertificate';
export const PROOF_TYPE = 'HyperledgerFabricTransactionProof';
export const BUNDLE_NAME = '数据资产登记凭证 Data asset registration certificate';

export interface MerkleStepJson {
  readonly hash: string;
  readonly right: boolean;
}

export interface CertificateBundle {
  readonly '@context': readonly string[];
  readonly type: readonly string[];
  /** `urn:dal:certificate:<id>` */
  readonly id: string;
  readonly name: string;
  readonly issuer: { readonly id: string; readonly mspId: string; readonly name?: string; readonly nameZh?: string };
  readonly validFrom?: string;
  readonly validUntil?: string;
  /** The certificate's public facts, as written on the ledger. */
  readonly credentialSubject: Readonly<Record<string, unknown>>;
  readonly proof: BundleProof;
}

export interface BundleProof {
  readonly type: typeof PROOF_TYPE;
  readonly created: string;
  readonly proofPurpose: 'assertionMethod';
  readonly channelName: string;
  readonly chaincodeName: string;
  /** The certificate's state key (base64: composite keys contain NUL characters). */
  readonly stateKey: string;
  /** The state value that transaction wrote (base64 of the canonical JSON record). */
  readonly stateValue: string;
  readonly transaction: {
    readonly txId: string;
    readonly blockNumber: number;
    readonly txIndex: number;
    /** The transaction envelope exactly as in the block (base64 common.Envelope). */
    readonly envelope: string;
    /** The validation code the peer recorded; not signed by anyone, so the live check confirms it. */
    readonly validationCode: string;
  };
  readonly block: {
    readonly number: number;
    readonly previousHash: string;
    readonly dataHash: string;
    /** Present when the orderer signed a Merkle root of the block's envelopes (embedded network). */
    readonly merkleRoot?: string;
    readonly merklePath?: readonly MerkleStepJson[];
    /** Otherwise every envelope of the block (base64), to recompute Fabric's data hash. */
    readonly envelopes?: readonly string[];
    /** The orderer's block signature: metadata value, signature header and signature (base64). */
    readonly ordererSignature: { readonly value: string; readonly signatureHeader: string; readonly signature: string };
  };
  /** Root CA certificates of the channel's organisations (PEM by MSP id) that signatures chain to. */
  readonly trustAnchors: Readonly<Record<string, string>>;
}

/** The certificate fields a bundle carries; each one the certificate state has must be in the subject, equal. */
export const BUNDLE_SUBJECT_FIELDS = [
  'id',
  'registry',
  'assetType',
  'name',
  'source',
  'category',
  'grade',
  'containsPersonalInfo',
  'fingerprint',
  'rights',
  'parents',
  'status',
  'issuedAt',
  'expiresAt',
  'queryCode',
  'version',
] as const;

/** Statuses in which the proven state is a registration certificate (after issue, not closed). */
export const CERTIFICATE_STATUSES: readonly string[] = ['issued'];

/** The chaincode's state key of a certificate record: composite key (dal.cert, id). */
export function certificateStateKey(id: string): string {
  return `\u0000dal.cert\u0000${id}\u0000`;
}

/**
 * What a verifier must know about the channel beforehand — from the consortium, never from
 * the bundle: the organisations' root CAs, which of them order blocks, which may issue
 * certificates, and the chaincode that holds them. Served by a gateway at /verify/trust.json.
 */
export interface ChannelTrust {
  readonly channelName: string;
  readonly chaincodeName: string;
  /** Root CA certificate (PEM) by MSP id. */
  readonly roots: Readonly<Record<string, string>>;
  readonly ordererMspIds: readonly string[];
  /** Registries: the organisations that issue certificates. */
  readonly issuerMspIds: readonly string[];
  /** Display names by MSP id; a bundle's issuer names must equal them. */
  readonly organizationNames?: Readonly<Record<string, { readonly name: string; readonly nameZh: string }>>;
}

export interface VerificationCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface BundleVerification {
  readonly valid: boolean;
  readonly checks: readonly VerificationCheck[];
  /** Facts established by the checks (when they pass). */
  readonly facts?: {
    readonly certificateId: string;
    readonly txId: string;
    readonly blockNumber: number;
    readonly blockHash: string;
    readonly endorsedBy: readonly string[];
    readonly orderedBy: string;
    readonly creator: string;
  };
}
