/**
 * DataLoaders, made anew for every request (a cache shared across requests would leak one
 * tenant's or one moment's rows into another's). Each batches by id into one IN-list query;
 * a missing id yields null, not an error: an unknown id is "not found", never a failure.
 * `naive: true` turns batching and caching off, so every `load` runs its own query: the baseline
 * the benchmarks measure DataLoader against (bench/dashboard.ts), never a production setting.
 */
import DataLoader from 'dataloader';
import type {
  AccountTable,
  CampaignTable,
  HandoffTable,
  OpportunityStageTable,
  OpportunityTable,
  PersonIdentityTable,
  PersonTable,
  ProductTable,
  StageTransitionTable,
  TeamTable,
  UserTable,
} from '../gateway/store/tables.js';
import type { TenantStore } from '../gateway/store/tenant-store.js';

type ById<T> = DataLoader<string, T | null>;
/** Undefined: batch and cache (the gateway); the naive baseline's: neither. */
type LoaderOptions = { batch: false; cache: false } | undefined;

export interface Loaders {
  person: ById<PersonTable>;
  account: ById<AccountTable>;
  user: ById<UserTable>;
  team: ById<TeamTable>;
  campaign: ById<CampaignTable>;
  product: ById<ProductTable>;
  opportunity: ById<OpportunityTable>;
  /** People of an account, ordered by last name. */
  peopleOfAccount: DataLoader<string, PersonTable[]>;
  /** Deals of an account, newest first. */
  opportunitiesOfAccount: DataLoader<string, OpportunityTable[]>;
  /** Deals whose primary person this is, newest first (the deals of a person with no account). */
  opportunitiesOfPerson: DataLoader<string, OpportunityTable[]>;
  /** A person's ids in the source systems, by system then object type. */
  identitiesOfPerson: DataLoader<string, PersonIdentityTable[]>;
  /** Every email address known for a person, alphabetically. */
  emailsOfPerson: DataLoader<string, string[]>;
  /** A person's latest MQL handoff, or null when they were never handed off. */
  latestHandoffOfPerson: DataLoader<string, HandoffTable | null>;
  /** A person's stage changes, oldest first. */
  transitionsOfPerson: DataLoader<string, StageTransitionTable[]>;
  /** A deal's stage and amount history, oldest first. */
  stagesOfOpportunity: DataLoader<string, OpportunityStageTable[]>;
}

function byId<T extends { id: string }>(
  load: (ids: string[]) => Promise<T[]>,
  options: LoaderOptions,
): ById<T> {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = await load([...ids]);
    const found = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => found.get(id) ?? null);
  }, options);
}

/** One query for many keys; rows keep the query's order within each key. */
function groupedBy<T>(
  key: (row: T) => string | null,
  load: (keys: string[]) => Promise<T[]>,
  options: LoaderOptions,
): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (keys) => {
    const groups = new Map<string, T[]>();
    for (const row of await load([...keys])) {
      const k = key(row);
      if (k === null) continue;
      const group = groups.get(k);
      if (group) group.push(row);
      else groups.set(k, [row]);
    }
    return keys.map((k) => groups.get(k) ?? []);
  }, options);
}

export function createLoaders(store: TenantStore, options: { naive?: boolean } = {}): Loaders {
  const { db } = store;
  const loader: LoaderOptions = options.naive ? { batch: false, cache: false } : undefined;
  return {
    person: byId((ids) => db.selectFrom('people').selectAll().where('id', 'in', ids).execute(), loader),
    account: byId((ids) => db.selectFrom('accounts').selectAll().where('id', 'in', ids).execute(), loader),
    user: byId((ids) => db.selectFrom('users').selectAll().where('id', 'in', ids).execute(), loader),
    team: byId((ids) => db.selectFrom('teams').selectAll().where('id', 'in', ids).execute(), loader),
    campaign: byId((ids) => db.selectFrom('campaigns').selectAll().where('id', 'in', ids).execute(), loader),
    product: byId((ids) => db.selectFrom('products').selectAll().where('id', 'in', ids).execute(), loader),
    opportunity: byId(
      (ids) => db.selectFrom('opportunities').selectAll().where('id', 'in', ids).execute(),
      loader,
    ),
    peopleOfAccount: new DataLoader(async (accountIds) => {
      const rows = await db
        .selectFrom('people')
        .selectAll()
        .where('account_id', 'in', [...accountIds])
        .orderBy('last_name')
        .orderBy('id')
        .execute();
      return accountIds.map((id) => rows.filter((row) => row.account_id === id));
    }, loader),
    opportunitiesOfAccount: groupedBy(
      (row) => row.account_id,
      (ids) =>
        db
          .selectFrom('opportunities')
          .selectAll()
          .where('account_id', 'in', ids)
          .orderBy('created_at', 'desc')
          .orderBy('id')
          .execute(),
      loader,
    ),
    opportunitiesOfPerson: groupedBy(
      (row) => row.primary_person_id,
      (ids) =>
        db
          .selectFrom('opportunities')
          .selectAll()
          .where('primary_person_id', 'in', ids)
          .orderBy('created_at', 'desc')
          .orderBy('id')
          .execute(),
      loader,
    ),
    identitiesOfPerson: groupedBy(
      (row) => row.person_id,
      (ids) =>
        db
          .selectFrom('person_identities')
          .selectAll()
          .where('person_id', 'in', ids)
          .orderBy('system')
          .orderBy('object_type')
          .orderBy('source_id')
          .execute(),
      loader,
    ),
    emailsOfPerson: new DataLoader(async (ids) => {
      const rows = await db
        .selectFrom('person_emails')
        .select(['person_id', 'email'])
        .where('person_id', 'in', [...ids])
        .orderBy('email')
        .execute();
      return ids.map((id) => rows.filter((row) => row.person_id === id).map((row) => row.email));
    }, loader),
    latestHandoffOfPerson: new DataLoader(async (ids) => {
      // A person has a handful of handoffs at most: fetching all and keeping the last is cheaper than a window.
      const rows = await db
        .selectFrom('handoffs')
        .selectAll()
        .where('person_id', 'in', [...ids])
        .orderBy('handed_off_at')
        .execute();
      const latest = new Map(rows.map((row) => [row.person_id, row]));
      return ids.map((id) => latest.get(id) ?? null);
    }, loader),
    transitionsOfPerson: groupedBy(
      (row) => row.person_id,
      (ids) =>
        db
          .selectFrom('stage_transitions')
          .selectAll()
          .where('person_id', 'in', ids)
          .orderBy('occurred_at')
          .orderBy('id')
          .execute(),
      loader,
    ),
    stagesOfOpportunity: groupedBy(
      (row) => row.opportunity_id,
      (ids) =>
        db
          .selectFrom('opportunity_stages')
          .selectAll()
          .where('opportunity_id', 'in', ids)
          .orderBy('occurred_at')
          .execute(),
      loader,
    ),
  };
}
