/**
 * The API speaks JSON only (api.md). A request that carries a body must say it is JSON, and
 * the body is parsed with the configured size limit; every refusal is a 4xx thrown to the
 * problem middleware, never a 5xx.
 */
import express, { type RequestHandler } from 'express';
import { UnsupportedMediaTypeError } from './errors';

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
  return [requireJson, express.json({ limit: limitBytes, type: JSON_TYPES, strict: true })];
}
