/**
 * Mutual recognition (互认): an agreement between two registries, and recognitions by which a
 * registry records that another registry's certificate has effect in its city.
 */
import { invalid } from '../errors';
import { Actor } from '../identity';
import { isIsoUtc, normaliseIso } from '../time';
import { ASSET_TYPES, AssetType, GRADES, Grade } from './certificate';
import { JsonObject, isJsonObject, requireString } from './request';

export const AGREEMENT_STATUSES = ['pending', 'active', 'terminated'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export interface AgreementScope {
  assetTypes: AssetType[];
  grades: Grade[];
}

export interface Agreement {
  docType: 'agreement';
  id: string;
  proposer: string;
  counterparty: string;
  scope: AgreementScope;
  validFrom: string;
  validTo: string;
  status: AgreementStatus;
  proposedBy: Actor;
  proposedAt: string;
  approvedBy?: Actor;
  approvedAt?: string;
  termination?: { reason: string; by: Actor; at: string; txId: string };
  endorsingOrgs: string[];
  createdTxId: string;
  lastTxId: string;
  updatedAt: string;
}

export interface Recognition {
  docType: 'recognition';
  /** `<certificate id>@<recognising registry MSP>`: one recognition per certificate and registry. */
  id: string;
  certificateId: string;
  issuer: string;
  registry: string;
  agreementId: string;
  recognisedBy: Actor;
  recognisedAt: string;
  txId: string;
}

/** A recognition as answered to readers: its effect is computed from the certificate now. */
export interface RecognitionView extends Recognition {
  valid: boolean;
  /** Why it has no effect, when it has none. */
  voidReason?: string;
}

export interface AgreementProposal {
  counterparty: string;
  scope: AgreementScope;
  validFrom: string;
  validTo: string;
}

function parseSubset<T extends string>(value: unknown, field: string, allowed: readonly T[]): T[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid(`${field} must be a non-empty array`);
  for (const v of value) {
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      throw invalid(`${field} may contain only ${allowed.join(', ')}`);
    }
  }
  // Canonical order: the order of the allowed list, so equal scopes are equal bytes.
  return allowed.filter((a) => (value as string[]).includes(a));
}

export function parseAgreementProposal(body: JsonObject): AgreementProposal {
  const counterparty = requireString(body, 'counterparty', 64);
  if (!isJsonObject(body.scope)) throw invalid('scope must be an object {assetTypes, grades}');
  const scope: AgreementScope = {
    assetTypes: parseSubset(body.scope.assetTypes, 'scope.assetTypes', ASSET_TYPES),
    grades: parseSubset(body.scope.grades, 'scope.grades', GRADES),
  };
  const validFrom = requireString(body, 'validFrom', 40);
  const validTo = requireString(body, 'validTo', 40);
  if (!isIsoUtc(validFrom)) throw invalid('validFrom must be an ISO-8601 UTC time');
  if (!isIsoUtc(validTo)) throw invalid('validTo must be an ISO-8601 UTC time');
  const from = normaliseIso(validFrom);
  const to = normaliseIso(validTo);
  if (to <= from) throw invalid('validTo must be after validFrom');
  return { counterparty, scope, validFrom: from, validTo: to };
}

export function recognitionIdFor(certificateId: string, registry: string): string {
  return `${certificateId}@${registry}`;
}

/** The parts of a recognition id `<certificate id>@<registry MSP id>`. */
export function parseRecognitionId(id: string): { certificateId: string; registry: string } {
  const at = id.lastIndexOf('@');
  if (at <= 0) throw invalid('a recognition id is <certificate id>@<registry MSP id>');
  return { certificateId: id.slice(0, at), registry: id.slice(at + 1) };
}
