import { html, nothing, type PropertyDeclarations, type PropertyValues, svg, type TemplateResult } from 'lit';
import { baseStyles } from '../shared/base.styles.js';
import { cell, type DataTable } from '../shared/data-table.js';
import { dimensionOf, enumName, topCount } from '../shared/dimensions.js';
import type { MetricsFilter } from '../shared/filters.js';
import { type Formatters, formatters } from '../shared/format.js';
import { RovingFocusController } from '../shared/roving.js';
import { TandemElement } from '../shared/tandem-element.js';
import { tokenStyles } from '../shared/tokens.styles.js';
import { currencyCode, modelName, signedPercent, truncate } from './campaign-roi.format.js';
import {
  type BarShape,
  type CampaignShape,
  layoutCampaignRoi,
  type RoiLayout,
} from './campaign-roi.layout.js';
import {
  ATTRIBUTION_MODELS,
  type AttributionModel,
  type CampaignRoi,
  campaignRoiOperation,
  DEFAULT_MODEL,
  type TandemCampaignRoiResult,
  toAttributionModel,
  totalsOf,
} from './campaign-roi.query.js';
import { ROI_GROUPS, ROI_SORTS, roiRows } from './campaign-roi.rows.js';
import { campaignRoiStyles } from './campaign-roi.styles.js';

export interface CampaignSelectDetail {
  campaignId: string;
  name: string;
}

export interface AttributionModelChangeDetail {
  model: AttributionModel;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'tandem-campaign-select': CustomEvent<CampaignSelectDetail>;
    'tandem-model-change': CustomEvent<AttributionModelChangeDetail>;
  }
}

/**
 * @tag tandem-campaign-roi
 * @summary Campaign ROI under a chosen attribution model: each campaign's spend against the revenue its
 * touches earned, highest revenue first, with the ROI in green (gain) or red (loss), and the revenue no
 * touch earned credit for as its own muted row; or per channel (`group-by`), sorted by spend or ROI
 * (`sort`), the top N and the rest as "Other" (`top`).
 *
 * @fires tandem-campaign-select - A campaign was clicked or chosen with Enter/Space (not a channel's or "Other"'s row). detail: {campaignId, name}
 * @fires tandem-model-change - The viewer picked another attribution model in the widget (it refetches by itself). detail: {model}
 *
 * @csspart model-select - The attribution model picker.
 * @csspart legend - The spend / revenue color legend.
 * @csspart chart - The SVG.
 * @csspart campaign - One campaign's row, or a channel's, or "Other"'s (also `campaign-gain` / `campaign-loss` / `campaign-neutral`).
 * @csspart spend-bar - A campaign's spend bar.
 * @csspart revenue-bar - A campaign's attributed-revenue bar.
 * @csspart roi - A campaign's ROI.
 * @csspart unattributed - The row of revenue no touch earned credit for.
 * @csspart totals - The line of totals under the chart.
 *
 * @cssprop [--roi-spend-color=var(--tandem-color-muted)] - Spend bars.
 * @cssprop [--roi-revenue-color=var(--tandem-color-marketing)] - Attributed-revenue bars.
 * @cssprop [--roi-gain-color=var(--tandem-color-good)] - Positive ROI.
 * @cssprop [--roi-loss-color=var(--tandem-color-bad)] - Negative ROI.
 * @cssprop [--roi-unattributed-color=var(--tandem-color-track)] - The unattributed-revenue bar.
 */
export class TandemCampaignRoi extends TandemElement<CampaignRoi, TandemCampaignRoiResult> {
  static override properties: PropertyDeclarations = {
    model: { reflect: true },
    groupBy: { attribute: 'group-by' },
    sort: {},
    top: { type: Number },
  };
  static override styles = [tokenStyles, baseStyles, campaignRoiStyles];

  /** Attribution model: FIRST_TOUCH, LEAD_CREATION, U_SHAPED, W_SHAPED, FULL_PATH, LINEAR or TIME_DECAY. @default 'W_SHAPED' */
  declare model: AttributionModel;
  /** `CAMPAIGN` (default) or `CHANNEL`: one row per channel, its campaigns added up (ROI and cost per lead of the sums). */
  declare groupBy?: string;
  /** `revenue` (attributed, the default), `spend` or `roi` (any case): largest first. */
  declare sort?: string;
  /** Draw this many rows (1–20) and add the rest up as one "Other (n)" row; unset: all. */
  declare top?: number;

  protected readonly operation = campaignRoiOperation;
  private readonly roving = new RovingFocusController(this, {
    selector: '[data-mark]',
    onSelect: (index) => this.selectCampaign(index),
    onFocus: (index) => this.showCampaignTip(index),
  });
  private layout?: { data: CampaignRoi; key: string; value: RoiLayout };

  constructor() {
    super();
    this.model = DEFAULT_MODEL;
  }

  /** Amounts are in the `currency` attribute, else in the currency the gateway reports. */
  protected override get format(): Formatters {
    return formatters(this.locale, currencyCode(this.currency, this.current?.currency));
  }

  private get compact(): (value: number) => string {
    const f = this.format;
    return (value) => f.compact(value, true);
  }

  /** A bad `group-by` or `sort` throws a sentence naming the allowed values: the error state, no request. */
  protected override variables(): { filter: MetricsFilter; model: AttributionModel } {
    dimensionOf('group-by', this.groupBy, ROI_GROUPS);
    dimensionOf('sort', this.sort, ROI_SORTS);
    return { ...super.variables(), model: toAttributionModel(this.model) };
  }

  /** The rows to draw, in order: campaigns or channels, sorted, the rest after `top` as "Other". */
  private rows(data: CampaignRoi) {
    return roiRows(data.campaigns, {
      groupBy: enumName(this.groupBy),
      sort: enumName(this.sort),
      top: this.top && topCount(this.top),
    });
  }

  /** Data set as a property carries its own model: the picker shows it (fetched data always matches). */
  override get data(): CampaignRoi | undefined {
    return super.data;
  }
  override set data(value: CampaignRoi | undefined) {
    super.data = value;
    if (value && ATTRIBUTION_MODELS.includes(value.model)) this.model = value.model;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const before = changed.get('model') as string | undefined;
    if (
      this.hasUpdated &&
      ((changed.has('model') && toAttributionModel(before) !== toAttributionModel(this.model)) ||
        changed.has('groupBy') ||
        changed.has('sort'))
    )
      void this.refresh(); // stops at once for data set as a property; checks group-by and sort first
  }

  protected select(result: TandemCampaignRoiResult): CampaignRoi | null {
    return result.campaignRoi;
  }

  protected isEmpty(data: CampaignRoi): boolean {
    return data.campaigns.length === 0 && !(data.unattributedRevenue > 0);
  }

  private layoutFor(data: CampaignRoi, width: number): RoiLayout {
    const key = `${width}|${this.groupBy}|${this.sort}|${this.top}`;
    if (this.layout?.data !== data || this.layout.key !== key)
      this.layout = {
        data,
        key,
        value: layoutCampaignRoi(this.rows(data), data.unattributedRevenue, width, null),
      };
    return this.layout.value;
  }

  /** The row's visible text, in order: its accessible name starts with exactly this. */
  private visibleText(shape: CampaignShape, f: Formatters): [string, string] {
    return [truncate(shape.row.campaign.name, shape.name.maxChars), `ROI ${signedPercent(f, shape.row.roi)}`];
  }

  private describe(shape: CampaignShape, f: Formatters): string {
    const { row } = shape;
    const [name, roi] = this.visibleText(shape, f);
    const full = name === row.campaign.name ? '' : ` (${row.campaign.name})`;
    return `${name} ${roi}${full}${row.campaign.id ? `, ${row.campaign.channelLabel ?? row.campaign.channel}` : ''}: spend ${f.currency(row.spend)}, attributed revenue ${f.currency(row.attributedRevenue)}, ${f.number(row.leads)} leads, cost per lead ${f.currency(row.costPerLead)}`;
  }

  /** Tooltips are placed in figure coordinates; the controls above the SVG shift the chart down. */
  private tipAt(x: number, y: number, text: string): void {
    const chart = this.renderRoot.querySelector('svg[part~="chart"]');
    const box = chart?.getBoundingClientRect();
    const origin = chart?.closest('figure')?.getBoundingClientRect();
    const dx = box && origin ? box.left - origin.left : 0;
    const dy = box && origin ? box.top - origin.top : 0;
    this.showTip(x + dx, y + dy, text);
  }

  private showCampaignTip(index: number): void {
    const shape = this.layout?.value.campaigns[index];
    if (shape) this.tipAt(shape.tip.x, shape.tip.y, this.describe(shape, this.format));
  }

  private readonly leave = (): void => this.hideTip();

  private selectCampaign(index: number): void {
    const campaign = this.layout?.value.campaigns[index]?.row.campaign;
    // A channel's or "Other"'s row adds campaigns up: there is no one campaign to select.
    if (campaign?.id) this.emit('tandem-campaign-select', { campaignId: campaign.id, name: campaign.name });
  }

  private readonly pickModel = (event: Event): void => {
    const model = toAttributionModel((event.target as HTMLSelectElement).value);
    if (model === this.model) return;
    this.model = model;
    this.emit('tandem-model-change', { model });
  };

  protected summarize(data: CampaignRoi, f: Formatters): string {
    const totals = totalsOf(data);
    const model = modelName(toAttributionModel(data.model));
    const parts = [
      `Campaign ROI, ${model} attribution: ${f.number(data.campaigns.length)} campaigns, spend ${f.currency(totals.spend)}, attributed revenue ${f.currency(totals.attributedRevenue)}, ROI ${signedPercent(f, totals.roi)}.`,
    ];
    const withRoi = data.campaigns.filter((c) => c.roi !== null);
    const best = withRoi.reduce((a, b) => ((b.roi ?? 0) > (a.roi ?? 0) ? b : a), withRoi[0]);
    if (best) parts.push(`Best ROI: ${best.campaign.name} (${signedPercent(f, best.roi)}).`);
    const losing = withRoi.filter((c) => (c.roi ?? 0) < 0).length;
    if (losing) parts.push(`${f.number(losing)} of them returned less than they cost.`);
    parts.push(`Unattributed revenue: ${f.currency(data.unattributedRevenue)}.`);
    return parts.join(' ');
  }

  protected tabulate(data: CampaignRoi, f: Formatters): DataTable {
    const money = (v: number | null) => cell(v, f.currency(v));
    const num = (v: number | null) => cell(v, f.number(v));
    const roi = (v: number | null) => cell(v, signedPercent(f, v));
    const none = cell(null);
    const rows = this.rows(data).map((row) => [
      cell(row.campaign.name),
      cell(row.campaign.channelLabel ?? row.campaign.channel),
      money(row.spend),
      money(row.attributedRevenue),
      roi(row.roi),
      money(row.attributedGrossProfit),
      roi(row.grossProfitRoi),
      num(row.leads),
      num(row.mqls),
      num(row.opportunities),
      money(row.pipeline),
      money(row.costPerLead),
      money(row.cac),
    ]);
    const totals = totalsOf(data);
    const blank = (n: number) => Array.from({ length: n }, () => none);
    rows.push([cell('Unattributed revenue'), none, none, money(data.unattributedRevenue), ...blank(9)]);
    rows.push([
      cell('Total (campaigns)'),
      none,
      money(totals.spend),
      money(totals.attributedRevenue),
      roi(totals.roi),
      ...blank(8),
    ]);
    return {
      caption: `Campaign ROI, ${modelName(toAttributionModel(data.model))} attribution, amounts in ${currencyCode(this.currency, data.currency)}`,
      columns: [
        enumName(this.groupBy) === 'CHANNEL' ? 'Channel' : 'Campaign',
        'Channel',
        'Spend',
        'Attributed revenue',
        'ROI',
        'Attributed gross profit',
        'Gross-profit ROI',
        'Leads',
        'MQLs',
        'Opportunities',
        'Pipeline',
        'Cost per lead',
        'CAC',
      ],
      rows,
    };
  }

  private renderControls(): TemplateResult {
    const model = toAttributionModel(this.model);
    return html`<div class="controls">
      <label>Attribution model
        <select part="model-select" @change=${this.pickModel}>
          ${ATTRIBUTION_MODELS.map((m) => html`<option value=${m} .selected=${m === model}>${modelName(m)}</option>`)}
        </select>
      </label>
      <div part="legend" class="legend"><i class="spend"></i>Spend <i class="revenue"></i>Attributed revenue</div>
    </div>`;
  }

  private renderBar(bar: BarShape, kind: 'spend' | 'revenue'): TemplateResult {
    return svg`<rect part="${kind}-bar" class="bar ${kind}" x=${bar.x} y=${bar.y} width=${bar.width} height=${bar.height} rx="2"></rect>`;
  }

  private renderCampaign(shape: CampaignShape, f: Formatters): TemplateResult {
    const i = shape.index;
    const [name, roi] = this.visibleText(shape, f);
    const { hit } = shape;
    return svg`<g data-mark part="campaign campaign-${shape.sign}" class="campaign" role="button"
        tabindex=${this.roving.tabIndex(i)} aria-label=${this.describe(shape, f)}
        @click=${() => this.roving.select(i)} @keydown=${this.roving.onKeydown}
        @focus=${() => this.roving.focused(i)} @blur=${this.leave}
        @pointerenter=${() => this.showCampaignTip(i)} @pointerleave=${this.leave}>
        <rect fill="transparent" x=${hit.x} y=${hit.y} width=${hit.width} height=${hit.height}></rect>
        <text class="name" x=${shape.name.x} y=${shape.name.y}>${name}</text>
        <text part="roi" class="roi ${shape.sign}" x=${shape.roi.x} y=${shape.roi.y}> ${roi}</text>
        ${this.renderBar(shape.spend, 'spend')}${this.renderBar(shape.revenue, 'revenue')}
      </g>`;
  }

  /** Bar-end amounts sit outside the marks (aria-hidden): the marks' names already carry them in full. */
  private renderValues(layout: RoiLayout): TemplateResult {
    const compact = this.compact;
    const value = (bar: BarShape, amount: number) =>
      svg`<text x=${bar.value.x} y=${bar.value.y}>${compact(amount)}</text>`;
    return svg`<g class="values" aria-hidden="true">
      ${layout.campaigns.map((s) => svg`${value(s.spend, s.row.spend)}${value(s.revenue, s.row.attributedRevenue)}`)}
    </g>`;
  }

  private renderUnattributed(data: CampaignRoi, layout: RoiLayout): TemplateResult | typeof nothing {
    const row = layout.unattributed;
    if (!row) return nothing;
    return svg`<g part="unattributed" class="unattributed">
      <text x=${row.name.x} y=${row.name.y}>Unattributed revenue</text>
      <rect x=${row.bar.x} y=${row.bar.y} width=${row.bar.width} height=${row.bar.height} rx="2"></rect>
      <text class="value" x=${row.bar.value.x} y=${row.bar.value.y}>${this.compact(data.unattributedRevenue)}</text>
    </g>`;
  }

  protected renderChart(data: CampaignRoi, width: number, f: Formatters): TemplateResult {
    const layout = this.layoutFor(data, width);
    const { width: w, height: h } = layout;
    const totals = totalsOf(data);
    return html`${this.renderControls()}
      <svg part="chart" role="group" aria-label="Spend and attributed revenue by campaign" width=${w} height=${h}
        viewBox="0 0 ${w} ${h}">
        ${layout.campaigns.map((shape) => this.renderCampaign(shape, f))}
        ${this.renderValues(layout)} ${this.renderUnattributed(data, layout)}
      </svg>
      <p part="totals">Total: spend ${f.currency(totals.spend)} · attributed revenue
        ${f.currency(totals.attributedRevenue)} · ROI ${signedPercent(f, totals.roi)}</p>`;
  }
}
