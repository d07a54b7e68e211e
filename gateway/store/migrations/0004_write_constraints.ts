/**
 * What concurrent writers must not break, said by the database rather than hoped by the code
 * (issue 13): one open handoff per person, and one score event per touch.
 *
 * - `handoffs_one_open`: a person has at most one handoff neither accepted nor sent back. Data
 *   written before it may hold several (two handoffs racing, or a lead re-entering the handoff
 *   stage before sales answered); the newest open one is kept and the older open ones deleted,
 *   and the rollups built from handoffs are marked for a rebuild.
 * - `score_events.touch_id`, unique per tenant: the touch a score event was earned by, so a
 *   touch delivered twice at once is scored once. Older score events keep a null key (nothing
 *   in them says which touch earned them), which the index allows any number of.
 * Touches, activities and stage transitions (a handoff's source id among them) were unique
 * already: their primary key is derived from the source identity (gateway/ingest/ids.ts).
 */
import { type Kysely, sql } from 'kysely';

type Db = Kysely<unknown>;

export async function up(db: Db): Promise<void> {
  const removed = await sql`
    delete from handoffs
    where accepted_at is null and sent_back_at is null and exists (
      select 1 from handoffs newer
      where newer.tenant_id = handoffs.tenant_id and newer.person_id = handoffs.person_id
        and newer.accepted_at is null and newer.sent_back_at is null
        and (newer.handed_off_at > handoffs.handed_off_at
          or (newer.handed_off_at = handoffs.handed_off_at and newer.id > handoffs.id)))`.execute(db);
  if (Number(removed.numAffectedRows ?? 0) > 0) {
    // The next refresh rebuilds what counted the deleted handoffs (gateway/metrics/refresh.ts).
    await sql`delete from rollup_state where family in ('cohort', 'handoffs')`.execute(db);
  }
  await sql`create unique index handoffs_one_open on handoffs (tenant_id, person_id)
    where accepted_at is null and sent_back_at is null`.execute(db);

  await db.schema.alterTable('score_events').addColumn('touch_id', 'text').execute();
  await db.schema
    .createIndex('score_events_touch')
    .on('score_events')
    .columns(['tenant_id', 'touch_id'])
    .unique()
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('score_events_touch').execute();
  await db.schema.alterTable('score_events').dropColumn('touch_id').execute();
  await db.schema.dropIndex('handoffs_one_open').execute();
}
