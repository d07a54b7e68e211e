/**
 * Fresh PostgreSQL databases for the benchmarks; null when PostgreSQL is unreachable. They are
 * dropped when the run ends, fails or is interrupted (run.ts calls dropBenchDatabases), so a
 * failed run does not leave a million touches behind on the server.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const admin = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const created: string[] = [];

export async function postgresReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
  } catch {
    return null;
  }
  const name = `tandem_bench_${randomBytes(4).toString('hex')}`;
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  created.push(name);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropBenchDatabases(): Promise<void> {
  const names = created.splice(0);
  if (!names.length) return;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

process.once('beforeExit', () => void dropBenchDatabases());
process.once('SIGINT', () => {
  void dropBenchDatabases().finally(() => process.exit(130));
});
