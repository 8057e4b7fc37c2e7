/**
 * trustRootsFromConfigBlock on a config block built from the real protos, shaped as
 * configtxgen writes a channel's genesis block: a CONFIG envelope whose ConfigEnvelope holds
 * the channel group, with Application and Orderer groups, one sub-group per organisation and
 * its `MSP` value (msp.MSPConfig of type FABRIC wrapping msp.FabricMSPConfig). The root
 * certificates are genuine ones, issued by the embedded network's CAs.
 */
import { expect } from 'chai';
import { common, msp, orderer } from '@hyperledger/fabric-protos';
import { lastConfigIndex, trustRootsFromConfigBlock } from '../../gateway/src/ledger/fabric/config-roots';
import { blockDataHash } from '../../network/src/protocol/block-hash';
import { KV_CHAINCODE, startTestNetwork } from '../support/test-network';

interface OrgSpec {
  readonly mspId: string;
  readonly rootCerts: readonly string[];
  readonly tlsRootCerts: readonly string[];
}

function value(bytes: Uint8Array): common.ConfigValue {
  const v = new common.ConfigValue();
  v.setValue(bytes);
  v.setModPolicy('Admins');
  return v;
}

/** An organisation's group as configtxgen builds it (channelconfig.MSPKey = "MSP"). */
function orgGroup(org: OrgSpec): common.ConfigGroup {
  const fabric = new msp.FabricMSPConfig();
  fabric.setName(org.mspId);
  fabric.setRootCertsList(org.rootCerts.map((pem) => Buffer.from(pem)));
  fabric.setTlsRootCertsList(org.tlsRootCerts.map((pem) => Buffer.from(pem)));
  const config = new msp.MSPConfig();
  config.setType(0); // FABRIC
  config.setConfig(fabric.serializeBinary());
  const group = new common.ConfigGroup();
  group.getValuesMap().set('MSP', value(config.serializeBinary()));
  group.setModPolicy('Admins');
  return group;
}

function section(orgs: readonly OrgSpec[], values: Readonly<Record<string, Uint8Array>>): common.ConfigGroup {
  const group = new common.ConfigGroup();
  // configtxgen names org groups after the organisation, not the MSP id: the roots must be keyed by the MSP's own name
  for (const org of orgs) group.getGroupsMap().set(org.mspId.replace(/MSP$/, ''), orgGroup(org));
  for (const [key, bytes] of Object.entries(values)) group.getValuesMap().set(key, value(bytes));
  group.setModPolicy('Admins');
  return group;
}

function configBlock(channelId: string, peerOrgs: readonly OrgSpec[], ordererOrg: OrgSpec): Uint8Array {
  const batchSize = new orderer.BatchSize();
  batchSize.setMaxMessageCount(10);
  const channel = new common.ConfigGroup();
  channel.getGroupsMap().set('Application', section(peerOrgs, {}));
  channel.getGroupsMap().set('Orderer', section([ordererOrg], { BatchSize: batchSize.serializeBinary() }));
  const config = new common.Config();
  config.setSequence(0);
  config.setChannelGroup(channel);
  const configEnvelope = new common.ConfigEnvelope();
  configEnvelope.setConfig(config);

  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.CONFIG);
  channelHeader.setChannelId(channelId);
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(new common.SignatureHeader().serializeBinary());
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(configEnvelope.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  const envelopeBytes = envelope.serializeBinary();

  const blockHeader = new common.BlockHeader();
  blockHeader.setNumber(0);
  blockHeader.setDataHash(blockDataHash([envelopeBytes]));
  const data = new common.BlockData();
  data.setDataList([envelopeBytes]);
  const metadata = new common.BlockMetadata();
  metadata.setMetadataList([new Uint8Array(), new Uint8Array(), new Uint8Array(), new Uint8Array()]);
  const block = new common.Block();
  block.setHeader(blockHeader);
  block.setData(data);
  block.setMetadata(metadata);
  return block.serializeBinary();
}

describe('trust roots from a Fabric config block', function () {
  let roots: Readonly<Record<string, string>>;
  let peerMspIds: string[];
  let ordererMspId: string;
  /** The last config index recorded in every block of a real (embedded) chain: genesis is the only config block. */
  let lastConfigIndexes: number[];

  before(async function () {
    const net = await startTestNetwork({ chaincode: KV_CHAINCODE });
    try {
      await net.submit('enterprise-a', 'KV:Put', 'k', 'v');
      const height = await net.ledger.height();
      lastConfigIndexes = [];
      for (let n = 0; n < height; n++) lastConfigIndexes.push(lastConfigIndex(await net.ledger.getRawBlock(n)));
      roots = await net.ledger.trustRoots();
      peerMspIds = net.consortium.organizations.map((o) => o.mspId);
      ordererMspId = net.consortium.ordering.mspId;
    } finally {
      await net.close();
    }
  });

  function spec(mspId: string, extraRoots: readonly string[] = []): OrgSpec {
    // TLS roots are another org's CA here, so a decoder reading the wrong field would be caught
    const other = peerMspIds.find((id) => id !== mspId)!;
    return { mspId, rootCerts: [roots[mspId]!, ...extraRoots], tlsRootCerts: [roots[other]!] };
  }

  it('returns the first root CA of every Application and Orderer organisation, keyed by MSP id', () => {
    const block = configBlock('dataasset', peerMspIds.map((id) => spec(id)), spec(ordererMspId));
    const found = trustRootsFromConfigBlock(block);
    expect(Object.keys(found)).to.have.members([...peerMspIds, ordererMspId]);
    for (const id of [...peerMspIds, ordererMspId]) expect(found[id], id).to.equal(roots[id]);
  });

  it('takes the first of several root certificates, as the order in the MSP definition says', () => {
    const [first, second] = peerMspIds;
    const block = configBlock('dataasset', [spec(first!, [roots[second!]!])], spec(ordererMspId));
    expect(trustRootsFromConfigBlock(block)[first!]).to.equal(roots[first!]);
  });

  it('refuses a block whose first envelope carries no channel configuration', () => {
    const payload = new common.Payload();
    payload.setData(new Uint8Array());
    const envelope = new common.Envelope();
    envelope.setPayload(payload.serializeBinary());
    const data = new common.BlockData();
    data.setDataList([envelope.serializeBinary()]);
    const block = new common.Block();
    block.setHeader(new common.BlockHeader());
    block.setData(data);
    expect(() => trustRootsFromConfigBlock(block.serializeBinary())).to.throw(/not a config block/);
  });

  it('reads the last config block index from the orderer metadata of each block, as the backend does to find the current configuration', () => {
    expect(lastConfigIndexes.length).to.be.greaterThan(1);
    expect(lastConfigIndexes.every((i) => i === 0)).to.equal(true);
  });

  it('reads a last config index other than genesis, as a channel update leaves it', () => {
    const lastConfig = new common.LastConfig();
    lastConfig.setIndex(7);
    const obm = new common.OrdererBlockMetadata();
    obm.setLastConfig(lastConfig);
    const signatures = new common.Metadata();
    signatures.setValue(obm.serializeBinary());
    const metadata = new common.BlockMetadata();
    metadata.setMetadataList([signatures.serializeBinary(), new Uint8Array(), new Uint8Array(), new Uint8Array()]);
    const block = new common.Block();
    block.setHeader(new common.BlockHeader());
    block.setMetadata(metadata);
    expect(lastConfigIndex(block.serializeBinary())).to.equal(7);
  });
});
