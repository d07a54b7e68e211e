/**
 * Fresh databases for tests: an SQLite file in a temporary folder, and a PostgreSQL database
 * created for the test on 127.0.0.1:5432 (trust auth) and dropped after it. When PostgreSQL is
 * unreachable, the PostgreSQL suites are skipped by name and say so loudly, except in CI
 * (CI=true), where an unreachable PostgreSQL fails the run.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type DialectName, openDatabase, type RevenueDatabase } from '../../gateway/store/database.js';
import { migrateToLatest } from '../../gateway/store/migrate.js';

export const postgresAdminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let reachable: Promise<boolean> | undefined;

export function postgresReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.end();
      return true;
    } catch {
      if (process.env.CI === 'true')
        throw new Error(`CI=true but PostgreSQL is unreachable at ${postgresAdminUrl}`);
      console.warn(
        `\n⚠  PostgreSQL is not reachable at ${postgresAdminUrl}: PostgreSQL suites are SKIPPED.\n`,
      );
      return false;
    }
  })();
  return reachable;
}

export interface TestDatabase {
  database: RevenueDatabase;
  /** A URL or path another process (the CLI) can open. */
  url: string;
  drop(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(
  dialect: DialectName,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  let url: string;
  let cleanup: () => Promise<void>;
  if (dialect === 'sqlite') {
    const folder = mkdtempSync(join(tmpdir(), 'tandem-test-'));
    url = join(folder, 'tandem.db');
    cleanup = async () => rmSync(folder, { recursive: true, force: true });
  } else {
    const name = `tandem_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    const admin = new URL(postgresAdminUrl);
    admin.pathname = `/${name}`;
    url = admin.toString();
    cleanup = () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  const database = await openDatabase({ url });
  if (options.migrate !== false) await migrateToLatest(database.db);
  return {
    database,
    url,
    async drop() {
      await database.close();
      await cleanup();
    },
  };
}

/** The dialects to run a contract suite on: SQLite always, PostgreSQL when reachable (always in CI). */
export const dialects: { name: DialectName; available: () => Promise<boolean> }[] = [
  { name: 'sqlite', available: async () => true },
  { name: 'postgres', available: postgresReachable },
];
