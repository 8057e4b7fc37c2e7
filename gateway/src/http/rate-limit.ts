/**
 * The per-API-key rate limit: a token bucket per key id, refilled at `perMinute` up to `burst`.
 * Every authenticated request takes one token; a key with none left is refused 429 with
 * `Retry-After` (whole seconds until a token is back), before anything is proposed or written (the body has been read and checked for size by then). Keys are the
 * unit because a key is a caller: one integration's loop must not starve the organisation's
 * other users. Public routes carry no key and are not limited here.
 */
import { RateLimitedError } from './errors';

export interface RateLimitSettings {
  /** Sustained requests a minute per key; 0 turns the limit off. */
  readonly perMinute: number;
  /** Requests a key may send at once after being idle. */
  readonly burst: number;
}

/** Takes one request's token for `keyId`, or throws RateLimitedError. */
export type RateLimiter = (keyId: string) => void;

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets idle this long are full again and are forgotten, so the map holds only active keys. */
const FORGET_AFTER_MS = 60_000;

export function createRateLimiter(settings: RateLimitSettings, now: () => number = Date.now): RateLimiter {
  const { perMinute, burst } = settings;
  if (perMinute <= 0) return () => undefined;
  const perMs = perMinute / 60_000;
  const buckets = new Map<string, Bucket>();
  let swept = now();
  return (keyId) => {
    const t = now();
    if (t - swept > FORGET_AFTER_MS) {
      for (const [id, b] of buckets) if (t - b.at > FORGET_AFTER_MS) buckets.delete(id);
      swept = t;
    }
    const bucket = buckets.get(keyId) ?? { tokens: burst, at: t };
    bucket.tokens = Math.min(burst, bucket.tokens + (t - bucket.at) * perMs);
    bucket.at = t;
    buckets.set(keyId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return;
    }
    const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
    throw new RateLimitedError(`this API key may send ${perMinute} requests a minute (bursts of ${burst}); retry after ${retryAfter} s`, retryAfter);
  };
}
