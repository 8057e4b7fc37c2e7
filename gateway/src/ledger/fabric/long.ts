/** fabric-network reports block numbers as `Long`; the Ledger interface uses integers. */
export interface LongLike {
  toNumber(): number;
  toString(): string;
}

export function toBlockNumber(value: LongLike | number): number {
  const n = typeof value === 'number' ? value : value.toNumber();
  // Beyond 2^53 a JavaScript number silently loses precision; fail rather than mis-address a block.
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`block number ${value.toString()} is not a safe integer`);
  return n;
}
