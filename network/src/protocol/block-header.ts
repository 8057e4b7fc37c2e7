/**
 * Fabric's block header encoding (protoutil.BlockHeaderBytes): DER of
 * SEQUENCE { INTEGER number, OCTET STRING previousHash, OCTET STRING dataHash }. Its SHA-256
 * is the block hash that the next block's previousHash carries.
 */
import { concatBytes, itemAt } from './bytes';

export function blockHeaderBytes(number: number, previousHash: Uint8Array, dataHash: Uint8Array): Uint8Array {
  const body = concatBytes(derInteger(number), derTlv(0x04, previousHash), derTlv(0x04, dataHash));
  return derTlv(0x30, body);
}

function derInteger(n: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`block number ${String(n)} is not a non-negative safe integer`);
  const bytes: number[] = [];
  let v = n;
  do {
    bytes.unshift(v % 256);
    v = Math.floor(v / 256);
  } while (v > 0);
  if (itemAt(bytes, 0) & 0x80) bytes.unshift(0);
  return derTlv(0x02, Uint8Array.from(bytes));
}

function derTlv(tag: number, value: Uint8Array): Uint8Array {
  const len = value.length;
  let lenBytes: number[];
  if (len < 0x80) lenBytes = [len];
  else {
    const b: number[] = [];
    let v = len;
    while (v > 0) {
      b.unshift(v % 256);
      v = Math.floor(v / 256);
    }
    lenBytes = [0x80 | b.length, ...b];
  }
  return concatBytes(Uint8Array.from([tag, ...lenBytes]), value);
}
