/**
 * What the server-rendered pages read: the CRM directory and records, and the configurator's
 * choices. Read-only, through a TenantStore like every resolver, so one tenant never sees another's.
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

/** Work first: the stages the closed loop acts on, then the hottest. */
const loopStages = ['sal', 'sql', 'mql', 'lead'];

export async function directory(store: TenantStore): Promise<Record<RecordKind, DirectoryRow[]>> {
  const { stages } = await loadStages(store);
  const label = (key: string) => stages.find((s) => s.key === key)?.label ?? key;
  const people = await store.db
    .selectFrom('person_identities as i')
    .innerJoin('people as p', 'p.id', 'i.person_id')
    .leftJoin('accounts as a', 'a.id', 'p.account_id')
    .select(['i.object_type', 'i.source_id', 'p.id', 'p.first_name', 'p.last_name', 'p.email', 'p.title'])
    .select(['p.stage', 'p.engagement_score', 'a.name as account'])
    .where('i.object_type', 'in', ['lead', 'contact'])
    .execute();
  const contacts = new Set(people.filter((r) => r.object_type === 'contact').map((r) => r.id));
  const rank = (stage: string) =>
    loopStages.includes(stage) ? loopStages.indexOf(stage) : loopStages.length;
  const rows = (kind: 'lead' | 'contact') =>
    people
      .filter((r) => r.object_type === kind && (kind === 'contact' || !contacts.has(r.id)))
      .sort((a, b) => rank(a.stage) - rank(b.stage) || b.engagement_score - a.engagement_score)
      .slice(0, 40)
      .map((r) => ({
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
    .limit(40)
    .execute();
  return {
    lead: rows('lead'),
    contact: rows('contact'),
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

export interface Choice {
  value: string;
  label: string;
}

export type Choices = Record<
  'segments' | 'regions' | 'channels' | 'campaigns' | 'teams' | 'owners' | 'records',
  Choice[]
>;

const plain = (values: (string | null)[]): Choice[] =>
  [...new Set(values.filter((v): v is string => Boolean(v)))]
    .sort()
    .map((value) => ({ value, label: value }));

/** The configurator's choices for one tenant: real values from its data. */
export async function choices(store: TenantStore): Promise<Choices> {
  const [segments, regions, channels, campaigns, teams, owners, records] = await Promise.all([
    store.db.selectFrom('accounts').select('segment').distinct().execute(),
    store.db.selectFrom('accounts').select('region').distinct().execute(),
    store.db.selectFrom('touches').select('channel').distinct().execute(),
    store.db.selectFrom('campaigns').select(['id', 'name']).orderBy('name').execute(),
    store.db.selectFrom('teams').select(['id', 'name']).orderBy('name').execute(),
    store.db.selectFrom('users').select(['id', 'name']).orderBy('name').limit(200).execute(),
    directory(store),
  ]);
  return {
    segments: plain(segments.map((r) => r.segment)),
    regions: plain(regions.map((r) => r.region)),
    channels: plain(channels.map((r) => r.channel)),
    campaigns: campaigns.map((c) => ({ value: c.id, label: c.name })),
    teams: teams.map((t) => ({ value: t.id, label: t.name })),
    owners: owners.map((u) => ({ value: u.id, label: u.name })),
    records: [
      ...records.lead.slice(0, 8),
      ...records.contact.slice(0, 4),
      ...records.account.slice(0, 4),
    ].map((r) => ({ value: r.sourceId, label: `${r.name} (${r.kind})` })),
  };
}

export const storeFor = (database: RevenueDatabase, tenant: TenantTable): TenantStore =>
  new TenantStore(database, tenant.id);
