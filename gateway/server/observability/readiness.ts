/**
 * GET /ready: whether this replica can answer requests now, for a load balancer or Kubernetes to
 * send it traffic or not. Unlike /health (liveness: the process is up; restart it when not), a
 * replica that is not ready is left running and asked again: its database or Redis may come back.
 * Ready means the database answers `select 1`, every migration this build ships has been applied,
 * and, when configured, Redis answers PING. 200 `{"status":"ready","checks":{…}}`, else 503 with
 * each check's problem and `notReady` naming the failed checks.
 */
import type { ServerResponse } from 'node:http';
import { sql } from 'kysely';
import type { RevenueDatabase } from '../../store/database.js';
import { latestMigration } from '../../store/migrate.js';

/** A check resolves when the thing is ready and throws a message saying what is not. */
export type ReadinessCheck = () => Promise<void>;

/** Longest a check may take: a load balancer's probe must not hang on a dead host. */
const checkTimeoutMs = 2000;

export function databaseChecks(database: RevenueDatabase): Record<string, ReadinessCheck> {
  return {
    database: async () => {
      await sql`select 1`.execute(database.db);
    },
    // Migrations apply in order, so the newest one this build ships being there means all are.
    migrations: async () => {
      const newest = sql`select name from kysely_migration where name = ${latestMigration}`;
      if ((await newest.execute(database.db)).rows.length === 0) {
        throw new Error(`not applied: ${latestMigration} (run \`tandem migrate\`)`);
      }
    },
  };
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, string>;
}

export async function checkReadiness(checks: Record<string, ReadinessCheck>): Promise<Readiness> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => [name, await outcome(check)] as const),
  );
  return { ready: results.every(([, result]) => result === 'ok'), checks: Object.fromEntries(results) };
}

async function outcome(check: ReadinessCheck): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${checkTimeoutMs} ms`)), checkTimeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'ok';
  } catch (error) {
    return (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 300);
  } finally {
    clearTimeout(timer);
  }
}

export async function handleReady(
  res: ServerResponse,
  checks: Record<string, ReadinessCheck>,
): Promise<void> {
  const { ready, checks: results } = await checkReadiness(checks);
  const notReady = Object.keys(results).filter((name) => results[name] !== 'ok');
  res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(
    JSON.stringify(
      ready ? { status: 'ready', checks: results } : { status: 'not ready', notReady, checks: results },
    ),
  );
}
