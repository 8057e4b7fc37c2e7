/**
 * The root CA certificates of a channel's organisations, read from a config block
 * (common.ConfigEnvelope → channel group → Application/Orderer org groups → MSP value →
 * msp.FabricMSPConfig.root_certs), so bundles verify against what the channel itself trusts.
 * The current configuration is the last config block, not the genesis block: a channel
 * update (e.g. adding an organisation, fabric-samples addOrg3) writes a new one.
 */
import { common, msp } from '@hyperledger/fabric-protos';

export function trustRootsFromConfigBlock(rawBlock: Uint8Array): Record<string, string> {
  const block = common.Block.deserializeBinary(rawBlock);
  const envelope = common.Envelope.deserializeBinary(block.getData()!.getDataList_asU8()[0]!);
  const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
  const config = common.ConfigEnvelope.deserializeBinary(payload.getData_asU8()).getConfig();
  const channel = config?.getChannelGroup();
  if (!channel) throw new Error('the block is not a config block');
  const roots: Record<string, string> = {};
  for (const section of ['Application', 'Orderer']) {
    const group = channel.getGroupsMap().get(section);
    if (!group) continue;
    group.getGroupsMap().forEach((org) => {
      const value = org.getValuesMap().get('MSP');
      if (!value) return;
      const mspConfig = msp.MSPConfig.deserializeBinary(value.getValue_asU8());
      const fabric = msp.FabricMSPConfig.deserializeBinary(mspConfig.getConfig_asU8());
      const first = fabric.getRootCertsList_asU8()[0];
      if (first) roots[fabric.getName()] = Buffer.from(first).toString('utf8');
    });
  }
  return roots;
}

/** common.BlockMetadataIndex.SIGNATURES: since Fabric 2.0 the orderer records the last config index there (OrdererBlockMetadata). */
const SIGNATURES = 0;

/** The number of the config block in force at this block, as protoutil.GetLastConfigIndexFromBlock reads it. */
export function lastConfigIndex(rawBlock: Uint8Array): number {
  const block = common.Block.deserializeBinary(rawBlock);
  const entry = block.getMetadata()?.getMetadataList_asU8()[SIGNATURES];
  if (!entry || entry.length === 0) throw new Error('the block has no signatures metadata to read the last config index from');
  const metadata = common.Metadata.deserializeBinary(entry);
  const orderer = common.OrdererBlockMetadata.deserializeBinary(metadata.getValue_asU8());
  const lastConfig = orderer.getLastConfig();
  if (!lastConfig) throw new Error('the block\'s orderer metadata names no last config block');
  return lastConfig.getIndex();
}
