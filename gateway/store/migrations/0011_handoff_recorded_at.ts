/**
 * When each handoff was recorded (docs/domain.md "History is not an alarm"): a handoff written
 * after its deadline had passed (two years of MQL dates from a CSV, a connector's first sync) is
 * history, counted by the breach rule from the activities that came with it but never announced
 * as a live breach (domain/sla-breach.ts `isHistory`, live/sla-watcher.ts). Handoffs recorded
 * before this migration keep NULL: nothing says when they were written, so they stay as they were.
 */
import type { Kysely } from 'kysely';

type Db = Kysely<unknown>;

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('handoffs').addColumn('recorded_at', 'bigint').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('handoffs').dropColumn('recorded_at').execute();
}
