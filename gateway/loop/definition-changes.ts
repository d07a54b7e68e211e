/**
 * The record of every change to a shared definition (migration 0008): applied at once, or
 * proposed by one team and approved, rejected or superseded (docs/domain.md "Shared definitions:
 * versions and sign-off"), and the tenant's setting that decides which.
 *
 * The two tables are not in the store's tenant-scoped list (store/tenant-scope.ts), so every
 * statement here names the tenant itself; nothing else reads or writes them.
 */
import { randomUUID } from 'node:crypto';
import type { DefinitionChangeTable } from '../store/tables.js';
import type { TenantStore } from '../store/tenant-store.js';
import type { Actor, LoopContext } from './context.js';

export type ApprovalErrorCode =
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'NOT_PENDING'
  | 'STALE_PROPOSAL'
  | 'BAD_ARGUMENTS';

/** Why a proposal could not be decided; the GraphQL layer turns it into a coded error. */
export class ApprovalError extends Error {
  override name = 'ApprovalError';

  constructor(
    readonly code: ApprovalErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const definitionKinds = ['scoring_model', 'stage_ladder', 'sla_policy'] as const;
export type DefinitionKind = (typeof definitionKinds)[number];

/** applied: saved at once; pending: waiting for the other team; the rest: how a proposal ended. */
export type ChangeStatus = 'applied' | 'pending' | 'approved' | 'rejected' | 'superseded';

/** A row of definition_changes (store/tables.ts): one step of a definition's history. */
export type DefinitionChangeRow = DefinitionChangeTable;

export async function needsApproval(store: TenantStore): Promise<boolean> {
  const row = await store.db
    .selectFrom('definition_settings')
    .select('needs_approval')
    .where('tenant_id', '=', store.tenantId)
    .executeTakeFirst();
  return Number(row?.needs_approval ?? 0) === 1;
}

export async function setNeedsApproval(store: TenantStore, on: boolean, ctx: LoopContext): Promise<boolean> {
  const row = {
    tenant_id: store.tenantId,
    needs_approval: on ? 1 : 0,
    updated_at: ctx.now,
    updated_by: ctx.actor.name,
  };
  await store.db
    .insertInto('definition_settings')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('tenant_id')
        .doUpdateSet({ needs_approval: row.needs_approval, updated_at: ctx.now, updated_by: ctx.actor.name }),
    )
    .execute();
  return on;
}

/** The change records of one kind (or one by id), the tenant's only, newest first. */
export function changesOf(store: TenantStore) {
  return store.db
    .selectFrom('definition_changes')
    .selectAll()
    .where('tenant_id', '=', store.tenantId)
    .orderBy('proposed_at', 'desc')
    .orderBy('id', 'desc');
}

export interface Saved {
  /** The version saved, or the number a proposal will take when approved. */
  version: number;
  applied: boolean;
}

/**
 * Saves `next` through `apply` and records who did it, or, when the tenant needs the other
 * team's approval, records it as a pending proposal: a pending proposal of the same kind is
 * superseded (recorded as such), so a team can correct its proposal without waiting for a
 * rejection. Call inside the write transaction that read `basedOn`.
 */
export async function saveOrPropose(
  store: TenantStore,
  kind: DefinitionKind,
  basedOn: number,
  next: unknown,
  ctx: LoopContext,
  apply: () => Promise<number>,
): Promise<Saved> {
  const id = `dch_${randomUUID()}`;
  const record = {
    tenant_id: store.tenantId,
    id,
    kind,
    based_on_version: basedOn,
    definition: JSON.stringify(next),
    proposed_by: ctx.actor.name,
    proposed_function: ctx.actor.team,
    proposed_at: ctx.now,
  };
  if (!(await needsApproval(store))) {
    const version = await apply();
    await store.db
      .insertInto('definition_changes')
      .values({ ...record, status: 'applied', version })
      .execute();
    return { version, applied: true };
  }
  if (!ctx.actor.team) {
    throw new ApprovalError(
      'FORBIDDEN',
      `${ctx.actor.name} has no team function (sales or marketing) in their token: changes to the shared definitions need one to be proposed, since the other team approves them`,
    );
  }
  await decidePending(store, kind, 'superseded', ctx.actor, ctx.now, `superseded by ${id}`);
  await store.db
    .insertInto('definition_changes')
    .values({ ...record, status: 'pending', version: null })
    .execute();
  return { version: basedOn + 1, applied: false };
}

/**
 * Closes the pending proposal of `kind`, if any, with `status`. There is at most one: a new
 * proposal supersedes the last, and both happen under the tenant's write lock.
 */
export async function decidePending(
  store: TenantStore,
  kind: DefinitionKind,
  status: ChangeStatus,
  actor: Actor,
  now: number,
  reason: string | null,
  version: number | null = null,
): Promise<number> {
  const result = await store.db
    .updateTable('definition_changes')
    .set({ status, version, decided_by: actor.name, decided_function: actor.team, decided_at: now, reason })
    .where('tenant_id', '=', store.tenantId)
    .where('kind', '=', kind)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
