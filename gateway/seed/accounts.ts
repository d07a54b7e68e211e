/**
 * Accounts (Salesforce Account): companies with a domain, an industry, a log-normal headcount,
 * a region and the segment that headcount puts them in. Bigger companies send more people into
 * the funnel, so people pick accounts by a weight that grows with headcount.
 */

import type { SourceIds } from './ids.js';
import { domainStem, type NamePools } from './names.js';
import { type Random, weightedTable } from './random.js';
import type { AccountRecordInput, SourceRefInput } from './record-types.js';
import type { Team } from './team.js';
import type { TenantProfile } from './tenants.js';
import { iso, type Timeline } from './timeline.js';

export type Segment = 'Enterprise' | 'Mid-market' | 'SMB';
export const regions = ['North America', 'Europe', 'APAC', 'LATAM'] as const;
export type Region = (typeof regions)[number];

const industries = weightedTable([
  ['Software', 22],
  ['Financial Services', 12],
  ['Healthcare', 10],
  ['Manufacturing', 11],
  ['Retail', 9],
  ['Professional Services', 10],
  ['Education', 5],
  ['Media', 6],
  ['Logistics', 7],
  ['Telecommunications', 5],
  ['Energy', 3],
] as const);

const topLevelDomains: Record<Region, readonly string[]> = {
  'North America': ['com', 'com', 'io', 'co', 'ca'],
  Europe: ['de', 'co.uk', 'fr', 'nl', 'eu', 'com', 'ch'],
  APAC: ['com.au', 'sg', 'co.jp', 'in', 'com'],
  LATAM: ['com.br', 'com.mx', 'cl', 'com'],
};

export interface Account {
  ref: SourceRefInput;
  name: string;
  domain: string;
  industry: string;
  employees: number;
  region: Region;
  segment: Segment;
  /** The account executive who owns the account and every handoff from it. */
  owner: string;
  updatedAt: number;
  /** Mailbox names already given out at this company, so colleagues never share an address. */
  mailboxes: Set<string> | null;
}

export function segmentOf(employees: number): Segment {
  if (employees >= 2_000) return 'Enterprise';
  return employees >= 200 ? 'Mid-market' : 'SMB';
}

export class AccountBook {
  readonly accounts: Account[] = [];
  private readonly cumulative: Float64Array;

  constructor(
    rng: Random,
    ids: SourceIds,
    names: NamePools,
    team: Team,
    tenant: TenantProfile,
    count: number,
    timeline: Timeline,
  ) {
    const regionTable = weightedTable(
      regions.map((region, index) => [region, tenant.regionWeights[index]] as const),
    );
    const domains = new Set<string>();
    // Stems repeat (many companies share a surname): number the repeats without rescanning.
    const repeats = new Map<string, number>();
    this.cumulative = new Float64Array(count);
    let total = 0;
    for (let index = 0; index < count; index++) {
      const name = names.companyName();
      const region = rng.weighted(regionTable);
      const drawn = Math.min(250_000, Math.max(2, Math.round(rng.logNormal(140, 1.6))));
      // One company in twenty is an enterprise: the first account always is one, so even a demo of
      // a few dozen accounts shows (and its segment filters offer) all three segments.
      const employees = index === 0 ? Math.max(drawn, 2_500) : drawn;
      const segment = segmentOf(employees);
      const stem = domainStem(name);
      let domain = `${stem}.${rng.pick(topLevelDomains[region])}`;
      while (domains.has(domain)) {
        const repeat = (repeats.get(stem) ?? 1) + 1;
        repeats.set(stem, repeat);
        domain = `${stem}${repeat}.com`;
      }
      domains.add(domain);
      this.accounts.push({
        ref: { system: 'salesforce', sourceId: ids.salesforce('account') },
        name,
        domain,
        industry: rng.weighted(industries),
        employees,
        region,
        segment,
        owner: rng.pick(segment === 'Enterprise' ? team.enterpriseOwners : team.midMarketOwners),
        updatedAt: Math.round(rng.between(timeline.start, timeline.now)),
        mailboxes: null,
      });
      total += employees ** 0.4 * rng.logNormal(1, 0.5);
      this.cumulative[index] = total;
    }
  }

  /** An account for a new person, bigger companies more often. */
  pick(rng: Random): Account {
    const target = rng.next() * this.cumulative[this.cumulative.length - 1];
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle] <= target) low = middle + 1;
      else high = middle;
    }
    return this.accounts[low];
  }
}

export function accountRecord(account: Account): AccountRecordInput {
  return {
    kind: 'account',
    system: account.ref.system,
    sourceId: account.ref.sourceId,
    name: account.name,
    domain: account.domain,
    industry: account.industry,
    employees: account.employees,
    region: account.region,
    segment: account.segment,
    ownerEmail: account.owner,
    updatedAt: iso(account.updatedAt),
  };
}
