/**
 * A Kysely plugin that makes every query one tenant's: it adds `tenant_id = <tenant>` for every
 * tenant table a SELECT, UPDATE or DELETE reads (FROM items, joins, subqueries and CTEs alike),
 * and refuses an INSERT whose rows belong to another tenant or to none.
 *
 * Why a plugin and not a helper resolvers call: a helper can be forgotten; this cannot. The only
 * way to reach the tables from the gateway is a TenantStore's `db`, which carries this plugin (and,
 * for a token with row scopes, the RowScopePlugin of row-scope.ts, which shares its traversal).
 * Raw SQL statements (`sql\`...\`.execute`) bypass it, so none are written above the store.
 */
import {
  AliasNode,
  AndNode,
  BinaryOperationNode,
  ColumnNode,
  type DeleteQueryNode,
  IdentifierNode,
  type InsertQueryNode,
  JoinNode,
  type KyselyPlugin,
  type OperationNode,
  OperationNodeTransformer,
  OperatorNode,
  ParensNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  ReferenceNode,
  type SelectQueryNode,
  TableNode,
  type UnknownRow,
  type UpdateQueryNode,
  ValueNode,
  WhereNode,
} from 'kysely';
import type { Database } from './tables.js';

/**
 * How each table is reached: 'tenant' tables hold one tenant's rows in `tenant_id` and every query
 * on them is scoped here; 'unscoped-reference' tables are read by id only (the tenants
 * themselves). Keyed by the Database interface and checked with `satisfies`, so a table added
 * there without a line here does not compile: an unlisted table would be read without a tenant
 * filter. test/store/tenant-scope-tables.test.ts checks the live schema against it.
 */
export const tableScopes = {
  tenants: 'unscoped-reference',
  teams: 'tenant',
  users: 'tenant',
  accounts: 'tenant',
  account_identities: 'tenant',
  people: 'tenant',
  person_identities: 'tenant',
  person_emails: 'tenant',
  campaigns: 'tenant',
  campaign_costs: 'tenant',
  touches: 'tenant',
  activities: 'tenant',
  stage_transitions: 'tenant',
  handoffs: 'tenant',
  opportunities: 'tenant',
  opportunity_stages: 'tenant',
  products: 'tenant',
  crm_stages: 'tenant',
  crm_settings: 'tenant',
  lifecycle_stages: 'tenant',
  scoring_models: 'tenant',
  sla_policies: 'tenant',
  score_events: 'tenant',
  sync_cursors: 'tenant',
  definition_changes: 'tenant',
  definition_settings: 'tenant',
  rollup_dirty: 'tenant',
  rollup_dirty_people: 'tenant',
  rollup_state: 'tenant',
  rollup_cohort: 'tenant',
  rollup_funnel: 'tenant',
  rollup_velocity: 'tenant',
  rollup_velocity_month: 'tenant',
  rollup_matrix: 'tenant',
  rollup_handoffs: 'tenant',
  rollup_response: 'tenant',
  rollup_response_month: 'tenant',
  person_milestones: 'tenant',
  rollup_milestones: 'tenant',
  rollup_campaign_entries: 'tenant',
  rollup_campaign_touches: 'tenant',
  rollup_attribution: 'tenant',
  rollup_won: 'tenant',
  rollup_cohort_month: 'tenant',
  rollup_funnel_month: 'tenant',
  rollup_matrix_month: 'tenant',
  rollup_handoffs_month: 'tenant',
  rollup_milestones_month: 'tenant',
  rollup_campaign_entries_month: 'tenant',
  rollup_campaign_touches_month: 'tenant',
  rollup_attribution_month: 'tenant',
  rollup_won_month: 'tenant',
  person_slices: 'tenant',
  deal_slices: 'tenant',
  rollup_slice_people: 'tenant',
  rollup_slice_cohort: 'tenant',
  rollup_slice_deals: 'tenant',
  rollup_slice_people_month: 'tenant',
  rollup_slice_cohort_month: 'tenant',
  rollup_slice_deals_month: 'tenant',
} as const satisfies Record<keyof Database, 'tenant' | 'unscoped-reference'>;

export const tenantTables: ReadonlySet<string> = new Set(
  Object.entries(tableScopes)
    .filter(([, scope]) => scope === 'tenant')
    .map(([table]) => table),
);

export class TenantScopeError extends Error {
  override name = 'TenantScopeError';
}

/** A table a query reads, and the name it is referred to by there (its alias, or itself). */
function tableReference(node: OperationNode): { table: string; name: string } | undefined {
  if (TableNode.is(node)) {
    const table = node.table.identifier.name;
    return { table, name: table };
  }
  if (AliasNode.is(node) && TableNode.is(node.node) && IdentifierNode.is(node.alias)) {
    return { table: node.node.table.identifier.name, name: node.alias.name };
  }
  return undefined;
}

/** The conditions ANDed together in a WHERE or ON (parentheses and nested ANDs flattened). */
function conjuncts(node: OperationNode | undefined): OperationNode[] {
  if (!node) return [];
  if (AndNode.is(node)) return [...conjuncts(node.left), ...conjuncts(node.right)];
  if (ParensNode.is(node)) return conjuncts(node.node);
  return [node];
}

/**
 * Adds a condition for every table a SELECT, UPDATE or DELETE reads (FROM items, joins,
 * subqueries and CTEs alike): `condition(table, name)` says which, if any, for a table referred
 * to by `name`. The tenant (here) and the row scopes (row-scope.ts) share this traversal, so the
 * two can never disagree about what "every table a query reads" means.
 *
 * A query can pass through more than once: Kysely applies plugins when a subquery built on the
 * store is embedded in another (`toOperationNode`), and again when the whole runs. `applied`
 * recognises a condition added before, so each is added once, whatever the nesting.
 */
export abstract class TableConditionTransformer extends OperationNodeTransformer {
  protected abstract condition(table: string, name: string): OperationNode | undefined;
  /** Whether `existing` is the condition `condition(table, name)` would add. */
  protected abstract applied(existing: OperationNode, table: string, name: string): boolean;

  private conditionOf(node: OperationNode, present: OperationNode | undefined): OperationNode | undefined {
    const reference = tableReference(node);
    if (!reference) return undefined;
    if (conjuncts(present).some((c) => this.applied(c, reference.table, reference.name))) return undefined;
    return this.condition(reference.table, reference.name);
  }

  private withConditions(
    where: WhereNode | undefined,
    items: ReadonlyArray<OperationNode>,
  ): WhereNode | undefined {
    let result = where;
    for (const item of items) {
      const condition = this.conditionOf(item, result?.where);
      if (!condition) continue;
      // Parentheses keep an existing `a OR b` from binding looser than our AND.
      result = result
        ? WhereNode.create(AndNode.create(condition, ParensNode.create(result.where)))
        : WhereNode.create(condition);
    }
    return result;
  }

  /** Joined tables get the condition in their ON clause, so outer joins keep their meaning. */
  private scopeJoins(joins: ReadonlyArray<JoinNode> | undefined): ReadonlyArray<JoinNode> | undefined {
    return joins?.map((join) => {
      const condition = join.on ? this.conditionOf(join.table, join.on.on) : undefined;
      return condition ? JoinNode.cloneWithOn(join, condition) : join;
    });
  }

  private crossJoined(joins: ReadonlyArray<JoinNode> | undefined): OperationNode[] {
    return (joins ?? []).filter((j) => !j.on).map((j) => j.table);
  }

  /**
   * SELECTs this transformer produced: scoped already, subqueries and all. A subquery embedded in
   * a larger query comes back as the very node it returned, and is not walked and copied again.
   */
  private readonly scoped = new WeakSet<SelectQueryNode>();

  protected override transformSelectQuery(node: SelectQueryNode): SelectQueryNode {
    if (this.scoped.has(node)) return node;
    const inner = super.transformSelectQuery(node);
    const items = [...(inner.from?.froms ?? []), ...this.crossJoined(inner.joins)];
    const result = {
      ...inner,
      joins: this.scopeJoins(inner.joins),
      where: this.withConditions(inner.where, items),
    };
    this.scoped.add(result);
    return result;
  }

  protected override transformUpdateQuery(node: UpdateQueryNode): UpdateQueryNode {
    const inner = super.transformUpdateQuery(node);
    const items = [...(inner.table ? [inner.table] : []), ...(inner.from?.froms ?? [])];
    return { ...inner, joins: this.scopeJoins(inner.joins), where: this.withConditions(inner.where, items) };
  }

  protected override transformDeleteQuery(node: DeleteQueryNode): DeleteQueryNode {
    const inner = super.transformDeleteQuery(node);
    return {
      ...inner,
      joins: this.scopeJoins(inner.joins),
      where: this.withConditions(inner.where, inner.from.froms),
    };
  }
}

/** `name.column`, as a reference node: the left side of every condition the scopes add. */
export function isColumnOf(node: OperationNode, name: string, column: string): boolean {
  return (
    ReferenceNode.is(node) &&
    ColumnNode.is(node.column) &&
    node.column.column.name === column &&
    !!node.table &&
    node.table.table.identifier.name === name
  );
}

class TenantScopeTransformer extends TableConditionTransformer {
  constructor(private readonly tenantId: string) {
    super();
  }

  protected applied(existing: OperationNode, _table: string, name: string): boolean {
    return (
      BinaryOperationNode.is(existing) &&
      isColumnOf(existing.leftOperand, name, 'tenant_id') &&
      ValueNode.is(existing.rightOperand) &&
      existing.rightOperand.value === this.tenantId
    );
  }

  protected condition(table: string, name: string): OperationNode | undefined {
    if (!tenantTables.has(table)) return undefined;
    return BinaryOperationNode.create(
      ReferenceNode.create(ColumnNode.create('tenant_id'), TableNode.create(name)),
      OperatorNode.create('='),
      ValueNode.create(this.tenantId),
    );
  }

  protected override transformInsertQuery(node: InsertQueryNode): InsertQueryNode {
    const inner = super.transformInsertQuery(node);
    const table = inner.into?.table.identifier.name;
    if (!table || !tenantTables.has(table)) return inner;
    const column = inner.columns?.findIndex((c) => c.column.name === 'tenant_id') ?? -1;
    if (column < 0) throw new TenantScopeError(`insert into ${table} without tenant_id`);
    for (const value of rowValues(inner.values, column)) {
      if (value !== this.tenantId) throw new TenantScopeError(`insert into ${table} for another tenant`);
    }
    return inner;
  }
}

/** The tenant_id value of each inserted row (plain values, or value nodes). */
function rowValues(values: OperationNode | undefined, column: number): unknown[] {
  if (values?.kind !== 'ValuesNode') return [];
  const rows = (values as unknown as { values: ReadonlyArray<OperationNode> }).values;
  return rows.map((row) => {
    if (row.kind === 'PrimitiveValueListNode')
      return (row as unknown as { values: unknown[] }).values[column];
    const cell = (row as unknown as { values: OperationNode[] }).values[column];
    return cell && ValueNode.is(cell) ? cell.value : undefined;
  });
}

export class TenantScopePlugin implements KyselyPlugin {
  private readonly transformer: TenantScopeTransformer;

  constructor(tenantId: string) {
    if (!tenantId) throw new TenantScopeError('a tenant is required for every query');
    this.transformer = new TenantScopeTransformer(tenantId);
  }

  transformQuery(args: PluginTransformQueryArgs) {
    return this.transformer.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
