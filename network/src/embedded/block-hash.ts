/**
 * Block hashing exactly as Fabric's protoutil/blockutils.go: the data hash is SHA-256 over the
 * concatenated envelopes, the header hash is SHA-256 over the DER encoding of
 * SEQUENCE { INTEGER number, OCTET STRING previousHash, OCTET STRING dataHash }. Matching it
 * lets one proof verifier check embedded and real Fabric blocks alike.
 */
import { common } from '@hyperledger/fabric-protos';
import { sha256 } from './crypto';

export function blockDataHash(data: readonly Uint8Array[]): Buffer {
  return sha256(...data);
}

export function blockHeaderBytes(number: number, previousHash: Uint8Array, dataHash: Uint8Array): Buffer {
  const body = Buffer.concat([derInteger(number), derOctets(previousHash), derOctets(dataHash)]);
  return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
}

export function blockHeaderHash(header: common.BlockHeader): Buffer {
  return sha256(blockHeaderBytes(header.getNumber(), header.getPreviousHash_asU8(), header.getDataHash_asU8()));
}

function derInteger(n: number): Buffer {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`block number ${n} is not a non-negative safe integer`);
  let hex = n.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  let bytes = Buffer.from(hex, 'hex');
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return Buffer.concat([Buffer.from([0x02]), derLength(bytes.length), bytes]);
}

function derOctets(b: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([0x04]), derLength(b.length), Buffer.from(b)]);
}

function derLength(len: number): Buffer {
  if (len < 0x80) return Buffer.from([len]);
  let hex = len.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  const bytes = Buffer.from(hex, 'hex');
  return Buffer.concat([Buffer.from([0x80 | bytes.length]), bytes]);
}
