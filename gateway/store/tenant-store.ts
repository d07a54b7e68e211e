/**
 * One tenant's view of the revenue store. Everything above the store layer (schema resolvers,
 * ingest, CLI) reaches the tables through a TenantStore, whose `db` adds the tenant to every query
 * (tenant-scope.ts) and, for a request whose token carries row scopes, narrows every query to
 * them (row-scope.ts). Constructing one without a tenant throws.
 */
import { type Kysely, sql } from 'kysely';
import type { DialectName, RevenueDatabase } from './database.js';
import { narrows, RowScopePlugin, type RowScopes } from './row-scope.js';
import type { Database } from './tables.js';
import { TenantScopePlugin } from './tenant-scope.js';
import { isBusy, waitForWriter } from './write-lock.js';

export interface TransactionOptions {
  /**
   * Serialise with the tenant's other writers (write.ts): on PostgreSQL a transaction-scoped
   * advisory lock of the tenant, taken first, so that what the transaction then reads is what no
   * other writer of the tenant is changing. SQLite has one writer at a time anyway.
   */
  lockTenant?: boolean;
}

export class TenantStore {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;

  constructor(
    readonly database: RevenueDatabase,
    readonly tenantId: string,
    /** Row scopes of the request's token; none (the default) sees the whole tenant. */
    readonly scopes: RowScopes = {},
  ) {
    const tenantScope = new TenantScopePlugin(tenantId);
    // Row scopes first: the subqueries they add are then tenant-scoped like everything else.
    this.db = narrows(scopes)
      ? database.db.withPlugin(new RowScopePlugin(scopes)).withPlugin(tenantScope)
      : database.db.withPlugin(tenantScope);
    this.dialect = database.dialect;
  }

  /** Whether this store is a transaction's (writes through it commit with that transaction). */
  get inTransaction(): boolean {
    return this.database.db.isTransaction;
  }

  /**
   * Runs `work` in one transaction on a store scoped like this one; inside a transaction already,
   * in that one. Every transaction through a TenantStore writes, so on SQLite it takes the write
   * lock first (write-lock.ts): a transaction that read first and wrote later could not wait for
   * another process's writer and would fail with SQLITE_BUSY.
   */
  async transaction<T>(
    work: (store: TenantStore) => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<T> {
    if (this.inTransaction) {
      await this.lock(this.database.db, options);
      return work(this);
    }
    for (let attempt = 0; ; attempt++) {
      let started = false;
      try {
        return await this.database.db.transaction().execute(async (trx) => {
          await this.lock(trx, options);
          started = true;
          return work(
            new TenantStore({ ...this.database, db: trx as Kysely<Database> }, this.tenantId, this.scopes),
          );
        });
      } catch (error) {
        // Only the lock is retried: nothing of `work` ran yet.
        if (started || !isBusy(error) || !(await waitForWriter(attempt))) throw error;
      }
    }
  }

  private async lock(trx: Kysely<Database>, options: TransactionOptions): Promise<void> {
    if (this.dialect === 'sqlite') {
      // A write that changes nothing: the transaction holds the write lock from here, as with
      // BEGIN IMMEDIATE (Kysely's SQLite driver always says BEGIN), before anything is read.
      if (!this.inTransaction) await sql`update tenants set id = id where 0`.execute(trx);
    } else if (options.lockTenant) {
      await sql`select pg_advisory_xact_lock(hashtext(${`tandem:write:${this.tenantId}`}))`.execute(trx);
    }
  }
}
