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

/**
 * Accepted text, the one definition every parser applies (docs/api.md, "Accepted text"):
 * - well-formed Unicode: no lone surrogate (it would be stored and then be unreadable by
 *   ordinary JSON tools);
 * - in Unicode Normalization Form C, so equal-looking names are equal strings;
 * - no control characters (C0, DEL, C1) except tab, line feed and carriage return in free text;
 * - no bidirectional formatting characters (U+202A–U+202E embeddings and overrides, U+2066–U+2069
 *   isolates, U+200E/U+200F/U+061C marks), which let displayed text lie about itself.
 * A `name` is single-line: no tab, line feed or carriage return either. Every string of every JSON
 * argument (keys included) is held to the free-text rule; fields read with requireString and
 * optionalString of at most NAME_MAX_LENGTH characters (names, references, codes) to the name rule.
 */
export type TextKind = 'name' | 'text';
export const NAME_MAX_LENGTH = 256;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LINE_BREAK_OR_TAB = /[\t\n\r]/;
const BIDI_FORMATTING = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function codePoint(text: string, pattern: RegExp): string {
  const found = pattern.exec(text)?.[0] ?? '';
  return `U+${(found.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Refuses `text` as the value of `field` unless it is accepted text of that kind (INVALID_REQUEST naming the field). */
export function checkText(text: string, field: string, kind: TextKind): string {
  if (LONE_SURROGATE.test(text)) throw invalid(`${field} must be well-formed Unicode: it contains a lone surrogate (${codePoint(text, LONE_SURROGATE)})`);
  if (CONTROL.test(text)) throw invalid(`${field} must not contain control characters (${codePoint(text, CONTROL)})`);
  if (kind === 'name' && LINE_BREAK_OR_TAB.test(text)) throw invalid(`${field} must be one line: no tab or line break (${codePoint(text, LINE_BREAK_OR_TAB)})`);
  if (BIDI_FORMATTING.test(text)) throw invalid(`${field} must not contain bidirectional formatting characters (${codePoint(text, BIDI_FORMATTING)})`);
  if (text.normalize('NFC') !== text) throw invalid(`${field} must be in Unicode normalization form C (NFC)`);
  return text;
}

/** Holds every string of a parsed argument, keys included, to the free-text rule; iterative, as bodies may nest. */
function checkAllText(value: unknown, what: string): void {
  const stack: { v: unknown; path: string }[] = [{ v: value, path: what }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { v, path } = next;
    if (typeof v === 'string') checkText(v, path, 'text');
    else if (Array.isArray(v)) v.forEach((item, i) => stack.push({ v: item, path: `${path}[${String(i)}]` }));
    else if (isJsonObject(v)) {
      for (const [key, item] of Object.entries(v)) {
        checkText(key, `a key of ${path}`, 'text');
        stack.push({ v: item, path: path === what ? key : `${path}.${key}` });
      }
    }
  }
}

export function parseJsonObject(text: string, what: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid(`${what} is not valid JSON`);
  }
  if (!isJsonObject(value)) throw invalid(`${what} must be a JSON object`);
  checkAllText(value, what);
  return value;
}

/** Parses an optional JSON body: an empty argument means `{}`. */
export function parseOptionalJsonObject(text: string, what: string): JsonObject {
  return text.trim() === '' ? {} : parseJsonObject(text, what);
}

/** A short field (at most NAME_MAX_LENGTH) is a name: single-line; a longer one is free text. */
function kindOf(maxLength: number): TextKind {
  return maxLength <= NAME_MAX_LENGTH ? 'name' : 'text';
}

export function requireString(obj: JsonObject, field: string, maxLength = 256): string {
  const v = obj[field];
  if (typeof v !== 'string' || v.trim().length === 0) throw invalid(`${field} is required`);
  if (v.length > maxLength) throw invalid(`${field} must be at most ${String(maxLength)} characters`);
  return checkText(v, field, kindOf(maxLength));
}

export function optionalString(obj: JsonObject, field: string, maxLength = 2000): string | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalid(`${field} must be a string`);
  if (v.length > maxLength) throw invalid(`${field} must be at most ${String(maxLength)} characters`);
  return checkText(v, field, kindOf(maxLength));
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
