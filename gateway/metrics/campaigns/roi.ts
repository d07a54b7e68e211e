/**
 * Campaign ROI (docs/domain.md "Campaign ROI and attribution"): what each campaign cost, the leads,
 * MQLs and deals it produced, the revenue credited to it under an attribution model, and the
 * ratios. Two statements whatever the data size: the won deals' touches, then the funnel.
 */
import type { AttributionModel } from '../../domain/attribution.js';
import type { StageDefinition } from '../../domain/stages.js';
import type { CampaignTable } from '../../store/tables.js';
import type { TenantStore } from '../../store/tenant-store.js';
import type { MetricsFilter, Range } from '../filter.js';
import { attributeWonDeals } from './attribution.js';
import { type CampaignRollups, campaignFunnel } from './funnel.js';

export interface CampaignRoiFigures {
  spend: number;
  touches: number;
  leads: number;
  mqls: number;
  opportunities: number;
  pipeline: number;
  attributedRevenue: number;
  attributedGrossProfit: number;
  newCustomers: number;
  /** MQL handoffs made in the range whose person's lead-creation campaign is this one: each handoff counts once. */
  handoffs: number;
  /** Of those, the handoffs sales sent back to marketing. */
  sentBack: number;
  /** sentBack ÷ handoffs; null without handoffs. */
  sentBackRate: number | null;
  /** (attributedRevenue − spend) ÷ spend; null without spend. */
  roi: number | null;
  grossProfitRoi: number | null;
  /** spend ÷ leads; null without leads. */
  costPerLead: number | null;
  /** spend ÷ newCustomers; null without new customers. */
  cac: number | null;
}

export interface CampaignRoi extends CampaignRoiFigures {
  campaign: CampaignTable;
}

export interface CampaignRoiReport {
  model: AttributionModel;
  /** Highest attributed revenue first, then highest spend, then campaign id. */
  campaigns: CampaignRoi[];
  unattributedRevenue: number;
  nonCampaignRevenue: number;
  wonRevenue: number;
  totals: CampaignRoiFigures;
}

export interface CampaignRoiOptions {
  filter: MetricsFilter;
  range: Range;
  stages: StageDefinition[];
  model: AttributionModel;
  /** Read from the rollups of the range's days: metrics/campaigns/rollup-reader.ts. */
  rollups?: CampaignRollups;
}

const ratio = (numerator: number, denominator: number) =>
  denominator === 0 ? null : numerator / denominator;

function withRatios(
  figures: Omit<CampaignRoiFigures, 'roi' | 'grossProfitRoi' | 'costPerLead' | 'cac' | 'sentBackRate'>,
): CampaignRoiFigures {
  const { spend } = figures;
  return {
    ...figures,
    roi: ratio(figures.attributedRevenue - spend, spend),
    grossProfitRoi: ratio(figures.attributedGrossProfit - spend, spend),
    costPerLead: figures.leads === 0 ? null : spend / figures.leads,
    cac: figures.newCustomers === 0 ? null : spend / figures.newCustomers,
    sentBackRate: ratio(figures.sentBack, figures.handoffs),
  };
}

export async function campaignRoi(
  store: TenantStore,
  options: CampaignRoiOptions,
): Promise<CampaignRoiReport> {
  const attribution = options.rollups
    ? await options.rollups.attribution(options.model)
    : await attributeWonDeals(store, options);
  const credited = [...attribution.byCampaign]
    .filter(([, credit]) => credit.attributedRevenue > 0 || credit.newCustomers > 0)
    .map(([campaignId]) => campaignId);
  const funnel = await campaignFunnel(store, { ...options, alsoCampaignIds: credited });

  const campaigns = funnel.map(
    ({
      spend,
      touches,
      leads,
      mqls,
      opportunities,
      pipeline,
      handoffs,
      sentBack,
      ...campaign
    }): CampaignRoi => {
      const credit = attribution.byCampaign.get(campaign.id);
      return {
        campaign: campaign as CampaignTable,
        ...withRatios({
          spend,
          touches,
          leads,
          mqls,
          opportunities,
          pipeline,
          handoffs,
          sentBack,
          attributedRevenue: credit?.attributedRevenue ?? 0,
          attributedGrossProfit: credit?.attributedGrossProfit ?? 0,
          newCustomers: credit?.newCustomers ?? 0,
        }),
      };
    },
  );
  campaigns.sort(
    (a, b) =>
      b.attributedRevenue - a.attributedRevenue ||
      b.spend - a.spend ||
      (a.campaign.id < b.campaign.id ? -1 : a.campaign.id > b.campaign.id ? 1 : 0),
  );

  const sum = (key: keyof CampaignRoiFigures) => campaigns.reduce((total, row) => total + (row[key] ?? 0), 0);
  const totals = withRatios({
    spend: sum('spend'),
    touches: sum('touches'),
    leads: sum('leads'),
    mqls: sum('mqls'),
    opportunities: sum('opportunities'),
    pipeline: sum('pipeline'),
    handoffs: sum('handoffs'),
    sentBack: sum('sentBack'),
    attributedRevenue: sum('attributedRevenue'),
    attributedGrossProfit: sum('attributedGrossProfit'),
    newCustomers: sum('newCustomers'),
  });
  return {
    model: options.model,
    campaigns,
    unattributedRevenue: attribution.unattributedRevenue,
    nonCampaignRevenue: attribution.nonCampaignRevenue,
    wonRevenue: attribution.wonRevenue,
    totals,
  };
}
