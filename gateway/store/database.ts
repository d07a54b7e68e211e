/**
 * Opens the revenue store: PostgreSQL when a `postgres://` URL is given, otherwise an embedded
 * SQLite file. Both come back as the same Kysely<Database>, so nothing above this file knows which.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import pg from 'pg';
import { ChangeFeed } from './changes.js';
import { openPostgres, type PostgresTimeouts } from './postgres.js';
import { PooledSqliteDialect } from './sqlite-pool/driver.js';
import { ReadPool, readWorkersWanted } from './sqlite-pool/pool.js';
import { cachedStatements } from './statement-cache.js';
import { counter } from './statement-counter.js';
import type { Database } from './tables.js';
import { StoreUnavailableError } from './unavailable.js';

export { type PostgresTimeouts, postgresTimeoutsFromEnv } from './postgres.js';
export { isDatabaseUnavailable, StoreUnavailableError } from './unavailable.js';

export type DialectName = 'sqlite' | 'postgres';

export interface RevenueDatabase {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Where the data lives, for messages: a file path or host:port/database. */
  location: string;
  /** SQL statements sent since open; tests read it to count statements per request. */
  readonly stats: { queries: number };
  /** Committed writes, told to listeners (live subscriptions, response cache): changes.ts. */
  readonly changes: ChangeFeed;
  /** SQLite's reader threads, when SELECTs run off the event loop (sqlite-pool/): none on PostgreSQL. */
  readonly readers?: ReadPool;
  /** Refreshes the planner's statistics: run after bulk writes (seed, import, sync). */
  analyze(): Promise<void>;
  close(): Promise<void>;
}

export const defaultSqlitePath = './data/tandem.db';

// COUNT(*) and bigint columns arrive from pg as strings; epoch ms and counts fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number.parseFloat(value));

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

export async function openDatabase(
  options: {
    url?: string;
    sqlitePath?: string;
    /** SQLite reader threads; 0 reads on the main connection. @default TANDEM_SQLITE_READ_WORKERS, else one per core but one */
    readers?: number;
    /** PostgreSQL's time limits to change. @default postgresTimeoutsFromEnv() */
    postgresTimeouts?: Partial<PostgresTimeouts>;
  } = {},
): Promise<RevenueDatabase> {
  return isPostgresUrl(options.url)
    ? openPostgres(options.url, options.postgresTimeouts)
    : openSqlite(options.sqlitePath ?? options.url ?? defaultSqlitePath, options.readers);
}

function openSqlite(path: string, readers?: number): RevenueDatabase {
  const file = path === ':memory:' ? path : resolve(path);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  let sqlite: SQLite.Database;
  let readerThreads: number;
  try {
    // An in-memory database is private to its connection: no other thread could read it.
    readerThreads = file === ':memory:' ? 0 : (readers ?? readWorkersWanted());
  } catch (error) {
    throw new StoreUnavailableError((error as Error).message);
  }
  try {
    // Another process's write (a CLI import beside the server) is waited for, not failed: 5 s
    // inside SQLite, then write transactions wait on off the event loop (write-lock.ts).
    sqlite = new SQLite(file, { timeout: 5000 });
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = OFF');
    // A 128 MB page cache keeps the hot index pages of a million-touch import in memory.
    sqlite.pragma('cache_size = -131072');
    sqlite.pragma('temp_store = MEMORY');
    // Checkpoint the WAL every ~40 MB instead of every 4 MB: pages rewritten by consecutive
    // import batches are copied to the database file once, not once per batch.
    sqlite.pragma('wal_autocheckpoint = 10000');
    // Reading one page proves the file is a database, not a corrupt or foreign file.
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    throw new StoreUnavailableError(sqliteAdvice(file, error));
  }
  const { stats, log } = counter();
  const config = { database: cachedStatements(sqlite) };
  // SELECTs outside transactions run on reader threads, so that one heavy query does not stop
  // the event loop for every other request (issue 13); 0 threads reads on this connection.
  const pool = readerThreads > 0 ? new ReadPool({ file, size: readerThreads }) : undefined;
  const db = new Kysely<Database>({
    dialect: pool ? new PooledSqliteDialect(config, pool) : new SqliteDialect(config),
    log,
  });
  const analyze = async () => {
    // A sampled ANALYZE: good enough statistics in milliseconds rather than a full index scan.
    sqlite.pragma('analysis_limit = 1000');
    sqlite.exec('ANALYZE');
  };
  return {
    db,
    dialect: 'sqlite',
    location: file,
    stats,
    readers: pool,
    changes: new ChangeFeed(),
    analyze,
    close: () => db.destroy(),
  };
}

function sqliteAdvice(file: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/locked|busy/i.test(message))
    return `SQLite database ${file} is locked by another process: stop the other tandem process or use another file (--database).`;
  if (/not a database|malformed|corrupt/i.test(message))
    return `SQLite database ${file} is corrupt or not a database: move it away (it is kept untouched) and run again to create a fresh one.`;
  return `Cannot open SQLite database ${file}: ${message}`;
}
