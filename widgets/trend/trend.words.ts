import { ATTRIBUTION_MODELS } from '../campaign-roi/campaign-roi.query.js';
import { DIMENSIONS, dimensionOf, enumName } from '../shared/dimensions.js';
import type { Formatters } from '../shared/format.js';

/**
 * The measures and dimensions of the analysts' metrics query (schema/metrics-query.ts) in people's
 * words, how each measure's numbers read, and the attribute values the widget accepts. A value the
 * widget does not know is refused here, in plain words, before any request.
 */

/** How a value reads: a count, a 0..1 share, money, business hours or calendar days. */
export type ValueKind = 'count' | 'percent' | 'currency' | 'hours' | 'days';

export interface MeasureWords {
  label: string;
  kind: ValueKind;
  /** Counts and amounts add up over slices, so "Other" is their sum; rates, medians and means do not. */
  additive: boolean;
}

export const MEASURES: Record<string, MeasureWords> = {
  LEADS: { label: 'Leads', kind: 'count', additive: true },
  MQLS: { label: 'MQLs', kind: 'count', additive: true },
  SQLS: { label: 'SQLs', kind: 'count', additive: true },
  CONVERSION: { label: 'Conversion', kind: 'percent', additive: false },
  REACHED: { label: 'Reached', kind: 'count', additive: true },
  HANDOFFS: { label: 'Handoffs', kind: 'count', additive: true },
  SLA_WITHIN_TARGET_RATE: { label: 'SLA within target', kind: 'percent', additive: false },
  SENT_BACK_RATE: { label: 'Sent back', kind: 'percent', additive: false },
  RESPONSE_HOURS_P50: { label: 'Median response time', kind: 'hours', additive: false },
  RESPONSE_HOURS_P90: { label: '90th percentile response time', kind: 'hours', additive: false },
  WON: { label: 'Deals won', kind: 'count', additive: true },
  LOST: { label: 'Deals lost', kind: 'count', additive: true },
  WIN_RATE: { label: 'Win rate', kind: 'percent', additive: false },
  REVENUE: { label: 'Revenue', kind: 'currency', additive: true },
  MEDIAN_DAYS: { label: 'Median sales cycle', kind: 'days', additive: false },
  MEAN_DAYS: { label: 'Mean sales cycle', kind: 'days', additive: false },
  PIPELINE: { label: 'Pipeline', kind: 'currency', additive: true },
  OPEN_DEALS: { label: 'Open deals', kind: 'count', additive: true },
  SPEND: { label: 'Spend', kind: 'currency', additive: true },
  COST_PER_LEAD: { label: 'Cost per lead', kind: 'currency', additive: false },
  ATTRIBUTED_REVENUE: { label: 'Attributed revenue', kind: 'currency', additive: true },
  ROI: { label: 'ROI', kind: 'percent', additive: false },
};

export const GRAINS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type Grain = (typeof GRAINS)[number];

const STAGE_KEY = /^[a-z][a-z0-9_-]{0,39}$/;

const oneOf = (names: readonly string[]): string => names.join(', ');

/** What the widget asks, from its attributes; throws a sentence naming the attribute and value. */
export interface TrendRequest {
  measure: { measure: string; from?: string; to?: string; model?: string };
  dimension: string | null;
  grain: Grain;
}

export interface TrendAttributes {
  measure?: string;
  grain?: string;
  splitBy?: string;
  fromStage?: string;
  toStage?: string;
  model?: string;
}

export function trendRequest(attributes: TrendAttributes): TrendRequest {
  const measure = enumName(attributes.measure);
  if (!measure) throw new Error(`Set the measure attribute, e.g. measure="MQLS".`);
  if (!(measure in MEASURES))
    throw new Error(`Unknown measure "${attributes.measure}": use one of ${oneOf(Object.keys(MEASURES))}.`);
  if (measure === 'PIPELINE' || measure === 'OPEN_DEALS')
    throw new Error(
      `${measure} counts the deals open now, not over time: show it without a trend, or use WON or REVENUE.`,
    );
  const grain = (attributes.grain?.trim().toLowerCase() || 'month') as Grain;
  if (!GRAINS.includes(grain))
    throw new Error(`Unknown grain "${attributes.grain}": use one of ${oneOf(GRAINS)}.`);
  const dimension = dimensionOf('split-by', attributes.splitBy, DIMENSIONS);
  const asked: TrendRequest['measure'] = { measure };
  if (measure === 'CONVERSION') {
    const from = attributes.fromStage?.trim().toLowerCase() ?? '';
    const to = attributes.toStage?.trim().toLowerCase() ?? '';
    if (!STAGE_KEY.test(from) || !STAGE_KEY.test(to))
      throw new Error(
        `CONVERSION needs the stage keys it converts between: from-stage="${attributes.fromStage ?? ''}" to-stage="${attributes.toStage ?? ''}" (e.g. from-stage="lead" to-stage="sql").`,
      );
    Object.assign(asked, { from, to });
  }
  if (measure === 'REACHED') {
    const to = attributes.toStage?.trim().toLowerCase() ?? '';
    if (!STAGE_KEY.test(to))
      throw new Error(
        `REACHED needs the stage key it counts: to-stage="${attributes.toStage ?? ''}" (e.g. to-stage="mql").`,
      );
    asked.to = to;
  }
  if (measure === 'ATTRIBUTED_REVENUE' || measure === 'ROI') {
    const model = enumName(attributes.model) || 'W_SHAPED';
    if (!(ATTRIBUTION_MODELS as readonly string[]).includes(model))
      throw new Error(`Unknown model "${attributes.model}": use one of ${oneOf(ATTRIBUTION_MODELS)}.`);
    asked.model = model;
  }
  return { measure: asked, dimension, grain };
}

/** The measure's name for people: "Conversion lead → sql", "Reached mql", "ROI (W-shaped)". */
export function measureLabel(column: {
  measure: string;
  from?: string | null;
  to?: string | null;
  model?: string | null;
}): string {
  const words = MEASURES[column.measure]?.label ?? column.measure;
  if (column.to) return column.from ? `${words} ${column.from} → ${column.to}` : `${words} ${column.to}`;
  // The gateway names a model on every campaign column; only attribution depends on it.
  if (column.model && (column.measure === 'ATTRIBUTED_REVENUE' || column.measure === 'ROI'))
    return `${words} (${column.model.toLowerCase().replace(/_/g, '-')})`;
  return words;
}

/** How one value of a measure of `kind` reads: percent for rates, currency for money. */
export function formatValue(kind: ValueKind, f: Formatters, value: number | null): string {
  switch (kind) {
    case 'percent':
      return f.percent(value);
    case 'currency':
      return f.currency(value);
    case 'hours':
      return f.duration(value, 'hour');
    case 'days':
      return f.duration(value, 'day');
    default:
      return f.number(value);
  }
}

/**
 * An axis tick: short, so "€80K" and "1.2K" fit the 64 px margin where "€80,000.00" would not; a
 * tick is a round number, so nothing is lost. Marks, tooltips and the table keep the full format.
 */
export function formatTick(kind: ValueKind, f: Formatters, value: number): string {
  if (kind === 'percent') return f.percent(value, 0);
  return kind === 'count' || kind === 'currency'
    ? f.compact(value, kind === 'currency')
    : formatValue(kind, f, value);
}

/** Campaign measures are kept per month, and the gateway answers at most 36 of their periods at once. */
export const CAMPAIGN_MEASURES = ['SPEND', 'COST_PER_LEAD', 'ATTRIBUTED_REVENUE', 'ROI'];

/**
 * The `from` a campaign measure gets when the page sets none: the first day of the month 35 months
 * before `to` (today when unset too), so the chart shows the last 36 months; by quarter 99 months (at most 36
 * quarters whatever the fiscal year), by year 34 years. Without it the range would start at the
 * beginning of time and the gateway would refuse the hundreds of periods.
 */
export function campaignFrom(grain: Grain, to: string | undefined, today: Date): string {
  const end = /^\d{4}-\d{2}-\d{2}$/.test(to ?? '') ? new Date(`${to}T00:00:00Z`) : today;
  const year = Number.isNaN(end.getTime()) ? today.getFullYear() : end.getUTCFullYear();
  const month = Number.isNaN(end.getTime()) ? today.getMonth() : end.getUTCMonth();
  const back = grain === 'year' ? 34 * 12 : grain === 'quarter' ? 33 * 3 : 35;
  const first = new Date(Date.UTC(year, month - back, 1));
  return first.toISOString().slice(0, 10);
}

/** The viewer's date as YYYY-MM-DD (the gateway reads it in the tenant's time zone). */
export const localDate = (date: Date): string =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
