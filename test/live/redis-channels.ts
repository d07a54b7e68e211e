/**
 * Waiting for Redis subscriptions: yoga's Redis event target sends SUBSCRIBE without waiting for
 * its reply, so a test that publishes right after subscribing could publish into the void. These
 * poll PUBSUB NUMSUB instead of sleeping.
 */
import { Redis } from 'ioredis';
import { testRedisUrl } from '../support/redis.js';

/** A plain connection for looking at channels. */
export function redisClient(): Redis {
  return new Redis(testRedisUrl);
}

/** Resolves once `count` connections subscribe to `channel`. */
export async function untilSubscribed(client: Redis, channel: string, count = 1, timeoutMs = 5000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [, n] = (await client.pubsub('NUMSUB', channel)) as [string, number];
    if (Number(n) >= count) return;
    if (Date.now() > until) {
      throw new Error(`${channel} has ${n} subscribers after ${timeoutMs} ms, expected ${count}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
