/**
 * Configuration from flags and environment, flags first. One place that knows the defaults.
 */
import { isIP } from 'node:net';
import { defaultSqlitePath, isPostgresUrl } from './store/database.js';

export interface StoreOptions {
  /** PostgreSQL URL, or an SQLite file path. */
  database?: string;
}

/**
 * The database to open: --database, else DATABASE_URL, else the embedded SQLite file. A URL of
 * another scheme (mysql://, a mistyped postgress://) is refused: taken as a file path it would
 * create a `mysql:` folder and serve an empty database.
 */
export function databaseUrl(options: StoreOptions): string {
  const url = options.database ?? process.env.DATABASE_URL ?? defaultSqlitePath;
  // Two letters at least, so that a Windows drive (C:\data\tandem.db) stays a path.
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]+:/.exec(url)?.[0];
  if (scheme && !isPostgresUrl(url))
    throw new UsageError(
      `${options.database !== undefined ? '--database' : 'DATABASE_URL'}: unsupported scheme "${scheme.slice(0, 20)}"; use postgres://… or a SQLite file path`,
    );
  return url;
}

export function port(flag: string | undefined): number {
  const value = flag ?? process.env.PORT ?? '4000';
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    throw new UsageError(`port must be a whole number from 0 to 65535, got '${value}'`);
  }
  return parsed;
}

/**
 * The address to listen on; undefined: every interface, IPv6 too where the machine has it (Node's
 * default). `tandem serve`: --host, else HOST, else every interface: in a container the published
 * port or the load balancer reaches it from outside, where 127.0.0.1 would refuse every
 * connection; where the machine itself faces the internet, --host narrows it. `tandem start` (the
 * demo, whose pages hand out tokens): --host, else 127.0.0.1; HOST is not read there, as some
 * shells (tcsh) export it with the machine's name, which would open the demo to the network.
 */
export function listenHost(flag: string | undefined, mode: 'serve' | 'demo'): string | undefined {
  const value = flag ?? (mode === 'serve' ? process.env.HOST?.trim() || undefined : '127.0.0.1');
  if (
    value !== undefined &&
    isIP(value) === 0 &&
    !/^[A-Za-z0-9]([A-Za-z0-9.-]{0,252}[A-Za-z0-9])?$/.test(value)
  ) {
    throw new UsageError(
      `host must be an IP address or a host name (e.g. 127.0.0.1, 0.0.0.0, ::), got '${value.slice(0, 60)}'`,
    );
  }
  return value;
}

/** A mistake in how the command was called: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
