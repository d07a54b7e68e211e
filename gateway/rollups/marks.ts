/**
 * The marks that make rollups stale: a family's dirty local days (rollup_dirty) and the people whose
 * milestones must be recomputed (rollup_dirty_people). Writers add marks inside their own
 * transaction (metrics/mark-change.ts decides which); a refresh takes them (metrics/refresh.ts).
 */
import { latestInstant } from '../domain/instants.js';
import type { TenantStore } from '../store/tenant-store.js';

const chunk = 500;

/**
 * The rollup families, in the order they are refreshed. What each one holds and how it is built is
 * declared once, in metrics/families.ts, which must cover exactly these names.
 */
export const familyNames = ['cohort', 'matrix', 'handoffs', 'milestones', 'campaigns', 'slices'] as const;
export type RollupFamily = (typeof familyNames)[number];

/** The tenant's time zone: the days rollups are kept by. */
export async function tenantTimeZone(store: TenantStore): Promise<string> {
  const row = await store.db
    .selectFrom('tenants')
    .select('time_zone')
    .where('id', '=', store.tenantId)
    .executeTakeFirstOrThrow();
  return row.time_zone;
}

/**
 * Rollups keep days from 1970 (a day before, for zones west of UTC) to the furthest date a record
 * may carry (gateway/domain/instants.ts, a planned close date) and a day beyond. Records are
 * refused outside that range; a day outside it (a row stored before the rule, a NaN) is skipped
 * here rather than marked, since a refresh walks every day between the marks it takes.
 */
function isRollupDay(day: number): boolean {
  const last = Math.floor(latestInstant('planned') / 86_400_000) + 1;
  return Number.isSafeInteger(day) && day >= -1 && day <= last;
}

export async function markDays(
  store: TenantStore,
  family: RollupFamily,
  days: Iterable<number>,
): Promise<void> {
  const list = [...new Set(days)].filter(isRollupDay);
  for (let i = 0; i < list.length; i += chunk) {
    await store.db
      .insertInto('rollup_dirty')
      .values(list.slice(i, i + chunk).map((day) => ({ tenant_id: store.tenantId, family, day })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/** Takes (deletes and returns) the family's dirty days: a mark made meanwhile by another writer survives. */
export async function takeDirtyDays(store: TenantStore, family: RollupFamily): Promise<number[]> {
  const rows = await store.db
    .deleteFrom('rollup_dirty')
    .where('family', '=', family)
    .returning('day')
    .execute();
  return rows.map((row) => Number(row.day));
}

/** Takes the people whose milestones are stale. */
export async function takeDirtyPeople(store: TenantStore): Promise<string[]> {
  const rows = await store.db.deleteFrom('rollup_dirty_people').returning('person_id').execute();
  return rows.map((row) => row.person_id);
}
