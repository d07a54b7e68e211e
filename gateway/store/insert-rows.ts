/**
 * Multi-row writes that stay under both dialects' bind-parameter limits (SQLite 32,766,
 * PostgreSQL 65,535): one statement per chunk instead of one per row is what makes seeding a
 * million touches fit in a minute.
 */
import { type CompiledQuery, type Kysely, sql } from 'kysely';
import type { DialectName } from './database.js';
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
  const columns = Object.keys(rows[0] as object);
  const width = columns.length;
  const size = Math.max(1, Math.floor(maxParameters / width));
  // The statement Kysely built for the first full chunk (its tenant checked by the tenant scope),
  // run again with the next full chunks' values: building a 30,000-value insert was a few % of an
  // import's time, and every full chunk of one call has the same text.
  let reuse: { compiled: CompiledQuery; tenantId: unknown } | null = null;
  for (let start = 0; start < rows.length; start += size) {
    const chunk = rows.slice(start, start + size);
    if (reuse && chunk.length === size) {
      const parameters = sameShape(chunk, columns, reuse.tenantId);
      if (parameters) {
        await db.executeQuery({ ...reuse.compiled, parameters });
        continue;
      }
    }
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
    const compiled = query.compile();
    await db.executeQuery(compiled);
    if (!reuse && chunk.length === size && start + size < rows.length) {
      // Reused only when its values are exactly the rows' values, column by column, in order.
      const tenantId = (chunk[0] as { tenant_id?: unknown }).tenant_id;
      const parameters = sameShape(chunk, columns, tenantId);
      if (
        tenantId !== undefined &&
        parameters &&
        parameters.length === compiled.parameters.length &&
        parameters.every((value, i) => value === compiled.parameters[i])
      )
        reuse = { compiled, tenantId };
    }
  }
}

/**
 * The chunk's values row by row in `columns`' order, or null when a row has other columns, an
 * undefined value (which Kysely writes as DEFAULT) or another tenant: those take Kysely's path.
 */
function sameShape(chunk: readonly object[], columns: string[], tenantId: unknown): unknown[] | null {
  const parameters: unknown[] = [];
  for (const row of chunk) {
    const values = row as Record<string, unknown>;
    if (values.tenant_id !== tenantId) return null;
    let count = 0;
    for (const column in values) {
      count++;
      const value = values[column];
      if (value === undefined || column !== columns[count - 1]) return null;
      parameters.push(value);
    }
    if (count !== columns.length) return null;
  }
  return parameters;
}

/** The columns of a row type other than the key, for "update everything else" upserts. */
export function columnsExcept<T extends object>(row: T, key: string[]): string[] {
  return Object.keys(row).filter((column) => !key.includes(column));
}

/**
 * Sets `columns` of rows already stored, found by the tenant and their `id`. On SQLite, one
 * `UPDATE … FROM (VALUES …)` per chunk: half the time of an upsert of the same rows, which binds
 * every column and tries an insert before it finds the conflict. On PostgreSQL, whose VALUES
 * would need every parameter's type spelled out, a multi-row upsert (insertRows) setting only
 * `columns`.
 */
export async function updateRows<T extends 'people' | 'handoffs'>(
  db: Kysely<Database>,
  dialect: DialectName,
  tenantId: string,
  table: T,
  rows: Row<T>[],
  columns: (keyof Row<T> & string)[],
): Promise<void> {
  if (rows.length === 0 || columns.length === 0) return;
  if (dialect === 'postgres') {
    await insertRows(db, table, rows, { columns: ['tenant_id', 'id'], update: columns });
    return;
  }
  const size = Math.max(1, Math.floor(maxParameters / (columns.length + 1)));
  for (let start = 0; start < rows.length; start += size) {
    const chunk = rows.slice(start, start + size);
    const compiled = updateStatement(db, table, columns, chunk.length);
    const parameters: unknown[] = [];
    for (const row of chunk) {
      const values = row as unknown as Record<string, unknown>;
      if (values.tenant_id !== tenantId)
        throw new Error(`updateRows: a row of tenant ${String(values.tenant_id)} in ${tenantId}'s write`);
      parameters.push(values.id);
      for (const column of columns) parameters.push(values[column]);
    }
    parameters.push(tenantId);
    await db.executeQuery({ ...compiled, parameters });
  }
}

/** Compiled UPDATE … FROM (VALUES) texts by table, columns and row count: compiling 30,000 placeholders took longer than running them. */
const updateStatements = new Map<string, CompiledQuery>();

function updateStatement(
  db: Kysely<Database>,
  table: string,
  columns: string[],
  count: number,
): CompiledQuery {
  const key = `${table}\u0000${columns.join(',')}\u0000${count}`;
  let compiled = updateStatements.get(key);
  if (!compiled) {
    const names = ['id', ...columns].map((_, i) => sql.raw(`c${i}`));
    const set = sql.join(columns.map((column, i) => sql`${sql.ref(column)} = v.${names[i + 1]!}`));
    const tuple = sql`(${sql.join(names.map(() => sql`${null}`))})`;
    // Raw, with the tenant as its last parameter: no other tenant's row can match, whatever the ids.
    compiled =
      sql`with v(${sql.join(names)}) as (values ${sql.join(Array.from({ length: count }, () => tuple))})
      update ${sql.table(table)} set ${set} from v where ${sql.ref(`${table}.tenant_id`)} = ${null} and ${sql.ref(`${table}.id`)} = v.c0`.compile(
        db,
      );
    // Full chunks share one text; the last chunk of each write has its own: keep only a few.
    if (updateStatements.size >= 16) updateStatements.clear();
    updateStatements.set(key, compiled);
  }
  return compiled;
}
