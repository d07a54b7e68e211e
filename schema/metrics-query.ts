/**
 * The metrics query for analysts (docs/analysts.md): `metrics(measures, dimensions, timeGrain,
 * filter, order, limit)` answers any measure by the dimensions that make sense for it, by period,
 * with totals; `dimensionValues` lists a dimension's values for pickers. The SQL is
 * gateway/metrics/breakdown/; which dimensions each measure takes is its catalog.ts.
 */
import { createGraphQLError } from 'graphql-yoga';
import {
  type Dimension,
  dimensionDescriptions,
  dimensions,
  type Measure,
  measureDefinitions,
  measures,
} from '../gateway/metrics/breakdown/catalog.js';
import { type Breakdown, type MeasureColumn, readBreakdown } from '../gateway/metrics/breakdown/index.js';
import {
  isoDay,
  periodDays,
  periodLabel,
  type TimeGrain,
  timeGrains,
} from '../gateway/metrics/breakdown/periods.js';
import { BreakdownError } from '../gateway/metrics/breakdown/validate.js';
import { type DimensionValue, dimensionValues, labelsOf } from '../gateway/metrics/breakdown/values.js';
import { builder } from './builder.js';
import { AttributionModelEnum } from './campaigns.js';
import { MetricsFilterInput, resolveFilter } from './filter.js';

const MeasureEnum = builder.enumType('Measure', {
  description: 'What the metrics query counts. Each value says its definition and the fixed field it equals.',
  values: Object.fromEntries(
    measures.map((m) => {
      const definition = measureDefinitions[m];
      return [
        m,
        {
          description: `${definition.description} Dimensions: ${definition.dimensions.join(', ')}.${definition.timeGrain ? '' : ' No time grain.'}`,
        },
      ];
    }),
  ) as { [M in Measure]: { description: string } },
});

export const DimensionEnum = builder.enumType('Dimension', {
  description: 'What the metrics query splits by. Each measure says which it takes.',
  values: Object.fromEntries(dimensions.map((d) => [d, { description: dimensionDescriptions[d] }])) as {
    [D in Dimension]: { description: string };
  },
});

const TimeGrainEnum = builder.enumType('TimeGrain', {
  description:
    "Periods in the tenant's time zone: DAY, WEEK (ISO, from Monday), MONTH, and QUARTER and YEAR of the tenant's fiscal year (Tenant.fiscalYearStart; January by default).",
  values: timeGrains,
});

const MeasureInput = builder.inputType('MeasureInput', {
  description: 'One measure of the metrics query, with the arguments some measures take.',
  fields: (t) => ({
    measure: t.field({ type: MeasureEnum, required: true, description: 'The measure.' }),
    from: t.string({ description: "CONVERSION only: the stage key converted from (e.g. 'lead')." }),
    to: t.string({
      description:
        "CONVERSION: the stage key converted to (e.g. 'sql'); REACHED: the stage key reached (e.g. 'mql').",
    }),
    model: t.field({
      type: AttributionModelEnum,
      description: 'ATTRIBUTED_REVENUE and ROI only: the attribution model; W_SHAPED by default.',
    }),
    as: t.string({
      description:
        'The column name, for `order` and to ask one measure twice; by default the measure (CONVERSION_from_to, REACHED_to, or MEASURE_MODEL when a model is given).',
    }),
  }),
});

const MetricOrderInput = builder.inputType('MetricOrder', {
  description: 'One sort key of the rows.',
  fields: (t) => ({
    by: t.string({
      required: true,
      description: 'A measure column name (MeasureColumn.name), an asked dimension (e.g. REGION), or PERIOD.',
    }),
    descending: t.boolean({ defaultValue: false, description: 'Largest first; nulls are last either way.' }),
  }),
});

const MeasureColumnRef = builder.objectRef<MeasureColumn>('MeasureColumn').implement({
  description: 'A measure as asked: the values of each row and of the totals are in this order.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Its column name.' }),
    measure: t.field({ type: MeasureEnum, description: 'The measure.', resolve: (c) => c.measure }),
    from: t.string({
      nullable: true,
      description: 'CONVERSION: the stage from.',
      resolve: (c) => c.from ?? null,
    }),
    to: t.string({
      nullable: true,
      description: 'CONVERSION: the stage to; REACHED: the stage reached.',
      resolve: (c) => c.to ?? null,
    }),
    model: t.field({
      type: AttributionModelEnum,
      nullable: true,
      description: 'The attribution model, for campaign measures.',
      resolve: (c) => c.model,
    }),
  }),
});

interface Period {
  start: string;
  end: string;
  label: string;
}

const PeriodRef = builder.objectRef<Period>('Period').implement({
  description: "One period of the time grain, in the tenant's time zone.",
  fields: (t) => ({
    start: t.field({
      type: 'Date',
      description: "The first local day counted: the period's first, or the filter's `from` when later.",
      resolve: (p) => p.start,
    }),
    end: t.field({
      type: 'Date',
      description: "The last local day counted: the period's last, or the filter's `to` when earlier.",
      resolve: (p) => p.end,
    }),
    label: t.exposeString('label', {
      description:
        '2026-03-05 (day), 2026-W10 (ISO week), 2026-03 (month), FY2026 Q1, FY2026 (fiscal quarter, year).',
    }),
  }),
});

interface Cell {
  dimension: Dimension;
  value: string | null;
  label: string;
}

const DimensionCellRef = builder.objectRef<Cell>('DimensionCell').implement({
  description: "A row's value of one dimension.",
  fields: (t) => ({
    dimension: t.field({ type: DimensionEnum, description: 'The dimension.', resolve: (c) => c.dimension }),
    value: t.string({
      nullable: true,
      description: 'The value (an id for OWNER, DEAL_OWNER, TEAM, CAMPAIGN, PRODUCT); null for none.',
      resolve: (c) => c.value,
    }),
    label: t.exposeString('label', {
      description: 'Its name for people: a user’s, a campaign’s, a stage’s; "(none)".',
    }),
  }),
});

interface Row {
  period: Period | null;
  dimensions: Cell[];
  values: (number | null)[];
}

const MetricRowRef = builder.objectRef<Row>('MetricRow').implement({
  description: 'One combination of period and dimension values that has something to count.',
  fields: (t) => ({
    period: t.field({
      type: PeriodRef,
      nullable: true,
      description: 'The period; null without a time grain.',
      resolve: (r) => r.period,
    }),
    dimensions: t.field({
      type: [DimensionCellRef],
      description: 'Its dimension values, in the asked order.',
      resolve: (r) => r.dimensions,
    }),
    values: t.floatList({
      nullable: { list: false, items: true },
      description:
        "The measures' values in the order of `measures`; a ratio, median or mean is null with nothing to divide.",
      resolve: (r) => r.values,
    }),
  }),
});

interface Table {
  breakdown: Breakdown;
  rows: Row[];
  grain: TimeGrain | null;
  dimensions: Dimension[];
  currency: string;
}

const MetricTableRef = builder.objectRef<Table>('MetricTable').implement({
  description:
    'Rows of dimension values and measure values, with totals over the whole filter. A person in several channels or campaigns counts in each of their rows (as filter.channel does), so rows can add up to more than the totals.',
  fields: (t) => ({
    measures: t.field({
      type: [MeasureColumnRef],
      description: 'The measures, in the order of every values list.',
      resolve: (r) => r.breakdown.columns,
    }),
    dimensions: t.field({
      type: [DimensionEnum],
      description: 'The asked dimensions.',
      resolve: (r) => r.dimensions,
    }),
    timeGrain: t.field({
      type: TimeGrainEnum,
      nullable: true,
      description: 'The asked grain.',
      resolve: (r) => r.grain,
    }),
    rows: t.field({
      type: [MetricRowRef],
      description: 'The rows, ordered and limited.',
      resolve: (r) => r.rows,
    }),
    rowCount: t.int({ description: 'Rows before the limit.', resolve: (r) => r.breakdown.rowCount }),
    totals: t.floatList({
      nullable: { list: false, items: true },
      description:
        'Each measure over the whole filter, not split (a ratio of the totals, not a sum of ratios).',
      resolve: (r) => r.breakdown.totals,
    }),
    currency: t.exposeString('currency', {
      description: "ISO 4217 code of every amount: the tenant's currency.",
    }),
  }),
});

const DimensionValueRef = builder.objectRef<DimensionValue>('DimensionValue').implement({
  description: 'One value a dimension has.',
  fields: (t) => ({
    value: t.string({
      nullable: true,
      description: 'The value; null for none.',
      resolve: (v) => v.value || null,
    }),
    label: t.exposeString('label', { description: 'Its name for people.' }),
    count: t.exposeInt('count', {
      description: 'People with it (deals for STAGE, LOSS_REASON, DEAL_OWNER and PRODUCT).',
    }),
  }),
});

const latest = (day: string, bound: string | null | undefined) => (bound && bound > day ? bound : day);
const earliest = (day: string, bound: string | null | undefined) => (bound && bound < day ? bound : day);

/** A refusal from the breakdown as the GraphQL error users see. */
function asGraphQLError(error: unknown): unknown {
  return error instanceof BreakdownError
    ? createGraphQLError(error.message, { extensions: { code: error.code } })
    : error;
}

/** The tenant's calendar for periods: its time zone and the first month of its fiscal year. */
export const calendarOf = (tenant: { time_zone: string }) => ({
  timeZone: tenant.time_zone,
  fiscalYearStart: Number((tenant as { fiscal_year_start?: number }).fiscal_year_start ?? 1),
});

builder.queryFields((t) => ({
  metrics: t.field({
    type: MetricTableRef,
    description:
      'Any measure by the dimensions valid for it (each Measure value lists them; an invalid pair is an error naming them), by time grain, with totals, in one request: e.g. conversion by lead source, win rate by region and quarter, revenue by rep (DEAL_OWNER), MQLs by month, lost deals by loss reason. Each row equals the fixed field for the same slice (docs/analysts.md). One SQL statement per family of measures (milestones, handoffs, deals), two per period and model for campaign measures.',
    args: {
      measures: t.arg({ type: [MeasureInput], required: true, description: 'What to count, at most 20.' }),
      dimensions: t.arg({ type: [DimensionEnum], description: 'What to split by, at most 3.' }),
      timeGrain: t.arg({ type: TimeGrainEnum, description: 'Split by period too.' }),
      filter: t.arg({
        type: MetricsFilterInput,
        description:
          'Range and slices, as for the fixed fields: each measure applies the range to its own date.',
      }),
      order: t.arg({ type: [MetricOrderInput], description: 'Sort keys; then period and dimension values.' }),
      limit: t.arg.int({ description: 'At most this many rows (after ordering).' }),
    },
    resolve: async (_root, args, ctx) => {
      const { filter, range, definitions } = await resolveFilter(args.filter, ctx);
      const calendar = calendarOf(ctx.tenant);
      const grain = (args.timeGrain ?? null) as TimeGrain | null;
      const asked = (args.dimensions ?? []) as Dimension[];
      try {
        const breakdown = await readBreakdown(
          ctx,
          { filter, range, definitions, timeZone: calendar.timeZone, now: ctx.now },
          calendar,
          {
            measures: args.measures,
            dimensions: asked,
            grain,
            order: (args.order ?? []).map((o) => ({ by: o.by, descending: !!o.descending })),
            limit: args.limit ?? null,
          },
        );
        // One dimension after another: the request's statements share one connection.
        const labels: Map<string, string>[] = [];
        for (const [i, dimension] of asked.entries()) {
          const values = breakdown.rows.map((r) => r.keys[i]!);
          labels.push(await labelsOf(ctx.store, dimension, values, definitions.stages));
        }
        const rows = breakdown.rows.map((row) => ({
          period:
            grain && row.period !== null
              ? {
                  // The days counted: the period's, within the filter's range.
                  start: latest(isoDay(row.period), filter.from),
                  end: earliest(periodDays(grain, row.period, calendar).to, filter.to),
                  label: periodLabel(grain, row.period, calendar),
                }
              : null,
          dimensions: asked.map((dimension, i) => ({
            dimension,
            value: row.keys[i] || null,
            label: labels[i]!.get(row.keys[i]!)!,
          })),
          values: row.values,
        }));
        return { breakdown, rows, grain, dimensions: asked, currency: ctx.tenant.currency };
      } catch (error) {
        throw asGraphQLError(error);
      }
    },
  }),
  dimensionValues: t.field({
    type: [DimensionValueRef],
    description: 'The values a dimension has, most common first, for pickers.',
    args: { dimension: t.arg({ type: DimensionEnum, required: true, description: 'The dimension.' }) },
    resolve: async (_root, args, ctx) =>
      dimensionValues(ctx.store, args.dimension as Dimension, (await ctx.definitions()).stages),
  }),
}));
