/**
 * `tandem serve` and `tandem start` (serve, after building the widgets and seeding on first run).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseUrl, listenHost, port as portOf, type StoreOptions, UsageError } from '../config.js';
import { livePubSubFromEnv } from '../live/pubsub.js';
import { createGateway, type Gateway } from '../server/app.js';
import { listTenants } from '../store/tenants.js';
import { openMigratedDatabase } from './open-store.js';
import { refreshDemo, seedDemo, staleDemoNotice } from './seed.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface ServeOptions extends StoreOptions {
  port?: string;
  /** Address to listen on (config.ts listenHost has the defaults and why). */
  host?: string;
  /** Demo mode (set by `tandem start`): /demo/token mints short-lived tokens for the demo pages. */
  demo?: boolean;
  /** `tandem start --refresh-demo`: re-seed the demo tenants so their history ends today. */
  refreshDemo?: boolean;
}

export async function serveCommand(options: ServeOptions): Promise<void> {
  const port = portOf(options.port);
  const host = listenHost(options.host, options.demo ? 'demo' : 'serve');
  // With REDIS_URL, live events cross replicas: a bad URL is said before the database is touched,
  // an unreachable Redis before the port is taken, each in one line.
  const pubsub = livePubSubFromEnv();
  const database = await openMigratedDatabase(options);
  let gateway: Gateway;
  try {
    await pubsub.ready();
    gateway = createGateway({ database, demo: options.demo, pubsub });
  } catch (error) {
    // Open Redis connections would keep the process alive after the one-line error.
    await pubsub.close();
    await database.close();
    throw error;
  }
  const { server } = gateway;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      void gateway.close().then(() => pubsub.close());
      void database.close();
      reject(
        error.code === 'EADDRINUSE'
          ? new UsageError(
              `port ${port} is in use: stop the other process, or pass --port (or set PORT) to use another`,
            )
          : error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND'
            ? new UsageError(
                `host '${host ?? ''}' is not an address of this machine: pass --host (or set HOST) to one that is, or 0.0.0.0`,
              )
            : error,
      );
    });
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const everywhere = address.address === '::' || address.address === '0.0.0.0';
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  // A browser on this machine reaches a wildcard or loopback listener through localhost.
  const local = everywhere || address.address === '127.0.0.1' || address.address === '::1';
  const base = `http://${local ? 'localhost' : shown}:${address.port}`;
  console.log(`Tandem is running on ${database.dialect} (${database.location})
  listening on  ${shown}:${address.port}${everywhere ? ' (every interface; --host narrows it)' : ''}${options.demo ? `\n  demo portal   ${base}/` : ''}
  GraphiQL      ${base}/graphql
  health        ${base}/health
  widgets       ${base}/widgets/tandem.js`);
  console.log(
    options.demo
      ? '  demo mode: the demo pages get short-lived tokens from /demo/token (never expose this to a network)'
      : '  /graphql needs `Authorization: Bearer <token>`: mint one with `tandem token --help`',
  );
  console.log(
    pubsub.mode === 'redis'
      ? `  live events through Redis at ${pubsub.location}, shared by every replica`
      : '  live events in this process (set REDIS_URL to share them across replicas)',
  );
  const stop = () => {
    server.close();
    void gateway
      .close()
      .then(() => pubsub.close())
      .finally(() => database.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export async function startCommand(options: ServeOptions): Promise<void> {
  // A bad port, host or database URL is reported before minutes of building and seeding.
  portOf(options.port);
  listenHost(options.host, 'demo');
  databaseUrl(options);
  buildWidgetsIfStale();
  const database = await openMigratedDatabase(options);
  try {
    if ((await listTenants(database)).length === 0) {
      console.log('First run: generating demo data for two tenants (about half a minute)...');
      await seedDemo(database, {
        people: 2000,
        touches: 40_000,
        seed: 42,
        tenants: 2,
        years: 3,
        progress: true,
      });
    } else if (options.refreshDemo) {
      console.log('Moving the demo data to today: re-seeding the demo tenants...');
      await refreshDemo(database);
    } else {
      const notice = await staleDemoNotice(database);
      if (notice) console.log(notice);
    }
  } finally {
    await database.close();
  }
  await serveCommand({ ...options, demo: true });
}

function newestChange(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Builds dist/widgets when it is missing or older than widgets/. */
export function buildWidgetsIfStale(): void {
  const bundle = join(root, 'dist/widgets/tandem.js');
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= newestChange(join(root, 'widgets'))) return;
  console.log('Building the widgets...');
  const result = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('building the widgets failed (see above); fix it and run again');
}
