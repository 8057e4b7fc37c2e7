/**
 * The Ledger conformance suite (test/conformance/ledger-conformance.ts) against the fabric
 * backend on a running network, in the live leg (`npm run test:fabric`). Runs only when
 * FABRIC_CONNECTION_PROFILE and FABRIC_WALLET point at one (scripts/fabric-network.sh up,
 * createChannel, deploy, enroll), and says why it is skipped otherwise.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConsortium } from '../../network/src/consortium';
import { openFabricLedger } from '../../gateway/src/ledger/fabric/fabric-ledger';
import type { LedgerIdentity } from '../../gateway/src/ledger/ledger';
import { defineConfidentialConformance } from '../conformance/confidential-conformance';
import { defineLedgerConformance, type ConformanceTarget } from '../conformance/ledger-conformance';
import { definePledgeConformance } from '../conformance/pledge-conformance';

const profile = process.env.FABRIC_CONNECTION_PROFILE;
const wallet = process.env.FABRIC_WALLET;

if (!profile || !wallet) {
  describe('Ledger conformance: fabric backend', function () {
    it('is skipped because no running Fabric network is configured', function () {
      console.log('  SKIPPED: FABRIC_CONNECTION_PROFILE and FABRIC_WALLET are not set, so there is no running Fabric network to test.');
      console.log('  Start one with scripts/fabric-network.sh up, createChannel, deploy and enroll (network/fabric/README.md).');
      this.skip();
    });
  });
} else {
  const openFabric = async (): Promise<ConformanceTarget> => {
    const consortium = loadConsortium();
    const checkpoints = mkdtempSync(join(tmpdir(), 'dal-fabric-conformance-'));
    const ledger = await openFabricLedger({
      connectionProfile: profile,
      wallet,
      channelName: consortium.channelName,
      chaincodeName: consortium.chaincode.name,
      asLocalhost: process.env.FABRIC_AS_LOCALHOST !== 'false',
      checkpointDir: checkpoints,
    });
    // scripts/fabric-network.sh enroll puts every demo identity into the wallet under its enrolment id
    const identities: Record<string, LedgerIdentity> = Object.fromEntries(
      consortium.demoIdentities.map((d) => [d.name, { mspId: d.mspId, enrollmentId: d.enrollmentId }]),
    );
    // Consortium:Init with an identical definition returns the stored record and writes nothing, so this is safe on a used network.
    await ledger.submit(identities['consortium-admin']!, 'Consortium:Init', [JSON.stringify(consortium)]);
    return {
      ledger,
      identities,
      async close() {
        await ledger.close();
        rmSync(checkpoints, { recursive: true, force: true });
      },
    };
  };
  defineLedgerConformance('fabric backend', openFabric, { eventTimeoutMs: 60_000 });
  defineConfidentialConformance('fabric backend', openFabric);
  definePledgeConformance('fabric backend', openFabric);
}
