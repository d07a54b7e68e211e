import { html, nothing, svg, type TemplateResult } from 'lit';
import { baseStyles } from '../shared/base.styles.js';
import { cell, type DataTable } from '../shared/data-table.js';
import type { Formatters } from '../shared/format.js';
import { RovingFocusController } from '../shared/roving.js';
import { TandemElement } from '../shared/tandem-element.js';
import { tokenStyles } from '../shared/tokens.styles.js';
import { layoutSla, type SlaLayout } from './sla-gauge.layout.js';
import { type Sla, slaOperation, type TandemSlaResult } from './sla-gauge.query.js';
import { slaGaugeStyles } from './sla-gauge.styles.js';

/**
 * @tag tandem-sla-gauge
 * @summary Both sides of the lead-handoff agreement: a gauge of the handoffs sales followed up within
 * the target hours (red/amber/green zones from the policy), marketing's lead-goal attainment, and the
 * open breaches.
 *
 *
 * @csspart chart - The SVG holding the gauge and the goal bar.
 * @csspart gauge - The sales gauge (a focusable meter).
 * @csspart zone - A threshold band (also `zone-bad` / `zone-warn` / `zone-good`).
 * @csspart value - The filled arc of the within-target rate.
 * @csspart rate - The number in the middle.
 * @csspart breaches - The open-breach count under the gauge.
 * @csspart goal - Marketing's goal-attainment bar (a focusable meter).
 * @csspart stats - The list of supporting numbers under the chart.
 *
 * @cssprop [--sla-good-color=var(--tandem-color-good)] - Rates at or above amberBelow.
 * @cssprop [--sla-warn-color=var(--tandem-color-warn)] - Rates between redBelow and amberBelow.
 * @cssprop [--sla-bad-color=var(--tandem-color-bad)] - Rates below redBelow, and open breaches.
 * @cssprop [--sla-track-color=var(--tandem-color-track)] - The unfilled gauge and bar.
 * @cssprop [--sla-marketing-color=var(--tandem-color-marketing)] - Marketing's goal bar.
 */
export class TandemSlaGauge extends TandemElement<Sla, TandemSlaResult> {
  static override styles = [tokenStyles, baseStyles, slaGaugeStyles];

  protected readonly operation = slaOperation;
  private readonly roving = new RovingFocusController(this, {
    selector: '[data-mark]',
    onFocus: (index) => this.showMarkTip(index),
  });
  private layout?: { data: Sla; width: number; value: SlaLayout };

  protected select(result: TandemSlaResult): Sla | null {
    return result.sla;
  }

  protected isEmpty(data: Sla): boolean {
    return data.sales.handoffs === 0 && data.marketing.leads === 0 && data.marketing.mqls === 0;
  }

  private layoutFor(data: Sla, width: number): SlaLayout {
    if (this.layout?.data !== data || this.layout.width !== width) {
      const { policy, sales, marketing } = data;
      const input = { ...policy, rate: sales.withinTargetRate, attainment: marketing.goalAttainment };
      this.layout = { data, width, value: layoutSla(input, width) };
    }
    return this.layout.value;
  }

  private salesText({ sales, policy }: Sla, f: Formatters): string {
    if (sales.withinTargetRate === null) return 'Sales follow-up: no handoffs in this period';
    return `Sales followed up ${f.percent(sales.withinTargetRate)} of ${f.number(sales.handoffs)} handoffs within ${f.duration(policy.targetHours, 'hour')} (red below ${f.percent(policy.redBelow)}, amber below ${f.percent(policy.amberBelow)})`;
  }

  private marketingText({ marketing }: Sla, f: Formatters): string {
    return `Marketing reached ${f.percent(marketing.goalAttainment)} of its lead goal: ${f.number(marketing.leads)} of ${f.number(marketing.leadGoal)} leads`;
  }

  private showMarkTip(index: number): void {
    const data = this.data;
    const layout = this.layout?.value;
    if (!data || !layout) return;
    const { gauge, goal } = layout;
    if (index === 0) this.showTip(gauge.cx, gauge.cy - gauge.radius, this.salesText(data, this.format));
    else this.showTip(goal.x + goal.width / 2, goal.bar.y, this.marketingText(data, this.format));
  }

  private readonly leave = (): void => this.hideTip();

  protected summarize(data: Sla, f: Formatters): string {
    return `${this.salesText(data, f)}; ${f.number(data.sales.openBreaches)} open breaches. ${this.marketingText(data, f)}.`;
  }

  protected tabulate({ policy, sales, marketing }: Sla, f: Formatters): DataTable {
    const pct = (v: number | null) => cell(v, f.percent(v));
    const num = (v: number | null) => cell(v, f.number(v));
    const hours = (v: number | null) => cell(v, f.duration(v, 'hour'));
    return {
      caption: `Lead-handoff SLA (target ${f.duration(policy.targetHours, 'hour')}, ${policy.timeZone})`,
      columns: ['Measure', 'Value'],
      rows: [
        [cell('Handoffs'), num(sales.handoffs)],
        [cell('Followed up within target'), num(sales.followedUpWithinTarget)],
        [cell('Within-target rate'), pct(sales.withinTargetRate)],
        [cell('Median response'), hours(sales.medianResponseHours)],
        [cell('90th percentile response'), hours(sales.p90ResponseHours)],
        [cell('Open breaches'), num(sales.openBreaches)],
        [cell('Closed breaches'), num(sales.closedBreaches)],
        [cell('Leads'), num(marketing.leads)],
        [cell('Lead goal'), num(marketing.leadGoal)],
        [cell('Lead goal attainment'), pct(marketing.goalAttainment)],
        [cell('MQLs'), num(marketing.mqls)],
        [cell('MQL goal'), num(marketing.mqlGoal)],
        [cell('Accepted by sales'), pct(marketing.acceptanceRate)],
        [cell('Sent back'), pct(marketing.sentBackRate)],
      ],
    };
  }

  private mark(index: number) {
    return {
      tabindex: this.roving.tabIndex(index),
      focus: () => this.roving.focused(index),
      enter: () => this.showMarkTip(index),
    };
  }

  private renderGauge(data: Sla, { gauge }: SlaLayout, f: Formatters): TemplateResult {
    const { sales, policy } = data;
    const rate = sales.withinTargetRate;
    const m = this.mark(0);
    return svg`<g data-mark part="gauge" role="meter" aria-label="Handoffs followed up within target"
        aria-valuemin="0" aria-valuemax="100" aria-valuenow=${rate === null ? 0 : Math.round(rate * 1000) / 10}
        aria-valuetext=${this.salesText(data, f)} tabindex=${m.tabindex} @keydown=${this.roving.onKeydown}
        @focus=${m.focus} @blur=${this.leave} @pointerenter=${m.enter} @pointerleave=${this.leave}>
        <g transform="translate(${gauge.cx} ${gauge.cy})">
          ${gauge.zones.map((z) => svg`<path part="zone zone-${z.zone}" class=${z.zone} d=${z.d}></path>`)}
          <path class="track" d=${gauge.track}></path>
          ${gauge.value === null ? nothing : svg`<path part="value" class=${gauge.valueZone ?? ''} d=${gauge.value}></path>`}
        </g>
        <text part="rate" class="rate" x=${gauge.number.x} y=${gauge.number.y}>${f.percent(rate)}</text>
        <text class="caption" x=${gauge.caption.x} y=${gauge.caption.y}>within ${f.duration(policy.targetHours, 'hour')}</text>
      </g>
      <text part="breaches" class="breaches ${sales.openBreaches > 0 ? 'open' : ''}" x=${gauge.breaches.x} y=${gauge.breaches.y}>${f.number(sales.openBreaches)} open breaches</text>`;
  }

  private renderGoal(data: Sla, { goal }: SlaLayout, f: Formatters): TemplateResult {
    const { marketing } = data;
    const attainment = marketing.goalAttainment;
    const now = attainment === null ? 0 : Math.round(attainment * 1000) / 10;
    const m = this.mark(1);
    return svg`<g data-mark part="goal" role="meter" aria-label="Marketing lead goal attainment"
        aria-valuemin="0" aria-valuemax=${Math.max(100, now)} aria-valuenow=${now}
        aria-valuetext=${this.marketingText(data, f)} tabindex=${m.tabindex} @keydown=${this.roving.onKeydown}
        @focus=${m.focus} @blur=${this.leave} @pointerenter=${m.enter} @pointerleave=${this.leave}>
        <text class="title" x=${goal.title.x} y=${goal.title.y}>Marketing lead goal</text>
        <rect class="track" x=${goal.x} y=${goal.bar.y} width=${goal.width} height=${goal.bar.height} rx="3"></rect>
        <rect class="attainment" x=${goal.x} y=${goal.bar.y} width=${goal.bar.valueWidth} height=${goal.bar.height} rx="3"></rect>
        <line class="target" x1=${goal.bar.targetX} x2=${goal.bar.targetX} y1=${goal.bar.y - 4} y2=${goal.bar.y + goal.bar.height + 4}></line>
        <text class="detail" x=${goal.detail.x} y=${goal.detail.y}>${f.number(marketing.leads)} / ${f.number(marketing.leadGoal)} leads · ${f.percent(attainment)}</text>
      </g>`;
  }

  private renderStats({ sales, marketing }: Sla, f: Formatters): TemplateResult {
    const stats: [string, string][] = [
      ['Handoffs', f.number(sales.handoffs)],
      ['Median response', f.duration(sales.medianResponseHours, 'hour')],
      ['p90 response', f.duration(sales.p90ResponseHours, 'hour')],
      ['Closed breaches', f.number(sales.closedBreaches)],
      ['MQLs / goal', `${f.number(marketing.mqls)} / ${f.number(marketing.mqlGoal)}`],
      ['Accepted by sales', f.percent(marketing.acceptanceRate)],
      ['Sent back', f.percent(marketing.sentBackRate)],
    ];
    return html`<dl part="stats" class="stats">
      ${stats.map(([term, value]) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`)}
    </dl>`;
  }

  protected renderChart(data: Sla, width: number, f: Formatters): TemplateResult {
    const layout = this.layoutFor(data, width);
    return html`<svg part="chart" role="group" aria-label="Lead-handoff SLA" width=${layout.width}
        height=${layout.height} viewBox="0 0 ${layout.width} ${layout.height}">
        ${this.renderGauge(data, layout, f)} ${this.renderGoal(data, layout, f)}
      </svg>
      ${this.renderStats(data, f)}`;
  }
}
