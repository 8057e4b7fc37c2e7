/** What route factories may use; nothing else reaches their handlers. */
import type { Consortium } from '../../../network/src/consortium';
import type { Ledger, LedgerIdentity } from '../ledger/ledger';
import type { LedgerReader } from '../ledger-service/ledger-reader';

export interface RouteServices {
  readonly ledger: Ledger;
  /** For services that read on a caller's behalf (certificate bundles); routes call their declared transaction. */
  readonly reader: LedgerReader;
  /** The channel's consortium: the regulator the public verifier is enrolled in, the issuers' display names. */
  readonly consortium: Consortium;
  /** Who public routes sign their queries as (verification/public-verifier.ts): one of this gateway's organisation. */
  readonly publicVerifier: LedgerIdentity;
}
