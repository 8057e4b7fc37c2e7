/** What route factories may use; nothing else reaches their handlers. */
import type { Consortium } from '../../../network/src/consortium';
import type { Ledger } from '../ledger/ledger';
import type { LedgerReader } from '../ledger-service/ledger-reader';

export interface RouteServices {
  readonly ledger: Ledger;
  /** For services that read on a caller's behalf (certificate bundles); routes call their declared transaction. */
  readonly reader: LedgerReader;
  /** The channel's consortium: the regulator the public verifier is enrolled in, the issuers' display names. */
  readonly consortium: Consortium;
}
