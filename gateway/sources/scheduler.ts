/**
 * Scheduled syncs in the server: every TANDEM_SYNC_INTERVAL_MINUTES (default 15; 0 turns them
 * off), every source configured for every tenant is synced, one after another. Runs never
 * overlap (the next is scheduled when the last ends), and a failing source is logged and retried
 * at the next run, resuming from its cursors. Two servers syncing the same tenant waste calls but
 * lose and double nothing: every write is idempotent.
 */
import type { Server } from 'node:http';
import type { RevenueDatabase } from '../store/database.js';
import { TenantStore } from '../store/tenant-store.js';
import { listTenants } from '../store/tenants.js';
import { configuredSources, createConnector } from './registry.js';
import type { Environment } from './settings.js';
import type { Connector } from './source.js';
import { runSync } from './sync.js';

export interface ScheduledRun {
  tenant: string;
  source: string;
  records?: number;
  error?: string;
}

export interface ScheduleOptions {
  intervalMs: number;
  /** Before the first run: let the server finish starting. */
  firstDelayMs?: number;
  env?: Environment;
  log?: (line: string) => void;
  /** Tests hand in connectors aimed at fake servers. */
  connectorFor?: (source: string, tenantId: string) => Connector;
}

export interface SyncSchedule {
  /** Runs every configured sync now (what the timer calls). */
  runNow(): Promise<ScheduledRun[]>;
  stop(): void;
}

export function scheduleSyncs(database: RevenueDatabase, options: ScheduleOptions): SyncSchedule {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => console.log(line));
  const connectorFor =
    options.connectorFor ?? ((source: string, tenant: string) => createConnector(source, tenant, env));
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<ScheduledRun[]> | undefined;

  const runAll = async (): Promise<ScheduledRun[]> => {
    const runs: ScheduledRun[] = [];
    let tenants: Awaited<ReturnType<typeof listTenants>>;
    try {
      tenants = await listTenants(database);
    } catch (error) {
      log(`scheduled syncs skipped: cannot list tenants (${error instanceof Error ? error.message : error})`);
      return runs;
    }
    for (const tenant of tenants) {
      for (const source of configuredSources(tenant.id, env)) {
        if (stopped) return runs;
        try {
          const report = await runSync(new TenantStore(database, tenant.id), connectorFor(source, tenant.id));
          const records = report.streams.reduce((sum, stream) => sum + stream.read, 0);
          runs.push({ tenant: tenant.id, source, records });
          log(`sync ${source} → ${tenant.id}: ${records} records in ${(report.ms / 1000).toFixed(1)} s`);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          runs.push({ tenant: tenant.id, source, error: message });
          log(`sync ${source} → ${tenant.id} failed: ${message} (retried at the next run)`);
        }
      }
    }
    return runs;
  };

  const runNow = () => {
    running ??= runAll().finally(() => {
      running = undefined;
    });
    return running;
  };

  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      runNow()
        .catch((error: unknown) =>
          log(`scheduled syncs failed: ${error instanceof Error ? error.message : error}`),
        )
        .finally(() => schedule(options.intervalMs));
    }, delay);
    timer.unref();
  };
  schedule(options.firstDelayMs ?? 10_000);

  return {
    runNow,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** Starts the schedule when the server listens and stops it when the server closes. */
export function attachSyncSchedule(
  server: Server,
  database: RevenueDatabase,
  env: Environment = process.env,
): void {
  const minutes = Number(env.TANDEM_SYNC_INTERVAL_MINUTES ?? '15');
  if (!Number.isFinite(minutes) || minutes <= 0) return;
  let schedule: SyncSchedule | undefined;
  server.on('listening', () => {
    schedule ??= scheduleSyncs(database, { intervalMs: minutes * 60_000, env });
  });
  server.on('close', () => schedule?.stop());
}
