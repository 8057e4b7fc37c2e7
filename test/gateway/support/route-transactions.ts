/**
 * The chaincode transactions the gateway's routes declare, read from the real route
 * declarations (gateway/src/routes), so tests exercise what the routes will submit: the same
 * name, endorser planning and lane.
 */
import type { Consortium } from '../../../network/src/consortium';
import type { Ledger } from '../../../gateway/src/ledger/ledger';
import { createLedgerReader } from '../../../gateway/src/ledger-service/ledger-reader';
import type { EvaluateTransaction, SubmitTransaction, TransactionDeclaration } from '../../../gateway/src/ledger-service/transaction';
import { allRoutes } from '../../../gateway/src/routes';
import { BUNDLE_QUERIES } from '../../../gateway/src/certificates/certificate-bundles';
import { VERIFICATION_QUERIES } from '../../../gateway/src/verification/verification-read-model';
import type { RouteDefinition } from '../../../gateway/src/routes/route';
import { publicVerifierOf } from '../../../gateway/src/verification/public-verifier';
import { createLifecycleReadModel } from '../../../gateway/src/lifecycle/read-model';
import { createPriceFiguresCache } from '../../../gateway/src/market/price-figures-cache';

/** Every route of the app, as createApp builds them over a test network's ledger. */
export function declaredRoutes(net: { readonly ledger: Ledger; readonly consortium: Consortium }): RouteDefinition[] {
  // the lifecycle read model opens its database on first use, which declarations never make
  const lifecycle = createLifecycleReadModel({ ledger: net.ledger, directory: 'lifecycle-never-opened' });
  const publicVerifier = publicVerifierOf(net.consortium);
  const priceFigures = createPriceFiguresCache({ ledger: net.ledger, identity: publicVerifier });
  return allRoutes(
    { ledger: net.ledger, reader: createLedgerReader(net.ledger), consortium: net.consortium, publicVerifier, lifecycle, minBlockTimeoutMs: 1000, priceFigures },
    () => ({}),
  );
}

/**
 * Every transaction the routes declare, with the queries their endorser planning evaluates and
 * the queries of the services routes call (bundles, public verification).
 */
export function declaredTransactions(routes: readonly RouteDefinition[]): TransactionDeclaration[] {
  const fromRoutes = routes.flatMap((r) => (r.transaction ? [r.transaction, ...(r.transaction.kind === 'submit' ? r.transaction.endorsers.queries : [])] : []));
  const all = [...fromRoutes, ...BUNDLE_QUERIES, ...VERIFICATION_QUERIES];
  return [...new Map(all.map((t) => [`${t.kind} ${t.name}`, t])).values()];
}

/** The submit a route declares under this name; throws when no route declares one. */
export function declaredSubmit(routes: readonly RouteDefinition[], name: string): SubmitTransaction {
  const found = routes.map((r) => r.transaction).find((t): t is SubmitTransaction => t?.kind === 'submit' && t.name === name);
  if (!found) throw new Error(`no route declares the submit transaction ${name}`);
  return found;
}

/** The query a route declares under this name; throws when no route declares one. */
export function declaredEvaluate(routes: readonly RouteDefinition[], name: string): EvaluateTransaction {
  const found = declaredTransactions(routes).find((t): t is EvaluateTransaction => t.kind === 'evaluate' && t.name === name);
  if (!found) throw new Error(`no route declares the query ${name}`);
  return found;
}
