/**
 * `tandem seed`: the demo tenants' data, generated from a seed and written through the same
 * ingest path as real data (so identity resolution, scoring and the SLA clock all run). The
 * history ends at `--now` (default: this moment), so a fresh demo's "this month" is full; the
 * same seed and end instant give the same data.
 */
import { SingleBar } from 'cli-progress';
import { type StoreOptions, UsageError } from '../config.js';
import { IngestCaches } from '../ingest/caches.js';
import { ingestRecords } from '../ingest/ingest.js';
import type { SourceRecordInput } from '../ingest/records.js';
import { refreshRollups } from '../metrics/refresh.js';
import { setReachableGoals } from '../seed/after-ingest.js';
import { dropDemoTenant, markDemo, seededDemos } from '../seed/demo-marker.js';
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
  /** The end of history, an ISO-8601 instant; default: the current time. */
  now?: string;
  ifEmpty?: boolean;
  progress: boolean;
}

export interface SeedPlan {
  people: number;
  touches: number;
  seed: number;
  tenants: number;
  years: number;
  progress: boolean;
  /** The end of history (default: the current time). */
  now?: Date;
  /** Only these demo tenants (default: the first `tenants` of them). */
  only?: string[];
}

function whole(name: string, value: string, min: number, max: number): number {
  const parsed = Number(value.replaceAll('_', ''));
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got '${value}'`);
  }
  return parsed;
}

/**
 * `--now`: an instant with a date and a time zone (or Z). Not in the future, whose records the
 * ingest would date after today, and late enough that the history starts after 1970.
 */
export function endOfHistory(value: string | undefined, years: number, current = Date.now()): Date {
  if (value === undefined) return new Date(current);
  const instant = /^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/i.test(value.trim())
    ? Date.parse(value.trim())
    : Number.NaN;
  if (Number.isNaN(instant)) {
    throw new UsageError(`--now must be an ISO-8601 instant such as 2026-11-01T00:00:00Z, got '${value}'`);
  }
  if (instant > current) {
    throw new UsageError(
      `--now must not be in the future, got '${value}' (now is ${new Date(current).toISOString()})`,
    );
  }
  if (instant - years * 365.25 * 86_400_000 < 0) {
    throw new UsageError(`--now '${value}' with --years ${years} would start the history before 1970`);
  }
  return new Date(instant);
}

export async function seedCommand(options: SeedOptions): Promise<void> {
  const years = whole('years', options.years, 1, 10);
  const plan: SeedPlan = {
    people: whole('people', options.people, 10, 10_000_000),
    touches: whole('touches', options.touches, 0, 100_000_000),
    seed: whole('seed', options.seed, 0, 2 ** 31),
    tenants: whole('tenants', options.tenants, 1, demoTenants().length),
    years,
    now: endOfHistory(options.now, years),
    progress: options.progress,
  };
  const database = await openMigratedDatabase(options);
  try {
    if (options.ifEmpty && (await listTenants(database)).length > 0) return;
    await refuseOwnTenants(database, plan);
    await seedDemo(database, plan);
  } finally {
    await database.close();
  }
}

/**
 * The seed writes the demo's tenants only: a tenant of the same id that the seed did not make
 * (`tandem tenant create`, a company's own data) is refused rather than filled with demo people.
 */
async function refuseOwnTenants(database: RevenueDatabase, plan: SeedPlan): Promise<void> {
  const existing = new Set((await listTenants(database)).map((tenant) => tenant.id));
  const demos = new Set((await seededDemos(database)).map((demo) => demo.tenantId));
  const own = demoTenants()
    .slice(0, plan.tenants)
    .find((tenant) => existing.has(tenant.id) && !demos.has(tenant.id));
  if (own)
    throw new UsageError(
      `tenant '${own.id}' exists and was not made by the demo seed: \`tandem seed\` writes only the demo's tenants (${demoTenants()
        .map((tenant) => tenant.id)
        .join(', ')}); seed into another database (--database)`,
    );
}

export async function seedDemo(database: RevenueDatabase, plan: SeedPlan): Promise<void> {
  const now = plan.now ?? new Date();
  const tenants = plan.only
    ? demoTenants().filter((tenant) => plan.only?.includes(tenant.id))
    : demoTenants().slice(0, plan.tenants);
  for (const tenant of tenants) {
    const started = Date.now();
    await ensureTenant(database, tenant, now.getTime());
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
      now,
      years: plan.years,
    });
    // A bulk load: the rollups are built once at the end rather than kept up batch by batch.
    const report = await ingestRecords(store, counted(records), {
      caches: new IngestCaches(),
      onProgress: (read) => bar?.update(Math.min(touches, plan.touches), { records: read }),
      rollups: 'defer',
      // The demo plays years of a live company: its recent unanswered handoffs are live breaches.
      replay: true,
    });
    bar?.update(plan.touches, { records: report.read });
    bar?.stop();
    await setReachableGoals(store, now.getTime());
    await markDemo(store, {
      seed: plan.seed,
      people: plan.people,
      touches: plan.touches,
      years: plan.years,
      endsAt: now.getTime(),
    });
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

/** A demo whose history ended longer ago than this looks abandoned: `tandem start` offers a refresh. */
export const staleDemoDays = 7;

/** The line `tandem start` prints for a demo that ended over a week ago; null when none did. */
export async function staleDemoNotice(database: RevenueDatabase, now = Date.now()): Promise<string | null> {
  const demos = await seededDemos(database);
  if (demos.length === 0) return null;
  const endsAt = Math.max(...demos.map((demo) => demo.plan.endsAt));
  if (now - endsAt <= staleDemoDays * 86_400_000) return null;
  return `The demo data ends on ${new Date(endsAt).toISOString().slice(0, 10)}: \`tandem start --refresh-demo\` moves it to today.`;
}

/**
 * Re-seeds every tenant the demo seed created, from the plan it recorded, so its history ends
 * at `now`; tenants it did not create stay as they are.
 */
export async function refreshDemo(database: RevenueDatabase, now = new Date()): Promise<void> {
  for (const { tenantId, plan } of await seededDemos(database)) {
    if (!demoTenants().some((tenant) => tenant.id === tenantId)) continue;
    await dropDemoTenant(database, tenantId);
    await seedDemo(database, { ...plan, tenants: 1, only: [tenantId], now, progress: true });
  }
}
