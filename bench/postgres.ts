/** A fresh PostgreSQL database for the benchmarks, dropped at exit; null when unreachable. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const admin = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

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
  process.once('beforeExit', async () => {
    const drop = new pg.Client({ connectionString: admin });
    await drop.connect();
    await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await drop.end();
  });
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}
