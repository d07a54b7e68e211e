/**
 * The compiled-statement cache under Kysely (gateway/store/statement-cache.ts): a text is compiled
 * once and reused, a statement still being iterated is never handed out twice, and the cache
 * stays within its size.
 */
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedStatements } from '../../gateway/store/statement-cache.js';

describe('cached statements', () => {
  const sqlite = new SQLite(':memory:');
  let compiled = 0;
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((sql: string) => {
    compiled++;
    return prepare(sql);
  }) as typeof sqlite.prepare;
  sqlite.exec('create table t (n integer); insert into t values (1), (2), (3)');

  afterEach(() => {
    compiled = 0;
  });

  it('compiles a text once and answers from the same statement after', () => {
    const database = cachedStatements(sqlite);
    const first = database.prepare('select n from t order by n');
    expect(first.all([])).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(database.prepare('select n from t order by n')).toBe(first);
    expect(compiled).toBe(1);
  });

  it('hands a fresh statement to a second user while the first still iterates', () => {
    const database = cachedStatements(sqlite);
    const streaming = database.prepare('select n from t') as unknown as SQLite.Statement;
    const rows = streaming.iterate();
    rows.next();
    const other = database.prepare('select n from t');
    expect(other).not.toBe(streaming);
    expect(other.all([])).toHaveLength(3);
    rows.return?.();
  });

  it('keeps the most recently used texts within its capacity', () => {
    const database = cachedStatements(sqlite, 2);
    const a = database.prepare('select 1');
    database.prepare('select 2');
    database.prepare('select 1'); // now the most recent
    database.prepare('select 3'); // evicts `select 2`
    expect(database.prepare('select 1')).toBe(a);
    const before = compiled;
    database.prepare('select 2');
    expect(compiled).toBe(before + 1);
  });
});
