/**
 * The peer's side of Fabric's chaincode protocol for one transaction, as core/chaincode/
 * handler.go serves it: each request from the chaincode (GET_STATE, PUT_STATE,
 * GET_STATE_BY_RANGE, …) is answered from the transaction simulator with a RESPONSE or ERROR
 * message carrying the same payload protos a real peer sends.
 */
import { peer } from '@hyperledger/fabric-protos';
import { VALIDATION_PARAMETER, encodeMetadata, type TxSimulator } from './tx-simulator';

const T = peer.ChaincodeMessage.Type;

/** Answers one request message of a running transaction; returns the reply message. */
export async function serveChaincodeRequest(sim: TxSimulator, msg: peer.ChaincodeMessage): Promise<peer.ChaincodeMessage> {
  const reply = new peer.ChaincodeMessage();
  reply.setTxid(msg.getTxid());
  reply.setChannelId(msg.getChannelId());
  try {
    reply.setPayload(await answer(sim, msg));
    reply.setType(T.RESPONSE);
  } catch (err) {
    reply.setType(T.ERROR);
    reply.setPayload(Buffer.from((err as Error).message, 'utf8'));
  }
  return reply;
}

async function answer(sim: TxSimulator, msg: peer.ChaincodeMessage): Promise<Uint8Array> {
  const payload = msg.getPayload_asU8();
  switch (msg.getType()) {
    case T.GET_STATE: {
      const req = peer.GetState.deserializeBinary(payload);
      const coll = req.getCollection();
      return coll ? sim.getPrivateData(coll, req.getKey()) : sim.getState(req.getKey());
    }
    case T.GET_PRIVATE_DATA_HASH: {
      const req = peer.GetState.deserializeBinary(payload);
      return sim.getPrivateDataHash(req.getCollection(), req.getKey());
    }
    case T.PUT_STATE: {
      const req = peer.PutState.deserializeBinary(payload);
      const coll = req.getCollection();
      if (coll) sim.putPrivateData(coll, req.getKey(), req.getValue_asU8());
      else sim.putState(req.getKey(), req.getValue_asU8());
      return new Uint8Array();
    }
    case T.DEL_STATE: {
      const req = peer.DelState.deserializeBinary(payload);
      const coll = req.getCollection();
      if (coll) sim.deletePrivateData(coll, req.getKey());
      else sim.deleteState(req.getKey());
      return new Uint8Array();
    }
    case T.GET_STATE_METADATA: {
      const req = peer.GetStateMetadata.deserializeBinary(payload);
      const coll = req.getCollection();
      return encodeMetadata(coll ? await sim.getPrivateDataMetadata(coll, req.getKey()) : await sim.getStateMetadata(req.getKey()));
    }
    case T.PUT_STATE_METADATA: {
      const req = peer.PutStateMetadata.deserializeBinary(payload);
      const md = req.getMetadata();
      if (!md || md.getMetakey() !== VALIDATION_PARAMETER) throw new Error(`unsupported state metadata key ${md?.getMetakey() ?? ''}`);
      const coll = req.getCollection();
      if (coll) sim.putPrivateDataMetadata(coll, req.getKey(), md.getMetakey(), md.getValue_asU8());
      else sim.putStateMetadata(req.getKey(), md.getMetakey(), md.getValue_asU8());
      return new Uint8Array();
    }
    case T.GET_STATE_BY_RANGE: {
      const req = peer.GetStateByRange.deserializeBinary(payload);
      if (req.getCollection()) throw new Error('GetPrivateDataByRange is not supported by the embedded network');
      const mdBytes = req.getMetadata_asU8();
      let page: { pageSize: number; bookmark: string } | undefined;
      if (mdBytes.length > 0) {
        const md = peer.QueryMetadata.deserializeBinary(mdBytes);
        page = { pageSize: md.getPagesize(), bookmark: md.getBookmark() };
      }
      return (await sim.openRange(req.getStartkey(), req.getEndkey(), page)).serializeBinary();
    }
    case T.QUERY_STATE_NEXT:
      return (await sim.nextBatch(peer.QueryStateNext.deserializeBinary(payload).getId())).serializeBinary();
    case T.QUERY_STATE_CLOSE:
      return (await sim.closeIterator(peer.QueryStateClose.deserializeBinary(payload).getId())).serializeBinary();
    case T.GET_HISTORY_FOR_KEY:
      return (await sim.openHistory(peer.GetHistoryForKey.deserializeBinary(payload).getKey())).serializeBinary();
    case T.GET_QUERY_RESULT:
      // as statedb/stateleveldb: rich queries need CouchDB
      throw new Error('GetQueryResult (rich query) is not supported: the state database is LevelDB, which has no rich queries (ExecuteQuery not supported for leveldb)');
    case T.INVOKE_CHAINCODE:
      throw new Error('InvokeChaincode (chaincode-to-chaincode call) is not supported by the embedded network');
    case T.PURGE_PRIVATE_DATA: {
      // handler.go HandlePurgePrivateData (Fabric 2.5)
      const req = peer.PurgePrivateState.deserializeBinary(payload);
      sim.purgePrivateData(req.getCollection(), req.getKey());
      return new Uint8Array();
    }
    case T.GET_STATE_MULTIPLE:
    case T.WRITE_BATCH_STATE:
      throw new Error(`chaincode message ${msg.getType()} (batch state calls) is not supported by the embedded network`);
    default:
      throw new Error(`unexpected chaincode message type ${msg.getType()}`);
  }
}
