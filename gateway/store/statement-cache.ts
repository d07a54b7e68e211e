/**
 * Compiled SQLite statements, kept by their SQL text. Kysely prepares every query it runs, and
 * better-sqlite3 compiles on every `prepare`; a dashboard request sends the same dozen texts each
 * time, and compiling them was about a tenth of its time (BENCHMARKS.md). A statement still being
 * iterated (a streamed query) is busy: a second user gets a fresh one, as without the cache.
 */
import type SQLite from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** The most recently used texts kept compiled: the gateway's queries are a few hundred shapes. */
const defaultCapacity = 500;

export function cachedStatements(sqlite: SQLite.Database, capacity = defaultCapacity): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    prepare(sql) {
      const cached = statements.get(sql);
      if (cached && !cached.busy) {
        // Map order is recency order: the first key is the least recently used.
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = sqlite.prepare(sql);
      if (!cached) {
        statements.set(sql, statement);
        if (statements.size > capacity) statements.delete(statements.keys().next().value!);
      }
      return statement;
    },
    close: () => sqlite.close(),
  };
}
