/**
 * One gateway for the isolation benchmark (isolation.ts), in a process of its own as `tandem
 * serve` runs: `node --import tsx bench/isolation-gateway.ts <database url> <reader threads>`, with
 * the token secret in BENCH_TOKEN_SECRET. It serves /graphql on 127.0.0.1 with the in-process
 * response cache (the widget's answer is a hit) and SQLite reads on that many reader threads (0:
 * on the main connection, as before issue 13). It exits when the parent goes away.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createResponseCache } from '../gateway/server/cache.js';
import { createTandemYoga } from '../gateway/server/yoga.js';
import { openDatabase } from '../gateway/store/database.js';
import { benchSecurity } from './fixtures.js';
import { benchLimits } from './variants.js';

const [url, readers] = process.argv.slice(2);
const secret = process.env.BENCH_TOKEN_SECRET;
if (!url || !readers || !secret || !process.send) {
  console.error(
    'usage: forked with BENCH_TOKEN_SECRET: isolation-gateway.ts <database url> <reader threads>',
  );
  process.exit(2);
}

const database = await openDatabase({ url, readers: Number(readers) });
const cache = createResponseCache(database, { keyPrefix: '', ttlMs: 600_000, maxEntries: 1000 });
const yoga = createTandemYoga(database, {
  security: benchSecurity(secret).security,
  limits: benchLimits,
  cache,
});
const server = createServer(yoga);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

process.on('disconnect', () => {
  server.close();
  void database.close().finally(() => process.exit(0));
});
process.send({ type: 'listening', port: (server.address() as AddressInfo).port });
