/**
 * One gateway for the cache-memory benchmark (cache-memory.ts), in a process of its own so that
 * its resident set is its own: `node --expose-gc --import tsx bench/cache-memory-gateway.ts
 * <database url> <bound> <max entry bytes>`, with the token secret in BENCH_TOKEN_SECRET. It serves
 * /graphql on 127.0.0.1 with an in-process response cache bounded by `bound` ('count': the 1,000
 * answers of before issue 13; 'bytes': as it ships) and answers the parent's `stats` messages.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createResponseCache } from '../gateway/server/cache.js';
import { createTandemYoga } from '../gateway/server/yoga.js';
import { openDatabase } from '../gateway/store/database.js';
import { benchSecurity } from './fixtures.js';
import { benchLimits } from './variants.js';

export interface CacheGatewayStats {
  /** Resident set now, in bytes. */
  rss: number;
  /** V8 heap in use after a full garbage collection, in bytes: what is still referenced. */
  heapAfterGc: number;
  /** The kernel's high-water mark of this process's resident set (VmHWM), in bytes. */
  peakRss: number;
  /** What the byte-bounded cache holds; undefined for the count-bounded baseline. */
  held?: { bytes: number; answers: number; oversized: number };
}

export type CacheGatewayMessage =
  | { type: 'listening'; port: number }
  | ({ type: 'stats' } & CacheGatewayStats);

const [url, bound, maxEntryBytes] = process.argv.slice(2);
const secret = process.env.BENCH_TOKEN_SECRET;
if (!url || (bound !== 'count' && bound !== 'bytes') || !secret || !process.send) {
  console.error(
    'usage: forked with BENCH_TOKEN_SECRET: cache-memory-gateway.ts <database url> count|bytes [bytes]',
  );
  process.exit(2);
}
const send = process.send.bind(process);

const database = await openDatabase({ url });
const cache = createResponseCache(database, {
  keyPrefix: '',
  ttlMs: 600_000, // longer than the run: every answer kept is still held at the end
  maxEntries: 1000,
  bound,
  maxEntryBytes: maxEntryBytes ? Number(maxEntryBytes) : undefined,
});
// The queries are pages of 200 leads: their cost is what the cost limit exists to refuse from
// strangers; an analyst's large export is what this benchmark is about, so it is lifted too.
const yoga = createTandemYoga(database, {
  security: benchSecurity(secret).security,
  limits: { ...benchLimits, maxCost: 1e9 },
  cache,
});
const server = createServer(yoga);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

process.on('message', (message: { type?: string }) => {
  if (message.type !== 'stats') return;
  const rss = process.memoryUsage.rss();
  (globalThis as { gc?: () => void }).gc?.();
  // Spread: the getters read now, sent as numbers.
  const held = cache.held && { ...cache.held };
  send({
    type: 'stats',
    rss,
    heapAfterGc: process.memoryUsage().heapUsed,
    peakRss: peakRss(),
    held,
  } satisfies CacheGatewayMessage);
});

/** Linux's VmHWM (as gateway-process.ts reads it: getrusage would count the parent at fork time). */
function peakRss(): number {
  const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  return kb ? Number(kb) * 1024 : process.resourceUsage().maxRSS * 1024;
}

process.on('disconnect', () => {
  server.close();
  void cache
    .close()
    .then(() => database.close())
    .finally(() => process.exit(0));
});
send({ type: 'listening', port: (server.address() as AddressInfo).port } satisfies CacheGatewayMessage);
