/**
 * One gateway for the dashboard benchmark, in a process of its own so that its memory is its own:
 * `node --import tsx bench/gateway-process.ts <database url> <variant>`, forked by served-gateway.ts
 * with the tenant's token secret in BENCH_TOKEN_SECRET. It serves /graphql on 127.0.0.1 (a free
 * port, told to the parent) as `tandem serve` does, without a response cache (so every request
 * runs its queries), and answers the parent's `stats` messages: SQL statements sent so far and
 * memory. It exits when the parent goes away.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTandemYoga } from '../gateway/server/yoga.js';
import { openDatabase } from '../gateway/store/database.js';
import { benchSecurity } from './fixtures.js';
import { benchLimits, variantById } from './variants.js';

export interface GatewayStats {
  /** SQL statements the gateway has sent since it opened the database. */
  queries: number;
  /** Resident set size now, in bytes. */
  rss: number;
  /** The kernel's high-water mark of this process's resident set, in bytes. */
  peakRss: number;
}

export type GatewayMessage = { type: 'listening'; port: number } | ({ type: 'stats' } & GatewayStats);

const [url, variantId] = process.argv.slice(2);
const secret = process.env.BENCH_TOKEN_SECRET;
if (!url || !variantId || !secret || !process.send) {
  console.error('usage: forked with BENCH_TOKEN_SECRET set: gateway-process.ts <database url> <variant>');
  process.exit(2);
}
const send = process.send.bind(process);

const database = await openDatabase({ url });
const yoga = createTandemYoga(database, {
  security: benchSecurity(secret).security,
  limits: benchLimits,
  ...variantById(variantId).options,
});
const server = createServer(yoga);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

process.on('message', (message: { type?: string }) => {
  if (message.type !== 'stats') return;
  send({
    type: 'stats',
    queries: database.stats.queries,
    rss: process.memoryUsage.rss(),
    peakRss: peakRss(),
  } satisfies GatewayMessage);
});
/**
 * Linux's VmHWM: the high-water mark of this program's own memory. getrusage's maxRSS would also
 * count the parent's resident set at fork time (Linux carries it across exec), so every gateway
 * forked by a benchmark holding a seeded database would report the benchmark's peak, not its own.
 */
function peakRss(): number {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // Not Linux: the kernel's own figure, with the caveat above.
  }
  return process.resourceUsage().maxRSS * 1024;
}

process.on('disconnect', () => {
  server.close();
  void database.close().finally(() => process.exit(0));
});
send({ type: 'listening', port: (server.address() as AddressInfo).port } satisfies GatewayMessage);
