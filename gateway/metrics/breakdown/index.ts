/**
 * The metrics query (docs/analysts.md): any measure by the dimensions that make sense for it
 * (catalog.ts), by time grain, with totals. Each family of measures is one statement built on the
 * fixed metrics' own SQL (milestones.ts, handoffs.ts, deals.ts) or on campaign ROI itself
 * (campaigns.ts), so a row equals what the fixed field answers for the same slice. People and deal
 * measures split by the dimensions the slices rollup keeps read it instead (slices.ts), when the
 * request reads rollups (choose.ts); docs/analysts.md says which measures and dimensions.
 */
import type { AttributionModel } from '../../domain/attribution.js';
import { type MetricQuery, type MetricRequest, rollupsFor } from '../choose.js';
import { dayRangeOf } from '../filter.js';
import { campaignBreakdown } from './campaigns.js';
import {
  type Dimension,
  defaultModel,
  type Measure,
  type MeasureFamily,
  measureDefinitions,
} from './catalog.js';
import { dealBreakdown } from './deals.js';
import { handoffBreakdown } from './handoffs.js';
import { milestoneBreakdown } from './milestones.js';
import { type Calendar, periodStarts, type TimeGrain } from './periods.js';
import { dealSlices, milestoneSlices, slicesServe } from './slices.js';
import type { Split, StackedRow } from './stack.js';
import { BreakdownError, checkAsk, maxCampaignPeriods } from './validate.js';

export interface MeasureAsk {
  measure: Measure;
  /** CONVERSION's stage keys. */
  from?: string | null;
  to?: string | null;
  /** ATTRIBUTED_REVENUE's and ROI's attribution model; W_SHAPED when absent. */
  model?: AttributionModel | null;
  /** The column's name; measure_from_to or measure_model by default. */
  as?: string | null;
}

export interface MetricOrder {
  /** A measure's column name, a dimension, or PERIOD. */
  by: string;
  descending: boolean;
}

export interface BreakdownAsk {
  measures: MeasureAsk[];
  dimensions: Dimension[];
  grain: TimeGrain | null;
  order: MetricOrder[];
  limit: number | null;
}

export interface MeasureColumn extends MeasureAsk {
  name: string;
  model: AttributionModel | null;
}

export interface BreakdownRow {
  /** First local day of the row's period (day number); null without a time grain. */
  period: number | null;
  /** The dimensions' values in the asked order; '' is "none". */
  keys: string[];
  values: (number | null)[];
}

export interface Breakdown {
  columns: MeasureColumn[];
  rows: BreakdownRow[];
  totals: (number | null)[];
  /** Rows before the limit. */
  rowCount: number;
  /** Where each asked family's figures came from: the slices rollup or the raw rows. */
  readFrom: Partial<Record<MeasureFamily, 'rollups' | 'raw'>>;
}

export async function readBreakdown(
  request: MetricRequest,
  query: MetricQuery,
  calendar: Calendar,
  ask: BreakdownAsk,
): Promise<Breakdown> {
  const columns = checkAsk(ask, query.definitions.stages);
  const { grain, dimensions } = ask;
  const split: Split = { dimensions, grain, starts: grain ? starts(grain, query, calendar) : [] };
  const families = new Set(columns.map((c) => measureDefinitions[c.measure].family));
  const stacked = new Map<MeasureFamily, StackedRow[]>();
  const { store } = request;
  const { filter, range, timeZone, now } = query;

  // The families the slices rollup answers, when the request reads rollups at all (no slices in
  // the filter, no row scopes): every measure and dimension asked of them must be kept there.
  const fromRollups = new Set<MeasureFamily>();
  for (const family of ['milestones', 'deals'] as const) {
    const asked = columns
      .filter((c) => measureDefinitions[c.measure].family === family)
      .map((c) => c.measure);
    if (asked.length > 0 && slicesServe(asked, dimensions)) fromRollups.add(family);
  }
  if (fromRollups.size > 0 && !(await rollupsFor(request, filter))) fromRollups.clear();
  const readFrom = Object.fromEntries(
    [...families].map((family) => [family, fromRollups.has(family) ? 'rollups' : 'raw']),
  ) as Breakdown['readFrom'];

  // One statement per family, one after another: a request holds one connection.
  if (families.has('milestones')) {
    const stages = query.definitions.stages;
    const stage = (key: string | null | undefined) => stages.find((s) => s.key === key);
    const asks = columns.flatMap((column, index) =>
      measureDefinitions[column.measure].family === 'milestones'
        ? [
            {
              alias: `m${index}`,
              measure: column.measure as 'LEADS',
              from: stage(column.from),
              to: stage(column.to),
            },
          ]
        : [],
    );
    stacked.set(
      'milestones',
      fromRollups.has('milestones')
        ? await milestoneSlices(store, asks, dayRangeOf(filter), split)
        : await milestoneBreakdown(store, asks, { filter, range, stages, timeZone }, split),
    );
  }
  if (families.has('handoffs'))
    stacked.set('handoffs', await handoffBreakdown(store, { filter, range, timeZone, now }, split));
  if (families.has('deals'))
    stacked.set(
      'deals',
      fromRollups.has('deals')
        ? await dealSlices(store, dayRangeOf(filter), split)
        : await dealBreakdown(store, { filter, range, timeZone }, split, withOpen(columns)),
    );
  if (families.has('campaigns')) {
    if (split.starts.length > maxCampaignPeriods) {
      throw new BreakdownError(
        `campaign measures by ${grain} over ${split.starts.length} periods; narrow filter.from and filter.to to at most ${maxCampaignPeriods}`,
        'INVALID_METRICS_QUERY',
      );
    }
    const models = [
      ...new Set(
        columns.filter((c) => measureDefinitions[c.measure].family === 'campaigns').map((c) => c.model!),
      ),
    ];
    stacked.set('campaigns', await campaignBreakdown(request, query, models, { ...split, calendar }));
  }

  // Rows of every family merged on (period, dimension values).
  const merged = new Map<
    string,
    { period: number | null; keys: string[]; figures: Map<MeasureFamily, Figures> }
  >();
  const totals = new Map<MeasureFamily, Figures>();
  for (const [family, rows] of stacked) {
    for (const row of rows) {
      if (row.isTotal) {
        totals.set(family, row.figures);
        continue;
      }
      const id = JSON.stringify([row.period, row.keys]);
      const entry = merged.get(id) ?? { period: row.period, keys: row.keys, figures: new Map() };
      entry.figures.set(family, row.figures);
      merged.set(id, entry);
    }
  }
  const valuesOf = (figures: Map<MeasureFamily, Figures>) =>
    columns.map((column, index) =>
      measureValue(column, index, figures.get(measureDefinitions[column.measure].family) ?? {}),
    );
  const rows = [...merged.values()].map((entry) => ({
    period: entry.period,
    keys: entry.keys,
    values: valuesOf(entry.figures),
  }));
  rows.sort(comparator(ask, columns));
  return {
    columns,
    rows: ask.limit == null ? rows : rows.slice(0, ask.limit),
    totals: valuesOf(totals),
    rowCount: rows.length,
    readFrom,
  };
}

type Figures = Record<string, number | null>;

/**
 * Open deals have no day: they count as of now (PIPELINE, OPEN_DEALS, refused with a time grain)
 * and only when asked, so a row is never made of open deals alone for closed-deal measures.
 */
function withOpen(columns: MeasureColumn[]): boolean {
  return columns.some((c) => c.measure === 'PIPELINE' || c.measure === 'OPEN_DEALS');
}

/** A measure's value from its family's figures for one row (ratios of the row's own counts). */
function measureValue(column: MeasureColumn, index: number, f: Figures): number | null {
  const n = (alias: string) => f[alias] ?? 0;
  const ratio = (numerator: number, denominator: number) =>
    denominator === 0 ? null : numerator / denominator;
  const model = column.model ?? defaultModel;
  switch (column.measure) {
    case 'LEADS':
    case 'MQLS':
    case 'SQLS':
      return n(`m${index}_a`);
    case 'CONVERSION':
      return ratio(n(`m${index}_b`), n(`m${index}_a`));
    case 'REACHED':
      return n(`m${index}_a`);
    case 'HANDOFFS':
      return n('handoffs');
    case 'SLA_WITHIN_TARGET_RATE':
      return ratio(n('met'), n('handoffs'));
    case 'SENT_BACK_RATE':
      return ratio(n('sent_back'), n('handoffs'));
    case 'RESPONSE_HOURS_P50':
      return f.response_p50 ?? null;
    case 'RESPONSE_HOURS_P90':
      return f.response_p90 ?? null;
    case 'WON':
      return n('won');
    case 'LOST':
      return n('lost');
    case 'WIN_RATE':
      return ratio(n('won'), n('won') + n('lost'));
    case 'REVENUE':
      return n('revenue');
    case 'MEDIAN_DAYS':
      return f.median ?? null;
    case 'MEAN_DAYS':
      return f.mean_days ?? null;
    case 'PIPELINE':
      return n('pipeline');
    case 'OPEN_DEALS':
      return n('open_deals');
    case 'SPEND':
      return n(`${model}_spend`);
    case 'COST_PER_LEAD':
      return ratio(n(`${model}_spend`), n(`${model}_leads`));
    case 'ATTRIBUTED_REVENUE':
      return n(`${model}_attributedRevenue`);
    case 'ROI':
      return ratio(n(`${model}_attributedRevenue`) - n(`${model}_spend`), n(`${model}_spend`));
  }
}

/** The periods the range can hold: from its first day (or 1970) to its last (or a year from now). */
function starts(grain: TimeGrain, query: MetricQuery, calendar: Calendar): number[] {
  const days = dayRangeOf(query.filter);
  const today = Math.floor(query.now / 86_400_000);
  return periodStarts(grain, Math.max(days.first, 0), Math.min(days.last, today + 366), calendar);
}

/** Asked order first, then period and dimension values ascending; nulls last. */
function comparator(ask: BreakdownAsk, columns: MeasureColumn[]) {
  const criteria = [
    ...ask.order,
    { by: 'PERIOD', descending: false },
    ...ask.dimensions.map((d) => ({ by: d, descending: false })),
  ];
  const sortKey = (row: BreakdownRow, by: string): number | string | null => {
    if (by === 'PERIOD') return row.period;
    const dimension = ask.dimensions.indexOf(by as Dimension);
    if (dimension >= 0) return row.keys[dimension] || null;
    return row.values[columns.findIndex((c) => c.name === by)] ?? null;
  };
  return (a: BreakdownRow, b: BreakdownRow) => {
    for (const { by, descending } of criteria) {
      const x = sortKey(a, by);
      const y = sortKey(b, by);
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * (descending ? -1 : 1);
    }
    return 0;
  };
}
