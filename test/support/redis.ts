/**
 * Redis for tests: the server on 127.0.0.1:6379 (override with TEST_REDIS_URL), shared by every
 * suite, so each run works under a key prefix of its own (`tandem-test-<random>:`) and deletes its
 * keys afterwards. When Redis is unreachable, the Redis suites are skipped and say so loudly,
 * except in CI (CI=true), where an unreachable Redis fails the run.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let reachable: Promise<boolean> | undefined;

export function redisReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new Redis(testRedisUrl, {
      lazyConnect: true,
      connectTimeout: 2000,
      maxRetriesPerRequest: 0,
    });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
      return true;
    } catch {
      if (process.env.CI === 'true') throw new Error(`CI=true but Redis is unreachable at ${testRedisUrl}`);
      console.warn(`\n⚠  Redis is not reachable at ${testRedisUrl}: Redis suites are SKIPPED.\n`);
      return false;
    } finally {
      client.disconnect();
    }
  })();
  return reachable;
}

/** A key prefix no other run uses: `tandem-test-<hex>:`. */
export function uniqueRedisPrefix(): string {
  return `tandem-test-${randomBytes(6).toString('hex')}:`;
}

/** Keys under the prefix, for assertions. */
export async function redisKeys(prefix: string): Promise<string[]> {
  const client = new Redis(testRedisUrl);
  try {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return keys;
  } finally {
    client.disconnect();
  }
}

/** Deletes every key under the prefix. */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const keys = await redisKeys(prefix);
  if (keys.length === 0) return;
  const client = new Redis(testRedisUrl);
  try {
    await client.del(...keys);
  } finally {
    client.disconnect();
  }
}
