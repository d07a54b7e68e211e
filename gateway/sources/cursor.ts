/**
 * Sync cursors: where each stream of each source resumes, per tenant. Written with the rows they
 * cover, in the same transaction (the sync runner calls `writeCursor` from `afterBatch`).
 */
import type { TenantStore } from '../store/tenant-store.js';

export async function readCursor(store: TenantStore, source: string, stream: string): Promise<string | null> {
  const row = await store.db
    .selectFrom('sync_cursors')
    .select('cursor')
    .where('source', '=', source)
    .where('stream', '=', stream)
    .executeTakeFirst();
  return row?.cursor ?? null;
}

export async function writeCursor(
  store: TenantStore,
  source: string,
  stream: string,
  cursor: string,
  now = Date.now(),
): Promise<void> {
  await store.db
    .insertInto('sync_cursors')
    .values({ tenant_id: store.tenantId, source, stream, cursor, updated_at: now })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'source', 'stream']).doUpdateSet({ cursor, updated_at: now }),
    )
    .execute();
}

/** Every cursor of a source, for `tandem sync` to say where it starts. */
export async function listCursors(
  store: TenantStore,
  source: string,
): Promise<{ stream: string; cursor: string; updated_at: number }[]> {
  return store.db
    .selectFrom('sync_cursors')
    .select(['stream', 'cursor', 'updated_at'])
    .where('source', '=', source)
    .orderBy('stream')
    .execute();
}
