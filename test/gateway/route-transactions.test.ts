/**
 * Every chaincode transaction a route declares is checked against the deployed chaincode's own
 * metadata (`org.hyperledger.fabric:GetMetadata`, as fabric-contract-api publishes it from the
 * `@Transaction` decorators), so a misspelt name, a submit of a query or an evaluate of a write
 * fails here instead of on a network.
 */
import { expect } from 'chai';
import type { EndorserPlanning, TransactionDeclaration } from '../../gateway/src/ledger-service/transaction';
import type { RouteDefinition } from '../../gateway/src/routes/route';
import { startTestNetwork, type TestNetwork } from '../support/test-network';
import { declaredRoutes, declaredTransactions } from './support/route-transactions';

interface ChaincodeMetadata {
  readonly contracts: Readonly<Record<string, { readonly transactions: readonly { readonly name: string; readonly tag?: readonly string[] }[] }>>;
}

describe('the chaincode transactions the routes declare', function () {
  let net: TestNetwork;
  let routes: RouteDefinition[];
  let metadata: ChaincodeMetadata;
  before(async function () {
    net = await startTestNetwork({ init: false });
    routes = declaredRoutes(net);
    metadata = (await net.evaluate('auditor', 'org.hyperledger.fabric:GetMetadata')) as ChaincodeMetadata;
  });
  after(async () => net?.close());

  /** The chaincode's own entry for `Contract:Function`, or undefined when it has none. */
  const inChaincode = (name: string): { readonly tag?: readonly string[] } | undefined => {
    const [contract = '', fn] = name.split(':');
    return metadata.contracts[contract]?.transactions.find((t) => t.name === fn);
  };
  /** fabric-contract-api tags `@Transaction()` SUBMIT (submitTx in older releases) and `@Transaction(false)` EVALUATE. */
  const isSubmit = (name: string): boolean => ['SUBMIT', 'submitTx'].some((tag) => inChaincode(name)?.tag?.includes(tag));
  const describeTx = (t: TransactionDeclaration): string => `${t.kind} ${t.name}`;

  it('names only transactions the deployed chaincode has', function () {
    const declared = declaredTransactions(routes);
    expect(declared.length).to.be.greaterThan(20);
    const missing = declared.filter((t) => inChaincode(t.name) === undefined).map(describeTx);
    expect(missing, 'declared transactions the chaincode does not have').to.deep.equal([]);
  });

  it('submits only transactions the chaincode tags SUBMIT and evaluates only those it does not', function () {
    const wrongKind = declaredTransactions(routes)
      .filter((t) => inChaincode(t.name) !== undefined && isSubmit(t.name) !== (t.kind === 'submit'))
      .map((t) => `${describeTx(t)} (chaincode tags: ${inChaincode(t.name)?.tag?.join(', ') || 'none'})`);
    expect(wrongKind, 'declared with the wrong kind').to.deep.equal([]);
  });

  it('declares how the endorsers of every submitting route are planned, reading only with queries', function () {
    const submits = routes.filter((r) => r.transaction?.kind === 'submit');
    expect(submits.length).to.be.greaterThan(10);
    const unplanned = submits
      .filter((r) => {
        // read as untyped: a declaration built without submitTransaction() may lack it
        const planning = (r.transaction as { readonly endorsers?: Partial<EndorserPlanning> } | undefined)?.endorsers;
        return typeof planning?.organisations !== 'function' || !Array.isArray(planning.queries) || typeof planning.description !== 'string';
      })
      .map((r) => `${r.operationId} (${r.transaction?.name})`);
    expect(unplanned, 'submitting routes without endorser planning').to.deep.equal([]);
    const planningWrites = submits
      .flatMap((r) => (r.transaction?.kind === 'submit' ? r.transaction.endorsers.queries : []))
      .filter((q) => q.kind !== 'evaluate')
      .map(describeTx);
    expect(planningWrites, 'endorser planning that would submit').to.deep.equal([]);
  });
});
