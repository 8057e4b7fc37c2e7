/**
 * The certificate, recognition, grant, market and verification resources, wired once: the writes to
 * certificates and recognitions share the public verification read model, so a write through
 * any of them refreshes what the public routes answer. Grants are not part of the public
 * verification, so their routes need only the writer and the reader.
 */
import { createCertificateBundles } from '../certificates/certificate-bundles';
import { createBundleVerifier } from '../verification/bundle-verifier';
import { channelTrustSource } from '../verification/channel-trust';
import { createVerificationReadModel } from '../verification/verification-read-model';
import { agreementRoutes } from './agreements';
import { certificateReadRoutes } from './certificate-reads';
import { certificateRoutes } from './certificates';
import { grantRoutes } from './grants';
import { marketRoutes } from './market';
import { pledgeRoutes } from './pledges';
import type { RouteDefinition } from './route';
import type { RouteServices } from './route-services';
import { verificationRoutes } from './verification';
import { provenanceRoutes } from './provenance';
import { createProvenanceService } from '../provenance/provenance-service';

export function certificateApiRoutes(services: RouteServices): RouteDefinition[] {
  const { consortium } = services;
  const verifications = createVerificationReadModel({ ledger: services.ledger, identity: services.publicVerifier });
  const bundles = createCertificateBundles(services.ledger, services.reader, consortium);
  return [
    ...certificateRoutes(verifications),
    ...certificateReadRoutes(services.ledger, bundles),
    ...agreementRoutes(verifications),
    ...grantRoutes(services.ledger),
    ...marketRoutes(services),
    ...pledgeRoutes(verifications),
    ...verificationRoutes(verifications, createBundleVerifier(services.ledger, verifications, channelTrustSource(services.ledger, consortium))),
    ...provenanceRoutes(createProvenanceService(services.ledger)),
  ];
}
