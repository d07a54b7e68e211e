/**
 * What a write makes stale. Runs inside the write's own transaction (store/write.ts calls it as the
 * change marker), so a committed write always leaves either fresh rollups or a dirty mark behind,
 * never silently wrong rows. Each family says which days it is dirtied by (families.ts): the
 * people's creation day, the handoffs' day, the touches' and won deals' day; the milestone family
 * is recomputed per person, so people are marked instead (rollups/marks.ts keeps the marks).
 */

import { dayOf } from '../rollups/calendar.js';
import { familyNames, markDays, tenantTimeZone } from '../rollups/marks.js';
import type { StoreChange } from '../store/changes.js';
import type { TenantStore } from '../store/tenant-store.js';
import { type DirtyDays, rollupFamilies } from './families.js';

/**
 * People per look-up: an ingest batch changes thousands, and each statement has a fixed cost
 * (building, the tenant scope, a round trip on PostgreSQL); 5,000 ids and their tenant stay far
 * under both dialects' bind-parameter limits, the dirty-people insert's 10,000 included.
 */
const chunk = 5_000;

/** A person as a write holds them: what marking needs of them. */
export interface HeldPerson {
  created_at: number;
}

/** Every handoff of a person as the write will commit them, or undefined when the write does not hold them all. */
export type HeldHandoffs = (personId: string) => readonly { handed_off_at: number }[] | undefined;

/** What a write holds in memory, as committed, by its transaction's store (rememberPeople). */
const heldPeople = new WeakMap<
  TenantStore,
  { people: ReadonlyMap<string, HeldPerson>; handoffsOf: HeldHandoffs | undefined }
>();

/**
 * Tells markChange the rows of the people the write in `store` (its transaction) holds, as they
 * will be committed: their creation day is taken from them instead of being looked up again (an
 * ingest batch of 20,000 touches holds every person it changed). People not in `people` are
 * looked up as before. The map may still grow until the write marks: it is read then.
 */
export function rememberPeople(
  store: TenantStore,
  people: ReadonlyMap<string, HeldPerson>,
  handoffsOf?: HeldHandoffs,
): void {
  heldPeople.set(store, { people, handoffsOf });
}

/**
 * Marks what `change` makes stale. `store` is the write's transaction; `touchedAt` are the
 * instants of the touches it wrote (campaign touch counts are kept by the touch's day). Its shape
 * is the store's ChangeMarker (store/write.ts); `timeZone` saves a look-up to callers that know it.
 */
export async function markChange(
  store: TenantStore,
  change: StoreChange,
  touchedAt: Iterable<number> = [],
  knownTimeZone?: string,
): Promise<void> {
  if (change.definitions) return; // a new definition changes the signature: readers rebuild.
  const timeZone = knownTimeZone ?? (await tenantTimeZone(store));
  const campaignDays = new Set<number>();
  for (const at of touchedAt) campaignDays.add(dayOf(at, timeZone));
  const people = new Set(change.people);
  // The slices family keeps a closed deal on its close day (or creation day, without one).
  const dealDays = new Set<number>();
  for (let i = 0; i < change.opportunities.length; i += chunk) {
    for (const deal of await store.db
      .selectFrom('opportunities')
      .select(['primary_person_id', 'closed_at', 'created_at'])
      .where('id', 'in', change.opportunities.slice(i, i + chunk))
      .execute()) {
      // A won or lost deal moves its primary person's "won" flag in the matrix; a deal that is
      // no longer won leaves its close day's credits too.
      if (deal.primary_person_id !== null) people.add(deal.primary_person_id);
      if (deal.closed_at !== null) campaignDays.add(dayOf(Number(deal.closed_at), timeZone));
      dealDays.add(dayOf(Number(deal.closed_at ?? deal.created_at), timeZone));
    }
  }
  const ids = [...people];
  // Most tenants importing their first files have no won deal yet: one look-up says so, and
  // spares two per chunk of people. Inside the write, so deals this write won are seen.
  const anyWon =
    ids.length > 0 &&
    (await store.db
      .selectFrom('opportunities')
      .select('id')
      .where('is_won', '=', 1)
      .where('closed_at', 'is not', null)
      .limit(1)
      .executeTakeFirst()) !== undefined;
  const held = heldPeople.get(store);
  const cohortDays = new Set<number>();
  const handoffDays = new Set<number>();
  for (let i = 0; i < ids.length; i += chunk) {
    const slice = ids.slice(i, i + chunk);
    const unheld: string[] = [];
    for (const id of slice) {
      const person = held?.people.get(id);
      if (person) cohortDays.add(dayOf(person.created_at, timeZone));
      else unheld.push(id);
    }
    if (unheld.length)
      for (const row of await store.db
        .selectFrom('people')
        .select('created_at')
        .where('id', 'in', unheld)
        .execute()) {
        cohortDays.add(dayOf(row.created_at, timeZone));
      }
    // A person's new stage history can qualify their earlier handoffs.
    // Won deals whose path or milestones these people are on: their primary person's, or their
    // account's. Their credits are kept by close day.
    // Two look-ups, each on its index (an OR of both scans every deal).
    const accounts = store.db.selectFrom('people as ap').select('ap.account_id').where('ap.id', 'in', slice);
    const wonDeals = store.db
      .selectFrom('opportunities as o')
      .select('o.closed_at')
      .where('o.is_won', '=', 1)
      .where('o.closed_at', 'is not', null);
    if (anyWon)
      for (const row of [
        ...(await wonDeals.where('o.primary_person_id', 'in', slice).execute()),
        ...(await wonDeals.where('o.account_id', 'in', accounts).execute()),
      ]) {
        campaignDays.add(dayOf(Number(row.closed_at), timeZone));
      }
    const unheldHandoffs: string[] = [];
    for (const id of slice) {
      const handoffs = held?.handoffsOf?.(id);
      if (handoffs) for (const handoff of handoffs) handoffDays.add(dayOf(handoff.handed_off_at, timeZone));
      else unheldHandoffs.push(id);
    }
    if (unheldHandoffs.length)
      for (const row of await store.db
        .selectFrom('handoffs')
        .select('handed_off_at')
        .where('person_id', 'in', unheldHandoffs)
        .execute()) {
        handoffDays.add(dayOf(row.handed_off_at, timeZone));
      }
    await store.db
      .insertInto('rollup_dirty_people')
      .values(slice.map((person_id) => ({ tenant_id: store.tenantId, person_id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  const daysOf: Record<Exclude<DirtyDays, 'people'>, Set<number>> = {
    created: cohortDays,
    'handed-off': handoffDays,
    'touched-or-closed': campaignDays,
    'created-or-closed': new Set([...cohortDays, ...dealDays]),
  };
  for (const family of familyNames) {
    const { dirtiedBy } = rollupFamilies[family];
    if (dirtiedBy !== 'people') await markDays(store, family, daysOf[dirtiedBy]);
  }
}
