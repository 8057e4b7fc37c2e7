/**
 * The channel config update that puts an organisation's CRL into its MSP definition
 * (`revocation_list` of msp.FabricMSPConfig in Application/<org>/MSP), signed by an admin of
 * that organisation — what `configtxlator compute_update` and `peer channel update` do, with
 * no tools: read the current config block, write the new MSP value one version up, sign the
 * update and the envelope as the admin. The org's MSP value is modified under the org's own
 * `Admins` policy, so its admin's signature is the only one needed. Peers refuse the revoked
 * certificates once the block carrying it is committed.
 */
import { randomBytes } from 'node:crypto';
import { common, msp } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { privateKeyFromPem, signLowS } from '../../../../network/src/protocol/crypto';
import { serializeIdentity } from '../../../../network/src/protocol/msp';

export interface OrganizationAdmin {
  readonly mspId: string;
  /** PEM of an admin certificate of the organisation (NodeOU admin). */
  readonly certificate: string;
  readonly privateKey: string;
}

/** The config block does not hold the organisation as an application member of the channel. */
export class NotAChannelMemberError extends Error {
  override readonly name = 'NotAChannelMemberError';
}

/** The update replacing `mspId`'s revocation list with `crlPem`, against the config of `rawConfigBlock`; undefined if it already holds exactly that list. */
export function revocationListUpdate(rawConfigBlock: Uint8Array, mspId: string, crlPem: string): { readonly channelId: string; readonly configUpdate: Uint8Array } | undefined {
  const block = common.Block.deserializeBinary(rawConfigBlock);
  const envelope = common.Envelope.deserializeBinary(block.getData()!.getDataList_asU8()[0]!);
  const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
  const channelId = common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8()).getChannelId();
  const channel = common.ConfigEnvelope.deserializeBinary(payload.getData_asU8()).getConfig()?.getChannelGroup();
  const application = channel?.getGroupsMap().get('Application');
  const org = application?.getGroupsMap().get(mspId);
  const mspValue = org?.getValuesMap().get('MSP');
  if (!channel || !application || !org || !mspValue) throw new NotAChannelMemberError(`${mspId} is not an application organisation of this channel's config`);

  const mspConfig = msp.MSPConfig.deserializeBinary(mspValue.getValue_asU8());
  const fabric = msp.FabricMSPConfig.deserializeBinary(mspConfig.getConfig_asU8());
  const crl = Buffer.from(crlPem, 'utf8');
  const current = fabric.getRevocationListList_asU8();
  if (current.length === 1 && Buffer.from(current[0]!).equals(crl)) return undefined;
  // the CA's CRL lists every certificate it revoked: it replaces the previous one
  fabric.setRevocationListList([crl]);
  mspConfig.setConfig(fabric.serializeBinary());

  const updatedValue = new common.ConfigValue();
  updatedValue.setVersion(mspValue.getVersion() + 1);
  updatedValue.setValue(mspConfig.serializeBinary());
  updatedValue.setModPolicy(mspValue.getModPolicy());

  // read set: the path to the value at the current versions; write set: the same path, the value one version up
  const path = (leaf: common.ConfigGroup): common.ConfigGroup => {
    const app = new common.ConfigGroup();
    app.setVersion(application.getVersion());
    app.getGroupsMap().set(mspId, leaf);
    const root = new common.ConfigGroup();
    root.setVersion(channel.getVersion());
    root.getGroupsMap().set('Application', app);
    return root;
  };
  const readOrg = new common.ConfigGroup();
  readOrg.setVersion(org.getVersion());
  const writeOrg = new common.ConfigGroup();
  writeOrg.setVersion(org.getVersion());
  writeOrg.setModPolicy(org.getModPolicy());
  writeOrg.getValuesMap().set('MSP', updatedValue);

  const update = new common.ConfigUpdate();
  update.setChannelId(channelId);
  update.setReadSet(path(readOrg));
  update.setWriteSet(path(writeOrg));
  return { channelId, configUpdate: update.serializeBinary() };
}

/** The CONFIG_UPDATE envelope for the orderer: the update signed by the admin, in a payload signed by the admin. */
export function signedConfigUpdateEnvelope(channelId: string, configUpdate: Uint8Array, admin: OrganizationAdmin): { readonly payload: Buffer; readonly signature: Buffer } {
  const key = privateKeyFromPem(admin.privateKey);
  const creator = serializeIdentity(admin.mspId, admin.certificate);
  const signatureHeader = (): Uint8Array => {
    const header = new common.SignatureHeader();
    header.setCreator(creator);
    header.setNonce(randomBytes(24));
    return header.serializeBinary();
  };

  const configSignatureHeader = signatureHeader();
  const configSignature = new common.ConfigSignature();
  configSignature.setSignatureHeader(configSignatureHeader);
  configSignature.setSignature(signLowS(key, Buffer.concat([configSignatureHeader, configUpdate])));
  const updateEnvelope = new common.ConfigUpdateEnvelope();
  updateEnvelope.setConfigUpdate(configUpdate);
  updateEnvelope.setSignaturesList([configSignature]);

  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.CONFIG_UPDATE);
  channelHeader.setChannelId(channelId);
  const now = Date.now();
  const timestamp = new Timestamp();
  timestamp.setSeconds(Math.floor(now / 1000));
  timestamp.setNanos((now % 1000) * 1_000_000);
  channelHeader.setTimestamp(timestamp);
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(signatureHeader());
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(updateEnvelope.serializeBinary());
  const bytes = Buffer.from(payload.serializeBinary());
  return { payload: bytes, signature: signLowS(key, bytes) };
}
