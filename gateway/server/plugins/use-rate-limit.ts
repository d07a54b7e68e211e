/**
 * A token bucket per token: `burst` requests at once, refilled at `perMinute`. Counted after the
 * token is verified (so a forged token cannot spend a real one's budget) and before the body is
 * parsed (so a flood costs the server next to nothing). Beyond it: 429 with Retry-After, which the
 * widgets' client honours with backoff. Per process: behind several instances, each counts alone.
 */
import type { Plugin } from 'graphql-yoga';
import { principalOf } from '../../auth/principal.js';
import { rejection } from './rejection.js';

export interface RateLimitOptions {
  /** Sustained requests per minute per token. */
  perMinute: number;
  /** Requests allowed at once. */
  burst: number;
  /** Clock, in ms (tests). @default Date.now */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Idle buckets are full again after burst ÷ rate; dropping them then loses nothing. */
const sweepEvery = 1000;

export function useRateLimit(options: RateLimitOptions): Plugin {
  const now = options.now ?? Date.now;
  const perMs = options.perMinute / 60_000;
  const buckets = new Map<string, Bucket>();
  let requests = 0;

  const sweep = (at: number) => {
    const full = options.burst / perMs;
    for (const [key, bucket] of buckets) if (at - bucket.at > full) buckets.delete(key);
  };

  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const principal = principalOf(request);
      if (!principal) return;
      const at = now();
      if (++requests % sweepEvery === 0) sweep(at);
      const bucket = buckets.get(principal.tokenId) ?? { tokens: options.burst, at };
      bucket.tokens = Math.min(options.burst, bucket.tokens + (at - bucket.at) * perMs);
      bucket.at = at;
      buckets.set(principal.tokenId, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      const retryAfter = Math.ceil((1 - bucket.tokens) / perMs / 1000);
      endResponse(
        rejection(
          fetchAPI,
          429,
          'RATE_LIMITED',
          `too many requests with this token: at most ${options.perMinute} a minute (${options.burst} at once); retry in ${retryAfter} s`,
          { 'retry-after': String(retryAfter) },
        ),
      );
    },
  };
}
