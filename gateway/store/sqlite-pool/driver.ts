/**
 * Kysely's SQLite dialect with reads sent to the read pool (pool.ts): a SELECT outside a
 * transaction goes to a reader thread; writes, and everything inside a transaction, run on the
 * main connection exactly as Kysely's own SqliteDriver runs them. The store layer above keeps one
 * API. A write outside a transaction commits before its promise resolves and a transaction before
 * `execute` returns, so a read sent after either sees it (WAL): read-your-writes holds. A read
 * racing a transaction still open sees the database as before it, as on PostgreSQL.
 */
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryCompiler,
  type QueryResult,
  RawNode,
  SelectQueryNode,
  SqliteDialect,
  type SqliteDialectConfig,
  type TransactionSettings,
} from 'kysely';
import type { ReadPool } from './pool.js';

export class PooledSqliteDialect extends SqliteDialect {
  readonly #pool: ReadPool;

  constructor(config: SqliteDialectConfig, pool: ReadPool) {
    super(config);
    this.#pool = pool;
  }

  override createDriver(): Driver {
    return new ReadRoutingDriver(super.createDriver(), this.#pool);
  }
}

/**
 * Only statements that cannot write: Kysely's SELECTs, and raw text that starts with SELECT (a
 * raw WITH may end in a DELETE). A write sent here by mistake would fail loudly: readers open the
 * file read-only.
 */
function readsOnly({ query, sql }: CompiledQuery): boolean {
  if (SelectQueryNode.is(query)) return true;
  return RawNode.is(query) && /^\s*select\b/i.test(sql);
}

/**
 * What Kysely holds between acquiring and releasing: no lock of its own (reads need none), and
 * the main connection, locked, while a transaction is open on it.
 */
class RoutedConnection implements DatabaseConnection {
  /** The main connection while this one is in a transaction. */
  pinned?: DatabaseConnection;

  constructor(
    private readonly main: Driver,
    private readonly pool: ReadPool,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.pinned) return this.pinned.executeQuery<R>(query);
    if (readsOnly(query)) return { rows: (await this.pool.run(query.sql, query.parameters)) as R[] };
    return this.#onMain((connection) => connection.executeQuery<R>(query));
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    // Streams iterate a statement row by row from JavaScript: they stay on the main connection.
    if (this.pinned) return yield* this.pinned.streamQuery<R>(query, chunkSize);
    const connection = await this.main.acquireConnection();
    try {
      yield* connection.streamQuery<R>(query, chunkSize);
    } finally {
      await this.main.releaseConnection(connection);
    }
  }

  async #onMain<T>(work: (connection: DatabaseConnection) => Promise<T>): Promise<T> {
    const connection = await this.main.acquireConnection();
    try {
      return await work(connection);
    } finally {
      await this.main.releaseConnection(connection);
    }
  }
}

class ReadRoutingDriver implements Driver {
  constructor(
    private readonly main: Driver,
    private readonly pool: ReadPool,
  ) {}

  init(): Promise<void> {
    return this.main.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutedConnection(this.main, this.pool);
  }

  async beginTransaction(connection: RoutedConnection, settings: TransactionSettings): Promise<void> {
    // The main driver's lock is held from BEGIN to the release, as its own transactions hold it.
    connection.pinned = await this.main.acquireConnection();
    await this.main.beginTransaction(connection.pinned, settings);
  }

  commitTransaction(connection: RoutedConnection): Promise<void> {
    return this.main.commitTransaction(connection.pinned!);
  }

  rollbackTransaction(connection: RoutedConnection): Promise<void> {
    return this.main.rollbackTransaction(connection.pinned!);
  }

  savepoint(connection: RoutedConnection, name: string, compile: QueryCompiler['compileQuery']) {
    return this.main.savepoint!(connection.pinned!, name, compile);
  }

  rollbackToSavepoint(connection: RoutedConnection, name: string, compile: QueryCompiler['compileQuery']) {
    return this.main.rollbackToSavepoint!(connection.pinned!, name, compile);
  }

  releaseSavepoint(connection: RoutedConnection, name: string, compile: QueryCompiler['compileQuery']) {
    return this.main.releaseSavepoint!(connection.pinned!, name, compile);
  }

  async releaseConnection(connection: RoutedConnection): Promise<void> {
    const pinned = connection.pinned;
    connection.pinned = undefined;
    if (pinned) await this.main.releaseConnection(pinned);
  }

  async destroy(): Promise<void> {
    await this.pool.close();
    await this.main.destroy();
  }
}
