/**
 * The live leg (`npm run test:fabric`): the fabric backend against a running network
 * (scripts/fabric-network.sh up, createChannel, deploy, enroll). Runs only when
 * FABRIC_CONNECTION_PROFILE and FABRIC_WALLET point at one, and says why it is skipped otherwise.
 * The backend-neutral cases are in conformance.live.ts (the shared conformance suite); these
 * are the Fabric-only ones. Named *.live.ts so the normal suite (build/test/** /*.test.js) never picks it up.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConsortium } from '../../network/src/consortium';
import { openFabricLedger } from '../../gateway/src/ledger/fabric/fabric-ledger';
import type { Ledger } from '../../gateway/src/ledger/ledger';

const profile = process.env.FABRIC_CONNECTION_PROFILE;
const wallet = process.env.FABRIC_WALLET;
const consortium = loadConsortium();

describe('fabric backend on a running Fabric network', function () {
  let ledger: Ledger;
  let checkpoints: string;

  before(async function () {
    if (!profile || !wallet) {
      console.log('  SKIPPED: FABRIC_CONNECTION_PROFILE and FABRIC_WALLET are not set, so there is no running Fabric network to test.');
      console.log('  Start one with scripts/fabric-network.sh up, createChannel, deploy and enroll (network/fabric/README.md).');
      this.skip();
    }
    checkpoints = mkdtempSync(join(tmpdir(), 'dal-fabric-live-'));
    ledger = await openFabricLedger({
      connectionProfile: profile!,
      wallet: wallet!,
      channelName: consortium.channelName,
      chaincodeName: consortium.chaincode.name,
      asLocalhost: process.env.FABRIC_AS_LOCALHOST !== 'false',
      checkpointDir: checkpoints,
    });
  });

  after(async () => {
    if (ledger) await ledger.close();
    if (checkpoints) rmSync(checkpoints, { recursive: true, force: true });
  });

  it('reads the channel height and the genesis block through qscc, hashed as Fabric does', async () => {
    const height = await ledger.height();
    expect(height).to.be.greaterThan(0);
    const genesis = await ledger.getBlock(0);
    expect(genesis.number).to.equal(0);
    expect(genesis.previousHash).to.equal('');
    expect(genesis.headerHash).to.match(/^[0-9a-f]{64}$/);
    const next = height > 1 ? await ledger.getBlock(1) : undefined;
    if (next) expect(next.previousHash).to.equal(genesis.headerHash);
  });

  it('evaluates the chaincode metadata as a demo identity', async () => {
    const id = consortium.demoIdentities[0]!;
    const metadata = JSON.parse(Buffer.from(await ledger.evaluate(id, 'org.hyperledger.fabric:GetMetadata', [])).toString('utf8'));
    expect(metadata.contracts).to.have.property('org.hyperledger.fabric');
  });
});
