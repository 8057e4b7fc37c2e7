/** What route factories may use; nothing else reaches their handlers. */
import type { Consortium } from '../../../network/src/consortium';
import type { Ledger, LedgerIdentity } from '../ledger/ledger';
import type { LedgerReader } from '../ledger-service/ledger-reader';
import type { LifecycleReadModel } from '../lifecycle/read-model';
import type { PriceFiguresCache } from '../market/price-figures-cache';
import type { EventStreamOptions } from './events';

export interface RouteServices {
  readonly ledger: Ledger;
  /** For services that read on a caller's behalf (certificate bundles); routes call their declared transaction. */
  readonly reader: LedgerReader;
  /** The channel's consortium: the regulator the public verifier is enrolled in, the issuers' display names. */
  readonly consortium: Consortium;
  /** Who public routes sign their queries as (verification/public-verifier.ts): one of this gateway's organisation. */
  readonly publicVerifier: LedgerIdentity;
  /** Every certificate's lifecycle and lineage, kept by following committed blocks (lifecycle/read-model.ts). */
  readonly lifecycle: LifecycleReadModel;
  /** How long a read waits for the ledger, or a read model, to reach the block it needs (DAL_MIN_BLOCK_TIMEOUT_MS). */
  readonly minBlockTimeoutMs: number;
  /** The public price figures, kept until a settlement of their category commits (market/price-figures-cache.ts). */
  readonly priceFigures: PriceFiguresCache;
  /** Limits of GET /events streams; default events.ts's own. */
  readonly eventStreams?: EventStreamOptions;
}
