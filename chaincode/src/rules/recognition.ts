/**
 * Mutual recognition rules (docs/domain.md, "Recognition"). Pure functions; authorization
 * (who is a registrar of which registry) is in ./authorization.
 */
import { Certificate } from '../model/certificate';
import { Consortium } from '../model/consortium';
import { Agreement, AgreementProposal, Recognition } from '../model/recognition';
import { effectiveStatus, isCertificateValid } from './certificate';
import { ALLOW, RuleResult, refuse } from './result';

export function canProposeAgreement(proposer: string, proposal: AgreementProposal, consortium: Consortium, nowIso: string): RuleResult {
  if (!consortium.isRegistry(proposal.counterparty)) {
    return refuse('INVALID_REQUEST', `counterparty ${proposal.counterparty} is not a registry of the consortium`);
  }
  if (proposal.counterparty === proposer) return refuse('INVALID_REQUEST', 'an agreement needs two different registries');
  if (proposal.validTo <= nowIso) return refuse('INVALID_REQUEST', `validTo ${proposal.validTo} is already past`);
  return ALLOW;
}

/** Only the counterparty approves: an agreement exists once both sides have said yes. */
export function canApproveAgreement(agreement: Agreement, approver: string, nowIso: string): RuleResult {
  if (approver !== agreement.counterparty) {
    return refuse('FORBIDDEN', `only a registrar of ${agreement.counterparty} may approve agreement ${agreement.id}`);
  }
  if (agreement.status !== 'pending') return refuse('CONFLICT', `agreement ${agreement.id} is ${agreement.status}, not pending`);
  if (nowIso >= agreement.validTo) return refuse('CONFLICT', `agreement ${agreement.id} lapsed at ${agreement.validTo}`);
  return ALLOW;
}

export function canTerminateAgreement(agreement: Agreement, registry: string): RuleResult {
  if (registry !== agreement.proposer && registry !== agreement.counterparty) {
    return refuse('FORBIDDEN', `only a registrar of ${agreement.proposer} or ${agreement.counterparty} may terminate agreement ${agreement.id}`);
  }
  if (agreement.status === 'terminated') return refuse('CONFLICT', `agreement ${agreement.id} is already terminated`);
  return ALLOW;
}

/** Recognition works both ways: the agreement binds the two registries, whichever proposed it. */
export function agreementCovers(
  agreement: Agreement,
  cert: Pick<Certificate, 'registry' | 'assetType' | 'grade'>,
  recogniser: string,
  nowIso: string,
): boolean {
  const parties = [agreement.proposer, agreement.counterparty];
  return (
    agreement.status === 'active' &&
    parties.includes(cert.registry) &&
    parties.includes(recogniser) &&
    cert.registry !== recogniser &&
    agreement.scope.assetTypes.includes(cert.assetType) &&
    agreement.scope.grades.includes(cert.grade) &&
    agreement.validFrom <= nowIso &&
    nowIso < agreement.validTo
  );
}

/** The covering agreement to cite; agreements are scanned in key order, so the choice is deterministic. */
export function coveringAgreement(agreements: readonly Agreement[], cert: Certificate, recogniser: string, nowIso: string): Agreement | undefined {
  return agreements.find((a) => agreementCovers(a, cert, recogniser, nowIso));
}

export function canRecognise(
  cert: Certificate,
  recogniser: string,
  agreements: readonly Agreement[],
  existing: Recognition | undefined,
  nowIso: string,
): RuleResult {
  if (cert.registry === recogniser) return refuse('CONFLICT', `certificate ${cert.id} was issued by ${recogniser} itself`);
  const status = effectiveStatus(cert, nowIso);
  if (status !== 'issued') return refuse('CONFLICT', `certificate ${cert.id} is ${status}; only an issued certificate in its term can be recognised`);
  if (existing) return refuse('CONFLICT', `certificate ${cert.id} is already recognised by ${recogniser} (${existing.id})`);
  if (!coveringAgreement(agreements, cert, recogniser, nowIso)) {
    return refuse(
      'POLICY_VIOLATION',
      `no active agreement between ${cert.registry} and ${recogniser} covers a ${cert.grade} ${cert.assetType} certificate at ${nowIso}`,
    );
  }
  return ALLOW;
}

/** A recognition dies with its certificate: it has effect only while the certificate is valid. */
export function recognitionEffect(cert: Pick<Certificate, 'status' | 'expiresAt'> | undefined, nowIso: string): { valid: boolean; voidReason?: string } {
  if (!cert) return { valid: false, voidReason: 'certificate not found' };
  if (isCertificateValid(cert, nowIso)) return { valid: true };
  return { valid: false, voidReason: `certificate is ${effectiveStatus(cert, nowIso)}` };
}
