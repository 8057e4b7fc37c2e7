/**
 * GET /certificates/{id}/bundle: the portable certificate document of the certificate's
 * latest version, built with buildCertificateBundle as the caller (so the chaincode's read
 * rules apply) and named with the consortium's issuer names.
 */
import type { Consortium } from '../../../network/src/consortium';
import type { CertificateBundle } from '../../../network/src/proof/certificate-bundle';
import type { CallerIdentity } from '../auth/identity';
import { BundleUnavailableError, CERTIFICATE_HISTORY, buildCertificateBundle } from '../bundles/build-bundle';
import { ConflictError } from '../http/errors';
import type { Ledger } from '../ledger/ledger';
import type { LedgerReader } from '../ledger-service/ledger-reader';
import { evaluateTransaction, type EvaluateTransaction } from '../ledger-service/transaction';

const GET_CERTIFICATE = evaluateTransaction('Certificate:Get');
/** The chaincode queries a bundle is built from (checked against the chaincode's metadata with the routes' declarations). */
export const BUNDLE_QUERIES: readonly EvaluateTransaction[] = [GET_CERTIFICATE, CERTIFICATE_HISTORY];

export interface CertificateBundles {
  /** The bundle of certificate `id` (or of the certificate an application id became). */
  build(caller: CallerIdentity, id: string): Promise<CertificateBundle>;
}

export function createCertificateBundles(ledger: Ledger, reader: LedgerReader, consortium: Pick<Consortium, 'organizations'>): CertificateBundles {
  const issuerNames = (mspId: string): { name: string; nameZh: string } | undefined => {
    const org = consortium.organizations.find((o) => o.mspId === mspId);
    return org ? { name: org.name, nameZh: org.nameZh } : undefined;
  };
  return {
    async build(caller, id) {
      // The bundle proves the state written under the certificate id; an application id is resolved first.
      const record = (await reader.read(caller, GET_CERTIFICATE.name, [id])) as { id: string };
      try {
        return await buildCertificateBundle(ledger, caller, record.id, issuerNames);
      } catch (err) {
        if (err instanceof BundleUnavailableError) throw new ConflictError(`no bundle for ${record.id} yet: ${err.message}`);
        throw err;
      }
    },
  };
}
