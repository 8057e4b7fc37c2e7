/**
 * The endorsers' time window on real Fabric (live leg, `npm run test:fabric`): every peer's
 * chaincode (each organisation's CCaaS container) refuses a proposal stamped ten minutes before
 * or after its clock, and endorses the same proposal stamped now. Runs only when
 * FABRIC_CONNECTION_PROFILE and FABRIC_WALLET point at a running network.
 *
 * fabric-network 2.2 stamps proposals with the client's clock and has no option to change it
 * (fabric-common Channel.buildChannelHeader), so the test builds the proposal with fabric-common
 * as fabric-network does, rewrites the channel header's timestamp, signs the new bytes as the
 * wallet identity and sends the SignedProposal straight to each peer's endorser service. Nothing
 * is ever sent to ordering, so nothing is written, whatever the peers answer.
 */
import { expect } from 'chai';
import { common, peer } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { Wallets } from 'fabric-network';
import { loadConsortium } from '../../network/src/consortium';
import { loadConnectionProfiles } from '../../gateway/src/ledger/fabric/connection-profiles';
import { GatewayPool } from '../../gateway/src/ledger/fabric/gateway-pool';
import { applicationBody } from '../support/demo-parties';

const profile = process.env.FABRIC_CONNECTION_PROFILE;
const walletDir = process.env.FABRIC_WALLET;
const consortium = loadConsortium();
const MINUTE = 60_000;

interface PeerAnswer {
  readonly peer: string;
  readonly status: number;
  readonly message: string;
  readonly endorsed: boolean;
}

/** The proposal bytes with the channel header's timestamp replaced by `at`. */
function restamped(proposalBytes: Uint8Array, at: Date): Uint8Array {
  const proposal = peer.Proposal.deserializeBinary(proposalBytes);
  const header = common.Header.deserializeBinary(proposal.getHeader_asU8());
  const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
  const timestamp = new Timestamp();
  timestamp.setSeconds(Math.floor(at.getTime() / 1000));
  timestamp.setNanos((at.getTime() % 1000) * 1_000_000);
  channelHeader.setTimestamp(timestamp);
  header.setChannelHeader(channelHeader.serializeBinary());
  proposal.setHeader(header.serializeBinary());
  return proposal.serializeBinary();
}

describe('endorsers on a running Fabric network refuse a proposal stamped outside their time window', function () {
  let pool: GatewayPool;

  before(async function () {
    if (!profile || !walletDir) {
      console.log('  SKIPPED: FABRIC_CONNECTION_PROFILE and FABRIC_WALLET are not set, so there is no running Fabric network to test.');
      console.log('  Start one with scripts/fabric-network.sh up, createChannel, deploy and enroll (network/fabric/README.md).');
      this.skip();
    }
    pool = new GatewayPool({
      profiles: loadConnectionProfiles(profile!),
      wallet: await Wallets.newFileSystemWallet(walletDir!),
      asLocalhost: process.env.FABRIC_AS_LOCALHOST !== 'false',
      commitTimeoutSeconds: 60,
    });
    // An application needs the consortium configured; Init with an identical definition writes nothing.
    const admin = consortium.demoIdentities.find((d) => d.name === 'consortium-admin')!;
    const gateway = await pool.get({ mspId: admin.mspId, enrollmentId: admin.enrollmentId });
    await (await gateway.getNetwork(consortium.channelName)).getContract(consortium.chaincode.name).submitTransaction('Consortium:Init', JSON.stringify(consortium));
  });

  after(() => pool?.close());

  /** Sends an application by enterprise-a, stamped `at`, to every endorsing peer the channel knows; orders nothing. */
  async function proposeApplicationAt(at: Date): Promise<PeerAnswer[]> {
    const holder = consortium.demoIdentities.find((d) => d.name === 'enterprise-a')!;
    const gateway = await pool.get({ mspId: holder.mspId, enrollmentId: holder.enrollmentId });
    const channel = (await gateway.getNetwork(consortium.channelName)).getChannel();
    const identity = gateway.identityContext!;
    const proposal = channel.newEndorsement(consortium.chaincode.name);
    const bytes = restamped(proposal.build(identity, { fcn: 'Certificate:Apply', args: [JSON.stringify(applicationBody())] }), at);
    // the SignedProposal as fabric-common's own Proposal.send passes it to Endorser.sendProposal
    const signedProposal = { proposal_bytes: Buffer.from(bytes), signature: identity.sign(Buffer.from(bytes)) };
    const endorsers = channel.getEndorsers();
    expect(endorsers.length, 'endorsing peers the channel knows').to.be.greaterThan(0);
    return Promise.all(
      endorsers.map(async (endorser) => {
        await endorser.checkConnection();
        const answer = await endorser.sendProposal(signedProposal as unknown as Buffer, 30_000);
        return { peer: endorser.name, status: answer.response.status, message: answer.response.message ?? '', endorsed: Boolean(answer.endorsement) };
      }),
    );
  }

  it('endorses an application stamped now on every peer (so the refusals below are the window, not the rewritten proposal)', async () => {
    for (const answer of await proposeApplicationAt(new Date())) {
      expect(answer, answer.peer).to.include({ status: 200, endorsed: true });
    }
  });

  it('refuses on every peer an application backdated ten minutes, with PROPOSAL_TIME_OUT_OF_WINDOW naming the times and the window', async () => {
    for (const answer of await proposeApplicationAt(new Date(Date.now() - 10 * MINUTE))) {
      expect(answer.endorsed, answer.peer).to.equal(false);
      expect(answer.status, answer.peer).to.equal(500);
      expect(answer.message, answer.peer).to.match(/PROPOSAL_TIME_OUT_OF_WINDOW: the proposal time \S+ is \d+(\.\d+)? s behind this endorser's clock \S+; endorsers accept proposals stamped within \d+ s/);
    }
  });

  it('refuses on every peer an application dated ten minutes in the future', async () => {
    for (const answer of await proposeApplicationAt(new Date(Date.now() + 10 * MINUTE))) {
      expect(answer.endorsed, answer.peer).to.equal(false);
      expect(answer.message, answer.peer).to.match(/PROPOSAL_TIME_OUT_OF_WINDOW: the proposal time \S+ is \d+(\.\d+)? s ahead of this endorser's clock/);
    }
  });
});
