/**
 * The configurator's choices for a tenant: real values from its data, from bounded queries (small
 * tables, LIMITs; never the touches, which grow by the million). /configure answers without a
 * token in demo mode, so they are also kept per tenant until a write to it (the change feed) or
 * for a few minutes (writes by another process do not reach this one's feed): an anonymous hit
 * costs the database the tenant lookup and nothing more.
 */
import type { RevenueDatabase } from '../../store/database.js';
import type { TenantTable } from '../../store/tables.js';
import type { TenantStore } from '../../store/tenant-store.js';
import { directory, storeFor } from './records.js';

export interface Choice {
  value: string;
  label: string;
}

export type Choices = Record<
  'segments' | 'regions' | 'channels' | 'campaigns' | 'teams' | 'owners' | 'records',
  Choice[]
>;

/** How long kept choices are trusted without a write seen. */
const keptMs = 5 * 60_000;
/** A select lists at most this many values (a form, not a report). */
const listed = 200;

const plain = (values: (string | null)[]): Choice[] =>
  values.filter((v): v is string => Boolean(v)).map((value) => ({ value, label: value }));

async function readChoices(store: TenantStore): Promise<Choices> {
  const [segments, regions, channels, campaigns, teams, owners, records] = await Promise.all([
    store.db
      .selectFrom('accounts')
      .select('segment')
      .distinct()
      .where('segment', 'is not', null)
      .orderBy('segment')
      .limit(listed)
      .execute(),
    store.db
      .selectFrom('accounts')
      .select('region')
      .distinct()
      .where('region', 'is not', null)
      .orderBy('region')
      .limit(listed)
      .execute(),
    // A touch's channel is its campaign's: the campaigns (a few hundred rows) name every channel.
    store.db.selectFrom('campaigns').select('channel').distinct().orderBy('channel').limit(listed).execute(),
    store.db.selectFrom('campaigns').select(['id', 'name']).orderBy('name').limit(listed).execute(),
    store.db.selectFrom('teams').select(['id', 'name']).orderBy('name').limit(listed).execute(),
    store.db.selectFrom('users').select(['id', 'name']).orderBy('name').limit(listed).execute(),
    directory(store, 8),
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

interface Kept {
  choices: Promise<Choices>;
  until: number;
}

const keptByDatabase = new WeakMap<RevenueDatabase, Map<string, Kept>>();

function keptOf(database: RevenueDatabase): Map<string, Kept> {
  let kept = keptByDatabase.get(database);
  if (!kept) {
    const byTenant = new Map<string, Kept>();
    database.changes.subscribe((change) => byTenant.delete(change.tenantId));
    keptByDatabase.set(database, byTenant);
    kept = byTenant;
  }
  return kept;
}

/** The configurator's choices for `tenant`, read at most once per write to it (or per few minutes). */
export function choicesOf(
  database: RevenueDatabase,
  tenant: TenantTable,
  now = Date.now(),
): Promise<Choices> {
  const kept = keptOf(database);
  const current = kept.get(tenant.id);
  if (current && current.until > now) return current.choices;
  const choices = readChoices(storeFor(database, tenant));
  const entry = { choices, until: now + keptMs };
  kept.set(tenant.id, entry);
  // A failed read is not kept: the next request tries again.
  choices.catch(() => kept.get(tenant.id) === entry && kept.delete(tenant.id));
  return choices;
}
