/**
 * Prospect handoffs (docs/domain.md "Prospects and their four flags"): whether the person had all
 * four qualification flags when handed off is kept on the handoff, since flags change later and
 * the question is what sales was given. The handoff family of rollups counts prospects' handoffs
 * and outcomes beside the totals, so the SLA can set prospects against the rest.
 *
 * Back-fill: nothing recorded the flags at handoff time before this migration, so existing
 * handoffs take the person's flags as they are now (a handoff is a prospect's when all four are
 * set today). The handoff family is marked unbuilt, so its first reader rebuilds it with the new
 * counts (metrics/refresh.ts).
 */
import { type Kysely, sql } from 'kysely';

type Db = Kysely<unknown>;

/** The prospect measures of rollup_handoffs and its monthly twin. */
const measures = ['prospects', 'prospects_accepted', 'prospects_outcome_known', 'prospects_qualified'];

export async function up(db: Db): Promise<void> {
  await db.schema
    .alterTable('handoffs')
    .addColumn('is_prospect', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`
    update handoffs set is_prospect = 1
    where exists (
      select 1 from people p
      where p.tenant_id = handoffs.tenant_id and p.id = handoffs.person_id
        and p.icp_fit = 1 and p.has_budget = 1 and p.has_timeframe = 1 and p.willing_to_engage = 1)`.execute(
    db,
  );
  for (const table of ['rollup_handoffs', 'rollup_handoffs_month']) {
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
  for (const table of ['rollup_handoffs', 'rollup_handoffs_month']) {
    for (const measure of measures) await db.schema.alterTable(table).dropColumn(measure).execute();
  }
  await db.schema.alterTable('handoffs').dropColumn('is_prospect').execute();
  await markUnbuilt(db);
}

async function markUnbuilt(db: Db): Promise<void> {
  await sql`delete from rollup_state where family = 'handoffs'`.execute(db);
}
