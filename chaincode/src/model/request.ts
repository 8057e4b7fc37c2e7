/**
 * Parsing of transaction arguments. Every argument arrives as a string; a malformed one is an
 * INVALID_REQUEST naming the field, never an exception of another kind (which the gateway
 * would have to treat as an internal error).
 */
import { invalid } from '../errors';

export type JsonObject = Record<string, unknown>;

export const HEX64 = /^[0-9a-f]{64}$/;

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseJsonObject(text: string, what: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid(`${what} is not valid JSON`);
  }
  if (!isJsonObject(value)) throw invalid(`${what} must be a JSON object`);
  return value;
}

/** Parses an optional JSON body: an empty argument means `{}`. */
export function parseOptionalJsonObject(text: string, what: string): JsonObject {
  return text.trim() === '' ? {} : parseJsonObject(text, what);
}

export function requireString(obj: JsonObject, field: string, maxLength = 256): string {
  const v = obj[field];
  if (typeof v !== 'string' || v.trim().length === 0) throw invalid(`${field} is required`);
  if (v.length > maxLength) throw invalid(`${field} must be at most ${String(maxLength)} characters`);
  return v;
}

export function optionalString(obj: JsonObject, field: string, maxLength = 2000): string | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalid(`${field} must be a string`);
  if (v.length > maxLength) throw invalid(`${field} must be at most ${String(maxLength)} characters`);
  return v;
}

export function requireEnum<T extends string>(obj: JsonObject, field: string, allowed: readonly T[]): T {
  const v = obj[field];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw invalid(`${field} must be one of ${allowed.join(', ')}`);
  }
  return v as T;
}

export function requireBoolean(obj: JsonObject, field: string): boolean {
  const v = obj[field];
  if (typeof v !== 'boolean') throw invalid(`${field} must be true or false`);
  return v;
}

export function requireHex64(obj: JsonObject, field: string): string {
  const v = obj[field];
  if (typeof v !== 'string' || !HEX64.test(v)) throw invalid(`${field} must be 64 lowercase hex characters (SHA-256)`);
  return v;
}

export function optionalInteger(obj: JsonObject, field: string, min: number, max: number): number | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw invalid(`${field} must be an integer ${String(min)}..${String(max)}`);
  }
  return v;
}

/**
 * A filter value that becomes a composite-key attribute: U+0000 separates attributes and
 * U+10FFFF ends a range, so either would widen the index range.
 */
export function parseKeyAttribute(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 128) throw invalid(`${field} must be a string`);
  if (value.includes('\u0000') || value.includes('\u{10ffff}')) throw invalid(`${field} must not contain U+0000 or U+10FFFF`);
  return value;
}

/** A JSON array of strings (a transaction's arguments, passed on as one argument). */
export function parseStringArray(text: string, what: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid(`${what} is not valid JSON`);
  }
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) throw invalid(`${what} must be a JSON array of strings`);
  return value;
}
