/**
 * Everything a person's story draws on: the random stream, the tenant, its team and campaigns.
 * Built once per run, before the first record, in a fixed order so the seed decides all.
 */
import { addBusinessHours, type BusinessCalendar } from '../domain/business-hours.js';
import { AccountBook } from './accounts.js';
import { CampaignCalendar } from './campaign-calendar.js';
import { type Campaign, planCampaigns } from './campaigns.js';
import { sqlToOpportunity, winRate } from './deals.js';
import { SourceIds } from './ids.js';
import { waterfall } from './journey.js';
import { drawNamePools, type NamePools } from './names.js';
import { Random, SteadyRate } from './random.js';
import { hireTeam, type Team } from './team.js';
import { demoCalendar, type TenantProfile, tenantProfile } from './tenants.js';
import { type Timeline, timelineOf } from './timeline.js';

export interface DemoContext {
  rng: Random;
  ids: SourceIds;
  tenant: TenantProfile;
  timeline: Timeline;
  calendar: BusinessCalendar;
  names: NamePools;
  team: Team;
  campaigns: Campaign[];
  campaignCalendar: CampaignCalendar;
  /** Which deals are won: at the win rate, steadily (deals.ts). */
  wins: SteadyRate;
  /** Which SQLs open a deal: at journey.ts's sql → opportunity rate, steadily, so SQL → won holds. */
  opportunities: SteadyRate;
  /** Which touched handoffs sales accepts (journey.ts), steadily: mql → sal holds at any end date. */
  acceptances: SteadyRate;
  /** Which accepted leads sales qualifies (journey.ts), steadily: sal → sql holds at any end date. */
  salQualified: SteadyRate;
}

export interface ContextOptions {
  tenantId: string;
  seed: number;
  now: Date;
  years: number;
}

/** Most accounts have colleagues in the funnel, as in B2B buying groups. */
export const peoplePerAccount = 5;

export function createContext(options: ContextOptions): DemoContext {
  const rng = new Random(options.seed);
  const ids = new SourceIds();
  const tenant = tenantProfile(options.tenantId);
  const timeline = timelineOf(options.now, options.years);
  const names = drawNamePools(rng, tenant);
  const team = hireTeam(rng, names, tenant);
  const campaigns = planCampaigns(rng, ids, timeline, tenant.website);
  return {
    rng,
    ids,
    tenant,
    timeline,
    calendar: demoCalendar(tenant),
    names,
    team,
    campaigns,
    campaignCalendar: new CampaignCalendar(campaigns, timeline),
    wins: new SteadyRate(winRate),
    opportunities: new SteadyRate(sqlToOpportunity),
    acceptances: new SteadyRate(waterfall.accepted),
    salQualified: new SteadyRate(waterfall.salToSql),
  };
}

/**
 * The accounts people work at, about five people to a company. Opened after users and campaigns
 * are out, so a big run (200,000 accounts for a million people) starts streaming at once.
 */
export function openAccounts(context: DemoContext, people: number): AccountBook {
  const { rng, ids, names, team, tenant, timeline } = context;
  return new AccountBook(rng, ids, names, team, tenant, Math.ceil(people / peoplePerAccount), timeline);
}

/** The instant a sales action lands: `hours` business hours after `from`, in the tenant's calendar. */
export function afterBusinessHours(context: DemoContext, from: number, hours: number): number {
  return addBusinessHours(new Date(from), hours, context.calendar).getTime();
}
