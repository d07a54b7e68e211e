/**
 * Where the response cache keeps its answers, and how it forgets them. With `REDIS_URL` the
 * answers live in Redis (@envelop/response-cache-redis), shared by every replica; without it, in
 * this process (an LRU bounded by bytes: see memoryAnswers). Either way an answer is found by its tenant, the tenant's *generation*,
 * its audience (role, row scopes, record, widgets) and the request (document, operation,
 * variables): see `keyOf`.
 *
 * Invalidation is by generation, not by entity. A metric answer (a funnel, a matrix) names no
 * entity a write could be matched against, and almost any write moves some metric, so every
 * committed change of a tenant (database.changes: ingest, closed-loop mutations, definitions,
 * rollups) bumps the tenant's generation and with it every key of that tenant; old entries are
 * never read again and expire by their TTL. With Redis the generation is a Redis counter (INCR),
 * read once per request, so a write through one replica is seen by the next request on every
 * other. The TTL bounds how stale an answer may get from writes that bypass the gateway (a script
 * writing SQL) and from the passing of time (scores decay); breaches found by the SLA clock bump the
 * generation like writes (bumpingOnClock).
 */
import { createHash } from 'node:crypto';
import { createRedisCache } from '@envelop/response-cache-redis';
import { type Cache, createInMemoryCache } from '@graphql-yoga/plugin-response-cache';
import { Redis } from 'ioredis';
import { UsageError } from '../config.js';
import type { MetricsChangedEvent } from '../live/events.js';
import type { LivePubSub } from '../live/pubsub.js';
import type { RevenueDatabase } from '../store/database.js';
import { type HeldAnswers, memoryAnswers } from './memory-answers.js';

export interface ResponseCacheSettings {
  /** `redis://` or `rediss://`: answers and generations shared by every replica. Absent: in process. */
  redisUrl?: string;
  /** Put before every Redis key, so that deployments (or test runs) can share one Redis. @default 'tandem:' */
  keyPrefix: string;
  /** How long an answer is served, in ms. 0 turns the cache off. @default 60 000 */
  ttlMs: number;
  /** Most answers kept in process memory (without Redis). @default 1000 */
  maxEntries: number;
  /** Most bytes of answers (their JSON) kept in process memory. @default 64 MiB (memory-answers.ts) */
  maxBytes?: number;
  /** An answer larger than this (its JSON, in bytes) is served but not kept. @default 1 MiB */
  maxEntryBytes?: number;
  /**
   * 'count': answers kept as objects and bounded by maxEntries alone, as before issue 13, when 300
   * answers of 1.2 MB took a gateway from 479 MB to 2.8 GB. Only for the cache-memory benchmark's
   * baseline. @default 'bytes'
   */
  bound?: 'bytes' | 'count';
}

export interface ResponseCache {
  readonly kind: 'redis' | 'memory';
  readonly ttlMs: number;
  /** The envelop cache the response cache plugin reads and writes. */
  readonly store: Cache;
  /** Lookups since start, for /metrics and tests. */
  readonly stats: { hits: number; misses: number };
  /** In process only (kind 'memory' with the byte bound): what is kept now. */
  readonly held?: HeldAnswers;
  /** The tenant's generation now; undefined when it cannot be known (Redis down): do not cache. */
  generation(tenantId: string): Promise<number | undefined>;
  /** Makes every cached answer of the tenant stale, for a change that is not a write (bumpingOnClock). */
  bump(tenantId: string): void;
  /** Readiness: resolves when the cache's backing store answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface CacheKeyParts {
  tenantId: string;
  generation: number;
  /** Who may see the answer: a fingerprint of role, row scopes, record and widgets. */
  audience: string;
  document: string;
  operationName?: string | null;
  variables?: unknown;
}

/** `<tenant>:<generation>:<sha256>`: readable enough to find a tenant's keys in redis-cli. */
export function keyOf(parts: CacheKeyParts): string {
  const request = JSON.stringify([
    parts.audience,
    parts.document,
    parts.operationName ?? '',
    stable(parts.variables ?? {}),
  ]);
  return `${parts.tenantId}:${parts.generation}:${createHash('sha256').update(request).digest('base64url')}`;
}

/** Variables with their keys sorted, so `{a, b}` and `{b, a}` are one answer. */
function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, stable((value as Record<string, unknown>)[key])]),
  );
}

/**
 * The settings from the environment: REDIS_URL, TANDEM_REDIS_PREFIX, TANDEM_CACHE_TTL (seconds),
 * TANDEM_CACHE_MAX_BYTES and TANDEM_CACHE_MAX_ENTRY_BYTES (bytes, defaults applied by the cache).
 */
export function responseCacheSettings(env: NodeJS.ProcessEnv = process.env): ResponseCacheSettings {
  const redisUrl = env.REDIS_URL?.trim() || undefined;
  if (redisUrl && !/^rediss?:\/\/[^\s]+$/.test(redisUrl)) {
    throw new UsageError(
      `REDIS_URL must be a redis:// or rediss:// URL (e.g. redis://127.0.0.1:6379), got '${redact(redisUrl).slice(0, 80)}'`,
    );
  }
  const keyPrefix = env.TANDEM_REDIS_PREFIX ?? 'tandem:';
  if (!/^[A-Za-z0-9_.:-]{0,64}$/.test(keyPrefix)) {
    throw new UsageError(
      `TANDEM_REDIS_PREFIX may hold letters, digits and _ . : - (at most 64), got '${keyPrefix.slice(0, 80)}'`,
    );
  }
  const ttl = env.TANDEM_CACHE_TTL?.trim() || '60';
  const seconds = Number(ttl);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 86_400) {
    throw new UsageError(
      `TANDEM_CACHE_TTL is in seconds, from 0 (no response cache) to 86400, got '${ttl.slice(0, 40)}'`,
    );
  }
  return {
    redisUrl,
    keyPrefix,
    ttlMs: Math.round(seconds * 1000),
    maxEntries: 1000,
    maxBytes: bytesFrom(env, 'TANDEM_CACHE_MAX_BYTES'),
    maxEntryBytes: bytesFrom(env, 'TANDEM_CACHE_MAX_ENTRY_BYTES'),
  };
}

function bytesFrom(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name]?.trim();
  if (!text) return undefined;
  const bytes = Number(text);
  if (!Number.isSafeInteger(bytes) || bytes < 1024)
    throw new UsageError(
      `${name} is a number of bytes, at least 1024 (e.g. 67108864), got '${text.slice(0, 40)}'`,
    );
  return bytes;
}

/** A Redis URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

export interface ResponseCacheOptions {
  /** Where a problem with Redis is told. @default console.warn */
  warn?: (message: string) => void;
}

export function createResponseCache(
  database: RevenueDatabase,
  settings: ResponseCacheSettings,
  options: ResponseCacheOptions = {},
): ResponseCache {
  const warn = options.warn ?? ((message: string) => console.warn(message));
  return settings.redisUrl
    ? redisResponseCache(database, settings, settings.redisUrl, warn)
    : memoryResponseCache(database, settings);
}

function memoryResponseCache(database: RevenueDatabase, settings: ResponseCacheSettings): ResponseCache {
  const generations = new Map<string, number>();
  const bump = (tenantId: string) => void generations.set(tenantId, (generations.get(tenantId) ?? 0) + 1);
  const unsubscribe = database.changes.subscribe((change) => bump(change.tenantId));
  return {
    kind: 'memory',
    ttlMs: settings.ttlMs,
    ...(settings.bound === 'count'
      ? { store: createInMemoryCache({ max: settings.maxEntries }) }
      : memoryAnswers(settings)),
    stats: { hits: 0, misses: 0 },
    generation: async (tenantId) => generations.get(tenantId) ?? 0,
    bump,
    ping: async () => {},
    close: async () => void unsubscribe(),
  };
}

function redisResponseCache(
  database: RevenueDatabase,
  settings: ResponseCacheSettings,
  url: string,
  warn: (message: string) => void,
): ResponseCache {
  const redis = new Redis(url, {
    keyPrefix: `${settings.keyPrefix}response-cache:`,
    // A request never waits for Redis to come back: without it, the answer is computed, not cached.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 3000,
  });
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return; // once per outage, not once per reconnection attempt
    down = true;
    warn(`response cache: Redis at ${redact(url)} is unavailable (${error.message}); answering uncached`);
  });
  // Bumps that failed while Redis was away are made when it is back, so no replica keeps serving
  // answers from before those writes (beyond the TTL, which bounds it anyway).
  const missedBumps = new Set<string>();
  const bump = (tenantId: string) =>
    redis.incr(generationKey(tenantId)).then(
      () => {},
      () => void missedBumps.add(tenantId),
    );
  redis.on('ready', () => {
    down = false;
    for (const tenantId of missedBumps) {
      missedBumps.delete(tenantId);
      void bump(tenantId);
    }
  });
  const unsubscribe = database.changes.subscribe((change) => void bump(change.tenantId));

  const answers = createRedisCache({ redis });
  const store: Cache = {
    // Entity sets are not kept: invalidation is by generation (module comment), and the sets
    // @envelop/response-cache-redis would keep per type and id never expire.
    set: (key, result, _entities, ttl) => Promise.resolve(answers.set(key, result, [], ttl)).catch(() => {}),
    get: (key) => Promise.resolve(answers.get(key)).catch(() => undefined),
    invalidate: () => {},
  };
  return {
    kind: 'redis',
    ttlMs: settings.ttlMs,
    store,
    stats: { hits: 0, misses: 0 },
    generation: (tenantId) =>
      redis.get(generationKey(tenantId)).then(
        (value) => Number(value ?? 0),
        () => undefined,
      ),
    bump: (tenantId) => void bump(tenantId),
    ping: async () => {
      if (redis.status !== 'ready') throw new Error(`Redis at ${redact(url)} is ${redis.status}`);
      await redis.ping();
    },
    close: async () => {
      unsubscribe();
      redis.disconnect();
    },
  };
}

function generationKey(tenantId: string): string {
  return `generation:${tenantId}`;
}

/** The cache the environment asks for (responseCacheSettings), or undefined when TANDEM_CACHE_TTL=0. */
export function responseCacheFromEnv(
  database: RevenueDatabase,
  env: NodeJS.ProcessEnv = process.env,
  options: ResponseCacheOptions = {},
): ResponseCache | undefined {
  const settings = responseCacheSettings(env);
  return settings.ttlMs > 0 ? createResponseCache(database, settings, options) : undefined;
}

/**
 * The SLA clock moves answers without a write: a deadline passes and a handoff becomes an open
 * breach. The live SLA watcher announces it on the pub/sub (origin `sla-clock`), not on
 * database.changes, so this view of the pub/sub bumps the tenant's generation first: the widgets
 * that refetch on the announcement get the new numbers, not a cached answer from before it.
 */
export function bumpingOnClock(pubsub: LivePubSub, cache: ResponseCache): LivePubSub {
  const view = Object.create(pubsub) as LivePubSub;
  view.publish = ((topic: string, tenantId: string, event: unknown) => {
    if (topic === 'metrics' && (event as MetricsChangedEvent).origin === 'sla-clock') cache.bump(tenantId);
    (pubsub.publish as (topic: string, tenantId: string, event: unknown) => void)(topic, tenantId, event);
  }) as LivePubSub['publish'];
  return view;
}
