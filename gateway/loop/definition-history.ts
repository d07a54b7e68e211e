/**
 * Every version of a shared definition, newest first, with who made it (name and team function),
 * its sign-off, and what changed against the version before; and the proposals of a kind with
 * what each would change (docs/domain.md "Shared definitions: versions and sign-off").
 */
import type { StageDefinition } from '../domain/stages.js';
import { type ScoringModel, type SlaPolicy, scoringModelOf, slaPolicyOf } from '../store/definitions.js';
import type { TenantStore } from '../store/tenant-store.js';
import { changesOf, type DefinitionChangeRow, type DefinitionKind } from './definition-changes.js';
import { type FieldChange, fieldsOf } from './definition-diff.js';
import type { StageLadder } from './stage-ladder.js';

/** One version (or proposal) with the definition of its kind. */
export interface DefinitionVersion {
  kind: DefinitionKind;
  version: number;
  createdAt: number;
  createdBy: string | null;
  /** The author's team function, when a change record says it (versions since migration 0008). */
  createdByFunction: string | null;
  scoringModel: ScoringModel | null;
  slaPolicy: SlaPolicy | null;
  stageLadder: StageLadder | null;
  changes: FieldChange[];
  /** How this version came to be: applied at once, or proposed and approved. */
  signOff: DefinitionChangeRow | null;
}

type Body = Pick<
  DefinitionVersion,
  'version' | 'createdAt' | 'createdBy' | 'scoringModel' | 'slaPolicy' | 'stageLadder'
>;

export interface DefinitionHistoryPage {
  versions: DefinitionVersion[];
  /** Whether older versions follow; ask again with `after` = the last version. */
  hasMore: boolean;
}

/** Up to `first` versions of `kind` older than version `after` (all when null), newest first. */
export async function definitionHistory(
  store: TenantStore,
  kind: DefinitionKind,
  first: number,
  after: number | null,
): Promise<DefinitionHistoryPage> {
  // One more than asked: the last one shown is diffed against it, and it says whether more follow.
  const bodies = await versionsOf(store, kind, first + 1, after);
  const records = await changesOf(store)
    .where('kind', '=', kind)
    .where('status', 'in', ['applied', 'approved'])
    .execute();
  const byVersion = new Map(records.map((r) => [r.version, r]));
  const versions = bodies.slice(0, first).map((body, index) => {
    const signOff = byVersion.get(body.version) ?? null;
    const before = bodies[index + 1];
    return {
      kind,
      ...body,
      createdByFunction: signOff?.proposed_function ?? null,
      changes: before ? diff(kind, before, body) : [],
      signOff,
    };
  });
  return { versions, hasMore: bodies.length > first };
}

/**
 * Proposals are read a page at a time: each is diffed against its own base version (one
 * statement per base), and a tenant's decided proposals only grow.
 */
export const proposalsShown = 50;

/**
 * The newest proposals of `kind` (pending first, then newest), each diffed against the version it
 * was based on.
 */
export async function definitionProposals(
  store: TenantStore,
  kind: DefinitionKind,
): Promise<DefinitionVersion[]> {
  const records = await changesOf(store)
    .where('kind', '=', kind)
    .where('status', '<>', 'applied')
    .limit(proposalsShown)
    .execute();
  const ordered = [...records].sort(
    (a, b) => Number(b.status === 'pending') - Number(a.status === 'pending'),
  );
  const bases = new Map<number, Body | undefined>();
  const result: DefinitionVersion[] = [];
  for (const record of ordered) {
    if (!bases.has(record.based_on_version)) {
      const [found] = await versionsOf(store, kind, 1, record.based_on_version + 1);
      bases.set(record.based_on_version, found);
    }
    const base = bases.get(record.based_on_version);
    const body = proposedBody(kind, record);
    result.push({
      kind,
      ...body,
      createdByFunction: record.proposed_function,
      changes: base ? diff(kind, base, body) : [],
      signOff: record,
    });
  }
  return result;
}

function diff(kind: DefinitionKind, before: Body, after: Body): FieldChange[] {
  const old = fieldsOf(kind, before);
  const now = fieldsOf(kind, after);
  const names = [...new Set([...Object.keys(old), ...Object.keys(now)])];
  return names
    .filter((field) => old[field] !== now[field])
    .map((field) => ({ field, before: old[field] ?? null, after: now[field] ?? null }));
}

function proposedBody(kind: DefinitionKind, record: DefinitionChangeRow): Body {
  const version = record.based_on_version + 1;
  const createdAt = Number(record.proposed_at);
  const definition = JSON.parse(record.definition);
  const body: Body = {
    version,
    createdAt,
    createdBy: record.proposed_by,
    scoringModel: null,
    slaPolicy: null,
    stageLadder: null,
  };
  if (kind === 'scoring_model') body.scoringModel = { ...definition, version, createdAt };
  else if (kind === 'sla_policy') body.slaPolicy = { ...definition, version, createdAt };
  else body.stageLadder = { version, stages: definition, createdAt, createdBy: record.proposed_by };
  return body;
}

/** Up to `limit` stored versions of `kind` below `before` (all when null), newest first. */
async function versionsOf(
  store: TenantStore,
  kind: DefinitionKind,
  limit: number,
  before: number | null,
): Promise<Body[]> {
  const none = { scoringModel: null, slaPolicy: null, stageLadder: null };
  if (kind === 'scoring_model') {
    const rows = await store.db
      .selectFrom('scoring_models')
      .selectAll()
      .$if(before !== null, (q) => q.where('version', '<', before!))
      .orderBy('version', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => {
      const model = scoringModelOf(row);
      return {
        ...none,
        version: model.version,
        createdAt: model.createdAt,
        createdBy: row.created_by,
        scoringModel: model,
      };
    });
  }
  if (kind === 'sla_policy') {
    const rows = await store.db
      .selectFrom('sla_policies')
      .selectAll()
      .$if(before !== null, (q) => q.where('version', '<', before!))
      .orderBy('version', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => {
      const policy = slaPolicyOf(row);
      return {
        ...none,
        version: policy.version,
        createdAt: Number(policy.createdAt),
        createdBy: row.created_by,
        slaPolicy: policy,
      };
    });
  }
  const numbers = await store.db
    .selectFrom('lifecycle_stages')
    .select('version')
    .distinct()
    .$if(before !== null, (q) => q.where('version', '<', before!))
    .orderBy('version', 'desc')
    .limit(limit)
    .execute();
  if (numbers.length === 0) return [];
  const rows = await store.db
    .selectFrom('lifecycle_stages')
    .selectAll()
    .where(
      'version',
      'in',
      numbers.map((n) => n.version),
    )
    .orderBy('version', 'desc')
    .orderBy('position')
    .execute();
  return numbers.map(({ version }) => {
    const stages = rows.filter((row) => row.version === version);
    const ladder: StageLadder = {
      version,
      createdAt: Number(stages[0]!.created_at),
      createdBy: stages[0]!.created_by,
      stages: stages.map((row) => ({
        key: row.key,
        label: row.label,
        position: row.position,
        ownerTeam: row.owner_team as StageDefinition['ownerTeam'],
        entryCriteria: row.entry_criteria,
      })),
    };
    return {
      ...none,
      version,
      createdAt: ladder.createdAt,
      createdBy: ladder.createdBy,
      stageLadder: ladder,
    };
  });
}
