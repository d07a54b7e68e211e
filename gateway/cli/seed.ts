/**
 * `tandem seed`: the demo tenants' data, generated from a seed and written through the same
 * ingest path as real data (so identity resolution, scoring and the SLA clock all run).
 */
import { SingleBar } from 'cli-progress';
import { type StoreOptions, UsageError } from '../config.js';
import { IngestCaches } from '../ingest/caches.js';
import { ingestRecords } from '../ingest/ingest.js';
import type { SourceRecordInput } from '../ingest/records.js';
import { refreshRollups } from '../rollups/refresh.js';
import { demoTenants, generateDemoRecords } from '../seed/generate.js';
import type { RevenueDatabase } from '../store/database.js';
import { TenantStore } from '../store/tenant-store.js';
import { ensureTenant, listTenants } from '../store/tenants.js';
import { openMigratedDatabase } from './open-store.js';

export interface SeedOptions extends StoreOptions {
  people: string;
  touches: string;
  seed: string;
  tenants: string;
  years: string;
  ifEmpty?: boolean;
  progress: boolean;
}

/** History ends here, so the same seed gives the same data whatever day it runs. */
export const demoNow = new Date('2026-11-01T00:00:00Z');

function whole(name: string, value: string, min: number, max: number): number {
  const parsed = Number(value.replaceAll('_', ''));
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got '${value}'`);
  }
  return parsed;
}

export async function seedCommand(options: SeedOptions): Promise<void> {
  const plan = {
    people: whole('people', options.people, 10, 10_000_000),
    touches: whole('touches', options.touches, 0, 100_000_000),
    seed: whole('seed', options.seed, 0, 2 ** 31),
    tenants: whole('tenants', options.tenants, 1, demoTenants().length),
    years: whole('years', options.years, 1, 10),
  };
  const database = await openMigratedDatabase(options);
  try {
    if (options.ifEmpty && (await listTenants(database)).length > 0) return;
    await seedDemo(database, { ...plan, progress: options.progress });
  } finally {
    await database.close();
  }
}

export async function seedDemo(
  database: RevenueDatabase,
  plan: { people: number; touches: number; seed: number; tenants: number; years: number; progress: boolean },
): Promise<void> {
  for (const tenant of demoTenants().slice(0, plan.tenants)) {
    const started = Date.now();
    await ensureTenant(database, tenant, demoNow.getTime());
    const store = new TenantStore(database, tenant.id);
    const bar = plan.progress && process.stderr.isTTY ? progressBar(tenant.name) : null;
    bar?.start(plan.touches, 0, { records: 0 });
    let touches = 0;
    const counted = function* (records: Iterable<SourceRecordInput>) {
      for (const record of records) {
        if (record.kind === 'touch') touches++;
        yield record;
      }
    };
    const records = generateDemoRecords({
      tenantId: tenant.id,
      seed: plan.seed + tenant.seedOffset,
      people: plan.people,
      touches: plan.touches,
      now: demoNow,
      years: plan.years,
    });
    // A bulk load: the rollups are built once at the end rather than kept up batch by batch.
    const report = await ingestRecords(store, counted(records), {
      caches: new IngestCaches(),
      onProgress: (read) => bar?.update(Math.min(touches, plan.touches), { records: read }),
      rollups: 'defer',
    });
    bar?.update(plan.touches, { records: report.read });
    bar?.stop();
    await database.analyze();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const rollupsStarted = Date.now();
    await refreshRollups(store, { now: Date.now() });
    const rollupSeconds = ((Date.now() - rollupsStarted) / 1000).toFixed(1);
    console.log(
      `${tenant.name} (${tenant.id}): ${report.read.toLocaleString('en')} records, ${touches.toLocaleString('en')} touches in ${seconds} s` +
        (report.duplicates ? `, ${report.duplicates.toLocaleString('en')} already there` : '') +
        (report.rejectedCount
          ? `, ${report.rejectedCount} rejected (first: ${report.rejected[0]?.reason})`
          : '') +
        `; dashboard rollups built in ${rollupSeconds} s`,
    );
  }
}

function progressBar(name: string): SingleBar {
  return new SingleBar({
    format: `${name.padEnd(16)} {bar} {percentage}% | {value}/{total} touches | {records} records | {duration_formatted} | ETA {eta_formatted}`,
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
    stream: process.stderr,
    etaBuffer: 50,
  });
}
