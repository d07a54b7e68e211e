/**
 * Revenue metrics (docs/domain.md "Revenue metrics"): win rate, pipeline, revenue, cycle and lifetime
 * value over the deals of the people a filter matches. The SQL is gateway/metrics/revenue.ts.
 */
import { type RevenueResult, revenueMetrics } from '../gateway/metrics/revenue.js';
import { builder } from './builder.js';
import { MetricsFilterInput, resolveFilter } from './filter.js';

const RevenueMetricsRef = builder
  .objectRef<RevenueResult & { currency: string }>('RevenueMetrics')
  .implement({
    description:
      "Deals of the people the filter matches (through the deal's primary person; with no slices, every deal). " +
      "Closed-deal figures use deals closed in the range, newOpportunities deals created in it (local days, the tenant's " +
      'time zone); pipeline is as of now. Amounts are in `currency`.',
    fields: (t) => ({
      winRate: t.exposeFloat('winRate', {
        nullable: true,
        description:
          'Bid-to-win: won ÷ (won + lost) over deals closed in the range, 0..1. Open deals are excluded. Null when none closed.',
      }),
      won: t.exposeInt('won', { description: 'Deals closed-won in the range.' }),
      lost: t.exposeInt('lost', { description: 'Deals closed-lost in the range.' }),
      newOpportunities: t.exposeInt('newOpportunities', {
        description: 'Deals created in the range, whatever their state now.',
      }),
      pipeline: t.exposeFloat('pipeline', {
        description:
          'Σ amount of deals open now (not closed), whatever the range. A deal whose amount is unknown (null) adds nothing; it is not counted as 0 anywhere.',
      }),
      weightedPipeline: t.exposeFloat('weightedPipeline', {
        description:
          'Σ amount × probability (0..1) of deals open now, whatever the range; deals with an unknown amount add nothing.',
      }),
      revenue: t.exposeFloat('revenue', {
        description:
          'Σ amount of deals closed-won in the range; a won deal whose amount is unknown adds nothing (it still counts in won and winRate).',
      }),
      averageDeal: t.exposeFloat('averageDeal', {
        nullable: true,
        description:
          'Average amount of deals closed-won in the range, over those whose amount is known: an unknown amount is left out, not averaged in as 0. Null when none.',
      }),
      salesCycleDays: t.exposeFloat('salesCycleDays', {
        nullable: true,
        description:
          'Mean calendar days from creation to close of deals closed-won in the range: the close date minus the creation date, local dates in the tenant\'s time zone (docs/domain.md "Days"; created 23:30, won 00:30 the next day is 1 day). Null when none.',
      }),
      medianSalesCycleDays: t.exposeFloat('medianSalesCycleDays', {
        nullable: true,
        description:
          'Median (percentile_cont) of the same calendar days as salesCycleDays, over the same deals. Null when none.',
      }),
      customerLifetimeValue: t.exposeFloat('customerLifetimeValue', {
        nullable: true,
        description:
          'Observed lifetime value (docs/domain.md: "or observed sum"; we hold no churn data, so no margin ÷ churn projection): ' +
          'the average, over customer accounts (accounts with a closed-won deal among the matched deals), of the Σ gross ' +
          'profit of their won deals, over all time: the date range does not apply. Deals without a recorded gross ' +
          'profit add nothing; accounts with none are left out. Null when there is no such account.',
      }),
      currency: t.exposeString('currency', {
        description: "ISO 4217 code of every amount: the tenant's currency.",
      }),
    }),
  });

builder.queryField('revenueMetrics', (t) =>
  t.field({
    type: RevenueMetricsRef,
    description:
      'Win rate (open deals excluded), pipeline, revenue, deal size, cycle and lifetime value. One SQL statement.',
    args: {
      filter: t.arg({
        type: MetricsFilterInput,
        description:
          "Range = close day (won, lost, revenue, deal size, cycle) or creation day (new opportunities); slices narrow the deals' primary people.",
      }),
    },
    resolve: async (_root, args, ctx) => {
      const { filter, range } = await resolveFilter(args.filter, ctx);
      return {
        ...(await revenueMetrics(ctx.store, filter, range, ctx.tenant.time_zone)),
        currency: ctx.tenant.currency,
      };
    },
  }),
);
