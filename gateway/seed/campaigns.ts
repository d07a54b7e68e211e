/**
 * The campaign calendar: per year a program per line of spend (paid, content, webinars, events)
 * with child campaigns, plus three always-on campaigns. Touches link to the child campaigns
 * running at the time, the way Marketo programs sync to Salesforce campaigns.
 */

import type { SourceIds } from './ids.js';
import type { Random } from './random.js';
import type { CampaignRecordInput, SourceRefInput } from './record-types.js';
import { DAY, isoDate, type Timeline } from './timeline.js';

export const channels = [
  'email',
  'paid_search',
  'paid_social',
  'organic_search',
  'webinar',
  'event',
  'content',
  'referral',
  'direct',
] as const;
export type Channel = (typeof channels)[number];

export interface Campaign {
  ref: SourceRefInput;
  name: string;
  channel: Channel;
  parent: Campaign | null;
  starts: number;
  /** Inclusive last day; null for always-on campaigns. */
  ends: number | null;
  /** Where its clicks land (UTM-tagged for paid and email). */
  landingUrl: string;
  isProgram: boolean;
}

const topics = [
  'One Funnel for Sales and Marketing',
  'Attribution Without the Arguments',
  'The Lead Handoff Playbook',
  'Forecasting from Shared Pipeline',
  'Speed-to-Lead Benchmarks',
  'Scoring Leads that Sales Trusts',
  'Campaign ROI for the CFO',
  'Revenue Operations 101',
];
const events = [
  'SaaStr Annual',
  'Dreamforce',
  'MarTech Summit',
  'B2B Marketing Expo',
  'RevOps Live',
  'Pipeline Summit',
];

type Draft = Omit<Campaign, 'ref' | 'parent' | 'landingUrl' | 'isProgram'>;

const minimumRun = 45 * DAY;

/** Campaigns that overlap the history, programs first and each followed by its children. */
export function planCampaigns(rng: Random, ids: SourceIds, timeline: Timeline, website: string): Campaign[] {
  const campaigns: Campaign[] = [];
  // A campaign with only a few weeks inside the history would show a sliver of spend and no
  // revenue yet: the demo's calendar starts with the campaigns that ran for a while in it.
  const overlaps = (draft: Draft) =>
    Math.min(draft.ends ?? timeline.now, timeline.now) - Math.max(draft.starts, timeline.start) >= minimumRun;
  const add = (draft: Draft, parent: Campaign | null, isProgram: boolean): Campaign => {
    const campaign = {
      ...draft,
      ref: { system: 'salesforce', sourceId: ids.salesforce('campaign') },
      parent,
      landingUrl: landingUrl(website, draft.name, draft.channel),
      isProgram,
    };
    campaigns.push(campaign);
    return campaign;
  };
  const program = (program: Draft, children: Draft[]) => {
    const running = children.filter(overlaps);
    if (running.length === 0) return;
    const parent = add(program, null, true);
    for (const child of running) add(child, parent, false);
  };

  const always = { starts: timeline.start, ends: null };
  add({ name: 'Organic Search (SEO)', channel: 'organic_search', ...always }, null, false);
  add({ name: 'Partner Referrals', channel: 'referral', ...always }, null, false);
  add({ name: 'Website – Direct', channel: 'direct', ...always }, null, false);

  const firstYear = new Date(timeline.start).getUTCFullYear();
  const lastYear = new Date(timeline.now).getUTCFullYear();
  for (let year = firstYear; year <= lastYear; year++) {
    const span = (fromMonth: number, toMonth: number) => ({
      starts: Date.UTC(year, fromMonth, 1),
      ends: Date.UTC(year, toMonth + 1, 1) - DAY,
    });
    const whole = span(0, 11);
    const paid: Draft[] = [
      { name: `${year} Google Ads – Brand`, channel: 'paid_search', ...whole },
      { name: `${year} Google Ads – Category`, channel: 'paid_search', ...whole },
      { name: `${year} LinkedIn Ads – ABM`, channel: 'paid_social', ...whole },
    ];
    if (rng.chance(0.4))
      paid.push({ name: `${year} Meta Retargeting`, channel: 'paid_social', ...span(6, 11) });
    program({ name: `${year} Paid Acquisition`, channel: 'paid_search', ...whole }, paid);
    program({ name: `${year} Content & Nurture`, channel: 'content', ...whole }, [
      { name: `${year} Newsletter`, channel: 'email', ...whole },
      { name: `${year} Nurture Track`, channel: 'email', ...whole },
      { name: `${year} Ebook: ${rng.pick(topics)}`, channel: 'content', ...span(0, 5) },
      { name: `${year} Guide: ${rng.pick(topics)}`, channel: 'content', ...span(6, 11) },
    ]);
    program({ name: `${year} Webinars`, channel: 'webinar', ...whole }, [
      { name: `${year} H1 Webinar Series: ${rng.pick(topics)}`, channel: 'webinar', ...span(0, 5) },
      { name: `${year} H2 Webinar Series: ${rng.pick(topics)}`, channel: 'webinar', ...span(6, 11) },
    ]);
    const eventMonths = rng.chance(0.5)
      ? [rng.intBetween(2, 4), rng.intBetween(8, 10)]
      : [rng.intBetween(3, 9)];
    program(
      { name: `${year} Field Events`, channel: 'event', ...whole },
      eventMonths.map((month) => ({
        name: `${rng.pick(events)} ${year}`,
        channel: 'event',
        ...span(month - 1, month),
      })),
    );
  }
  return campaigns;
}

export function campaignRecords(campaigns: Campaign[]): CampaignRecordInput[] {
  return campaigns.map((campaign) => ({
    kind: 'campaign',
    system: campaign.ref.system,
    sourceId: campaign.ref.sourceId,
    name: campaign.name,
    channel: campaign.channel,
    parent: campaign.parent ? campaign.parent.ref : null,
    startsOn: isoDate(campaign.starts),
    endsOn: campaign.ends === null ? null : isoDate(campaign.ends),
  }));
}

const utm: Partial<Record<Channel, string>> = {
  paid_search: 'utm_source=google&utm_medium=cpc',
  paid_social: 'utm_source=linkedin&utm_medium=paid_social',
  email: 'utm_source=marketo&utm_medium=email',
};

function landingUrl(website: string, name: string, channel: Channel): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  const folder = { webinar: 'webinars', event: 'events', content: 'resources' }[channel as string] ?? 'lp';
  const tags = name.includes('Meta') ? 'utm_source=meta&utm_medium=paid_social' : utm[channel];
  if (channel === 'organic_search' || channel === 'referral' || channel === 'direct')
    return `https://www.${website}/`;
  return `https://www.${website}/${folder}/${slug}${tags ? `?${tags}&utm_campaign=${slug}` : ''}`;
}
