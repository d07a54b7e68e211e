/**
 * The live events' pub/sub: yoga's `createPubSub` over an event target that is either this
 * process (one replica) or Redis (`REDIS_URL`: every replica hears every event, whichever replica
 * the write happened on). Topics are per tenant (`metrics:<tenantId>`, see events.ts); on Redis
 * they are channels under a prefix, so several deployments (or test runs) can share one Redis.
 * Beside publish/subscribe it offers `claim`, so that of several replicas watching the same clock
 * only one announces a given SLA breach.
 */
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub, type PubSub, type PubSubEventTarget } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type { LiveTopics } from './events.js';
import { connectRedis, type RedisConnections } from './redis.js';

export { LiveUnavailableError } from './errors.js';

export interface LivePubSubOptions {
  /** A redis:// URL: events fan out across replicas through Redis. @default in-process */
  redisUrl?: string;
  /** Prefix of the Redis channels and claim keys. @default 'tandem:live:' */
  prefix?: string;
}

export interface LivePubSub extends PubSub<LiveTopics> {
  /** 'redis' or 'in-process'. */
  readonly mode: 'redis' | 'in-process';
  /** Where events travel, for messages: host:port of Redis, or `in-process`. */
  readonly location: string;
  /** Whether events can travel right now (Redis connected; always true in-process). */
  readonly connected: boolean;
  /**
   * True for the first caller to claim `key` within `ttlMs`, false for everyone after, across
   * replicas sharing the Redis (SET NX PX); in-process, across callers in this process.
   */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Subscribers in this process: on one topic (`metrics:acme`), or on all. */
  subscribers(topic?: string): number;
  /** Connects (Redis), or fails with a LiveUnavailableError naming host:port. */
  ready(): Promise<void>;
  /** Quits the Redis connections; open subscriptions hear nothing more. */
  close(): Promise<void>;
}

type Target = PubSubEventTarget<LiveTopics>;
type Listener = Parameters<Target['addEventListener']>[1];

/**
 * Wraps the real target to prefix the topics, count this process's listeners (what tests wait
 * for before publishing, and what an operator reads as "live subscribers") and contain a
 * listener that throws: a subscriber that stopped reading overflows its queue after 1,024 events,
 * and an exception inside an EventTarget listener would end the process (in-process) or the
 * Redis connection's message loop. It misses events instead; the others still get them.
 */
function countingTarget(inner: Target, prefix: string): Target & { counts: Map<string, number> } {
  const counts = new Map<string, number>();
  const guards = new Map<string, WeakMap<object, (event: Event) => void>>();
  const guardsOf = (topic: string) => {
    let byListener = guards.get(topic);
    if (!byListener) {
      byListener = new WeakMap();
      guards.set(topic, byListener);
    }
    return byListener;
  };
  const count = (topic: string, by: number) => {
    const n = (counts.get(topic) ?? 0) + by;
    if (n > 0) counts.set(topic, n);
    else counts.delete(topic);
  };
  return {
    counts,
    addEventListener(topic: string, listener: Listener) {
      if (!listener || guardsOf(topic).has(listener)) return;
      const call = typeof listener === 'function' ? listener : listener.handleEvent.bind(listener);
      let missed = 0; // said once per subscriber, not once per event it misses
      const guard = (event: Event) => {
        try {
          call(event as never);
        } catch (error) {
          if (missed++ === 0)
            console.error(
              `live events: a subscriber of ${topic} is missing events: ${(error as Error).message}`,
            );
        }
      };
      guardsOf(topic).set(listener, guard);
      inner.addEventListener(`${prefix}${topic}`, guard as never);
      count(topic, 1);
    },
    removeEventListener(topic: string, listener: Listener) {
      const guard = listener && guardsOf(topic).get(listener);
      if (!guard) return;
      guardsOf(topic).delete(listener);
      inner.removeEventListener(`${prefix}${topic}`, guard as never);
      count(topic, -1);
    },
    dispatchEvent(event) {
      return inner.dispatchEvent(
        new CustomEvent(`${prefix}${event.type}`, { detail: event.detail }) as never,
      );
    },
  } as Target & { counts: Map<string, number> };
}

/** The in-process claims: key → until when it is held. */
function localClaims() {
  const held = new Map<string, number>();
  return async (key: string, ttlMs: number) => {
    const now = Date.now();
    for (const [k, until] of held) if (until <= now) held.delete(k);
    if (held.has(key)) return false;
    held.set(key, now + ttlMs);
    return true;
  };
}

/**
 * yoga's Redis target sends without awaiting: a failed PUBLISH or SUBSCRIBE would be an unhandled
 * rejection, which ends a Node process. These views of the clients log the failure instead (an
 * event lost during a Redis outage; widgets catch up on their next change or reconnect).
 */
function guarded(connections: RedisConnections): { publishClient: Redis; subscribeClient: Redis } {
  const { publisher, subscriber, location } = connections;
  const warn = (what: string) => (error: Error) =>
    console.error(`live events: ${what} on Redis ${location} failed: ${error.message}`);
  const publishClient = {
    publish: (channel: string, message: string) => publisher.publish(channel, message).catch(warn('publish')),
  };
  const subscribeClient = {
    on: (event: 'message', listener: (channel: string, message: string) => void) =>
      subscriber.on(event, listener),
    subscribe: (channel: string) => subscriber.subscribe(channel).catch(warn(`subscribe ${channel}`)),
    unsubscribe: (channel: string) => subscriber.unsubscribe(channel).catch(() => undefined),
  };
  return { publishClient, subscribeClient } as unknown as { publishClient: Redis; subscribeClient: Redis };
}

/**
 * The pub/sub the environment asks for: across replicas through Redis when REDIS_URL is set (the
 * response cache's Redis too), its channels and keys under TANDEM_REDIS_PREFIX + `live:`.
 */
export function livePubSubFromEnv(env: NodeJS.ProcessEnv = process.env): LivePubSub {
  return createLivePubSub({
    redisUrl: env.REDIS_URL?.trim() || undefined,
    prefix: `${env.TANDEM_REDIS_PREFIX ?? 'tandem:'}live:`,
  });
}

export function createLivePubSub(options: LivePubSubOptions = {}): LivePubSub {
  const prefix = options.prefix ?? 'tandem:live:';
  if (!options.redisUrl) {
    const target = countingTarget(new EventTarget() as Target, '');
    const claim = localClaims();
    return {
      ...createPubSub<LiveTopics>({ eventTarget: target }),
      mode: 'in-process',
      location: 'in-process',
      connected: true,
      claim: (key, ttlMs) => claim(`${prefix}${key}`, ttlMs),
      subscribers: (topic) => subscriberCount(target.counts, topic),
      ready: async () => undefined,
      close: async () => undefined,
    };
  }
  const connections = connectRedis(options.redisUrl);
  const target = countingTarget(createRedisEventTarget<never>(guarded(connections)) as Target, prefix);
  return {
    ...createPubSub<LiveTopics>({ eventTarget: target }),
    mode: 'redis',
    location: connections.location,
    get connected() {
      return connections.connected;
    },
    async claim(key, ttlMs) {
      const reply = await connections.publisher.set(`${prefix}${key}`, '1', 'PX', ttlMs, 'NX');
      return reply === 'OK';
    },
    subscribers: (topic) => subscriberCount(target.counts, topic),
    ready: () => connections.ready(),
    close: () => connections.close(),
  };
}

function subscriberCount(counts: Map<string, number>, topic?: string): number {
  if (topic !== undefined) return counts.get(topic) ?? 0;
  let total = 0;
  for (const n of counts.values()) total += n;
  return total;
}
