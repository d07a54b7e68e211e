/**
 * The shared lifecycle stage ladder, versioned (docs/domain.md, "Lifecycle stages (shared
 * definitions)"): tenants rename, add, remove and reorder stages, give each an owner team and
 * written entry criteria. A new version may not drop a stage anyone currently holds.
 */
import type { StageDefinition } from '../domain/stages.js';
import { emptyChange } from '../store/changes.js';
import type { TenantStore } from '../store/tenant-store.js';
import { writeTransaction } from '../store/write.js';
import type { LoopContext } from './context.js';
import { saveOrPropose } from './definition-changes.js';
import { LoopError } from './errors.js';

export interface StageLadder {
  version: number;
  stages: StageDefinition[];
  createdAt: number;
  createdBy: string | null;
}

export type StageInput = Omit<StageDefinition, 'position'>;

const keyPattern = /^[a-z][a-z0-9_]{0,39}$/;

/** The current ladder with who agreed it and when. */
export async function currentLadder(store: TenantStore): Promise<StageLadder> {
  const rows = await store.db
    .selectFrom('lifecycle_stages')
    .selectAll()
    .where('version', '=', (eb) =>
      eb.selectFrom('lifecycle_stages').select((s) => s.fn.max('version').as('v')),
    )
    .orderBy('position')
    .execute();
  return {
    version: rows[0]?.version ?? 0,
    stages: rows.map((row) => ({
      key: row.key,
      label: row.label,
      position: row.position,
      ownerTeam: row.owner_team as StageDefinition['ownerTeam'],
      entryCriteria: row.entry_criteria,
    })),
    createdAt: rows[0]?.created_at ?? 0,
    createdBy: rows[0]?.created_by ?? null,
  };
}

/**
 * Inserts the next version of the ladder, positions in the given order; returns the version. One
 * write transaction (store/write.ts): no writer moves people into a removed stage, and no other
 * new version takes the number, between the checks and the insert. When the tenant needs the
 * other team's approval (definition-changes.ts), the ladder is proposed instead and the number
 * it will take returned; the held stages are checked again when it is approved.
 */
export async function updateLifecycleStages(
  store: TenantStore,
  stages: StageInput[],
  ctx: LoopContext,
): Promise<number> {
  validateLadder(stages);
  return writeTransaction(store, null, async (trx) => {
    const current = await currentLadder(trx);
    await refuseHeldStages(trx, stages);
    const next = stages.map((stage, index) => ({ ...stage, position: index + 1 }));
    const saved = await saveOrPropose(trx, 'stage_ladder', current.version, next, ctx, () =>
      insertLadder(trx, stages, ctx),
    );
    return {
      value: saved.version,
      change: { ...emptyChange(store.tenantId, 'definitions'), definitions: saved.applied },
    };
  });
}

/**
 * Inserts `stages` as the version after the current one, after checking no one holds a stage
 * it drops: the effects of an update, also those of an approved proposal. Inside a write transaction.
 */
export async function insertLadder(
  store: TenantStore,
  stages: StageInput[],
  ctx: LoopContext,
): Promise<number> {
  await refuseHeldStages(store, stages);
  const { version } = await currentLadder(store);
  await store.db
    .insertInto('lifecycle_stages')
    .values(
      stages.map((stage, index) => ({
        tenant_id: store.tenantId,
        version: version + 1,
        key: stage.key,
        label: stage.label.trim(),
        position: index + 1,
        owner_team: stage.ownerTeam,
        entry_criteria: stage.entryCriteria.trim(),
        created_at: ctx.now,
        created_by: ctx.actor.name,
      })),
    )
    .execute();
  return version + 1;
}

/** Refuses (STAGE_IN_USE) a ladder that drops a stage people hold, naming each and its count. */
async function refuseHeldStages(store: TenantStore, stages: StageInput[]): Promise<void> {
  const keys = stages.map((s) => s.key);
  const held = await store.db
    .selectFrom('people')
    .select(['stage', (eb) => eb.fn.countAll<number>().as('people')])
    .where('stage', 'not in', keys)
    .groupBy('stage')
    .orderBy('stage')
    .execute();
  if (held.length > 0) {
    const list = held
      .map((h) => `'${h.stage}' (${Number(h.people)} ${Number(h.people) === 1 ? 'person' : 'people'})`)
      .join(', ');
    throw new LoopError(
      'STAGE_IN_USE',
      `stages still held would be removed: ${list}; keep them, or move those people first`,
    );
  }
}

/**
 * Keys lower case and unique; labels given; marketing's stages first, then sales' (the handoff
 * is where the ladder passes from one to the other, gateway/ingest/apply-stage.ts).
 */
function validateLadder(stages: StageInput[]): void {
  const seen = new Set<string>();
  for (const stage of stages) {
    if (!keyPattern.test(stage.key)) {
      throw new LoopError(
        'BAD_STAGE_KEY',
        `stage key '${stage.key}' must be lower case: a letter, then letters, digits or _ (at most 40)`,
      );
    }
    if (seen.has(stage.key))
      throw new LoopError('DUPLICATE_STAGE', `stage key '${stage.key}' appears more than once`);
    seen.add(stage.key);
    if (!stage.label.trim()) throw new LoopError('BAD_STAGES', `stage '${stage.key}' needs a label`);
  }
  const firstSales = stages.findIndex((s) => s.ownerTeam === 'sales');
  if (firstSales <= 0) {
    throw new LoopError(
      'BAD_STAGES',
      `the ladder needs marketing stages followed by sales stages, got [${stages.map((s) => `${s.key} (${s.ownerTeam})`).join(', ')}]`,
    );
  }
  const late = stages.slice(firstSales).find((s) => s.ownerTeam === 'marketing');
  if (late) {
    throw new LoopError(
      'BAD_STAGE_ORDER',
      `marketing stage '${late.key}' comes after sales stage '${stages[firstSales]!.key}': marketing's stages come first, then sales'`,
    );
  }
}
