/**
 * The chaincode's vocabulary, for the other side of the chaincode boundary: the enums, id
 * patterns and record shapes that transactions accept and answer. Each is declared once, in
 * the model module that uses it; this module only gathers them, so the gateway's JSON Schemas
 * and read models import them instead of writing them again.
 *
 * Safe to import outside a peer: nothing here (or below it) loads fabric-shim or
 * fabric-contract-api at run time. The `as const` arrays serve directly as JSON Schema `enum`
 * values; the `*_PATTERN` RegExps give JSON Schema `pattern` strings through `.source`.
 */
export { ERROR_CODES, HTTP_STATUS } from './errors';
export type { ErrorCode } from './errors';

export {
  AGREEMENT_ID_PATTERN,
  APPLICATION_ID_PATTERN,
  CERTIFICATE_HANDLE_PATTERN,
  CERTIFICATE_ID_PATTERN,
  ENCUMBRANCE_ID_PATTERN,
  FILING_ID_PATTERN,
  GRANT_ID_PATTERN,
  NEGATIVE_LIST_ID_PATTERN,
  LISTING_ID_PATTERN,
  OBJECTION_ID_PATTERN,
  ORDER_ID_PATTERN,
  QUERY_CODE_PATTERN,
  USAGE_ID_PATTERN,
} from './codes';
export { ISO_UTC_PATTERN } from './time';
export { ENTITY_PATTERN, MAX_ENTITY_LENGTH, NATURAL_PERSON_PATTERN, USCC_PATTERN } from './uscc';
export { HEX64 } from './model/request';

export {
  ASSET_TYPES,
  CATEGORIES,
  DEFAULT_TERM_YEARS,
  EFFECTIVE_STATUSES,
  EVIDENCE_KINDS,
  GRADES,
  MAX_PUBLICITY_DAYS,
  OBJECTION_STATUSES,
  REVIEW_DECISIONS,
  RIGHT_TYPES,
  SOURCES,
  STATUSES,
  VALUATION_METHODS,
} from './model/certificate';
export type {
  ApplicationRequest,
  AssetType,
  Category,
  Certificate,
  CertificateStatus,
  ChangeRequest,
  Closure,
  EffectiveStatus,
  Evidence,
  EvidenceKind,
  Grade,
  Objection,
  ObjectionStatus,
  ParentGrant,
  ReviewDecisionKind,
  Right,
  RightType,
  Source,
  ValuationMethod,
  VersionChange,
} from './model/certificate';

export {
  EFFECTIVE_GRANT_STATUSES,
  GRANTABLE_RIGHTS,
  GRANT_CHECK_BASES,
  GRANT_STATUSES,
  GRANT_TYPES,
  MAX_CHAIN_DEPTH,
  MAX_PERSONAL_TERM_DAYS,
  MAX_PURPOSES,
  MAX_PURPOSE_LENGTH,
  MAX_REVENUE_SHARE_BPS,
  MAX_USES,
} from './model/grant';
export type {
  EffectiveGrantStatus,
  Grant,
  GrantCheck,
  GrantCheckBasis,
  GrantRequest,
  GrantStatus,
  GrantType,
  GrantView,
  GrantableRight,
  Usage,
  UsageRequest,
} from './model/grant';

export { ENCUMBERED_OPERATIONS, ENCUMBRANCE_BLOCKS, ENCUMBRANCE_KINDS, ENCUMBRANCE_STATUSES, LIFTERS } from './model/encumbrance';
export type {
  EncumberedOperation,
  Encumbrance,
  EncumbranceKind,
  EncumbranceLift,
  EncumbranceRule,
  EncumbranceStatus,
  FreezeRequest,
  LiftRequest,
  Lifter,
} from './model/encumbrance';

export {
  CREDIT_STATUSES,
  FILING_STATUSES,
  MAX_FILING_TERM_DAYS,
  MAX_RECIPIENTS,
  NEGATIVE_LIST_LEVELS,
  NEGATIVE_LIST_STATUSES,
  NEGATIVE_LIST_TARGETS,
} from './model/regulation';
export type {
  ApprovalRequest,
  CreditRecord,
  CreditRequest,
  CreditStatus,
  CreditView,
  Filing,
  FilingRequest,
  FilingStatus,
  FilingView,
  NegativeListEntry,
  NegativeListLevel,
  NegativeListRequest,
  NegativeListStatus,
  NegativeListTarget,
  RegulatoryAct,
} from './model/regulation';
export {
  DELIVERY_METHODS,
  LISTING_STATUSES,
  MAX_PRICE_FEN,
  MAX_TERM_DAYS,
  MONTH_PATTERN,
  ORDER_STATUSES,
  PAYEE_KINDS,
  RESOLUTION_OUTCOMES,
} from './model/market';
export type {
  DeliveryMethod,
  Listing,
  ListingStatus,
  ListingTerms,
  Order,
  OrderStatus,
  PayeeKind,
  Payout,
  PriceRecord,
  ResolutionOutcome,
  Settlement,
} from './model/market';
export { DEFAULT_EXCHANGE_FEE_BPS } from './rules/market';
export {
  DEFAULT_PUBLICATION_THRESHOLD,
  MAX_PUBLICATION_THRESHOLD,
  MAX_STATISTICS_MONTHS,
  MIN_PUBLICATION_THRESHOLD,
  QUANTILES,
} from './model/price-statistics';

export { AGREEMENT_STATUSES } from './model/recognition';
export type { Agreement, AgreementProposal, AgreementScope, AgreementStatus, Recognition, RecognitionView } from './model/recognition';

export { ORG_TYPES } from './model/consortium';
export type { OrgType, Organisation } from './model/consortium';

export type { Verification, VerificationEncumbrance, VerificationIssuer, VerificationPledgee, VerificationRecognition } from './model/verification';
export type { Page } from './store/paging';
export type { Actor } from './identity';
export type { HistoryEntry } from './store/history';

export { CONFIDENTIAL_TRANSIENT_KEY, MAX_SALT_BYTES, MIN_SALT_BYTES, SALT_TRANSIENT_KEY } from './model/confidential';
export type { ConfidentialRef } from './model/confidential';
export type { EndorsementPlan } from './contracts/planning-contract';
export { PLEDGE_ID_PATTERN } from './codes';
export { MAX_PLEDGE_TERM_DAYS, PLEDGE_EFFECTIVE_STATUSES, PLEDGE_LIST_ROLES, PLEDGE_STATUSES } from './model/pledge';

export { FACT_KINDS } from './model/provenance';

export { INDIVIDUAL_HOLDER, PUBLICITY_AUDIENCES } from './model/publicity';
export type { PublicityEntry, PublicityPage } from './model/publicity';
