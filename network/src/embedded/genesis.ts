/**
 * The channel's genesis: on first start, a CONFIG envelope carrying the channel configuration
 * (every organisation's root CA, the orderer, batch settings, the chaincode definition) as
 * canonical JSON in block 0, signed by the orderer; on every later start, the configuration
 * read back from that block. Fabric records a configtx.Config here instead (README, "Where the
 * embedded network differs").
 */
import { randomBytes } from 'node:crypto';
import { common } from '@hyperledger/fabric-protos';
import type { Consortium } from '../consortium';
import { canonicalJson, parseChannelConfig, type ChannelConfig } from '../protocol/channel-config';
import { decodeTransaction, type DecodedTransaction } from '../protocol/transaction';
import { computeTxId } from '../protocol/tx-id';
import { commitGenesisBlock } from './committer';
import { KEY, type Db } from './ledger-db';
import { createBlock } from './orderer';
import type { Signer } from './signer';
import type { Wallet } from './wallet';

export interface OpenedChannel {
  readonly config: ChannelConfig;
  /** The committed height: 1 right after genesis. */
  readonly height: number;
}

/** Creates the channel in an empty ledger, or reads its configuration from block 0. */
export async function openChannel(
  db: Db,
  wallet: Wallet,
  consortium: Consortium,
  ordererSigner: Signer,
  log: (line: string) => void,
): Promise<OpenedChannel> {
  const height = await readHeight(db);
  if (height > 0) {
    const raw = await db.get(KEY.block(0));
    if (!raw) throw new Error('ledger has a height but no genesis block: the data directory is damaged');
    const tx = decodeTransaction(common.Block.deserializeBinary(raw).getData()!.getDataList_asU8()[0]!);
    return { config: parseChannelConfig(tx.configData!), height };
  }
  const peerOrgs = consortium.organizations.map((o) => o.mspId);
  const roots = new Map<string, string>();
  for (const mspId of [...peerOrgs, consortium.ordering.mspId]) roots.set(mspId, (await wallet.ca(mspId)).certificate);
  const config = channelConfigFrom(consortium, roots);
  const genesis = createGenesisBlock(config, ordererSigner);
  await commitGenesisBlock(db, genesis.block, genesis.tx);
  log(`created channel ${config.channelName} with ${peerOrgs.length} organisations (genesis block 0)`);
  return { config, height: 1 };
}

export function channelConfigFrom(consortium: Consortium, roots: ReadonlyMap<string, string>): ChannelConfig {
  const root = (mspId: string): string => {
    const r = roots.get(mspId);
    if (!r) throw new Error(`no root certificate for ${mspId}`);
    return r;
  };
  return {
    channelName: consortium.channelName,
    organizations: consortium.organizations.map((o) => ({ ...o, rootCertificate: root(o.mspId) })),
    orderer: {
      mspId: consortium.ordering.mspId,
      rootCertificate: root(consortium.ordering.mspId),
      batchSize: consortium.ordering.batchSize,
      batchTimeoutMs: consortium.ordering.batchTimeoutMs,
    },
    chaincode: consortium.chaincode,
  };
}

async function readHeight(db: Db): Promise<number> {
  const raw = await db.get(KEY.height);
  return raw ? Number(raw.readBigUInt64BE(0)) : 0;
}

function createGenesisBlock(config: ChannelConfig, ordererSigner: Signer): { block: common.Block; tx: DecodedTransaction } {
  const ch = new common.ChannelHeader();
  ch.setType(common.HeaderType.CONFIG);
  ch.setChannelId(config.channelName);
  const nonce = randomBytes(24);
  const sh = new common.SignatureHeader();
  sh.setCreator(ordererSigner.serializedIdentity);
  sh.setNonce(nonce);
  ch.setTxId(computeTxId(nonce, ordererSigner.serializedIdentity));
  const header = new common.Header();
  header.setChannelHeader(ch.serializeBinary());
  header.setSignatureHeader(sh.serializeBinary());
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(Buffer.from(canonicalJson(config), 'utf8'));
  const payloadBytes = payload.serializeBinary();
  const env = new common.Envelope();
  env.setPayload(payloadBytes);
  env.setSignature(ordererSigner.sign(payloadBytes));
  const envBytes = env.serializeBinary();
  const block = createBlock(0, new Uint8Array(), [envBytes], ordererSigner);
  return { block, tx: decodeTransaction(envBytes) };
}
