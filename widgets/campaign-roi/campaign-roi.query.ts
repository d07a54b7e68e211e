import { enumName } from '../shared/dimensions.js';
import type { Operation } from '../shared/tandem-element.js';

/** How a won deal's amount is split over the touches on its path (docs/domain.md, Marketo Measure weights). */
export const ATTRIBUTION_MODELS = [
  'FIRST_TOUCH',
  'LEAD_CREATION',
  'U_SHAPED',
  'W_SHAPED',
  'FULL_PATH',
  'LINEAR',
  'TIME_DECAY',
] as const;

export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];

export const DEFAULT_MODEL: AttributionModel = 'W_SHAPED';

/** Any attribute value → a model the gateway knows (unknown text falls back to W-shaped). */
export const toAttributionModel = (value: string | null | undefined): AttributionModel => {
  const model = enumName(value);
  return (ATTRIBUTION_MODELS as readonly string[]).includes(model)
    ? (model as AttributionModel)
    : DEFAULT_MODEL;
};

export interface CampaignRoiRow {
  /** `channelLabel`: the channel as people call it ("Paid social"), from the gateway. */
  campaign: { id: string; name: string; channel: string; channelLabel?: string };
  spend: number;
  leads: number;
  mqls: number;
  opportunities: number;
  /** Open pipeline amount of the campaign's deals. */
  pipeline: number;
  attributedRevenue: number;
  attributedGrossProfit: number;
  /** (attributedRevenue − spend) ÷ spend, a fraction (1.5 = 150 %); null when spend is 0. */
  roi: number | null;
  grossProfitRoi: number | null;
  costPerLead: number | null;
  cac: number | null;
}

export interface CampaignRoiTotals {
  spend: number;
  attributedRevenue: number;
  roi: number | null;
}

export interface CampaignRoi {
  model: AttributionModel;
  /** ISO 4217 code of every amount. */
  currency: string;
  /** Won revenue no touch earns credit for under the model. */
  unattributedRevenue: number;
  /** The listed campaigns together; optional until the gateway's shape is settled. */
  totals?: CampaignRoiTotals | null;
  campaigns: CampaignRoiRow[];
}

export interface TandemCampaignRoiResult {
  campaignRoi: CampaignRoi | null;
}

export const campaignRoiOperation: Operation = {
  operationName: 'TandemCampaignRoi',
  query: /* GraphQL */ `
    query TandemCampaignRoi($filter: MetricsFilter, $model: AttributionModel!) {
      campaignRoi(filter: $filter, model: $model) {
        model
        currency
        unattributedRevenue
        totals { spend attributedRevenue roi }
        campaigns {
          campaign { id name channel channelLabel }
          spend leads mqls opportunities pipeline attributedRevenue attributedGrossProfit
          roi grossProfitRoi costPerLead cac
        }
      }
    }
  `,
};

/** The report's totals, or the campaigns' sums when the gateway sent none (each ratio from the sums). */
export function totalsOf(data: CampaignRoi): CampaignRoiTotals {
  if (data.totals) return data.totals;
  const spend = data.campaigns.reduce((sum, c) => sum + c.spend, 0);
  const attributedRevenue = data.campaigns.reduce((sum, c) => sum + c.attributedRevenue, 0);
  return { spend, attributedRevenue, roi: spend > 0 ? (attributedRevenue - spend) / spend : null };
}
