/**
 * Stage changes made in Tandem itself go through the ingest path as a `stageChange` record of
 * system `tandem`, so handoffs open, SLA clocks start and stop, and recycles are marked by
 * exactly the rules synced CRM data follows (gateway/ingest/apply-stage.ts). They are written in
 * the caller's write transaction (store/write.ts), where the caller checked the move.
 *
 * The generated source id is `<action>:<move>:<actor name>`. `<move>` is a digest of the person,
 * the stage they are leaving, when they entered it and the target: the same move from the same
 * state is the same transition (a replay is a duplicate), whoever asks. The actor's name is a
 * label at the end, cut to fit the 200 characters a source id may have: when the actor is not
 * one of the tenant's users (by_user_id stays null), it is the only record of who made the
 * change, and the timeline reads it back (tandemActorName).
 */
import { IngestCaches } from '../ingest/caches.js';
import { derivedId, moveDigest } from '../ingest/ids.js';
import { writeBatch } from '../ingest/ingest.js';
import { type PersonRecord, sourceRecord } from '../ingest/records.js';
import type { StoreChange } from '../store/changes.js';
import { loadDefinitions } from '../store/definitions.js';
import type { PersonTable } from '../store/tables.js';
import type { TenantStore } from '../store/tenant-store.js';
import type { Actor } from './context.js';
import { LoopError } from './errors.js';

export const tandemSystem = 'tandem';

/** The longest source id a record may carry (gateway/ingest/records.ts). */
const maxSourceId = 200;

export interface StageChangeOptions {
  action: string;
  actor: Actor;
  /** The side the change belongs to when the actor has no team. */
  side: 'sales' | 'marketing';
  reason?: string | null;
  at: number;
}

/** A stage change written: the transition's id, and what it changed for the change feed. */
export interface StageMove {
  id: string;
  change: StoreChange;
  touchedAt: number[];
}

/** Moves a person to `to` inside `trx`, a write transaction; the caller marks and publishes. */
export async function changeStage(
  trx: TenantStore,
  person: PersonTable,
  to: string,
  options: StageChangeOptions,
): Promise<StageMove> {
  const identity = await trx.db
    .selectFrom('person_identities')
    .select(['system', 'object_type', 'source_id'])
    .where('person_id', '=', person.id)
    .orderBy('system')
    .orderBy('object_type')
    .orderBy('source_id')
    .limit(1)
    .executeTakeFirst();
  if (!identity) throw new Error(`person ${person.id} has no source identity to record a stage change on`);
  const user = await trx.db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('name', '=', options.actor.name)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  // The ingest path only knows users it has read in the same run: tell it about the actor.
  const caches = new IngestCaches();
  if (user) caches.userByEmail.set(user.email, user.id);
  const sourceId = stageChangeSourceId(options.action, person, to, options.actor.name);
  const record = sourceRecord.parse({
    kind: 'stageChange',
    system: tandemSystem,
    sourceId,
    person: {
      system: identity.system,
      objectType: identity.object_type as PersonRecord['objectType'],
      sourceId: identity.source_id,
    },
    to,
    byTeam: options.actor.team ?? options.side,
    byUserEmail: user?.email ?? null,
    reason: options.reason ?? null,
    // Never before the current stage was entered: a clock behind the CRM's must still move the stage.
    occurredAt: Math.max(options.at, person.stage_entered_at),
  });
  const outcome = await writeBatch(trx, [{ index: 0, record }], await loadDefinitions(trx), caches);
  if (outcome.rejected.length > 0) {
    throw new LoopError(
      'BAD_TRANSITION',
      `stage change of ${person.id} to '${to}' refused: ${outcome.rejected[0]?.reason}`,
    );
  }
  return {
    id: derivedId('stg', tandemSystem, sourceId),
    change: outcome.change,
    touchedAt: outcome.touchedAt,
  };
}

/** `<action>:<move>:<actor name>`, at most 200 characters whatever the name (see above). */
export function stageChangeSourceId(
  action: string,
  person: PersonTable,
  to: string,
  actorName: string,
): string {
  let id = `${action}:${moveDigest(person.id, person.stage, String(person.stage_entered_at), to)}:`;
  for (const char of actorName) {
    if (id.length + char.length > maxSourceId) break;
    id += char;
  }
  return id;
}

/** The actor's name in a `tandem` stage change's source id, if it is one. */
export function tandemActorName(sourceId: string | null): string | null {
  if (!sourceId) return null;
  const parts = sourceId.split(':');
  return parts.length >= 3 ? parts.slice(2).join(':') : null;
}

/** The person, or NOT_FOUND naming the id. */
export async function findPerson(store: TenantStore, personId: string): Promise<PersonTable> {
  const person = await store.db
    .selectFrom('people')
    .selectAll()
    .where('id', '=', personId)
    .executeTakeFirst();
  if (!person) throw new LoopError('NOT_FOUND', `unknown person '${personId}'`);
  return person;
}
