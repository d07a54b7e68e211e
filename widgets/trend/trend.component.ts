import { html, nothing, type PropertyDeclarations, type PropertyValues, svg, type TemplateResult } from 'lit';
import { currencyCode } from '../campaign-roi/campaign-roi.format.js';
import { baseStyles } from '../shared/base.styles.js';
import { cell, type DataTable } from '../shared/data-table.js';
import { dimensionLabel, topCount } from '../shared/dimensions.js';
import type { MetricsFilter } from '../shared/filters.js';
import { type Formatters, formatters } from '../shared/format.js';
import { RovingFocusController } from '../shared/roving.js';
import { TandemElement } from '../shared/tandem-element.js';
import { tokenStyles } from '../shared/tokens.styles.js';
import { layoutTrend, type TrendChart, type TrendLayout, type TrendMark } from './trend.layout.js';
import { type TandemTrendResult, type TrendTable, trendOperation } from './trend.query.js';
import { buildTrend, type Trend } from './trend.series.js';
import { trendStyles } from './trend.styles.js';
import {
  CAMPAIGN_MEASURES,
  campaignFrom,
  formatTick,
  formatValue,
  localDate,
  MEASURES,
  type MeasureWords,
  measureLabel,
  trendRequest,
} from './trend.words.js';

export interface TrendPointSelectDetail {
  /** The period's label: 2026-03, 2026-W10, FY2026 Q1… */
  period: string;
  /** Its first and last day counted (YYYY-MM-DD). */
  start: string;
  end: string;
  /** The series' label: the slice's name, "Other", or the measure's. */
  series: string;
  /** The slice's dimension value (an id for owners, campaigns…); null for "Other", none or no split. */
  dimensionValue: string | null;
  value: number;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'tandem-point-select': CustomEvent<TrendPointSelectDetail>;
  }
}

/** Attributes whose change means another question to the gateway (the filters are TandemElement's). */
const QUERY_KEYS = ['measure', 'grain', 'splitBy', 'fromStage', 'toStage', 'model'];
const COUNT: MeasureWords = { label: '', kind: 'count', additive: true };

/**
 * @tag tandem-trend
 * @summary Any measure of the analysts' metrics query over time, as a line or bars, optionally split by
 * one dimension (the top N slices, the rest as "Other").
 *
 * @fires tandem-point-select - A point or bar was clicked or chosen with Enter/Space. detail: {period, start, end, series, dimensionValue, value}
 *
 * @csspart legend - The series legend (and what was folded or left out).
 * @csspart chart - The SVG.
 * @csspart axis - The value and period axes.
 * @csspart line - A series' line (line chart).
 * @csspart mark - One point or bar.
 *
 * @cssprop [--trend-color-1=var(--tandem-color-marketing)] - The first series (then 2–5, cycling).
 * @cssprop [--trend-color-2=var(--tandem-color-sales)] - The second series.
 * @cssprop [--trend-color-3=var(--tandem-color-good)] - The third series.
 * @cssprop [--trend-color-4=var(--tandem-color-warn)] - The fourth series.
 * @cssprop [--trend-color-5=var(--tandem-color-bad)] - The fifth series.
 * @cssprop [--trend-other-color=var(--tandem-color-muted)] - The "Other" series.
 * @cssprop [--trend-axis-color=var(--tandem-color-muted)] - Axis labels and the zero line.
 * @cssprop [--trend-grid-color=var(--tandem-color-track)] - Grid lines.
 */
export class TandemTrend extends TandemElement<TrendTable, TandemTrendResult> {
  static override properties: PropertyDeclarations = {
    measure: {},
    grain: {},
    splitBy: { attribute: 'split-by' },
    top: { type: Number },
    chart: { reflect: true },
    fromStage: { attribute: 'from-stage' },
    toStage: { attribute: 'to-stage' },
    model: {},
  };
  static override styles = [tokenStyles, baseStyles, trendStyles];

  /** The measure: LEADS, MQLS, SQLS, CONVERSION, HANDOFFS, WIN_RATE, REVENUE, SPEND, ROI… (the Measure enum). */
  declare measure?: string;
  /** The period of each point: day, week, month, quarter or year (fiscal quarters and years). @default 'month' */
  declare grain?: string;
  /** A dimension to split by: LEAD_SOURCE, CHANNEL, CAMPAIGN, SEGMENT, REGION, OWNER, DEAL_OWNER, PRODUCT… */
  declare splitBy?: string;
  /** With split-by: how many slices to draw; the rest add up to "Other". @default 5 */
  declare top?: number;
  /** `line` or `bars`. @default 'line' */
  declare chart: TrendChart;
  /** CONVERSION only: the stage key converted from, e.g. `lead`. */
  declare fromStage?: string;
  /** CONVERSION only: the stage key converted to, e.g. `sql`. */
  declare toStage?: string;
  /** ATTRIBUTED_REVENUE and ROI only: the attribution model. @default 'W_SHAPED' */
  declare model?: string;

  protected readonly operation = trendOperation;
  private readonly roving = new RovingFocusController(this, {
    selector: '[data-mark]',
    onSelect: (index) => this.selectMark(index),
    onFocus: (index) => this.showMarkTip(index),
  });
  private folded?: { data: TrendTable; top: number; value: Trend };
  private layout?: { trend: Trend; key: string; value: TrendLayout };

  constructor() {
    super();
    this.chart = 'line';
  }

  /** Amounts are in the `currency` attribute, else in the tenant's currency the gateway reports. */
  protected override get format(): Formatters {
    return formatters(this.locale, this.currencyCode);
  }

  private get currencyCode(): string {
    return currencyCode(this.currency, this.current?.currency);
  }

  /** Throws a plain sentence for a bad attribute: the request is not sent and the error state shows it. */
  protected override variables(): { filter: MetricsFilter } & Record<string, unknown> {
    const { measure, dimension, grain } = trendRequest(this);
    const { filter } = super.variables();
    if (CAMPAIGN_MEASURES.includes(measure.measure)) {
      // Unset, the range runs from the first record to a year ahead: more periods than the gateway answers.
      const today = new Date();
      filter.to ??= localDate(today);
      filter.from ??= campaignFrom(grain, filter.to, today);
    }
    return {
      filter,
      measures: [measure],
      dimensions: dimension ? [dimension] : null,
      timeGrain: grain.toUpperCase(),
    };
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (this.hasUpdated && QUERY_KEYS.some((key) => changed.has(key))) void this.refresh();
  }

  protected select(result: TandemTrendResult): TrendTable | null {
    return result.metrics;
  }

  protected isEmpty(data: TrendTable): boolean {
    return data.rows.every((row) => row.values[0] === null || row.values[0] === undefined);
  }

  private words(data: TrendTable): MeasureWords & { name: string } {
    const column = data.measures[0];
    const words = (column && MEASURES[column.measure]) || COUNT;
    return { ...words, name: column ? measureLabel(column) : 'Value' };
  }

  /** Folding is memoized on the data and `top`: hovering re-renders for the tooltip only. */
  private trendFor(data: TrendTable): Trend {
    const top = topCount(this.top);
    if (this.folded?.data !== data || this.folded.top !== top) {
      const words = this.words(data);
      this.folded = { data, top, value: buildTrend(data, top, words.additive, words.name) };
    }
    return this.folded.value;
  }

  private layoutFor(trend: Trend, width: number): TrendLayout {
    const chart: TrendChart = this.chart === 'bars' ? 'bars' : 'line';
    const key = `${width}|${chart}`;
    if (this.layout?.trend !== trend || this.layout.key !== key) {
      this.layout = { trend, key, value: layoutTrend(trend, width, chart) };
    }
    return this.layout.value;
  }

  private describe(mark: TrendMark, f: Formatters): string {
    const data = this.current;
    if (!data) return '';
    const trend = this.trendFor(data);
    const series = trend.series[mark.series];
    const period = trend.periods[mark.period];
    return `${series?.label}, ${period?.label}: ${formatValue(this.words(data).kind, f, mark.value)}`;
  }

  private selectMark(index: number): void {
    const mark = this.layout?.value.marks[index];
    const trend = this.layout?.trend;
    const series = mark && trend?.series[mark.series];
    const period = mark && trend?.periods[mark.period];
    if (!mark || !series || !period) return;
    this.emit('tandem-point-select', {
      period: period.label,
      start: period.start,
      end: period.end,
      series: series.label,
      dimensionValue: series.value,
      value: mark.value,
    });
  }

  private showMarkTip(index: number): void {
    const mark = this.layout?.value.marks[index];
    if (mark) this.showTip(mark.tip.x, mark.tip.y, this.describe(mark, this.format));
  }

  private readonly leave = (): void => this.hideTip();

  protected summarize(data: TrendTable, f: Formatters): string {
    const words = this.words(data);
    const trend = this.trendFor(data);
    const first = trend.periods[0]?.label ?? '';
    const last = trend.periods[trend.periods.length - 1]?.label ?? '';
    const grain = (data.timeGrain ?? 'period').toLowerCase();
    const split = data.dimensions[0] ? ` by ${dimensionLabel(data.dimensions[0]).toLowerCase()}` : '';
    const total = formatValue(words.kind, f, data.totals[0] ?? null);
    return `${words.name}${split} by ${grain}, ${first} to ${last}: ${total} in all.`;
  }

  protected tabulate(data: TrendTable, f: Formatters): DataTable {
    const { kind } = this.words(data);
    const trend = this.trendFor(data);
    return {
      caption: this.summarize(data, f),
      columns: ['Period', ...trend.series.map((s) => s.label)],
      rows: trend.periods.map((period, p) => [
        cell(period.label),
        ...trend.series.map((s) => cell(s.values[p] ?? null, formatValue(kind, f, s.values[p] ?? null))),
      ]),
    };
  }

  private seriesClass(trend: Trend, index: number): string {
    return trend.series[index]?.other ? 'other' : `s${index % 5}`;
  }

  private renderLegend(trend: Trend, data: TrendTable): TemplateResult {
    const name = this.words(data).name;
    const notes = [
      trend.folded > 0 ? `Other: ${trend.folded} more` : '',
      trend.hidden > 0 ? `${trend.hidden} more not shown: ${name} does not add up` : '',
    ].filter(Boolean);
    return html`<div part="legend" class="legend">
      ${trend.series.map(
        (s, i) =>
          html`<span class="legend-item"><span class="swatch ${this.seriesClass(trend, i)}" aria-hidden="true"></span>${s.label}</span> `,
      )}
      ${notes.map((note) => html`<span class="note">${note}</span> `)}
    </div>`;
  }

  private renderAxes(
    layout: TrendLayout,
    trend: Trend,
    kind: MeasureWords['kind'],
    f: Formatters,
  ): TemplateResult {
    const { plot } = layout;
    return svg`<g part="axis" aria-hidden="true">
      ${layout.yTicks.map(
        (
          t,
        ) => svg`<line class=${t.value === 0 ? 'baseline' : 'grid'} x1=${plot.left} x2=${plot.right} y1=${t.y} y2=${t.y}></line>
          <text x=${plot.left - 6} y=${t.y} dy="0.32em" text-anchor="end">${formatTick(kind, f, t.value)}</text>`,
      )}
      ${layout.xTicks.map(
        (t) =>
          svg`<text x=${t.x} y=${plot.bottom + 18} text-anchor="middle">${trend.periods[t.period]?.label}</text>`,
      )}
    </g>`;
  }

  private renderMark(mark: TrendMark, index: number, trend: Trend, f: Formatters): TemplateResult {
    const shape =
      this.layout?.value.chart === 'bars'
        ? svg`<rect x=${mark.x} y=${mark.y} width=${mark.width} height=${mark.height}></rect>`
        : svg`<circle cx=${mark.x} cy=${mark.y} r="3.5"></circle>`;
    return svg`<g data-mark part="mark" class="mark ${this.seriesClass(trend, mark.series)}" role="button"
        tabindex=${this.roving.tabIndex(index)} aria-label=${this.describe(mark, f)}
        @click=${() => this.roving.select(index)} @keydown=${this.roving.onKeydown}
        @focus=${() => this.roving.focused(index)} @blur=${this.leave}
        @pointerenter=${() => this.showMarkTip(index)} @pointerleave=${this.leave}>${shape}</g>`;
  }

  protected renderChart(data: TrendTable, width: number, f: Formatters): TemplateResult {
    const trend = this.trendFor(data);
    const layout = this.layoutFor(trend, width);
    const { width: w, height: h } = layout;
    const label = `${this.words(data).name} over time`;
    return html`${this.renderLegend(trend, data)}
      <svg part="chart" role="group" aria-label=${label} width=${w} height=${h} viewBox="0 0 ${w} ${h}">
        ${this.renderAxes(layout, trend, this.words(data).kind, f)}
        ${layout.paths.map((d, i) =>
          d ? svg`<path part="line" class="line ${this.seriesClass(trend, i)}" d=${d}></path>` : nothing,
        )}
        ${layout.marks.map((mark, i) => this.renderMark(mark, i, trend, f))}
      </svg>`;
  }
}
