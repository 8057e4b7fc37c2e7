/**
 * The config update `npm run users -- push-crl` sends (gateway/src/ledger/fabric/crl-config-update.ts),
 * on a config block built from the real protos as configtxgen shapes it: the read set pins the
 * path to the organisation's MSP value at the current versions, the write set carries that
 * value one version up with the CRL as its revocation list and its own mod policy, and both
 * the update and the envelope are signed by the organisation's admin (low-S ECDSA over what
 * Fabric verifies). Runs without a network; the live leg commits one (test/fabric/users.live.ts).
 */
import { expect } from 'chai';
import { common, msp } from '@hyperledger/fabric-protos';
import { createCa, enroll } from '../../network/src/embedded/ca';
import { createRevocationList } from '../../network/src/embedded/crl';
import { createPublicKey } from 'node:crypto';
import { verifyLowS } from '../../network/src/protocol/crypto';
import { serializeIdentity } from '../../network/src/protocol/msp';
import { NotAChannelMemberError, revocationListUpdate, signedConfigUpdateEnvelope } from '../../gateway/src/ledger/fabric/crl-config-update';

const TAIZHOU = 'TaizhouRegistryMSP';

function group(version: number, modPolicy = 'Admins'): common.ConfigGroup {
  const g = new common.ConfigGroup();
  g.setVersion(version);
  g.setModPolicy(modPolicy);
  return g;
}

function configBlock(revocationList: readonly string[] = []): Uint8Array {
  const fabric = new msp.FabricMSPConfig();
  fabric.setName(TAIZHOU);
  fabric.setRootCertsList([Buffer.from('root')]);
  fabric.setRevocationListList(revocationList.map((c) => Buffer.from(c)));
  const mspConfig = new msp.MSPConfig();
  mspConfig.setType(0);
  mspConfig.setConfig(fabric.serializeBinary());
  const value = new common.ConfigValue();
  value.setVersion(4);
  value.setValue(mspConfig.serializeBinary());
  value.setModPolicy('Admins');
  const org = group(1);
  org.getValuesMap().set('MSP', value);
  const application = group(2);
  application.getGroupsMap().set(TAIZHOU, org);
  application.getGroupsMap().set('YanchengRegistryMSP', group(0));
  const channel = group(3);
  channel.getGroupsMap().set('Application', application);
  const config = new common.Config();
  config.setSequence(7);
  config.setChannelGroup(channel);
  const configEnvelope = new common.ConfigEnvelope();
  configEnvelope.setConfig(config);
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.CONFIG);
  channelHeader.setChannelId('dataasset');
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(configEnvelope.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  const data = new common.BlockData();
  data.setDataList([envelope.serializeBinary()]);
  const block = new common.Block();
  block.setData(data);
  return block.serializeBinary();
}

describe('the config update that puts a CRL into an organisation’s channel MSP', function () {
  let crl: string;
  let admin: { mspId: string; certificate: string; privateKey: string };
  before(async () => {
    const ca = await createCa(TAIZHOU, 'ca.taizhou');
    crl = await createRevocationList(ca, [{ serialNumber: '0a1b', revokedAt: new Date().toISOString() }]);
    const enrolled = await enroll(ca, { enrollmentId: 'Admin@taizhou', nodeType: 'admin' });
    admin = { mspId: TAIZHOU, certificate: enrolled.certificate, privateKey: enrolled.privateKey };
  });

  it('reads the path at the current versions and writes the MSP value one version up with the CRL as its revocation list', function () {
    const update = revocationListUpdate(configBlock(['an older CRL']), TAIZHOU, crl)!;
    expect(update.channelId).to.equal('dataasset');
    const decoded = common.ConfigUpdate.deserializeBinary(update.configUpdate);
    expect(decoded.getChannelId()).to.equal('dataasset');
    const read = decoded.getReadSet()!;
    expect(read.getVersion()).to.equal(3);
    expect(read.getGroupsMap().get('Application')!.getVersion()).to.equal(2);
    expect([...read.getGroupsMap().get('Application')!.getGroupsMap().keys()]).to.deep.equal([TAIZHOU]);
    const readOrg = read.getGroupsMap().get('Application')!.getGroupsMap().get(TAIZHOU)!;
    expect(readOrg.getVersion()).to.equal(1);
    expect(readOrg.getValuesMap().getLength()).to.equal(0);

    const writeOrg = decoded.getWriteSet()!.getGroupsMap().get('Application')!.getGroupsMap().get(TAIZHOU)!;
    expect(writeOrg.getVersion()).to.equal(1);
    const value = writeOrg.getValuesMap().get('MSP')!;
    expect(value.getVersion()).to.equal(5);
    expect(value.getModPolicy()).to.equal('Admins');
    const fabric = msp.FabricMSPConfig.deserializeBinary(msp.MSPConfig.deserializeBinary(value.getValue_asU8()).getConfig_asU8());
    expect(fabric.getRevocationListList_asU8().map((c) => Buffer.from(c).toString('utf8'))).to.deep.equal([crl]);
    // the rest of the MSP definition is kept as it was
    expect(fabric.getName()).to.equal(TAIZHOU);
    expect(fabric.getRootCertsList_asU8().map((c) => Buffer.from(c).toString('utf8'))).to.deep.equal(['root']);
  });

  it('has nothing to update when the channel already holds that CRL, and refuses an organisation the channel does not have', function () {
    expect(revocationListUpdate(configBlock([crl]), TAIZHOU, crl)).to.equal(undefined);
    expect(() => revocationListUpdate(configBlock(), 'NanjingRegistryMSP', crl)).to.throw(NotAChannelMemberError, /NanjingRegistryMSP/);
  });

  it("signs the update and the CONFIG_UPDATE envelope as the organisation's admin", function () {
    const update = revocationListUpdate(configBlock(), TAIZHOU, crl)!;
    const envelope = signedConfigUpdateEnvelope(update.channelId, update.configUpdate, admin);
    const adminKey = createPublicKey(admin.certificate);
    expect(verifyLowS(adminKey, envelope.payload, envelope.signature)).to.equal(true);

    const payload = common.Payload.deserializeBinary(envelope.payload);
    const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8());
    expect(channelHeader.getType()).to.equal(common.HeaderType.CONFIG_UPDATE);
    expect(channelHeader.getChannelId()).to.equal('dataasset');
    const creator = common.SignatureHeader.deserializeBinary(payload.getHeader()!.getSignatureHeader_asU8()).getCreator_asU8();
    expect(Buffer.from(creator).equals(Buffer.from(serializeIdentity(TAIZHOU, admin.certificate)))).to.equal(true);

    const updateEnvelope = common.ConfigUpdateEnvelope.deserializeBinary(payload.getData_asU8());
    expect(Buffer.from(updateEnvelope.getConfigUpdate_asU8()).equals(Buffer.from(update.configUpdate))).to.equal(true);
    const [signature] = updateEnvelope.getSignaturesList();
    const signed = Buffer.concat([signature!.getSignatureHeader_asU8(), update.configUpdate]);
    expect(verifyLowS(adminKey, signed, signature!.getSignature_asU8())).to.equal(true);
    expect(verifyLowS(adminKey, Buffer.concat([signed, Buffer.from('x')]), signature!.getSignature_asU8())).to.equal(false);
  });
});
