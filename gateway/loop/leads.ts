/**
 * The lead handoff, both ways (docs/domain.md, "Lifecycle stages" and "The service level agreement"):
 * marketing qualifies a lead and hands it to sales, sales accepts it or sends it back with a
 * reason. Every move is a stage change through the ingest path (stage-change.ts), checked and
 * written in one write transaction (store/write.ts): two moves of one lead at once take turns, and
 * the second is checked against what the first did.
 */
import {
  handoffStage,
  recycleReasons,
  recycleStage,
  type StageDefinition,
  wonStage,
} from '../domain/stages.js';
import { markChange } from '../metrics/mark-change.js';
import { refreshRollups } from '../metrics/refresh.js';
import { emptyChange } from '../store/changes.js';
import { loadStages } from '../store/definitions.js';
import type { PersonTable } from '../store/tables.js';
import type { TenantStore } from '../store/tenant-store.js';
import { writeTransaction } from '../store/write.js';
import type { LoopContext } from './context.js';
import { LoopError } from './errors.js';
import { changeStage, findPerson, type StageMove, tandemSystem } from './stage-change.js';

export interface Qualification {
  icpFit: boolean;
  hasBudget: boolean;
  hasTimeframe: boolean;
  willingToEngage: boolean;
}

const flagColumns = {
  icpFit: 'icp_fit',
  hasBudget: 'has_budget',
  hasTimeframe: 'has_timeframe',
  willingToEngage: 'willing_to_engage',
} as const;

/** Marketing sets the four prospect flags; provenance records who set them and when. */
export async function qualifyLead(
  store: TenantStore,
  personId: string,
  flags: Qualification,
  ctx: LoopContext,
) {
  await writeTransaction(store, markChange, async (trx) => {
    const person = await findPerson(trx, personId);
    const provenance = JSON.parse(person.provenance) as Record<string, unknown>;
    for (const column of Object.values(flagColumns)) {
      provenance[column] = { system: tandemSystem, sourceId: `qualifyLead:${ctx.actor.name}`, at: ctx.now };
    }
    await trx.db
      .updateTable('people')
      .set({
        icp_fit: flags.icpFit ? 1 : 0,
        has_budget: flags.hasBudget ? 1 : 0,
        has_timeframe: flags.hasTimeframe ? 1 : 0,
        willing_to_engage: flags.willingToEngage ? 1 : 0,
        provenance: JSON.stringify(provenance),
        updated_at: Math.max(person.updated_at, ctx.now),
      })
      .where('id', '=', personId)
      .execute();
    return { value: null, change: { ...emptyChange(store.tenantId, 'closed-loop'), people: [personId] } };
  });
  return findPerson(store, personId);
}

/** The flags a person still lacks before handoff, by their GraphQL names. */
export function missingQualification(person: PersonTable): string[] {
  return Object.entries(flagColumns)
    .filter(([, column]) => person[column] !== 1)
    .map(([name]) => name);
}

/** Marketing hands a qualified lead to sales: the handoff stage opens a handoff and its SLA clock. */
export async function handOffLead(
  store: TenantStore,
  personId: string,
  note: string | null,
  ctx: LoopContext,
) {
  await moveLead(store, personId, async (trx, person) => {
    const { stages } = await loadStages(trx);
    const handoff = handoffStage(stages)!;
    const missing = missingQualification(person);
    if (missing.length > 0) {
      throw new LoopError(
        'NOT_QUALIFIED',
        `${personId} is not qualified for handoff: ${missing.join(', ')} not set (marketing sets all four prospect flags first, with qualifyLead)`,
      );
    }
    const open = await trx.db
      .selectFrom('handoffs')
      .select('handed_off_at')
      .where('person_id', '=', personId)
      .where('accepted_at', 'is', null)
      .where('sent_back_at', 'is', null)
      .executeTakeFirst();
    if (open) {
      throw new LoopError(
        'BAD_TRANSITION',
        `Lead ${personId} already has an open handoff (since ${new Date(Number(open.handed_off_at)).toISOString()}); it is at '${person.stage}'`,
      );
    }
    const current = stageOf(stages, person.stage);
    if (current.ownerTeam !== 'marketing' || person.stage === handoff) {
      throw new LoopError(
        'BAD_TRANSITION',
        `${personId} is at '${person.stage}': only a lead at a marketing stage before '${handoff}' can be handed off`,
      );
    }
    return changeStage(trx, person, handoff, {
      action: 'handOffLead',
      actor: ctx.actor,
      side: 'marketing',
      reason: note,
      at: ctx.now,
    });
  });
  return findPerson(store, personId);
}

/** Sales accepts a handed-off lead: the first sales stage, which marks the handoff accepted. */
export async function acceptLead(store: TenantStore, personId: string, ctx: LoopContext) {
  await moveLead(store, personId, async (trx, person) => {
    const { stages } = await loadStages(trx);
    const handoff = handoffStage(stages)!;
    if (person.stage !== handoff) {
      throw new LoopError(
        'BAD_TRANSITION',
        `${personId} is at '${person.stage}': only a lead at the handoff stage '${handoff}' can be accepted`,
      );
    }
    const accepted = stages.find(
      (s) => s.ownerTeam === 'sales' && s.position > stageOf(stages, handoff).position,
    );
    if (!accepted)
      throw new LoopError('BAD_TRANSITION', `the stage ladder has no sales stage after '${handoff}'`);
    return changeStage(trx, person, accepted.key, {
      action: 'acceptLead',
      actor: ctx.actor,
      side: 'sales',
      at: ctx.now,
    });
  });
  return findPerson(store, personId);
}

/**
 * Sales sends an accepted lead back to marketing (a recycle, counted in "% of leads sent back").
 * The transition's reason is the recycle reason, followed by `: <note>` when there is a note;
 * the handoff keeps the bare reason, which is what reports group by.
 */
export async function sendBackLead(
  store: TenantStore,
  personId: string,
  reason: string,
  note: string | null,
  ctx: LoopContext,
) {
  if (!recycleReasons.includes(reason)) {
    throw new LoopError(
      'BAD_ARGUMENTS',
      `unknown recycle reason '${reason}' (reasons: ${recycleReasons.join(', ')})`,
    );
  }
  await moveLead(store, personId, async (trx, person) => {
    const { stages } = await loadStages(trx);
    const current = stageOf(stages, person.stage);
    const won = wonStage(stages);
    // A recycle is a move from a sales stage (docs/domain.md, "Recycling"): an MQL nobody accepted is still marketing's.
    if (current.ownerTeam !== 'sales' || person.stage === won) {
      throw new LoopError(
        'BAD_TRANSITION',
        `${personId} is at '${person.stage}': only a lead sales has accepted (a sales stage before '${won}') can be sent back`,
      );
    }
    const move = await changeStage(trx, person, recycleStage(stages), {
      action: 'sendBackLead',
      actor: ctx.actor,
      side: 'sales',
      reason,
      at: ctx.now,
    });
    const text = note?.trim();
    if (text)
      await trx.db
        .updateTable('stage_transitions')
        .set({ reason: `${reason}: ${text}` })
        .where('id', '=', move.id)
        .execute();
    return move;
  });
  return findPerson(store, personId);
}

/**
 * One lead move: the person read, the move checked and written in one write transaction, then
 * the rollups brought up to date for the dashboards (as after any ingest).
 */
async function moveLead(
  store: TenantStore,
  personId: string,
  move: (trx: TenantStore, person: PersonTable) => Promise<StageMove>,
): Promise<void> {
  await writeTransaction(store, markChange, async (trx) => {
    const { change, touchedAt } = await move(trx, await findPerson(trx, personId));
    return { value: null, change, touchedAt };
  });
  await refreshRollups(store, { now: Date.now() });
}

function stageOf(stages: StageDefinition[], key: string): StageDefinition {
  return (
    stages.find((s) => s.key === key) ?? {
      key,
      label: key,
      position: 0,
      ownerTeam: 'marketing',
      entryCriteria: '',
    }
  );
}
