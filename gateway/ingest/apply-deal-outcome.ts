/**
 * A deal moves its primary person (gateway/domain/deal-outcome.ts): open, up to the opportunity
 * stage at the deal's created date; won, to customer; lost, back to nurture with the loss reason
 * unless the tenant's policy says they stay. Nobody moves down for an open deal. The move is a
 * stage change through the one path every stage change takes (apply-stage.ts enterStage). A lost
 * deal's return to nurture is a recycle, but it does not send the person's handoff back: sales
 * accepted and worked that lead, and the SLA's "sent back" is about leads sales turned down.
 *
 * Its id is the deal's and the outcome's (`deal:<source id>:won`, `:open`, in the deal's system): importing
 * or syncing the deal again, or closing it in Tandem and then syncing it, moves nobody twice, even
 * if the person has moved on since. Deals closed in Tandem take the same path (`moveForClosedDeal`).
 */
import { dealOutcomeMove, openDealMove } from '../domain/deal-outcome.js';
import type { StoreChange } from '../store/changes.js';
import { loadCrmSettings } from '../store/crm-stages.js';
import { loadDefinitions } from '../store/definitions.js';
import type { OpportunityTable, PersonTable } from '../store/tables.js';
import type { TenantStore } from '../store/tenant-store.js';
import { enterStage } from './apply-stage.js';
import { IngestBatch } from './batch.js';
import { IngestCaches } from './caches.js';
import { derivedId } from './ids.js';
import { loadHandoffs } from './load.js';

export type DealMoveOutcome = 'open' | 'won' | 'lost';
export const dealMoveOutcomes: readonly DealMoveOutcome[] = ['open', 'won', 'lost'];

/** The source id of the stage change a deal's state makes, in the deal's own system. */
export function dealMoveSourceId(dealSourceId: string, outcome: DealMoveOutcome): string {
  return `deal:${dealSourceId}:${outcome}`;
}

/** Who a move is recorded as made by; default the sales side and the deal's owner. */
export interface MoveAuthor {
  team: string;
  userId: string | null;
}

export function moveDealPerson(
  batch: IngestBatch,
  deal: OpportunityTable,
  person: PersonTable | null,
  author?: MoveAuthor,
): void {
  if (!person) return;
  if (!deal.is_closed) {
    moveForOpenDeal(batch, deal, person, author);
    return;
  }
  const won = deal.is_won === 1;
  const sourceId = dealMoveSourceId(deal.source_id, won ? 'won' : 'lost');
  const id = derivedId('stg', deal.source_system, sourceId);
  if (batch.existing.has(id)) return;
  const { stages } = batch.definitions;
  const move = dealOutcomeMove(
    { name: deal.name, isWon: won, lossReason: deal.loss_reason },
    person.stage,
    stages,
    batch.crm?.lostDealMovesTo ?? 'nurture',
  );
  if (!move) return;
  batch.existing.add(id);
  const closedAt = deal.closed_at ?? deal.created_at;
  enterStage(batch, person, stages.find((stage) => stage.key === move.to)!, {
    id,
    // At the close; never before the person's current stage was entered (a person imported after
    // the deal closed still moves), as closed-loop moves do (loop/stage-change.ts).
    at: Math.max(closedAt, person.stage_entered_at),
    byTeam: author?.team ?? 'sales',
    byUserId: author ? author.userId : deal.owner_id,
    reason: move.reason,
    system: deal.source_system,
    sourceId,
    sendsBack: false,
  });
}

/** An open deal's move up to the opportunity stage, at its created date, once per deal. */
function moveForOpenDeal(
  batch: IngestBatch,
  deal: OpportunityTable,
  person: PersonTable,
  author?: MoveAuthor,
): void {
  const sourceId = dealMoveSourceId(deal.source_id, 'open');
  const id = derivedId('stg', deal.source_system, sourceId);
  if (batch.existing.has(id)) return;
  const { stages } = batch.definitions;
  const move = openDealMove(deal, person.stage, stages);
  if (!move) return;
  batch.existing.add(id);
  enterStage(batch, person, stages.find((stage) => stage.key === move.to)!, {
    id,
    // Never before the person's current stage was entered, as for a closed deal.
    at: Math.max(deal.created_at, person.stage_entered_at),
    byTeam: author?.team ?? 'sales',
    byUserId: author ? author.userId : deal.owner_id,
    reason: move.reason,
    system: deal.source_system,
    sourceId,
  });
}

/**
 * The move of a deal closed outside an import (loop/deals.ts), inside `trx`, that write's
 * transaction: what it changed, for the caller to mark and publish.
 */
export async function moveForClosedDeal(
  trx: TenantStore,
  deal: OpportunityTable,
  author: MoveAuthor,
): Promise<StoreChange | null> {
  if (!deal.primary_person_id) return null;
  const batch = new IngestBatch(trx, await loadDefinitions(trx), new IngestCaches());
  const person = await trx.db
    .selectFrom('people')
    .selectAll()
    .where('id', '=', deal.primary_person_id)
    .executeTakeFirst();
  if (!person) return null;
  batch.people.set(person.id, person);
  await loadHandoffs(batch, [person.id]);
  batch.crm = await loadCrmSettings(trx);
  const ids = dealMoveOutcomes.map((outcome) =>
    derivedId('stg', deal.source_system, dealMoveSourceId(deal.source_id, outcome)),
  );
  for (const row of await trx.db
    .selectFrom('stage_transitions')
    .select('id')
    .where('id', 'in', ids)
    .execute())
    batch.existing.add(row.id);
  moveDealPerson(batch, deal, person, author);
  await batch.flush();
  return batch.change();
}
