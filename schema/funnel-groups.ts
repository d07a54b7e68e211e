/**
 * `Funnel.groups(by)`: the funnel side by side per value of a person dimension (lead source,
 * segment, region…), for `<tandem-funnel group-by>`. The counts are the metrics query's REACHED,
 * one per stage of the ladder the funnel itself answered, in one statement: the widget need not know
 * the tenant's stage keys to ask.
 */
import { createGraphQLError } from 'graphql-yoga';
import {
  type Dimension,
  invalidDimensions,
  measureDefinitions,
} from '../gateway/metrics/breakdown/catalog.js';
import { readBreakdown } from '../gateway/metrics/breakdown/index.js';
import { BreakdownError } from '../gateway/metrics/breakdown/validate.js';
import { labelsOf } from '../gateway/metrics/breakdown/values.js';
import { builder } from './builder.js';
import { FunnelRef } from './funnel.js';
import { calendarOf, DimensionEnum } from './metrics-query.js';

interface FunnelGroup {
  value: string | null;
  label: string;
  reached: number[];
}

const FunnelGroupRef = builder.objectRef<FunnelGroup>('FunnelGroup').implement({
  description: "The funnel's cohort people with one value of the dimension.",
  fields: (t) => ({
    value: t.string({
      nullable: true,
      description: 'The value, as the filter takes it (an id for OWNER, TEAM, CAMPAIGN); null for none.',
      resolve: (g) => g.value,
    }),
    label: t.exposeString('label', { description: 'Its name for people; "(none)".' }),
    reached: t.exposeIntList('reached', {
      description:
        'Per stage, in the order of Funnel.stages: how many of them reached it or beyond (Funnel.stages.reached for this value; the metrics query’s REACHED).',
    }),
  }),
});

builder.objectField(FunnelRef, 'groups', (t) =>
  t.field({
    type: [FunnelGroupRef],
    description:
      'The funnel per value of a person dimension (REACHED’s: LEAD_SOURCE, CHANNEL, CAMPAIGN, SEGMENT, REGION, INDUSTRY, OWNER, TEAM, FIT_GRADE, LIFECYCLE_STAGE), most people first. A person in several channels or campaigns counts in each. One SQL statement when selected.',
    args: { by: t.arg({ type: DimensionEnum, required: true, description: 'The dimension.' }) },
    resolve: async (funnel, args, ctx) => {
      const by = args.by as Dimension;
      if (invalidDimensions('REACHED', [by]).length > 0) {
        throw createGraphQLError(
          `the funnel cannot be grouped by ${by}; group it by ${measureDefinitions.REACHED.dimensions.join(', ')}`,
          { extensions: { code: 'INVALID_DIMENSION' } },
        );
      }
      const stages = funnel.stages.map((s) => s.key);
      if (stages.length === 0) return [];
      try {
        const breakdown = await readBreakdown(ctx, funnel.query, calendarOf(ctx.tenant), {
          measures: stages.map((to) => ({ measure: 'REACHED', to })),
          dimensions: [by],
          grain: null,
          order: [{ by: `REACHED_${stages[0]}`, descending: true }],
          limit: null,
        });
        const keys = breakdown.rows.map((row) => row.keys[0]!);
        const labels = await labelsOf(ctx.store, by, keys, funnel.query.definitions.stages);
        return breakdown.rows.map((row) => ({
          value: row.keys[0] || null,
          label: labels.get(row.keys[0]!)!,
          reached: row.values.map((v) => v ?? 0),
        }));
      } catch (error) {
        throw error instanceof BreakdownError
          ? createGraphQLError(error.message, { extensions: { code: error.code } })
          : error;
      }
    },
  }),
);
