/**
 * Block hashing exactly as Fabric's protoutil/blockutils.go: the data hash is SHA-256 over the
 * concatenated envelopes, the header hash is SHA-256 over the DER encoding of
 * SEQUENCE { INTEGER number, OCTET STRING previousHash, OCTET STRING dataHash }. Matching it
 * lets one proof verifier check embedded and real Fabric blocks alike.
 */
import { common } from '@hyperledger/fabric-protos';
import { sha256 } from './crypto';
import { blockHeaderBytes as headerBytes } from './block-header';

export function blockDataHash(data: readonly Uint8Array[]): Buffer {
  return sha256(...data);
}

export function blockHeaderBytes(number: number, previousHash: Uint8Array, dataHash: Uint8Array): Buffer {
  return Buffer.from(headerBytes(number, previousHash, dataHash));
}

export function blockHeaderHash(header: common.BlockHeader): Buffer {
  return sha256(blockHeaderBytes(header.getNumber(), header.getPreviousHash_asU8(), header.getDataHash_asU8()));
}
