/**
 * The demo tenants: one American and one German company, so the demo shows two time zones,
 * two currencies and two regional mixes side by side.
 */
import type { BusinessCalendar } from '../domain/business-hours.js';

export interface DemoTenant {
  id: string;
  name: string;
  timeZone: string;
  currency: string;
  /** Added to the base seed, so the two tenants tell different stories from one CLI seed. */
  seedOffset: number;
}

/** Where a tenant sells and how it names things; internal to the generator. */
export interface TenantProfile extends DemoTenant {
  /** The tenant's own web domain: its users' emails and its website's URLs. */
  website: string;
  /** Names of people and companies: German names for the German tenant. */
  locale: 'en' | 'de';
  /** Weights of North America, Europe, APAC, LATAM among its accounts. */
  regionWeights: readonly [number, number, number, number];
  /** Spend scale against the USD figures in campaign costs (budgets, not exchange rates). */
  spendScale: number;
}

const profiles: TenantProfile[] = [
  {
    id: 'acme',
    name: 'Acme Analytics',
    timeZone: 'America/New_York',
    currency: 'USD',
    seedOffset: 0,
    website: 'acme-analytics.com',
    locale: 'en',
    regionWeights: [0.56, 0.24, 0.12, 0.08],
    spendScale: 1,
  },
  {
    id: 'nordlicht',
    name: 'Nordlicht GmbH',
    timeZone: 'Europe/Berlin',
    currency: 'EUR',
    seedOffset: 1_000,
    website: 'nordlicht-software.de',
    locale: 'de',
    regionWeights: [0.18, 0.64, 0.12, 0.06],
    spendScale: 0.8,
  },
];

export function demoTenants(): DemoTenant[] {
  return profiles.map(({ id, name, timeZone, currency, seedOffset }) => ({
    id,
    name,
    timeZone,
    currency,
    seedOffset,
  }));
}

/** A demo tenant's profile; any other tenant id gets the American profile under its own name. */
export function tenantProfile(tenantId: string): TenantProfile {
  const known = profiles.find((profile) => profile.id === tenantId);
  if (known) return known;
  const slug =
    tenantId
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'demo';
  return { ...profiles[0], id: tenantId, name: tenantId, seedOffset: 0, website: `${slug}.example.com` };
}

/** The calendar the SLA is counted in: weekdays 9–17 in the tenant's zone, as docs/domain.md's default. */
export function demoCalendar(tenant: TenantProfile): BusinessCalendar {
  return { timeZone: tenant.timeZone, days: [1, 2, 3, 4, 5], startHour: 9, endHour: 17, holidays: [] };
}
