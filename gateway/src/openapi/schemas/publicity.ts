/** The published schemas of the 公示 board: its query, page and entries, the feed's query, and the index back-fill. */
import { INDIVIDUAL_HOLDER, PUBLICITY_AUDIENCES, SOURCES } from '../../../../chaincode/src/vocabulary';
import { ASSET_TYPES, CATEGORIES, CERTIFICATE_ID, GRADES, HEX64, ISO_TIME, MSP_ID, COMMITTED, ref, type JsonSchema } from './common';

const FILTERS = {
  registry: { ...MSP_ID, description: 'Only this registry’s applications.' },
  category: { type: 'string', enum: CATEGORIES },
  assetType: { type: 'string', enum: ASSET_TYPES },
} as const;

export const publicitySchemas: Readonly<Record<string, JsonSchema>> = {
  PublicityQuery: {
    type: 'object',
    additionalProperties: false,
    properties: {
      ...FILTERS,
      limit: { type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'Page size.' },
      bookmark: { type: 'string', maxLength: 1024, pattern: '^[A-Za-z0-9_-]*$', description: "Opaque; the previous page's `bookmark`. Empty when there is no further page." },
    },
  },
  PublicityFeedQuery: { type: 'object', additionalProperties: false, properties: FILTERS },
  PublicityEntry: {
    type: 'object',
    description: 'An application in publicity (公示), as anyone may read it: nothing personal.',
    required: [
      'certificateId',
      'name',
      'registry',
      'category',
      'grade',
      'assetType',
      'source',
      'holder',
      'holderKind',
      'fingerprint',
      'publicityStartsAt',
      'publicityEndsAt',
      'acceptingObjections',
      'openObjections',
    ],
    additionalProperties: false,
    properties: {
      certificateId: CERTIFICATE_ID,
      name: { type: 'string' },
      registry: MSP_ID,
      category: { type: 'string', enum: CATEGORIES },
      grade: { type: 'string', enum: GRADES },
      assetType: { type: 'string', enum: ASSET_TYPES },
      source: { type: 'string', enum: SOURCES },
      holder: { type: 'string', description: `The principal holder as registered: an enterprise's unified social credit code, or \`${INDIVIDUAL_HOLDER}\` for a natural person.`, examples: ['91321200MA1ABC123N', INDIVIDUAL_HOLDER] },
      holderKind: { type: 'string', enum: ['enterprise', 'individual'] },
      fingerprint: HEX64,
      publicityStartsAt: { ...ISO_TIME, description: 'Approval (审核通过): publicity began.' },
      publicityEndsAt: { ...ISO_TIME, description: 'Objections are accepted until then; issue only after.' },
      acceptingObjections: { type: 'boolean', description: 'The period has not ended at `checkedAt`.' },
      openObjections: { type: 'integer', minimum: 0, description: 'Objections raised and not yet resolved; any one blocks issue.' },
    },
  },
  PublicityPage: {
    type: 'object',
    required: ['audience', 'items', 'bookmark', 'checkedAt'],
    properties: {
      audience: { type: 'string', enum: PUBLICITY_AUDIENCES, description: '`public`: general grade only; `members`: every grade.' },
      items: { type: 'array', items: ref('PublicityEntry') },
      bookmark: { type: 'string', description: 'Empty on the last page.' },
      checkedAt: ISO_TIME,
    },
  },
  PublicityBackfillRequest: {
    type: 'object',
    additionalProperties: false,
    properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 100, description: 'Applications to index in this transaction.' } },
  },
  PublicityBackfill: {
    type: 'object',
    required: ['registry', 'indexed', 'remaining'],
    properties: {
      registry: MSP_ID,
      indexed: { type: 'array', items: CERTIFICATE_ID },
      remaining: { type: 'boolean', description: 'More remain: call again.' },
      ...COMMITTED,
    },
  },
};
