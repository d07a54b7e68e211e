/**
 * PostgreSQL behind the store: a pg pool where every call has a time limit (issue 13: a network
 * that swallows packets made /health and ingest wait forever), and a fair gate in front of it.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { ChangeFeed } from './changes.js';
import type { RevenueDatabase } from './database.js';
import { FairGate } from './lanes.js';
import { counter } from './statement-counter.js';
import type { Database } from './tables.js';
import { StoreUnavailableError } from './unavailable.js';

/** Connections in the pool. */
const POOL_SIZE = 10;

export async function openPostgres(
  url: string,
  timeouts?: Partial<PostgresTimeouts>,
): Promise<RevenueDatabase> {
  const parsed = new URL(url);
  const where = `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  const limits = { ...postgresTimeoutsFromEnv(), ...timeouts };
  // Every call has a limit (issue 13): a network that swallows packets made /health and ingest
  // wait forever. pg takes 0 as no limit.
  const pool = new pg.Pool({
    connectionString: url,
    max: POOL_SIZE,
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
  const gate = new FairGate(POOL_SIZE, limits.queryMs);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: gatedPool(pool, gate) }), log });
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

/**
 * The pool as Kysely sees it: a connection is taken through the gate and handed back to it. The
 * pool itself then never queues (the gate holds at most its size), so its connect timeout limits
 * opening a connection only, not waiting for a busy one.
 */
function gatedPool(pool: pg.Pool, gate: FairGate) {
  return {
    async connect() {
      await gate.enter();
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        gate.leave();
        throw error;
      }
      let released = false;
      return {
        query: client.query.bind(client) as pg.PoolClient['query'],
        release(destroy?: boolean | Error) {
          if (released) return;
          released = true;
          client.release(destroy);
          gate.leave();
        },
      };
    },
    end: () => pool.end(),
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
