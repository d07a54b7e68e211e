/**
 * Keyset paging shared by the analysts' lists (opportunities, handoffs): rows ordered by one sort
 * key, nulls last either way, then by id, and an opaque cursor holding the last row's key and id.
 * No OFFSET, so a deep page costs what the first does, and a row written between two pages never
 * shifts the rows after the cursor: each row present when the walk began is returned once.
 *
 * The cursor also carries a signature of the list's filter and order (a cursor is only a position
 * in the list it came from) and the instant the walk began, for lists whose rows depend on the
 * clock (a handoff turns BREACHED when its deadline passes): later pages judge them at that instant.
 */
import { createHash } from 'node:crypto';
import { type RawBuilder, type SqlBool, sql } from 'kysely';

export type SortValue = number | string | null;

export interface ListCursor {
  /** listSignature of the filter and order the cursor was made under. */
  signature: string;
  /** The instant the first page was read at. */
  asOf: number;
  /** The last row's sort key (null sorts last) and id. */
  key: SortValue;
  id: string;
}

/** A short digest of what makes a list the list it is: its filter and its order. */
export function listSignature(list: unknown): string {
  return createHash('sha256').update(JSON.stringify(list)).digest('base64url').slice(0, 12);
}

export function encodeListCursor(cursor: ListCursor): string {
  const { signature, asOf, key, id } = cursor;
  return Buffer.from(JSON.stringify([signature, asOf, key, id])).toString('base64url');
}

/** The cursor, or undefined when the text is not one of ours. */
export function decodeListCursor(text: string): ListCursor | undefined {
  try {
    const [signature, asOf, key, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    const keyOk = key === null || typeof key === 'string' || Number.isFinite(key);
    if (typeof signature === 'string' && Number.isSafeInteger(asOf) && keyOk && typeof id === 'string')
      return { signature, asOf, key, id };
  } catch {
    // Not base64 or not JSON: reported by the caller with the text itself.
  }
  return undefined;
}

/** The rows that come after `after` in the order `(key is null), key (asc|desc), id asc`. */
export function afterCursor(
  key: RawBuilder<unknown>,
  id: RawBuilder<unknown>,
  descending: boolean,
  after: Pick<ListCursor, 'key' | 'id'>,
): RawBuilder<SqlBool> {
  if (after.key === null) return sql<SqlBool>`(${key} is null and ${id} > ${after.id})`;
  const beyond = descending ? sql`<` : sql`>`;
  return sql<SqlBool>`(${key} is null or ${key} ${beyond} ${after.key} or (${key} = ${after.key} and ${id} > ${after.id}))`;
}

/** ORDER BY for afterCursor: nulls last whichever the direction (SQLite and PostgreSQL differ). */
export function orderTerms(key: RawBuilder<unknown>, id: RawBuilder<unknown>, descending: boolean) {
  return [
    sql`case when ${key} is null then 1 else 0 end`,
    descending ? sql`${key} desc` : sql`${key} asc`,
    sql`${id} asc`,
  ];
}

/** Turns a sort key read back from the database into the cursor's value. */
export function sortValue(value: unknown): SortValue {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : Number(value);
}
