/**
 * The in-process pub/sub (one replica, no REDIS_URL): per-tenant topics, claims, the subscriber
 * count an operator reads, and a subscriber that stopped reading, which must miss events rather
 * than take the process down. Across replicas through Redis: redis.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { emptyMetricsEvent, type MetricsChangedEvent } from '../../gateway/live/events.js';
import { createLivePubSub } from '../../gateway/live/pubsub.js';

const event = (campaigns: number): MetricsChangedEvent => ({
  ...emptyMetricsEvent('acme', 'ingest', 1),
  campaigns,
});

describe('the in-process pub/sub', () => {
  it('delivers on the tenant’s topic only, and counts its subscribers', async () => {
    const pubsub = createLivePubSub();
    expect(pubsub.mode).toBe('in-process');
    const acme = pubsub.subscribe('metrics', 'acme')[Symbol.asyncIterator]();
    const next = acme.next(); // a subscription listens from its first read
    expect(pubsub.subscribers('metrics:acme')).toBe(1);
    expect(pubsub.subscribers()).toBe(1);
    pubsub.publish('metrics', 'globex', { ...event(9), tenantId: 'globex' });
    pubsub.publish('metrics', 'acme', event(1));
    expect((await next).value).toEqual(event(1));
    await acme.return?.();
    expect(pubsub.subscribers()).toBe(0);
  });

  it('lets the first claim of a key win', async () => {
    const pubsub = createLivePubSub();
    expect(await pubsub.claim('breach:acme:hnd_1', 60_000)).toBe(true);
    expect(await pubsub.claim('breach:acme:hnd_1', 60_000)).toBe(false);
    expect(await pubsub.claim('breach:acme:hnd_2', 60_000)).toBe(true);
  });

  it('lets a subscriber that stopped reading miss events, and the others still get them', async () => {
    const pubsub = createLivePubSub();
    const stalled = pubsub.subscribe('metrics', 'acme')[Symbol.asyncIterator]();
    void stalled.next(); // listens, then never reads again
    const reading = pubsub.subscribe('metrics', 'acme')[Symbol.asyncIterator]();
    const last = (async () => {
      for (let n = 1; ; n++) {
        const { value } = await reading.next();
        if (n === 1100) return value;
      }
    })();
    // Past the 1,024 events a queue holds, in bursts the reading subscriber keeps up with.
    for (let n = 1; n <= 1100; n++) {
      pubsub.publish('metrics', 'acme', event(n));
      if (n % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await last).toEqual(event(1100));
    await Promise.all([stalled.return?.(), reading.return?.()]);
  });
});
