/**
 * Campaign ROI and multi-touch attribution (docs/domain.md "Campaign ROI and attribution"): the
 * AttributionModel enum and the campaignRoi report. SQL lives in gateway/metrics/campaign-*.ts.
 */
import { type AttributionModel, attributionModels } from '../gateway/domain/attribution.js';
import { readCampaignRoi } from '../gateway/metrics/campaigns/index.js';
import type { CampaignRoi, CampaignRoiFigures, CampaignRoiReport } from '../gateway/metrics/campaigns/roi.js';
import { builder } from './builder.js';
import { CampaignRef } from './entities.js';
import { MetricsFilterInput, resolveFilter } from './filter.js';

const modelDescriptions: Record<AttributionModel, string> = {
  FIRST_TOUCH: 'First touch: 100 % to the first touch on the path.',
  LEAD_CREATION:
    'Lead creation: 100 % to the lead-creation touch (the latest touch at or before the primary person first entered `lead` or beyond); a deal without one is unattributed.',
  U_SHAPED: 'U-shaped: 50 % first touch, 50 % lead-creation touch (100 % when they are the same touch).',
  W_SHAPED:
    'W-shaped: 30 % first touch, 30 % lead creation, 30 % opportunity creation (latest touch at or before the deal was created), 10 % split equally over the other touches.',
  FULL_PATH:
    'Full path: 22.5 % each to first touch, lead creation, opportunity creation and closed-won (latest touch at or before the close), 10 % split equally over the other touches.',
  LINEAR: 'Linear: an equal share to every touch on the path.',
  TIME_DECAY:
    'Time decay: each touch weighs 0.5^(days of 24 hours before the latest touch ÷ 7, an exact age, not calendar days), shares normalised per deal.',
};

export const AttributionModelEnum = builder.enumType('AttributionModel', {
  description:
    'How a won deal’s amount is split over the touches on its path (Marketo Measure weights). A milestone with no touch passes its weight to the milestones present, in proportion; the share of "the other touches" goes to the milestones when there are none. Touches after the close never count.',
  values: Object.fromEntries(
    attributionModels.map((model) => [model, { description: modelDescriptions[model] }]),
  ) as {
    [M in AttributionModel]: { description: string };
  },
});

const money = (what: string) => `In the tenant currency: ${what}.`;

/**
 * The figures of one campaign (`perCampaign`) or of the listed campaigns together: there each
 * count and amount is the sum of the campaigns' figures, and each ratio is taken of those sums.
 */
const figures = <T extends CampaignRoiFigures>(name: string, description: string, perCampaign: boolean) =>
  builder.objectRef<T>(name).implement({
    description,
    fields: (t) => {
      const sum = (field: string, text: string) =>
        perCampaign ? text : `Σ of CampaignRoi.${field} over the listed campaigns.`;
      return {
        spend: t.float({
          resolve: (r) => r.spend,
          description: sum(
            'spend',
            money(
              'Σ of the campaign’s costs of every month (YYYY-MM) that overlaps the range; not narrowed by people slices',
            ),
          ),
        }),
        touches: t.int({
          resolve: (r) => r.touches,
          description: sum('touches', 'Touches in the campaign in the range, by people matching the slices.'),
        }),
        leads: t.int({
          resolve: (r) => r.leads,
          description: sum(
            'leads',
            'People who first entered `lead` or beyond in the range with a touch of the campaign as their lead-creation touch (their latest touch at or before that entry).',
          ),
        }),
        mqls: t.int({
          resolve: (r) => r.mqls,
          description: sum(
            'mqls',
            'People whose first MQL handoff to sales is in the range with a touch of the campaign as their latest touch at or before it.',
          ),
        }),
        opportunities: t.int({
          resolve: (r) => r.opportunities,
          description: sum(
            'opportunities',
            'Deals created in the range whose primary campaign (the CRM’s campaign on the deal) is the campaign.',
          ),
        }),
        pipeline: t.float({
          resolve: (r) => r.pipeline,
          description: sum('pipeline', money('Σ amount of those deals that are still open')),
        }),
        handoffs: t.int({
          resolve: (r) => r.handoffs,
          description: sum(
            'handoffs',
            'MQL handoffs to sales made in the range whose person’s lead-creation campaign is the campaign (the campaign of their lead-creation touch: their latest touch at or before first entering `lead` or beyond; docs/domain.md "Handoffs by campaign"). Each handoff counts for one campaign at most, however many campaigns touched the person, so the campaigns’ handoffs add up to the handoffs with a lead-creation campaign.',
          ),
        }),
        sentBack: t.int({
          resolve: (r) => r.sentBack,
          description: sum('sentBack', 'Of those handoffs, the ones sales sent back to marketing.'),
        }),
        sentBackRate: t.float({
          resolve: (r) => r.sentBackRate,
          nullable: true,
          description:
            'sentBack ÷ handoffs, 0..1 ("% of leads sent back" for the campaign); null without handoffs.',
        }),
        attributedRevenue: t.float({
          resolve: (r) => r.attributedRevenue,
          description: sum(
            'attributedRevenue',
            money(
              'Σ over deals won (closed) in the range of amount × the credit the campaign’s touches earn under the model',
            ),
          ),
        }),
        attributedGrossProfit: t.float({
          resolve: (r) => r.attributedGrossProfit,
          description: sum(
            'attributedGrossProfit',
            money('Likewise with gross profit (a deal without gross profit adds 0)'),
          ),
        }),
        newCustomers: t.int({
          resolve: (r) => r.newCustomers,
          description: sum(
            'newCustomers',
            'Deals won in the range whose first touch on the path belongs to the campaign: the CAC denominator.',
          ),
        }),
        roi: t.float({
          resolve: (r) => r.roi,
          nullable: true,
          description: 'ROMI = (attributedRevenue − spend) ÷ spend, e.g. 0.5 = 50 %; null without spend.',
        }),
        grossProfitRoi: t.float({
          resolve: (r) => r.grossProfitRoi,
          nullable: true,
          description: '(attributedGrossProfit − spend) ÷ spend; null without spend.',
        }),
        costPerLead: t.float({
          resolve: (r) => r.costPerLead,
          nullable: true,
          description: money('spend ÷ leads; null without leads'),
        }),
        cac: t.float({
          resolve: (r) => r.cac,
          nullable: true,
          description: money(
            'Customer acquisition cost = spend ÷ newCustomers (marketing spend only); null without new customers',
          ),
        }),
      };
    },
  });

export const CampaignRoiRef = figures<CampaignRoi>(
  'CampaignRoi',
  'What one campaign cost and returned in the range.',
  true,
);
builder.objectFields(CampaignRoiRef, (t) => ({
  campaign: t.field({ type: CampaignRef, description: 'The campaign.', resolve: (row) => row.campaign }),
}));

const CampaignRoiTotalsRef = figures<CampaignRoiFigures>(
  'CampaignRoiTotals',
  'The listed campaigns together: each count and amount is the sum of the CampaignRoi fields, each ratio is recomputed from those sums.',
  false,
);

export const CampaignRoiReportRef = builder.objectRef<CampaignRoiReport>('CampaignRoiReport').implement({
  description:
    'Campaign ROI under one attribution model. wonRevenue = Σ campaigns’ attributedRevenue (all campaigns) + nonCampaignRevenue + unattributedRevenue.',
  fields: (t) => ({
    model: t.field({
      type: AttributionModelEnum,
      description: 'The model credits were computed with.',
      resolve: (r) => r.model,
    }),
    currency: t.string({
      description: 'ISO 4217 code of every amount.',
      resolve: (_r, _args, ctx) => ctx.tenant.currency,
    }),
    campaigns: t.field({
      type: [CampaignRoiRef],
      description:
        'Campaigns with spend, touches, leads, MQLs, opportunities or attributed revenue in the range, highest attributed revenue first, then highest spend.',
      resolve: (r) => r.campaigns,
    }),
    unattributedRevenue: t.exposeFloat('unattributedRevenue', {
      description: money(
        'Σ amount of deals won in the range that no touch earns credit for under the model (docs/domain.md unattributed bucket): no touch on the path before the close, or, for lead creation, none at or before the lead was created',
      ),
    }),
    nonCampaignRevenue: t.exposeFloat('nonCampaignRevenue', {
      description: money('Revenue credited to touches that belong to no campaign (organic, direct...)'),
    }),
    wonRevenue: t.exposeFloat('wonRevenue', {
      description: money('Σ amount of every deal won in the range (matching the slices)'),
    }),
    totals: t.field({
      type: CampaignRoiTotalsRef,
      description: 'Totals over the listed campaigns.',
      resolve: (r) => r.totals,
    }),
  }),
});

builder.queryFields((t) => ({
  campaignRoi: t.field({
    type: CampaignRoiReportRef,
    description:
      'Campaign ROI (docs/domain.md "Campaign ROI and attribution"). A won deal’s path is the touches of its primary person and of the other people of its account, up to its close; milestones: lead creation = the primary person’s first entry into `lead` or beyond, opportunity creation = the deal’s creation, closed-won = its close. Filter: the range is in the tenant’s time zone; segment, region, owner, team and stage narrow the people (deals by their primary person) but not spend; campaignId and channel pick the campaigns listed (credits are still shared with every campaign on the path).',
    args: {
      filter: t.arg({ type: MetricsFilterInput, description: 'Range and slices.' }),
      model: t.arg({
        type: AttributionModelEnum,
        required: true,
        defaultValue: 'W_SHAPED',
        description: 'Attribution model; W-shaped by default.',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const { filter, range, definitions } = await resolveFilter(args.filter, ctx);
      const query = { filter, range, definitions, timeZone: ctx.tenant.time_zone, now: ctx.now };
      return readCampaignRoi(ctx, query, args.model);
    },
  }),
}));
