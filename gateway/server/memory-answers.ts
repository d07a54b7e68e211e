/**
 * The in-process response cache's answers (cache.ts without REDIS_URL), bounded by bytes rather
 * than by count: 300 analyst answers of 1.2 MB each once took a gateway from 479 MB to 2.8 GB.
 * TANDEM_CACHE_MAX_BYTES and TANDEM_CACHE_MAX_ENTRY_BYTES override the defaults.
 */
import type { Cache } from '@graphql-yoga/plugin-response-cache';
import { LRUCache } from 'lru-cache';
import type { ResponseCacheSettings } from './cache.js';

/** 64 MiB: 64 of the largest answers kept, or thousands of dashboard answers (a few KB each). */
export const defaultCacheBytes = 64 * 1024 * 1024;
/** 1 MiB: a dashboard answer is a few KB; a 200-row page of leads or timeline ~100 KB. */
export const defaultCacheEntryBytes = 1024 * 1024;

/** What the in-process cache holds now, and the answers it refused to keep (for /metrics and tests). */
export interface HeldAnswers {
  readonly bytes: number;
  readonly answers: number;
  readonly oversized: number;
}

/**
 * Answers kept as their JSON text, bounded by bytes: the object graph of a parsed answer takes
 * several times its text and cannot be measured, a string is its length. A hit parses the text
 * again (about 1 ms per 100 KB), as the Redis cache does. Entity sets are not kept: invalidation is by generation (cache.ts).
 */
export function memoryAnswers(
  settings: Pick<ResponseCacheSettings, 'maxEntries' | 'maxBytes' | 'maxEntryBytes'>,
): { store: Cache; held: HeldAnswers } {
  const maxEntryBytes = settings.maxEntryBytes ?? defaultCacheEntryBytes;
  const answers = new LRUCache<string, string>({
    max: settings.maxEntries,
    maxSize: settings.maxBytes ?? defaultCacheBytes,
    allowStale: false,
  });
  let oversized = 0;
  const store: Cache = {
    set(key, result, _entities, ttl) {
      const json = JSON.stringify(result);
      const size = Buffer.byteLength(json);
      // Not kept: a few such answers would push out hundreds of small ones.
      if (size > maxEntryBytes) return void oversized++;
      answers.set(key, json, { ttl, size });
    },
    get: (key) => {
      const json = answers.get(key);
      return json === undefined ? null : JSON.parse(json);
    },
    invalidate: () => {},
  };
  const held: HeldAnswers = {
    get bytes() {
      return answers.calculatedSize;
    },
    get answers() {
      return answers.size;
    },
    get oversized() {
      return oversized;
    },
  };
  return { store, held };
}
