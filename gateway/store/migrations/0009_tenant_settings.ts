/**
 * A company's own tenant (issue 15): the month its fiscal year starts in, 1 (January) to 12, kept
 * on the tenant for quarters and years that follow it (docs/onboarding.md). Existing tenants
 * (the demo's among them) take January, the calendar year.
 */
import type { Kysely } from 'kysely';

type Db = Kysely<unknown>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .alterTable('tenants')
    .addColumn('fiscal_year_start', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('tenants').dropColumn('fiscal_year_start').execute();
}
