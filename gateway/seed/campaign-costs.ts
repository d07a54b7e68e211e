/**
 * Monthly spend per running campaign (Marketo period costs): paid media and events cost real
 * money, content and webinars some, organic search and referrals little, direct nothing. Budgets
 * grow about 15 % a year, as the touch volume does.
 */
import type { Campaign, Channel } from './campaigns.js';
import type { Random } from './random.js';
import type { CampaignCostRecordInput } from './record-types.js';
import { DAY, isoMonth, monthNumber, monthStart, type Timeline } from './timeline.js';

/**
 * Typical monthly spend of one campaign, in USD (scaled per tenant), for a funnel of
 * `peoplePerBudget` people: a company budgets for the volume it gets, so a demo of other size
 * keeps the same economics (cost per lead in the low hundreds, most campaigns paying back).
 */
const monthlySpend: Record<Channel, number> = {
  paid_search: 14_000,
  paid_social: 9_000,
  event: 30_000,
  webinar: 2_500,
  content: 3_500,
  email: 1_200,
  referral: 1_500,
  organic_search: 600,
  direct: 0,
};
const peoplePerBudget = 25_000;

export function campaignCostRecords(
  rng: Random,
  campaigns: Campaign[],
  timeline: Timeline,
  spendScale: number,
  people: number,
): CampaignCostRecordInput[] {
  const budget = spendScale * (people / peoplePerBudget);
  const costs: CampaignCostRecordInput[] = [];
  const historyYears = (timeline.now - timeline.start) / (365.25 * DAY);
  for (const campaign of campaigns) {
    // Programs carry no spend of their own: their children do, so totals never count twice.
    if (campaign.isProgram) continue;
    const from = Math.max(campaign.starts, timeline.start);
    const to = Math.min(campaign.ends === null ? timeline.now : campaign.ends + DAY, timeline.now);
    for (let month = monthNumber(from); monthStart(month) < to; month++) {
      const monthFrom = monthStart(month);
      const monthTo = monthStart(month + 1);
      // Campaigns that start or stop mid-month (and the current month) pay for the days they ran.
      const running = (Math.min(to, monthTo) - Math.max(from, monthFrom)) / (monthTo - monthFrom);
      const age = (monthFrom - timeline.start) / (timeline.now - timeline.start);
      const growth = 1 + 0.15 * historyYears * Math.max(0, age);
      const amount = monthlySpend[campaign.channel] * budget * growth * running * rng.logNormal(1, 0.25);
      costs.push({
        kind: 'campaignCost',
        campaign: campaign.ref,
        period: isoMonth(monthFrom),
        amount: Math.round(amount),
      });
    }
  }
  return costs;
}
