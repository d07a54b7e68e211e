/**
 * What the server-rendered pages read: the CRM directory and records (the configurator's choices
 * are in choices.ts). Read-only, through a TenantStore like every resolver, so one tenant never sees another's.
 */
import type { StageDefinition } from '../../domain/stages.js';
import type { RevenueDatabase } from '../../store/database.js';
import { loadStages } from '../../store/definitions.js';
import type { AccountTable, PersonTable, TenantTable } from '../../store/tables.js';
import { TenantStore } from '../../store/tenant-store.js';
import { listTenants } from '../../store/tenants.js';

/** A CRM record kind, as the URL names it: /crm/<kind>/<id>. */
export type RecordKind = 'lead' | 'contact' | 'account';

export interface DirectoryRow {
  kind: RecordKind;
  /** The CRM's id (what a CRM record page has, e.g. `{!Lead.Id}`). */
  sourceId: string;
  name: string;
  detail: string;
  stage: string | null;
}

export interface PersonRecord {
  kind: 'lead' | 'contact';
  sourceId: string;
  person: PersonTable;
  account: Pick<AccountTable, 'id' | 'name'> | null;
  owner: string | null;
  stage: StageDefinition | undefined;
}

export interface AccountRecord {
  kind: 'account';
  sourceId: string;
  account: AccountTable;
  owner: string | null;
  people: number;
}

/** The tenant a page shows: the `tenant` parameter when it names one, else the first. */
export async function pageTenant(
  database: RevenueDatabase,
  wanted: string | null,
): Promise<{ tenant: TenantTable | undefined; tenants: TenantTable[] }> {
  const tenants = await listTenants(database);
  return { tenant: tenants.find((t) => t.id === wanted) ?? tenants[0], tenants };
}

export const personName = (p: Pick<PersonTable, 'first_name' | 'last_name' | 'email' | 'id'>): string =>
  [p.first_name, p.last_name].filter(Boolean).join(' ') || p.email || p.id;

/**
 * The first `limit` records of each kind: leads (people with no contact record) and contacts,
 * work first (the stages the closed loop acts on: sal, sql, mql, lead) then the most engaged; accounts by name. Sorted and cut in SQL, so a page never loads a
 * tenant's whole list of people.
 */
export async function directory(store: TenantStore, limit = 40): Promise<Record<RecordKind, DirectoryRow[]>> {
  const { stages } = await loadStages(store);
  const label = (key: string) => stages.find((s) => s.key === key)?.label ?? key;
  const people = (kind: 'lead' | 'contact') =>
    store.db
      .selectFrom('person_identities as i')
      .innerJoin('people as p', 'p.id', 'i.person_id')
      .leftJoin('accounts as a', 'a.id', 'p.account_id')
      .select(['i.source_id', 'p.id', 'p.first_name', 'p.last_name', 'p.email', 'p.title', 'p.stage'])
      .select('a.name as account')
      .where('i.object_type', '=', kind)
      .$if(kind === 'lead', (q) =>
        q.where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('person_identities as c')
                .select('c.person_id')
                .whereRef('c.person_id', '=', 'i.person_id')
                .where('c.object_type', '=', 'contact'),
            ),
          ),
        ),
      )
      .orderBy((eb) =>
        eb
          .case('p.stage')
          .when('sal')
          .then(0)
          .when('sql')
          .then(1)
          .when('mql')
          .then(2)
          .when('lead')
          .then(3)
          .else(4)
          .end(),
      )
      .orderBy('p.engagement_score', 'desc')
      .orderBy('p.id')
      .limit(limit)
      .execute();
  const rows = async (kind: 'lead' | 'contact') =>
    (await people(kind)).map((r) => ({
      kind,
      sourceId: r.source_id,
      name: personName(r),
      detail: [r.title, r.account].filter(Boolean).join(' · '),
      stage: label(r.stage),
    }));
  const accounts = await store.db
    .selectFrom('account_identities as i')
    .innerJoin('accounts as a', 'a.id', 'i.account_id')
    .select(['i.source_id', 'a.name', 'a.segment', 'a.region', 'a.industry'])
    .orderBy('a.name')
    .limit(limit)
    .execute();
  return {
    lead: await rows('lead'),
    contact: await rows('contact'),
    account: accounts.map((a) => ({
      kind: 'account' as const,
      sourceId: a.source_id,
      name: a.name,
      detail: [a.industry, a.segment, a.region].filter(Boolean).join(' · '),
      stage: null,
    })),
  };
}

async function userName(store: TenantStore, id: string | null): Promise<string | null> {
  if (!id) return null;
  const user = await store.db.selectFrom('users').select('name').where('id', '=', id).executeTakeFirst();
  return user?.name ?? null;
}

/** A lead or contact by its CRM id (or its Tandem id); undefined when there is none of that kind. */
export async function personRecord(
  store: TenantStore,
  kind: 'lead' | 'contact',
  id: string,
): Promise<PersonRecord | undefined> {
  const identity = await store.db
    .selectFrom('person_identities')
    .select(['person_id', 'source_id'])
    .where('object_type', '=', kind)
    .where((eb) => eb.or([eb('source_id', '=', id), eb('person_id', '=', id)]))
    .executeTakeFirst();
  if (!identity) return undefined;
  const person = await store.db
    .selectFrom('people')
    .selectAll()
    .where('id', '=', identity.person_id)
    .executeTakeFirstOrThrow();
  const account = person.account_id
    ? ((await store.db
        .selectFrom('accounts')
        .select(['id', 'name'])
        .where('id', '=', person.account_id)
        .executeTakeFirst()) ?? null)
    : null;
  const { stages } = await loadStages(store);
  return {
    kind,
    sourceId: identity.source_id,
    person,
    account,
    owner: await userName(store, person.owner_id),
    stage: stages.find((s) => s.key === person.stage),
  };
}

/** An account by its CRM id (or its Tandem id). */
export async function accountRecord(store: TenantStore, id: string): Promise<AccountRecord | undefined> {
  const identity = await store.db
    .selectFrom('account_identities')
    .select(['account_id', 'source_id'])
    .where((eb) => eb.or([eb('source_id', '=', id), eb('account_id', '=', id)]))
    .executeTakeFirst();
  if (!identity) return undefined;
  const account = await store.db
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', identity.account_id)
    .executeTakeFirstOrThrow();
  const people = await store.db
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', account.id)
    .executeTakeFirstOrThrow();
  return {
    kind: 'account',
    sourceId: identity.source_id,
    account,
    owner: await userName(store, account.owner_id),
    people: Number(people.n),
  };
}

export const storeFor = (database: RevenueDatabase, tenant: TenantTable): TenantStore =>
  new TenantStore(database, tenant.id);
