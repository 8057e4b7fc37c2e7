/** The published schemas of public verification: by certificate id, by query code (查询码), and of a portable bundle. */
import { VERDICT_REASONS } from '../../verification/verdict';
import { ENCUMBRANCE_KINDS } from '../../../../chaincode/src/vocabulary';
import { MSP_ID, HEX64, ISO_TIME, ASSET_TYPES, EFFECTIVE_STATUSES, ref, type JsonSchema } from './common';

/** The verdict's reason (verification/verdict.ts): one closed vocabulary wherever a certificate's `valid` is answered. */
const VERDICT_REASON = {
  type: 'string',
  enum: VERDICT_REASONS,
  description:
    'Why `valid` is false. `proof-failed`: a check of the bundle failed (POST /verify only; `failedCheck` names it) — the bundle is not genuine. ' +
    '`not-found`: no certificate of that id on this ledger. `not-issued`: applied, under review or in publicity (公示). `rejected`: the application was rejected. ' +
    '`revoked` (撤销), `cancelled` (注销): closed on the ledger. `expired`: the term ended at or before `checkedAt`.',
} as const;

export const verificationSchemas: Readonly<Record<string, JsonSchema>> = {
  QueryCodeParams: {
    type: 'object',
    required: ['queryCode'],
    properties: {
      queryCode: {
        type: 'string',
        pattern: '^[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{10}$',
        description: 'The query code (查询码) printed with the certificate: 10 characters of Crockford base32, case-insensitive.',
        examples: ['9QX4M2K7TB'],
      },
    },
  },
  Verification: {
    type: 'object',
    description:
      'Public verification (no personal data: no holders, applicant, name or metadata). `valid` means the certificate holds now; ' +
      '`valid`, `reason` and `status` are computed at `checkedAt` (`expired` once the term lapsed — by ledger time of the query, which is the gateway\'s clock: ' +
      'the time a chaincode query carries is the one its client, the gateway, puts in the proposal). ' +
      '`txId`/`blockNumber` name the transaction that last wrote the certificate, and each recognition names its own.',
    required: ['id', 'exists', 'valid', 'checkedAt'],
    properties: {
      id: { type: 'string' },
      exists: { type: 'boolean' },
      valid: {
        type: 'boolean',
        description:
          'The certificate holds now: status `issued`, within its term. Anything else is false, with `reason`. ' +
          'Encumbrances do not make it false: a pledged, disputed or judicially frozen (司法冻结) certificate still holds, but cannot move while the encumbrance lasts — see `encumbrances`.',
      },
      reason: VERDICT_REASON,
      status: { type: 'string', enum: EFFECTIVE_STATUSES, description: 'The effective status at `checkedAt`: the stored one, or `expired` for an issued certificate past `expiresAt`.' },
      since: { ...ISO_TIME, description: 'When the current status began, for revoked, cancelled, rejected and expired certificates.' },
      pledged: { type: 'boolean', description: 'True when one of `encumbrances` is a pledge (质押); kept for clients that read it before encumbrances were reported.' },
      pledgee: {
        type: 'object',
        description: 'When `pledged`: the bank organisation holding the pledge (质权人) and since when it holds it (acceptance, ledger time). Never the amount.',
        required: ['mspId', 'since'],
        additionalProperties: false,
        properties: { mspId: MSP_ID, name: { type: 'string' }, nameZh: { type: 'string' }, since: ISO_TIME },
      },
      encumbrances: {
        type: 'array',
        description:
          'The active encumbrances on the certificate, each by kind (docs/encumbrances.md says which operations each blocks and who lifts it). ' +
          'Never amounts, never parties: what a relying party needs to know is that the asset is encumbered, since when, and on what reference.',
        items: {
          type: 'object',
          required: ['kind', 'since'],
          additionalProperties: false,
          properties: {
            kind: { type: 'string', enum: ENCUMBRANCE_KINDS, description: '`pledge` (质押), `dispute` (an open trading dispute), `judicial_freeze` (司法冻结/查封 on a court order).' },
            since: { ...ISO_TIME, description: 'When it was recorded (ledger time).' },
            reference: { type: 'string', description: 'The document it rests on, e.g. the court order (裁定书) number.' },
          },
        },
      },
      issuer: {
        type: 'object',
        properties: { mspId: MSP_ID, cityCode: { type: 'string' }, name: { type: 'string' }, nameZh: { type: 'string' } },
      },
      assetType: { type: 'string', enum: ASSET_TYPES },
      fingerprint: HEX64,
      issuedAt: ISO_TIME,
      expiresAt: ISO_TIME,
      version: { type: 'integer' },
      recognitions: {
        type: 'array',
        items: {
          type: 'object',
          required: ['registry', 'recognisedAt', 'valid', 'txId', 'blockNumber'],
          properties: { registry: MSP_ID, recognisedAt: ISO_TIME, valid: { type: 'boolean' }, txId: { type: 'string' }, blockNumber: { type: 'integer' } },
        },
      },
      txId: { type: 'string' },
      blockNumber: { type: 'integer' },
      checkedAt: ISO_TIME,
    },
  },
  CertificateBundle: {
    type: 'object',
    description:
      'A portable certificate document shaped on W3C Verifiable Credentials 2.0 whose proof is the Fabric transaction that wrote the certificate ' +
      '(with endorsements) and the block it is in (with the orderer signature). Verify it offline with `npm run verify -- bundle.json`.',
    required: ['@context', 'type', 'credentialSubject', 'proof'],
    properties: {
      '@context': { type: 'array', items: { type: 'string' } },
      type: { type: 'array', items: { type: 'string' } },
      id: { type: 'string' },
      issuer: { type: 'object' },
      credentialSubject: { type: 'object' },
      proof: { type: 'object' },
    },
  },
  BundleVerification: {
    type: 'object',
    description:
      'The verdict on a bundle. `valid` = `proofValid` AND the live status holds; when false, `reason` says why ' +
      '(`proof-failed` with `failedCheck`: not genuine; `revoked`, `cancelled`, `expired`: genuine but no longer in force). ' +
      'Encumbrances (a pledge, a dispute, a judicial freeze) are reported in `live.encumbrances` and `live.pledged`, not as invalidity.',
    required: ['valid', 'proofValid', 'checks'],
    additionalProperties: false,
    properties: {
      valid: {
        type: 'boolean',
        description: 'The certificate holds now: the proof is valid AND the ledger\'s live status is issued (encumbered or not), not revoked, cancelled or expired.',
      },
      reason: VERDICT_REASON,
      failedCheck: { type: 'string', description: 'With `reason: proof-failed`: the name of the first check that failed.', examples: ['credential-subject'] },
      proofValid: {
        type: 'boolean',
        description: 'The proof alone: every check passed (signatures and hashes pinned to the channel roots, and `committed-valid`). True for a genuine bundle of a certificate revoked since.',
      },
      checks: {
        type: 'array',
        items: { type: 'object', required: ['name', 'ok', 'detail'], properties: { name: { type: 'string' }, ok: { type: 'boolean' }, detail: { type: 'string' } } },
      },
      facts: { type: 'object', description: 'What the proof establishes: certificateId, txId, blockNumber, blockHash, endorsedBy, orderedBy, creator.' },
      live: {
        type: 'object',
        description: "The certificate's current public status on the ledger (as GET /certificates/{id}/verification answers it), for a bundle naming a well-formed certificate id.",
        allOf: [ref('Verification')],
        properties: { changedSinceBundle: { type: 'boolean', description: 'True when a later transaction has written the certificate since the bundle was made.' } },
      },
    },
  },
};
