/**
 * Row scopes: a token may narrow its tenant further, to the people of one team, one owner, one
 * region or one segment, and to one customer record. Like the tenant, they are applied by a Kysely
 * plugin on the store's `db` (it shares tenant-scope.ts's traversal), so every query and mutation
 * is narrowed and no resolver can forget it.
 *
 * Everything narrowed hangs off a person, so every condition has one shape:
 * `<column> IN (SELECT p.<key> FROM people p WHERE <scopes>)`, with `<scopes>` built by
 * `personMatches`, the very function the metrics filter uses: a team-scoped token sees exactly
 * what an unscoped one sees with `filter: { teamId }`. Reference data (teams, users, campaigns,
 * their costs) and the shared definitions stay tenant-wide.
 */
import {
  AliasNode,
  BinaryOperationNode,
  ColumnNode,
  expressionBuilder,
  IdentifierNode,
  type KyselyPlugin,
  type OperationNode,
  OperatorNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  ReferenceNode,
  SelectQueryNode,
  TableNode,
  type UnknownRow,
} from 'kysely';
import { personMatches } from './person-slices.js';
import type { Database, PersonTable } from './tables.js';
import { isColumnOf, TableConditionTransformer } from './tenant-scope.js';

export interface RowScopes {
  /** People owned by a member of this team (a team id). */
  teamId?: string | null;
  /** People owned by this user (a user id). */
  ownerId?: string | null;
  /** People in this region (their own, else their account's). */
  region?: string | null;
  /** People whose account is in this segment. */
  segment?: string | null;
  /** One customer: a person (`per_…`), or an account (`acc_…`) with its people. */
  record?: string | null;
}

/** True when the scopes narrow anything: an unscoped store carries no row scope plugin at all. */
export function narrows(scopes: RowScopes | undefined): scopes is RowScopes {
  return !!(scopes?.teamId || scopes?.ownerId || scopes?.region || scopes?.segment || scopes?.record);
}

type ScopeTables = Database & { p: PersonTable; o: Database['opportunities'] };

/**
 * The column name the scope subqueries select: it marks them, so that a query passing through the
 * plugin again (see TableConditionTransformer) neither narrows them nor narrows by them twice.
 * A name no query of ours selects: a subquery selecting it alone would be left unnarrowed.
 */
const marker = 'tandem_row_scope';

function isScopeSubquery(node: OperationNode): boolean {
  return (
    SelectQueryNode.is(node) &&
    node.selections?.length === 1 &&
    AliasNode.is(node.selections[0].selection) &&
    IdentifierNode.is(node.selections[0].selection.alias) &&
    node.selections[0].selection.alias.name === marker
  );
}

/** `SELECT p.<key> FROM people p WHERE <scopes>`: the in-scope people. */
function peopleInScope(scopes: RowScopes, key: 'id' | 'account_id') {
  const filter = {
    teamId: scopes.teamId,
    ownerId: scopes.ownerId,
    region: scopes.region,
    segment: scopes.segment,
  };
  const record = scopes.record ?? null;
  return expressionBuilder<ScopeTables, never>()
    .selectFrom('people as p')
    .select(`p.${key} as ${marker}`)
    .where(personMatches(filter))
    .$if(record?.startsWith('acc_') ?? false, (q) => q.where('p.account_id', '=', record!))
    .$if(record !== null && !record.startsWith('acc_'), (q) => q.where('p.id', '=', record!));
}

/** The deals in scope, by their primary person: for the tables that hang off a deal. */
function opportunitiesInScope(scopes: RowScopes) {
  return expressionBuilder<ScopeTables, never>()
    .selectFrom('opportunities as o')
    .select(`o.id as ${marker}`)
    .where('o.primary_person_id', 'in', peopleInScope(scopes, 'id'));
}

class RowScopeTransformer extends TableConditionTransformer {
  private readonly people: OperationNode;
  private readonly accounts: OperationNode;
  private readonly opportunities: OperationNode;

  constructor(scopes: RowScopes) {
    super();
    this.people = peopleInScope(scopes, 'id').toOperationNode();
    this.accounts = peopleInScope(scopes, 'account_id').toOperationNode();
    this.opportunities = opportunitiesInScope(scopes).toOperationNode();
  }

  /** Which column of a table says whose it is, and the in-scope set it must be in. */
  private scopeOf(table: string): [column: string, inScope: OperationNode] | undefined {
    switch (table) {
      case 'people':
        return ['id', this.people];
      case 'touches':
      case 'activities':
      case 'stage_transitions':
      case 'handoffs':
      case 'score_events':
      case 'person_identities':
      case 'person_emails':
        return ['person_id', this.people];
      case 'opportunities':
        return ['primary_person_id', this.people];
      case 'opportunity_stages':
        return ['opportunity_id', this.opportunities];
      case 'accounts':
        return ['id', this.accounts];
      case 'account_identities':
        return ['account_id', this.accounts];
      default:
        return undefined;
    }
  }

  /** The scope subqueries are already narrowed as they should be: left as they are. */
  protected override transformSelectQuery(node: SelectQueryNode): SelectQueryNode {
    return isScopeSubquery(node) ? node : super.transformSelectQuery(node);
  }

  protected applied(existing: OperationNode, table: string, name: string): boolean {
    const scope = this.scopeOf(table);
    return (
      !!scope &&
      BinaryOperationNode.is(existing) &&
      isColumnOf(existing.leftOperand, name, scope[0]) &&
      isScopeSubquery(existing.rightOperand)
    );
  }

  protected condition(table: string, name: string): OperationNode | undefined {
    const scope = this.scopeOf(table);
    if (!scope) return undefined;
    const [column, inScope] = scope;
    return BinaryOperationNode.create(
      ReferenceNode.create(ColumnNode.create(column), TableNode.create(name)),
      OperatorNode.create('in'),
      inScope,
    );
  }
}

/**
 * Narrows every query to the rows the scopes allow. Add it *before* the TenantScopePlugin
 * (TenantStore does), so the subqueries it adds are tenant-scoped too.
 */
export class RowScopePlugin implements KyselyPlugin {
  private readonly transformer: RowScopeTransformer;

  constructor(readonly scopes: RowScopes) {
    this.transformer = new RowScopeTransformer(scopes);
  }

  transformQuery(args: PluginTransformQueryArgs) {
    return this.transformer.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
