/**
 * The Ledger conformance suite against the embedded backend (a real embedded network in a
 * temporary directory, running the dal chaincode). The same cases run against real Fabric
 * in test/fabric/conformance.live.ts.
 */
import { startTestNetwork } from '../support/test-network';
import { defineConfidentialConformance } from './confidential-conformance';
import { defineLedgerConformance } from './ledger-conformance';
import { definePledgeConformance } from './pledge-conformance';

defineLedgerConformance('embedded backend', async () => {
  const net = await startTestNetwork();
  return { ledger: net.ledger, identities: net.identities, close: () => net.close() };
});

// endorsing on exactly the organisations named, as fabric-network's setEndorsingOrganizations does
defineConfidentialConformance('embedded backend', async () => {
  const net = await startTestNetwork({ network: { endorsementPlanning: 'discovery' } });
  return { ledger: net.ledger, identities: net.identities, close: () => net.close() };
});

definePledgeConformance('embedded backend', async () => {
  const net = await startTestNetwork({ network: { endorsementPlanning: 'discovery' } });
  return { ledger: net.ledger, identities: net.identities, close: () => net.close() };
});
