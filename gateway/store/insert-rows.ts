/**
 * Multi-row writes that stay under both dialects' bind-parameter limits (SQLite 32,766,
 * PostgreSQL 65,535): one statement per chunk instead of one per row is what makes seeding a
 * million touches fit in a minute.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from './tables.js';

const maxParameters = 30_000;

type Row<T extends keyof Database> = Database[T];

export async function insertRows<T extends keyof Database>(
  db: Kysely<Database>,
  table: T,
  rows: Row<T>[],
  conflict: { columns: string[]; update?: string[] } | 'ignore' | 'fail' = 'fail',
): Promise<void> {
  if (rows.length === 0) return;
  const width = Object.keys(rows[0] as object).length;
  const size = Math.max(1, Math.floor(maxParameters / width));
  for (let start = 0; start < rows.length; start += size) {
    const chunk = rows.slice(start, start + size);
    // biome-ignore lint/suspicious/noExplicitAny: Kysely cannot type a table chosen at run time.
    let query = db.insertInto(table).values(chunk as any);
    if (conflict === 'ignore') query = query.onConflict((oc) => oc.doNothing());
    else if (conflict !== 'fail') {
      const { columns, update } = conflict;
      query = query.onConflict((oc) => {
        // biome-ignore lint/suspicious/noExplicitAny: as above, the column names are checked by the callers' row types.
        const target = oc.columns(columns as any);
        if (!update?.length) return target.doNothing();
        // `excluded.<column>` is the row we tried to insert: take all its non-key columns.
        const set = Object.fromEntries(update.map((column) => [column, sql.ref(`excluded.${column}`)]));
        // biome-ignore lint/suspicious/noExplicitAny: as above.
        return target.doUpdateSet(set as any);
      });
    }
    await query.execute();
  }
}

/** The columns of a row type other than the key, for "update everything else" upserts. */
export function columnsExcept<T extends object>(row: T, key: string[]): string[] {
  return Object.keys(row).filter((column) => !key.includes(column));
}
