/**
 * The scoring matrix counts conversions in the cell a person stood in when handed off, not the
 * one today's decayed score puts them in (docs/domain.md "The scoring matrix"). Handoffs get
 * `fit_grade_at_handoff` and `band_at_handoff`, back-filled here: the band from each person's
 * score events up to the handoff instant, under the tenant's current half-life and band
 * thresholds; the grade is the person's current one, as no history of grades is kept. The
 * matrix rollups get `conversion_base` and are marked unbuilt, so their first reader rebuilds them.
 */
import { type Kysely, sql } from 'kysely';
import { recordHandoffCells } from '../handoff-cells.js';
import type { Database } from '../tables.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('handoffs').addColumn('fit_grade_at_handoff', 'text').execute();
  await db.schema.alterTable('handoffs').addColumn('band_at_handoff', 'integer').execute();
  for (const table of ['rollup_matrix', 'rollup_matrix_month']) {
    await db.schema
      .alterTable(table)
      .addColumn('conversion_base', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  }
  await backfill(db as unknown as Kysely<Database>);
  await markUnbuilt(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['rollup_matrix', 'rollup_matrix_month'])
    await db.schema.alterTable(table).dropColumn('conversion_base').execute();
  await db.schema.alterTable('handoffs').dropColumn('band_at_handoff').execute();
  await db.schema.alterTable('handoffs').dropColumn('fit_grade_at_handoff').execute();
  await markUnbuilt(db);
}

/** Every tenant's handoffs, tenant by tenant with that tenant's current scoring model. */
export async function backfill(db: Kysely<Database>): Promise<void> {
  const models = await db
    .selectFrom('scoring_models as m')
    .select(['m.tenant_id', 'm.rules', 'm.band_thresholds'])
    .where('m.version', '=', (eb) =>
      eb
        .selectFrom('scoring_models as n')
        .select((s) => s.fn.max('n.version').as('v'))
        .whereRef('n.tenant_id', '=', 'm.tenant_id'),
    )
    .execute();
  for (const model of models) {
    const handoffs = await db
      .selectFrom('handoffs')
      .selectAll()
      .where('tenant_id', '=', model.tenant_id)
      .execute();
    if (handoffs.length === 0) continue;
    const grades = new Map(
      (
        await db
          .selectFrom('people')
          .select(['id', 'fit_grade'])
          .where('tenant_id', '=', model.tenant_id)
          .execute()
      ).map((p) => [p.id, p.fit_grade]),
    );
    const scoring = { rules: JSON.parse(model.rules), bandThresholds: JSON.parse(model.band_thresholds) };
    await recordHandoffCells(db, model.tenant_id, handoffs, (id) => grades.get(id) ?? 'D', scoring);
    for (const h of handoffs) {
      await db
        .updateTable('handoffs')
        .set({ fit_grade_at_handoff: h.fit_grade_at_handoff, band_at_handoff: h.band_at_handoff })
        .where('tenant_id', '=', h.tenant_id)
        .where('id', '=', h.id)
        .execute();
    }
  }
}

async function markUnbuilt(db: Kysely<unknown>): Promise<void> {
  await sql`delete from rollup_state where family = 'matrix'`.execute(db);
}
