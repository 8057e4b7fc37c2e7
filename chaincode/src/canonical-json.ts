/**
 * Canonical JSON: object keys sorted, no whitespace, `undefined` members dropped.
 *
 * Every value the chaincode writes (state, events, responses) goes through here so that two
 * peers endorsing the same proposal produce byte-identical read/write sets; plain
 * JSON.stringify follows insertion order, which differs as soon as two code paths build the
 * same record in a different order.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function canonicalJson(value: unknown): string {
  return serialise(value, '$');
}

export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}

function serialise(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      // NaN and Infinity have no JSON form; letting them through would write "null" silently.
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number at ${path}`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item, i) => (item === undefined ? 'null' : serialise(item, `${path}[${String(i)}]`))).join(',')}]`;
      }
      const record = value as Record<string, unknown>;
      // Sorting by UTF-16 code unit is deterministic, which is all determinism needs.
      const keys = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${serialise(record[k], `${path}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot serialise ${typeof value} at ${path}`);
  }
}
