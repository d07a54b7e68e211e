import type { Operation } from '../shared/tandem-element.js';

/** A row's value of the split-by dimension (MetricTable.rows[].dimensions[]). */
export interface TrendDimensionCell {
  dimension: string;
  /** An id for OWNER, DEAL_OWNER, TEAM, CAMPAIGN, PRODUCT; null for none. */
  value: string | null;
  /** Its name for people ("(none)" for none). */
  label: string;
}

export interface TrendPeriod {
  start: string;
  end: string;
  /** 2026-03 (month), 2026-W10 (ISO week), FY2026 Q1 (fiscal quarter)… */
  label: string;
}

export interface TrendRow {
  period: TrendPeriod | null;
  dimensions: TrendDimensionCell[];
  /** One value per asked measure (the widget asks one); null when there is nothing to divide. */
  values: (number | null)[];
}

/** The analysts' `metrics` answer for one measure over time (schema: MetricTable). */
export interface TrendTable {
  measures: { name: string; measure: string; from: string | null; to: string | null; model: string | null }[];
  dimensions: string[];
  timeGrain: string | null;
  rows: TrendRow[];
  /** The measure over the whole filter, not split. */
  totals: (number | null)[];
  /** ISO 4217 code of every amount: the tenant's currency. */
  currency: string;
}

export interface TandemTrendResult {
  metrics: TrendTable | null;
}

/** No order or limit: the widget keeps the top N itself and folds the rest into "Other". */
export const trendOperation: Operation = {
  operationName: 'TandemTrend',
  query: /* GraphQL */ `
    query TandemTrend($measures: [MeasureInput!]!, $dimensions: [Dimension!], $timeGrain: TimeGrain, $filter: MetricsFilter) {
      metrics(measures: $measures, dimensions: $dimensions, timeGrain: $timeGrain, filter: $filter) {
        measures { name measure from to model }
        dimensions
        timeGrain
        rows { period { start end label } dimensions { dimension value label } values }
        totals
        currency
      }
    }
  `,
};
