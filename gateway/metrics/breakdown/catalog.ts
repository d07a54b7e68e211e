/**
 * What the metrics query can be asked (docs/analysts.md): every measure, every dimension, and
 * which dimensions each measure can be split by. One table, read by the query (which refuses an
 * invalid combination), by the schema (enum descriptions) and by the docs.
 */
import type { AttributionModel } from '../../domain/attribution.js';

export const dimensions = [
  'LEAD_SOURCE',
  'CHANNEL',
  'CAMPAIGN',
  'SEGMENT',
  'REGION',
  'INDUSTRY',
  'OWNER',
  'TEAM',
  'FIT_GRADE',
  'LIFECYCLE_STAGE',
  'STAGE',
  'LOSS_REASON',
  'DEAL_OWNER',
  'PRODUCT',
] as const;
export type Dimension = (typeof dimensions)[number];

/** The measures' families: one SQL statement answers every measure of a family. */
export type MeasureFamily = 'milestones' | 'handoffs' | 'deals' | 'campaigns';

export const measures = [
  'LEADS',
  'MQLS',
  'SQLS',
  'CONVERSION',
  'REACHED',
  'HANDOFFS',
  'SLA_WITHIN_TARGET_RATE',
  'SENT_BACK_RATE',
  'RESPONSE_HOURS_P50',
  'RESPONSE_HOURS_P90',
  'WON',
  'LOST',
  'WIN_RATE',
  'REVENUE',
  'MEDIAN_DAYS',
  'MEAN_DAYS',
  'PIPELINE',
  'OPEN_DEALS',
  'SPEND',
  'COST_PER_LEAD',
  'ATTRIBUTED_REVENUE',
  'ROI',
] as const;
export type Measure = (typeof measures)[number];

/** The attribution model ATTRIBUTED_REVENUE and ROI use when none is asked: campaignRoi's default. */
export const defaultModel: AttributionModel = 'W_SHAPED';

/** The dimensions a person has (the filter's slices and a few more): every people-based measure splits by them. */
const personDimensions: Dimension[] = [
  'LEAD_SOURCE',
  'CHANNEL',
  'CAMPAIGN',
  'SEGMENT',
  'REGION',
  'INDUSTRY',
  'OWNER',
  'TEAM',
  'FIT_GRADE',
  'LIFECYCLE_STAGE',
];
const dealDimensions: Dimension[] = [...personDimensions, 'STAGE', 'LOSS_REASON', 'DEAL_OWNER', 'PRODUCT'];

export interface MeasureDefinition {
  family: MeasureFamily;
  /** The dimensions it can be split by. */
  dimensions: Dimension[];
  /** Whether it has a value per period (false: as of now, whatever the range). */
  timeGrain: boolean;
  /** A count or amount is 0 in a row with nothing in it; a ratio, a median or a mean is null. */
  additive: boolean;
  /** Its definition, from docs/domain.md: the enum value's description. */
  description: string;
}

export const measureDefinitions: Record<Measure, MeasureDefinition> = {
  LEADS: {
    family: 'milestones',
    dimensions: personDimensions,
    timeGrain: true,
    additive: true,
    description:
      'People who first reached the lead stage (or beyond: skipping counts as passing) in the range or period; equals sla.marketing.leads for the same slice.',
  },
  MQLS: {
    family: 'milestones',
    dimensions: personDimensions,
    timeGrain: true,
    additive: true,
    description:
      'People who first reached the MQL stage (the stage handed to sales) or beyond in the range or period; equals sla.marketing.mqls.',
  },
  SQLS: {
    family: 'milestones',
    dimensions: personDimensions,
    timeGrain: true,
    additive: true,
    description: 'People who first reached the sales-qualified stage (sql) or beyond in the range or period.',
  },
  CONVERSION: {
    family: 'milestones',
    dimensions: personDimensions,
    timeGrain: true,
    additive: false,
    description:
      'Of the people created in the range or period (the entry cohort) who reached stage `from`, the share who reached stage `to` (skipping counts as passing): the funnel’s reached(to) ÷ reached(from). Needs `from` and `to` (stage keys). Null when nobody reached `from`.',
  },
  REACHED: {
    family: 'milestones',
    dimensions: personDimensions,
    timeGrain: true,
    additive: true,
    description:
      'Of the people created in the range or period (the entry cohort), those who reached stage `to` or beyond (skipping counts as passing); equals funnel.stages[to].reached, so one REACHED per stage draws the funnel by any dimension. Needs `to` (a stage key).',
  },
  HANDOFFS: {
    family: 'handoffs',
    dimensions: personDimensions,
    timeGrain: true,
    additive: true,
    description: 'MQL handoffs made in the range or period; equals sla.sales.handoffs.',
  },
  SLA_WITHIN_TARGET_RATE: {
    family: 'handoffs',
    dimensions: personDimensions,
    timeGrain: true,
    additive: false,
    description:
      'Of those handoffs, the share sales answered by the deadline (first touch, or sent back, in business hours by the breach rule); equals sla.sales.withinTargetRate. Null without handoffs.',
  },
  SENT_BACK_RATE: {
    family: 'handoffs',
    dimensions: personDimensions,
    timeGrain: true,
    additive: false,
    description:
      'Of those handoffs, the share sales sent back to marketing (sla.marketing.sentBack ÷ handoffs). Null without handoffs.',
  },
  RESPONSE_HOURS_P50: {
    family: 'handoffs',
    dimensions: personDimensions,
    timeGrain: true,
    additive: false,
    description:
      "Median business hours (the policy's calendar) from handoff to sales' first touch, over the handoffs touched so far; equals sla.sales.medianResponseHours. Null when none.",
  },
  RESPONSE_HOURS_P90: {
    family: 'handoffs',
    dimensions: personDimensions,
    timeGrain: true,
    additive: false,
    description:
      'The 90th percentile of the same business hours; equals sla.sales.p90ResponseHours. Null when none.',
  },
  WON: {
    family: 'deals',
    dimensions: dealDimensions,
    timeGrain: true,
    additive: true,
    description: 'Deals closed-won in the range or period (by close day); equals revenueMetrics.won.',
  },
  LOST: {
    family: 'deals',
    dimensions: dealDimensions,
    timeGrain: true,
    additive: true,
    description:
      'Deals closed-lost in the range or period; equals revenueMetrics.lost. Split by LOSS_REASON for why.',
  },
  WIN_RATE: {
    family: 'deals',
    dimensions: dealDimensions,
    timeGrain: true,
    additive: false,
    description:
      'Won ÷ (won + lost) over deals closed in the range or period, open deals excluded; equals revenueMetrics.winRate. Null when none closed.',
  },
  REVENUE: {
    family: 'deals',
    dimensions: dealDimensions,
    timeGrain: true,
    additive: true,
    description:
      'Σ amount of deals closed-won in the range or period (a deal without an amount adds nothing); equals revenueMetrics.revenue.',
  },
  MEDIAN_DAYS: {
    family: 'deals',
    dimensions: dealDimensions,
    timeGrain: true,
    additive: false,
    description:
      "Median sales cycle: calendar days from creation to close (local dates in the tenant's zone) of deals won in the range or period; equals revenueMetrics.medianSalesCycleDays. Null when none.",
  },
  MEAN_DAYS: {
    family: 'deals',
    dimensions: dealDimensions,
    timeGrain: true,
    additive: false,
    description: 'Mean of the same calendar days; equals revenueMetrics.salesCycleDays. Null when none.',
  },
  PIPELINE: {
    family: 'deals',
    dimensions: dealDimensions,
    timeGrain: false,
    additive: true,
    description:
      'Σ amount of deals open now, whatever the range (no time grain); equals revenueMetrics.pipeline. Split by STAGE for open deals by stage.',
  },
  OPEN_DEALS: {
    family: 'deals',
    dimensions: dealDimensions,
    timeGrain: false,
    additive: true,
    description: 'Deals open now (not closed), whatever the range (no time grain), priced or not.',
  },
  SPEND: {
    family: 'campaigns',
    dimensions: ['CAMPAIGN', 'CHANNEL'],
    timeGrain: true,
    additive: true,
    description:
      "Campaign cost in the range or period; equals campaignRoi's spend (per campaign, or summed).",
  },
  COST_PER_LEAD: {
    family: 'campaigns',
    dimensions: ['CAMPAIGN', 'CHANNEL'],
    timeGrain: true,
    additive: false,
    description:
      'Spend ÷ leads the campaigns created in the range or period (campaignRoi.costPerLead; by channel, Σ spend ÷ Σ leads). Null without leads.',
  },
  ATTRIBUTED_REVENUE: {
    family: 'campaigns',
    dimensions: ['CAMPAIGN', 'CHANNEL'],
    timeGrain: true,
    additive: true,
    description:
      'Revenue of deals won in the range or period credited to the campaigns under the attribution `model` (default W_SHAPED); equals campaignRoi.attributedRevenue.',
  },
  ROI: {
    family: 'campaigns',
    dimensions: ['CAMPAIGN', 'CHANNEL'],
    timeGrain: true,
    additive: false,
    description:
      '(Attributed revenue − spend) ÷ spend under the attribution `model` (default W_SHAPED); equals campaignRoi.roi. Null without spend.',
  },
};

export const dimensionDescriptions: Record<Dimension, string> = {
  LEAD_SOURCE: "The person's lead source as the CRM names it (people.lead_source).",
  CHANNEL:
    "For people's measures, each channel a person has a touch in (as filter.channel: one person counts in every channel they touched); for campaign measures, the campaign's channel.",
  CAMPAIGN:
    "For people's measures, each campaign a person has a touch in (as filter.campaignId); for campaign measures, the campaign itself.",
  SEGMENT: "The person's account segment (Enterprise, Mid-market, SMB).",
  REGION: "The person's region, else their account's (as filter.region).",
  INDUSTRY: "The person's account industry.",
  OWNER:
    'The user who owns the person (as filter.ownerId); for deals, the owner of the deal’s primary person.',
  TEAM: 'The team of the user who owns the person (as filter.teamId).',
  FIT_GRADE: "The person's fit grade now (A–D).",
  LIFECYCLE_STAGE: "The person's current lifecycle stage (as filter.stage).",
  STAGE: "The deal's CRM stage (open deals by stage).",
  LOSS_REASON: 'Why a lost deal was lost, as the CRM recorded it.',
  DEAL_OWNER: 'The user who owns the deal (the rep who works it).',
  PRODUCT: 'The product the deal names.',
};

/** Dimensions `measure` can be split by that are not in `asked`, or [] when all are. */
export function invalidDimensions(measure: Measure, asked: Dimension[]): Dimension[] {
  const valid = measureDefinitions[measure].dimensions;
  return asked.filter((d) => !valid.includes(d));
}
