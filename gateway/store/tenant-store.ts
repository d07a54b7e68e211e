/**
 * One tenant's view of the revenue store. Everything above the store layer (schema resolvers,
 * ingest, CLI) reaches the tables through a TenantStore, whose `db` adds the tenant to every query
 * (tenant-scope.ts) and, for a request whose token carries row scopes, narrows every query to
 * them (row-scope.ts). Constructing one without a tenant throws.
 */
import type { Kysely } from 'kysely';
import type { DialectName, RevenueDatabase } from './database.js';
import { narrows, RowScopePlugin, type RowScopes } from './row-scope.js';
import type { Database } from './tables.js';
import { TenantScopePlugin } from './tenant-scope.js';

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

  /** Runs `work` in one transaction on a store scoped like this one. */
  transaction<T>(work: (store: TenantStore) => Promise<T>): Promise<T> {
    return this.database.db
      .transaction()
      .execute((trx) =>
        work(new TenantStore({ ...this.database, db: trx as Kysely<Database> }, this.tenantId, this.scopes)),
      );
  }
}
