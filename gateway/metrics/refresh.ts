/**
 * Keeping the rollups fresh. Each family is refreshed in its own transaction: dirty days are taken
 * and recomputed from the raw rows; a family built with other definitions (ladder, scoring model,
 * time zone, the matrix's day) is rebuilt whole. Writers only mark (mark-change.ts, rollups/marks.ts); the end of every
 * ingest and any reader that finds marks run this, so no answer is ever read from stale rows.
 */
import { sql } from 'kysely';
import { localDayOf, startOfLocalDay } from '../domain/time-zone.js';
import { type DayRun, dayOf, runsOf } from '../rollups/calendar.js';
import { repackMonths } from '../rollups/distribution.js';
import { familyNames, type RollupFamily, takeDirtyDays, takeDirtyPeople } from '../rollups/marks.js';
import { resumMonths } from '../rollups/months.js';
import { loadDefinitions } from '../store/definitions.js';
import type { TenantStore } from '../store/tenant-store.js';
import { type BuildDefinitions, type DataSpan, familySpec, familyTablesOf } from './families.js';
import { refreshPersonMilestones } from './sla/milestones-rollup.js';

export type RollupDefinitions = BuildDefinitions;

/** The start of the local day `now` falls in: the matrix's instant, shared by rollups and raw rows. */
export function matrixInstant(now: number, timeZone: string): number {
  return startOfLocalDay(localDayOf(now, timeZone), timeZone);
}

export async function rollupDefinitions(store: TenantStore, now: number): Promise<RollupDefinitions> {
  const [definitions, tenant] = await Promise.all([
    loadDefinitions(store),
    store.db
      .selectFrom('tenants')
      .select('time_zone')
      .where('id', '=', store.tenantId)
      .executeTakeFirstOrThrow(),
  ]);
  return { ...definitions, timeZone: tenant.time_zone, asOf: matrixInstant(now, tenant.time_zone) };
}

/** What a family's rows depend on besides the data: another signature means a rebuild. */
export function signatureOf(family: RollupFamily, defs: RollupDefinitions): string {
  const base = `tz=${defs.timeZone};ladder=${defs.stagesVersion}`;
  return familySpec(family).scored ? `${base};scoring=${defs.scoring.version};asOf=${defs.asOf}` : base;
}

/** Makes every family's rows untrusted: the next refresh (or reader) rebuilds them whole. */
export async function invalidateRollups(store: TenantStore): Promise<void> {
  await store.db.deleteFrom('rollup_state').where('family', 'in', familyNames).execute();
}

/** Which families need work: a different signature, dirty days or (milestones) dirty people. */
export async function staleFamilies(store: TenantStore, defs: RollupDefinitions): Promise<RollupFamily[]> {
  const rows = await store.db
    .selectFrom('rollup_state as s')
    .select((eb) => [
      's.family',
      's.signature',
      eb
        .exists(eb.selectFrom('rollup_dirty as d').select('d.day').whereRef('d.family', '=', 's.family'))
        .as('dirty'),
      eb.exists(eb.selectFrom('rollup_dirty_people as dp').select('dp.person_id')).as('dirty_people'),
    ])
    .execute();
  const state = new Map(rows.map((row) => [row.family, row]));
  return familyNames.filter((family) => {
    const row = state.get(family);
    if (!row || row.signature !== signatureOf(family, defs)) return true;
    return !!Number(row.dirty) || (familySpec(family).dirtiedBy === 'people' && !!Number(row.dirty_people));
  });
}

export interface RefreshReport {
  family: RollupFamily;
  rebuilt: boolean;
  days: number;
}

/** Brings the given families (all by default) up to date; returns what it did. */
export async function refreshRollups(
  store: TenantStore,
  options: { now: number; families?: readonly RollupFamily[]; rebuild?: boolean; defs?: RollupDefinitions },
): Promise<RefreshReport[]> {
  const defs = options.defs ?? (await rollupDefinitions(store, options.now));
  const wanted = options.families ?? familyNames;
  const stale = options.rebuild
    ? wanted
    : (await staleFamilies(store, defs)).filter((f) => wanted.includes(f));
  const reports: RefreshReport[] = [];
  for (const family of stale) {
    reports.push(await store.transaction((trx) => refreshFamily(trx, family, defs, !!options.rebuild)));
  }
  return reports;
}

async function refreshFamily(
  store: TenantStore,
  family: RollupFamily,
  defs: RollupDefinitions,
  forceRebuild: boolean,
): Promise<RefreshReport> {
  if (store.dialect === 'postgres') {
    // Replicas refreshing the same family at once would delete and insert the same days.
    await sql`select pg_advisory_xact_lock(hashtext(${`${store.tenantId}:rollups:${family}`}))`.execute(
      store.db,
    );
  }
  const signature = signatureOf(family, defs);
  const state = await store.db
    .selectFrom('rollup_state')
    .select('signature')
    .where('family', '=', family)
    .executeTakeFirst();
  const rebuild = forceRebuild || state?.signature !== signature;
  const spec = familySpec(family);
  const byPerson = spec.dirtiedBy === 'people';

  let runs: DayRun[];
  if (rebuild) {
    await clearFamily(store, family);
    await takeDirtyDays(store, family);
    if (spec.span === null) {
      // Every person's milestones are new: the days they fall on are marked, and taken here.
      await refreshPersonMilestones(store, defs, 'all');
      runs = runsOf(await takeDirtyDays(store, family));
    } else {
      const span = await dataSpan(store, spec.span, defs.timeZone);
      runs = span ? [span] : [];
    }
  } else {
    if (byPerson) {
      const people = await takeDirtyPeople(store);
      if (people.length) await refreshPersonMilestones(store, defs, people);
    }
    runs = runsOf(await takeDirtyDays(store, family));
  }

  let days = 0;
  for (const run of fewRuns(runs)) {
    days += run.last - run.first + 1;
    await spec.build(store, defs, run);
    for (const table of spec.monthly) await resumMonths(store, table, run);
    for (const name of spec.distributions) await repackMonths(store, name, run);
  }
  await store.db
    .insertInto('rollup_state')
    .values({ tenant_id: store.tenantId, family, signature, built_at: Date.now() })
    .onConflict((oc) => oc.columns(['tenant_id', 'family']).doUpdateSet({ signature, built_at: Date.now() }))
    .execute();
  return { family, rebuilt: rebuild, days };
}

/**
 * Scattered dirty days (a bulk import touches most of them) are recomputed as one span: one
 * grouped query over a year beats hundreds of one-day queries, and clean days come out the same.
 */
function fewRuns(runs: DayRun[], most = 16): DayRun[] {
  if (runs.length <= most) return runs;
  return [{ first: runs[0]!.first, last: runs.at(-1)!.last }];
}

async function clearFamily(store: TenantStore, family: RollupFamily): Promise<void> {
  for (const table of familyTablesOf(family)) await store.db.deleteFrom(table).execute();
  if (familySpec(family).dirtiedBy === 'people') await store.db.deleteFrom('rollup_dirty_people').execute();
}

/** The local days a family's rows can fall on: from its first to its last dated row. */
async function dataSpan(store: TenantStore, span: DataSpan, timeZone: string): Promise<DayRun | null> {
  if (span === 'people-and-deals') {
    // The slices family recomputes people by creation day and deals by close day (or creation).
    const [people, deals] = await Promise.all([
      dataSpan(store, 'people', timeZone),
      store.db
        .selectFrom('opportunities')
        .select((eb) => [
          eb.fn.min(eb.fn.coalesce('closed_at', 'created_at')).as('first'),
          eb.fn.max(eb.fn.coalesce('closed_at', 'created_at')).as('last'),
        ])
        .executeTakeFirst(),
    ]);
    const days = [people?.first, people?.last];
    for (const at of [deals?.first, deals?.last]) if (at != null) days.push(dayOf(Number(at), timeZone));
    const known = days.filter((day) => day != null);
    return known.length ? { first: Math.min(...known), last: Math.max(...known) } : null;
  }
  if (span === 'touches-and-deals') {
    const [touches, deals] = await Promise.all([
      store.db
        .selectFrom('touches')
        .select((eb) => [eb.fn.min('occurred_at').as('first'), eb.fn.max('occurred_at').as('last')])
        .executeTakeFirst(),
      store.db
        .selectFrom('opportunities')
        .select((eb) => [eb.fn.min('closed_at').as('first'), eb.fn.max('closed_at').as('last')])
        .executeTakeFirst(),
    ]);
    const instants = [touches?.first, touches?.last, deals?.first, deals?.last]
      .filter((at) => at != null)
      .map(Number);
    if (instants.length === 0) return null;
    return { first: dayOf(Math.min(...instants), timeZone), last: dayOf(Math.max(...instants), timeZone) };
  }
  const row =
    span === 'handoffs'
      ? await store.db
          .selectFrom('handoffs')
          .select((eb) => [eb.fn.min('handed_off_at').as('first'), eb.fn.max('handed_off_at').as('last')])
          .executeTakeFirst()
      : await store.db
          .selectFrom('people')
          .select((eb) => [eb.fn.min('created_at').as('first'), eb.fn.max('created_at').as('last')])
          .executeTakeFirst();
  if (row?.first == null || row.last == null) return null;
  return { first: dayOf(Number(row.first), timeZone), last: dayOf(Number(row.last), timeZone) };
}
