/**
 * The slices family: the metrics query's people and deal measures per local day and per slice of
 * the pre-aggregated dimensions (sliceDimensions). What each person and deal adds is kept as a
 * snapshot (person_slices, deal_slices), recomputed with the raw query's own building blocks
 * (milestones.ts personFirsts, deals.ts dealFacts, dimensions.ts personKeys), so a day's rows are
 * the raw breakdown of that day. A refresh of a run of days recomputes the people created and the
 * deals closed in it (a write marks those days: mark-change.ts) and the deals of those people;
 * every day an old or a new snapshot falls on is recounted, so a person whose lead source or
 * region changed leaves their old slice on the days they counted in and joins the new one.
 */

import type { StageDefinition } from '../../domain/stages.js';
import { type DayRun, dayOf, instantsOf, runsOf } from '../../rollups/calendar.js';
import { resumMonths, sliceKeys } from '../../rollups/months.js';
import { chunks } from '../../store/chunks.js';
import { insertRows } from '../../store/insert-rows.js';
import type { DealSlicesTable, PersonSlicesTable, SliceKeys } from '../../store/tables.js';
import type { TenantStore } from '../../store/tenant-store.js';
import { dealFacts } from './deals.js';
import { keyColumn, personKeys } from './dimensions.js';
import { personFirsts } from './milestones.js';
import { recountDays, sliceDimensions, sliceTables } from './slices-days.js';

/** Ids per look-up, far under both dialects' bind-parameter limits. */
const chunk = 500;

/** Recomputes the people created and the deals closed in `run`, and recounts the days they moved. */
export async function refreshSlices(
  store: TenantStore,
  defs: { timeZone: string; stages: StageDefinition[] },
  run: DayRun,
): Promise<void> {
  const { db } = store;
  const { timeZone } = defs;
  const range = instantsOf(run, timeZone);
  const tenant_id = store.tenantId;
  const day = (at: unknown) => (at == null ? null : dayOf(Number(at), timeZone));
  const slice = (row: Record<string, unknown>): SliceKeys => {
    const keys = Object.fromEntries(sliceKeys.map((key, i) => [key, String(row[keyColumn(i)] ?? '')]));
    return keys as unknown as SliceKeys;
  };

  // People created in the run, with their slice and first entries (those with none stay at null).
  const [people, firsts] = await Promise.all([
    personKeys(db, [...sliceDimensions])
      .select('p.created_at')
      .where('p.created_at', '>=', range.fromMs)
      .where('p.created_at', '<', range.toMs)
      .execute(),
    personFirsts(db, { filter: {}, stages: defs.stages, createdIn: range }).execute(),
  ]);
  const firstOf = new Map(firsts.map((f) => [f.person_id, f]));
  const freshPeople: PersonSlicesTable[] = people.map((p) => {
    const f = firstOf.get(p.person_id);
    return {
      tenant_id,
      person_id: p.person_id,
      ...slice(p),
      created_day: day(p.created_at)!,
      lead_day: day(f?.lead_at),
      mql_day: day(f?.mql_at),
      sql_day: day(f?.sql_at),
      top: f?.top == null ? null : Number(f.top),
    };
  });

  // Deals closed in the run and every closed deal of those people, with the person's slice now.
  // The slice is computed for those deals' people only, not for every person of the tenant.
  const createdInRun = db
    .selectFrom('people as cp')
    .select('cp.id')
    .where('cp.created_at', '>=', range.fromMs)
    .where('cp.created_at', '<', range.toMs);
  const candidates = db
    .selectFrom('opportunities as co')
    .select('co.primary_person_id')
    .where((eb) =>
      eb.or([
        eb.and([
          eb(eb.fn.coalesce('co.closed_at', 'co.created_at'), '>=', range.fromMs),
          eb(eb.fn.coalesce('co.closed_at', 'co.created_at'), '<', range.toMs),
        ]),
        eb('co.primary_person_id', 'in', createdInRun),
      ]),
    );
  const deals = await dealFacts(
    db,
    { filter: {}, range: { fromMs: 0, toMs: Number.MAX_SAFE_INTEGER }, timeZone },
    false,
  )
    .leftJoin(
      personKeys(db, [...sliceDimensions])
        .select('p.created_at')
        .where('p.id', 'in', candidates)
        .as('pk'),
      'pk.person_id',
      'o.primary_person_id',
    )
    .where((eb) =>
      eb.or([
        eb.and([
          eb(eb.fn.coalesce('o.closed_at', 'o.created_at'), '>=', range.fromMs),
          eb(eb.fn.coalesce('o.closed_at', 'o.created_at'), '<', range.toMs),
        ]),
        eb.and([eb('pk.created_at', '>=', range.fromMs), eb('pk.created_at', '<', range.toMs)]),
      ]),
    )
    .select(['o.id as deal_id', 'pk.created_at as person_created_at', 'pk.k0', 'pk.k1', 'pk.k2', 'pk.k3'])
    .execute();
  const freshDeals: DealSlicesTable[] = deals.map((d) => {
    const won = Number(d.won);
    return {
      tenant_id,
      deal_id: d.deal_id,
      person_id: d.person_id,
      person_day: day(d.person_created_at),
      ...slice(d),
      day: Number(d.day),
      won,
      lost: Number(d.lost),
      revenue: won ? Number(d.amount ?? 0) : 0,
      cycle_days: won ? Number(d.cycle_days ?? 0) : 0,
    };
  });

  // The snapshots as last counted: of the run's days, and of the fresh ones found elsewhere.
  const storedPeople = await db
    .selectFrom('person_slices')
    .selectAll()
    .where('created_day', '>=', run.first)
    .where('created_day', '<=', run.last)
    .execute();
  const storedDeals = await db
    .selectFrom('deal_slices')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('day', '>=', run.first), eb('day', '<=', run.last)]),
        eb.and([eb('person_day', '>=', run.first), eb('person_day', '<=', run.last)]),
      ]),
    )
    .execute();
  await addMissing(
    storedPeople,
    freshPeople,
    'person_id',
    (ids) => db.selectFrom('person_slices').selectAll().where('person_id', 'in', ids).execute(),
    async () => !(await db.selectFrom('person_slices').select('person_id').limit(1).executeTakeFirst()),
  );
  await addMissing(
    storedDeals,
    freshDeals,
    'deal_id',
    (ids) => db.selectFrom('deal_slices').selectAll().where('deal_id', 'in', ids).execute(),
    async () => !(await db.selectFrom('deal_slices').select('deal_id').limit(1).executeTakeFirst()),
  );

  const days = new Set<number>();
  const personDays = (p: PersonSlicesTable) => [p.created_day, p.lead_day, p.mql_day, p.sql_day];
  const people_ = diff(storedPeople, freshPeople, 'person_id', personDays, days);
  const deals_ = diff(storedDeals, freshDeals, 'deal_id', (d) => [d.day], days);
  for (const ids of chunks(people_.removed, chunk))
    await db.deleteFrom('person_slices').where('person_id', 'in', ids).execute();
  for (const ids of chunks(deals_.removed, chunk))
    await db.deleteFrom('deal_slices').where('deal_id', 'in', ids).execute();
  await insertRows(db, 'person_slices', people_.changed);
  await insertRows(db, 'deal_slices', deals_.changed);

  // Scattered days (a bulk import) are recounted as one span, as refresh.ts does for dirty days.
  const runs = runsOf(days);
  const recount = runs.length > 16 ? [{ first: runs[0]!.first, last: runs.at(-1)!.last }] : runs;
  for (const span of recount) {
    await recountDays(store, span);
    // refresh.ts re-sums the run's own months after this build: only the months beyond it here.
    if (span.first < run.first || span.last > run.last)
      for (const table of sliceTables) await resumMonths(store, table, span);
  }
}

/** Adds to `stored` the snapshots of fresh rows it lacks (a person or deal that moved days). */
async function addMissing<T extends Record<K, string>, K extends string>(
  stored: T[],
  fresh: Record<K, string>[],
  key: K,
  load: (ids: string[]) => Promise<T[]>,
  isEmpty: () => Promise<boolean>,
): Promise<void> {
  const known = new Set<string>(stored.map((row) => row[key]));
  const missing = fresh.map((row) => row[key]).filter((id) => !known.has(id));
  // A rebuild starts from no snapshot at all: nothing to look up.
  if (missing.length === 0 || (await isEmpty())) return;
  for (const ids of chunks(missing, chunk)) stored.push(...(await load(ids)));
}

/** Which snapshots changed (to write) or went (to delete), and the days both fall on. */
function diff<T extends Record<K, string>, K extends string>(
  stored: T[],
  fresh: T[],
  key: K,
  daysOf: (row: T) => (number | null)[],
  days: Set<number>,
): { changed: T[]; removed: string[] } {
  const same = (a: T, b: T) =>
    Object.keys(b).every(
      (column) => column === 'tenant_id' || String(a[column as keyof T]) === String(b[column as keyof T]),
    );
  const before = new Map(stored.map((row) => [row[key], row]));
  const mark = (row: T) => {
    for (const day of daysOf(row)) if (day !== null) days.add(day);
  };
  const changed: T[] = [];
  const seen = new Set<string>();
  for (const row of fresh) {
    seen.add(row[key]);
    const old = before.get(row[key]);
    if (old && same(old, row)) continue;
    mark(row);
    if (old) mark(old);
    changed.push(row);
  }
  const gone = stored.filter((row) => !seen.has(row[key]));
  for (const row of gone) mark(row);
  return { changed, removed: [...changed.map((row) => row[key]), ...gone.map((row) => row[key])] };
}
