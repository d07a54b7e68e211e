/**
 * Handoffs per campaign kept in the rollups: rollup_campaign_entries (and its monthly twin) gain
 * the handoffs made on a day whose person's lead-creation campaign is the row's campaign, and how
 * many of those were sent back (docs/domain.md "The campaign of a handoff"). The dashboard used to
 * join the raw handoffs to person_milestones on every request (about 20 ms at 1M touches on
 * SQLite). The milestone family is marked unbuilt, so its first reader rebuilds it with the new
 * counts (metrics/refresh.ts).
 */
import { type Kysely, sql } from 'kysely';

type Db = Kysely<unknown>;

const tables = ['rollup_campaign_entries', 'rollup_campaign_entries_month'];
const measures = ['handoffs', 'sent_back'];

export async function up(db: Db): Promise<void> {
  for (const table of tables) {
    for (const measure of measures) {
      await db.schema
        .alterTable(table)
        .addColumn(measure, 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    }
  }
  await markUnbuilt(db);
}

export async function down(db: Db): Promise<void> {
  for (const table of tables) {
    for (const measure of measures) await db.schema.alterTable(table).dropColumn(measure).execute();
  }
  await markUnbuilt(db);
}

async function markUnbuilt(db: Db): Promise<void> {
  await sql`delete from rollup_state where family = 'milestones'`.execute(db);
}
