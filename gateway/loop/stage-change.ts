/**
 * Stage changes made in Tandem itself go through the ingest path as a `stageChange` record of
 * system `tandem`, so handoffs open, SLA clocks start and stop, and recycles are marked by
 * exactly the rules synced CRM data follows (gateway/ingest/apply-stage.ts).
 *
 * The generated source id is `<action>:<uuid>:<actor name>`: when the actor is not one of the
 * tenant's users (by_user_id stays null), it is the only record of who made the change, and
 * the timeline reads the name back from it (tandemActorName).
 */
import { randomUUID } from 'node:crypto';
import { IngestCaches } from '../ingest/caches.js';
import { derivedId } from '../ingest/ids.js';
import { ingestRecords } from '../ingest/ingest.js';
import type { PersonRecord } from '../ingest/records.js';
import type { PersonTable } from '../store/tables.js';
import type { TenantStore } from '../store/tenant-store.js';
import type { Actor } from './context.js';
import { LoopError } from './errors.js';

export const tandemSystem = 'tandem';

export interface StageChangeOptions {
  action: string;
  actor: Actor;
  /** The side the change belongs to when the actor has no team. */
  side: 'sales' | 'marketing';
  reason?: string | null;
  at: number;
}

/** Moves a person to `to` and returns the stored transition's id. */
export async function changeStage(
  store: TenantStore,
  person: PersonTable,
  to: string,
  options: StageChangeOptions,
): Promise<string> {
  const identity = await store.db
    .selectFrom('person_identities')
    .select(['system', 'object_type', 'source_id'])
    .where('person_id', '=', person.id)
    .orderBy('system')
    .orderBy('object_type')
    .orderBy('source_id')
    .limit(1)
    .executeTakeFirst();
  if (!identity) throw new Error(`person ${person.id} has no source identity to record a stage change on`);
  const user = await store.db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('name', '=', options.actor.name)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  // The ingest path only knows users it has read in the same run: tell it about the actor.
  const caches = new IngestCaches();
  if (user) caches.userByEmail.set(user.email, user.id);
  const sourceId = `${options.action}:${randomUUID()}:${options.actor.name}`;
  const report = await ingestRecords(
    store,
    [
      {
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
      },
    ],
    { caches },
  );
  if (report.rejectedCount > 0) {
    throw new LoopError(
      'BAD_TRANSITION',
      `stage change of ${person.id} to '${to}' refused: ${report.rejected[0]?.reason}`,
    );
  }
  return derivedId('stg', tandemSystem, sourceId);
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
