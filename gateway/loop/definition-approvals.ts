/**
 * The other team's sign-off on a proposed definition (docs/domain.md "Shared definitions:
 * versions and sign-off"): an admin of the function that did not propose approves, and the
 * proposal becomes the current version with the effects an update has (a rescore for a scoring
 * model), or rejects it with a reason. One write transaction each: two approvals at once take
 * turns at the tenant's write lock, and the second finds the proposal decided.
 */
import { emptyChange } from '../store/changes.js';
import { loadScoringModel, loadSlaPolicy } from '../store/definitions.js';
import type { TenantStore } from '../store/tenant-store.js';
import { writeTransaction } from '../store/write.js';
import type { LoopContext } from './context.js';
import {
  ApprovalError,
  changesOf,
  type DefinitionChangeRow,
  type DefinitionKind,
  decidePending,
} from './definition-changes.js';
import { insertScoringModel } from './scoring-model.js';
import { insertSlaPolicy } from './sla-policy.js';
import { currentLadder, insertLadder } from './stage-ladder.js';

/** Approves proposal `id`: it becomes the current version. Returns the decided record. */
export function approveDefinitionChange(
  store: TenantStore,
  id: string,
  ctx: LoopContext,
): Promise<DefinitionChangeRow> {
  return writeTransaction(store, null, async (trx) => {
    const proposal = await pendingProposal(trx, id, ctx, 'approve');
    const kind = proposal.kind as DefinitionKind;
    const current = await currentVersion(trx, kind);
    if (current !== proposal.based_on_version) {
      throw new ApprovalError(
        'STALE_PROPOSAL',
        `proposal ${id} was made against version ${proposal.based_on_version}, but version ${current} is current now; propose again`,
      );
    }
    // The version keeps who proposed it as its author; the approver is on the change record.
    const author: LoopContext = {
      actor: { name: proposal.proposed_by, team: proposal.proposed_function as 'sales' | 'marketing' },
      now: ctx.now,
    };
    const definition = JSON.parse(proposal.definition);
    const version =
      kind === 'scoring_model'
        ? await insertScoringModel(trx, definition, author)
        : kind === 'sla_policy'
          ? await insertSlaPolicy(trx, definition, author)
          : await insertLadder(trx, definition, author);
    await decidePending(trx, kind, 'approved', ctx.actor, ctx.now, null, version);
    return {
      value: await reread(trx, id),
      change: { ...emptyChange(store.tenantId, 'definitions'), definitions: true },
    };
  });
}

/** Rejects proposal `id` with `reason`; the current version stays. Returns the decided record. */
export function rejectDefinitionChange(
  store: TenantStore,
  id: string,
  reason: string,
  ctx: LoopContext,
): Promise<DefinitionChangeRow> {
  if (!reason.trim()) throw new ApprovalError('BAD_ARGUMENTS', `a rejection needs a reason, got '${reason}'`);
  return writeTransaction(store, null, async (trx) => {
    const proposal = await pendingProposal(trx, id, ctx, 'reject');
    await decidePending(trx, proposal.kind as DefinitionKind, 'rejected', ctx.actor, ctx.now, reason.trim());
    return { value: await reread(trx, id), change: emptyChange(store.tenantId, 'definitions') };
  });
}

/** The tenant's pending proposal `id`, if the actor may decide it; refused otherwise. */
async function pendingProposal(
  store: TenantStore,
  id: string,
  ctx: LoopContext,
  verb: 'approve' | 'reject',
): Promise<DefinitionChangeRow> {
  // Another tenant's id is simply not found: the query names this tenant.
  const proposal = await changesOf(store).where('id', '=', id).executeTakeFirst();
  if (!proposal) throw new ApprovalError('NOT_FOUND', `no definition change proposal '${id}'`);
  if (proposal.status !== 'pending') {
    throw new ApprovalError(
      'NOT_PENDING',
      `proposal ${id} is ${proposal.status}${proposal.decided_by ? ` (by ${proposal.decided_by})` : ''}: only a pending proposal can be decided`,
    );
  }
  const team = ctx.actor.team;
  if (!team || team === proposal.proposed_function) {
    throw new ApprovalError(
      'FORBIDDEN',
      `${ctx.actor.name} (${team ?? 'no team function'}) cannot ${verb} proposal ${id}: it was proposed by ${proposal.proposed_by} of ${proposal.proposed_function}, so an admin of the other team decides`,
    );
  }
  return proposal;
}

async function currentVersion(store: TenantStore, kind: DefinitionKind): Promise<number> {
  if (kind === 'scoring_model') return (await loadScoringModel(store)).version;
  if (kind === 'sla_policy') return (await loadSlaPolicy(store)).version;
  return (await currentLadder(store)).version;
}

async function reread(store: TenantStore, id: string): Promise<DefinitionChangeRow> {
  return changesOf(store).where('id', '=', id).executeTakeFirstOrThrow();
}
