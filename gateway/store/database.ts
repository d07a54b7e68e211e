/**
 * Opens the revenue store: PostgreSQL when a `postgres://` URL is given, otherwise an embedded
 * SQLite file. Both come back as the same Kysely<Database>, so nothing above this file knows which.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { ChangeFeed } from './changes.js';
import { PooledSqliteDialect } from './sqlite-pool/driver.js';
import { ReadPool, readWorkersWanted } from './sqlite-pool/pool.js';
import { cachedStatements } from './statement-cache.js';
import type { Database } from './tables.js';

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

/** Raised when the store cannot be opened; the message says what to do, for a one-line CLI error. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

export const defaultSqlitePath = './data/tandem.db';

/**
 * Whether a failed call means the database did not answer in time or is gone (a time limit, a
 * dropped connection, SQLite still locked after its waits), rather than that the call was wrong:
 * callers answer 503 and "try again", and a webhook sender retries.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  // 57014 query_canceled (statement_timeout), 57P01-03 shutdown, 08xxx connection exceptions.
  if (typeof code === 'string' && (/^08/.test(code) || /^57(014|P0[1-3])$/.test(code))) return true;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === 'ECONNREFUSED' || code === 'ECONNRESET')
    return true;
  return (
    typeof message === 'string' &&
    /^(Query read timeout|Connection terminated|timeout exceeded when trying to connect|Connection terminated due to connection timeout)/.test(
      message,
    )
  );
}

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

function counter() {
  const stats = { queries: 0 };
  return { stats, log: () => void stats.queries++ };
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

async function openPostgres(url: string, timeouts?: Partial<PostgresTimeouts>): Promise<RevenueDatabase> {
  const parsed = new URL(url);
  const where = `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  const limits = { ...postgresTimeoutsFromEnv(), ...timeouts };
  // Every call has a limit (issue 13): a network that swallows packets made /health and ingest
  // wait forever. pg takes 0 as no limit.
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: limits.connectMs,
    statement_timeout: limits.statementMs,
    query_timeout: limits.queryMs,
    idle_in_transaction_session_timeout: limits.idleInTransactionMs,
  });
  // An idle client that loses its server must not crash the process.
  pool.on('error', () => {});
  pool.on('connect', endOnQueryTimeout);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreUnavailableError(
      `Cannot reach PostgreSQL at ${parsed.hostname}:${parsed.port || 5432} (database ${parsed.pathname.slice(1) || '?'}): ${reason}. Check DATABASE_URL, or unset it to use the embedded SQLite database.`,
    );
  }
  const { stats, log } = counter();
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
  const analyze = async () => void (await pool.query('ANALYZE'));
  return {
    db,
    dialect: 'postgres',
    location: where,
    stats,
    changes: new ChangeFeed(),
    analyze,
    close: () => db.destroy(),
  };
}

/** How long PostgreSQL work may take before it is given up, in ms; 0 waits forever. */
export interface PostgresTimeouts {
  /** Opening a connection, or waiting for a free one. @default 4000 (TANDEM_DB_CONNECT_TIMEOUT_MS) */
  connectMs: number;
  /** The server cancels a statement that runs longer. @default 20000 (TANDEM_DB_STATEMENT_TIMEOUT_MS) */
  statementMs: number;
  /** The client stops waiting for an answer: longer than statementMs, so a slow statement is the server's to cancel. @default 25000 (TANDEM_DB_QUERY_TIMEOUT_MS) */
  queryMs: number;
  /** The server ends a session left idle inside a transaction. @default 60000 (TANDEM_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS) */
  idleInTransactionMs: number;
}

const timeoutVariables: Record<keyof PostgresTimeouts, [string, number]> = {
  connectMs: ['TANDEM_DB_CONNECT_TIMEOUT_MS', 4_000],
  statementMs: ['TANDEM_DB_STATEMENT_TIMEOUT_MS', 20_000],
  queryMs: ['TANDEM_DB_QUERY_TIMEOUT_MS', 25_000],
  idleInTransactionMs: ['TANDEM_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', 60_000],
};

/** PostgreSQL's time limits from the environment, else their defaults; a bad value is named. */
export function postgresTimeoutsFromEnv(env: NodeJS.ProcessEnv = process.env): PostgresTimeouts {
  const entries = Object.entries(timeoutVariables).map(([key, [name, fallback]]) => {
    const text = env[name];
    if (text === undefined || text === '') return [key, fallback];
    const value = Number(text);
    // Node's timers take at most 2^31 - 1 ms; a larger one would fire at once.
    if (!Number.isInteger(value) || value < 0 || value > 2_147_483_647)
      throw new StoreUnavailableError(
        `${name} must be a whole number of milliseconds from 0 (no limit) to 2147483647, got '${text.slice(0, 40)}'`,
      );
    return [key, value];
  });
  return Object.fromEntries(entries) as PostgresTimeouts;
}

/**
 * A query the client stopped waiting for (query_timeout) leaves its connection owing an answer
 * that may never come, with every later query queued behind it. Ending it (pg drops a busy
 * connection at once) makes the pool open a fresh one when the network is back.
 */
function endOnQueryTimeout(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  Object.assign(client, {
    query: (...args: unknown[]) => {
      const result = query(...args);
      if (result instanceof Promise)
        result.catch((error: unknown) => {
          if (error instanceof Error && error.message === 'Query read timeout')
            void client.end().catch(() => {});
        });
      return result;
    },
  });
}
