/**
 * The API speaks JSON only (api.md). A request that carries a body must say it is JSON, and
 * the body is parsed with the configured size limit; every refusal is a 4xx thrown to the
 * problem middleware, never a 5xx.
 */
import express, { type RequestHandler } from 'express';
import { InputError, UnsupportedMediaTypeError } from './errors';

/** Deeper bodies are refused: no request of the API nests this deep, and serialising one would overflow the stack. */
export const MAX_JSON_DEPTH = 32;

const JSON_TYPES = ['application/json', 'application/*+json'];

/** Content-type check, then the JSON parser limited to `limitBytes`. */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    const length = req.headers['content-length'];
    const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
    if (hasBody && !req.is(JSON_TYPES)) {
      throw new UnsupportedMediaTypeError(`the request body must be application/json, not ${req.get('content-type') ?? 'untyped'}`);
    }
    next();
  };
  const limitDepth: RequestHandler = (req, _res, next) => {
    if (req.body !== undefined && depthExceeds(req.body, MAX_JSON_DEPTH)) {
      throw new InputError(`the request body nests deeper than ${MAX_JSON_DEPTH} levels`);
    }
    next();
  };
  return [requireJson, express.json({ limit: limitBytes, type: JSON_TYPES, strict: true }), limitDepth];
}

/** Iterative, so that measuring a hostile body cannot itself overflow the stack. */
function depthExceeds(value: unknown, max: number): boolean {
  const stack: { v: unknown; d: number }[] = [{ v: value, d: 1 }];
  while (stack.length > 0) {
    const { v, d } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > max) return true;
    for (const child of Object.values(v as Record<string, unknown>)) if (child !== null && typeof child === 'object') stack.push({ v: child, d: d + 1 });
  }
  return false;
}
