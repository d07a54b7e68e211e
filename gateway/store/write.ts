/**
 * The one way a write commits (ingest batches, closed-loop moves, deal outcomes): one transaction
 * that first takes the tenant's write lock (tenant-store.ts), then does the work, which loads
 * what it will change inside the transaction, then marks what changed stale for the rollups,
 * and, once committed, tells the change feed (changes.ts).
 *
 * Why one lock per tenant rather than per person: an ingest batch touches thousands of people,
 * and taking thousands of row locks in a safe order costs more than it saves; the tenant lock
 * makes PostgreSQL writers of a tenant take turns exactly as SQLite's single writer does, while
 * readers never wait for it (they take no lock), and other tenants' writers go on in parallel.
 */
import { sql } from 'kysely';
import type { StoreChange } from './changes.js';
import type { TenantStore } from './tenant-store.js';

/**
 * Marks what a change makes stale, inside the write's transaction (the rollups' markChange; the
 * store layer is told it rather than importing the layer above). `touchedAt` are the instants
 * of the touches written.
 */
export type ChangeMarker = (
  store: TenantStore,
  change: StoreChange,
  touchedAt: readonly number[],
) => Promise<void>;

/** What a write's work gives back: its result, what it changed, and when its touches happened. */
export interface Written<T> {
  value: T;
  change: StoreChange;
  touchedAt?: readonly number[];
}

/**
 * `work` is told the tenant's write count with this write included (migration 0014): the write
 * before it in the tenant's history is number `count − 1`, so a writer that remembers the count
 * of its own last write knows whether anyone wrote in between (ingest/carried.ts).
 */
export async function writeTransaction<T>(
  store: TenantStore,
  mark: ChangeMarker | null,
  work: (trx: TenantStore, count: number) => Promise<Written<T>>,
): Promise<T> {
  // Publishing must follow the commit; inside someone else's transaction there is none yet.
  if (store.inTransaction) throw new Error('writeTransaction opens its own transaction: call it outside one');
  const written = await inTurn(store, () =>
    store.transaction(
      async (trx) => {
        const result = await work(trx, await countWrite(trx));
        if (mark) await mark(trx, result.change, result.touchedAt ?? []);
        return result;
      },
      { lockTenant: true },
    ),
  );
  store.database.changes.publish(written.change);
  return written.value;
}

/** Adds this write to the tenant's count and returns the count (0 for a tenant not stored yet). */
async function countWrite(trx: TenantStore): Promise<number> {
  const { rows } = await sql<{
    writes: number;
  }>`update tenants set writes = writes + 1 where id = ${trx.tenantId} returning writes`.execute(trx.db);
  return Number(rows[0]?.writes ?? 0);
}

/** The last write queued per database and tenant, in this process. */
const queues = new WeakMap<object, Map<string, Promise<void>>>();

/**
 * Runs `work` after the writes of the same tenant queued before it in this process. Writers of a
 * tenant take turns anyway (the lock); waiting here rather than at the lock keeps them from each
 * holding one of the pool's few connections while they wait, which readers need.
 */
async function inTurn<T>(store: TenantStore, work: () => Promise<T>): Promise<T> {
  let tenants = queues.get(store.database.db);
  if (!tenants) {
    tenants = new Map();
    queues.set(store.database.db, tenants);
  }
  const before = tenants.get(store.tenantId) ?? Promise.resolve();
  let done!: () => void;
  const turn = new Promise<void>((resolve) => {
    done = resolve;
  });
  const mine = before.then(() => turn);
  tenants.set(store.tenantId, mine);
  await before;
  try {
    return await work();
  } finally {
    done();
    if (tenants.get(store.tenantId) === mine) tenants.delete(store.tenantId);
  }
}
