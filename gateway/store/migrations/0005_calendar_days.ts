/**
 * Funnel velocity counts calendar days in the tenant's time zone (gateway/domain/calendar-days.ts)
 * where it rounded 24-hour spans: the velocity histograms the cohort family stores
 * (rollup_velocity and its packed monthly twin) hold days by the old rule. The family is marked
 * unbuilt, as 0003 did, so the first reader rebuilds it (refresh.ts); no table changes shape.
 */
import { type Kysely, sql } from 'kysely';

type Db = Kysely<unknown>;

export async function up(db: Db): Promise<void> {
  await markUnbuilt(db);
}

/** Going back, the old code meets histograms in the new rule: rebuilt again by its first reader. */
export async function down(db: Db): Promise<void> {
  await markUnbuilt(db);
}

async function markUnbuilt(db: Db): Promise<void> {
  await sql`delete from rollup_state where family = 'cohort'`.execute(db);
}
