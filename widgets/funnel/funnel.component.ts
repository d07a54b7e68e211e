import { html, nothing, type PropertyDeclarations, svg, type TemplateResult } from 'lit';
import { baseStyles } from '../shared/base.styles.js';
import { cell, type DataTable } from '../shared/data-table.js';
import type { Formatters } from '../shared/format.js';
import { RovingFocusController } from '../shared/roving.js';
import { TandemElement } from '../shared/tandem-element.js';
import { tokenStyles } from '../shared/tokens.styles.js';
import { type FunnelLayout, type FunnelOrientation, layoutFunnel, type StageShape } from './funnel.layout.js';
import { type Funnel, funnelOperation, type TandemFunnelResult } from './funnel.query.js';
import { funnelStyles } from './funnel.styles.js';

export interface FunnelStageSelectDetail {
  key: string;
  label: string;
  reached: number;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'tandem-stage-select': CustomEvent<FunnelStageSelectDetail>;
  }
}

const truncate = (text: string, max: number): string =>
  text.length > Math.max(4, max) ? `${text.slice(0, Math.max(4, max) - 1)}…` : text;

/**
 * @tag tandem-funnel
 * @summary The shared lifecycle funnel: how many reached each stage, conversion and median days to the
 * next, and how many sales sent back, with bars colored by the team that owns the stage.
 *
 * @fires tandem-stage-select - A stage was clicked or chosen with Enter/Space. detail: {key, label, reached}
 *
 * @csspart legend - The team color legend.
 * @csspart chart - The SVG.
 * @csspart stage - One stage (also `stage-marketing` / `stage-sales`).
 * @csspart bar - A stage's bar.
 * @csspart stage-label - A stage's label, count and recycled count.
 * @csspart conversion - The conversion % and median days between two stages.
 *
 * @cssprop [--funnel-marketing-color=var(--tandem-color-marketing)] - Bars of marketing-owned stages.
 * @cssprop [--funnel-sales-color=var(--tandem-color-sales)] - Bars of sales-owned stages.
 * @cssprop [--funnel-label-color=var(--tandem-color-text)] - Stage labels.
 * @cssprop [--funnel-step-color=var(--tandem-color-muted)] - Conversion text between stages.
 */
export class TandemFunnel extends TandemElement<Funnel, TandemFunnelResult> {
  static override properties: PropertyDeclarations = {
    orientation: { reflect: true },
  };
  static override styles = [tokenStyles, baseStyles, funnelStyles];

  /** `horizontal` rows or `vertical` columns (falls back to rows below 110 px per stage). */
  declare orientation: FunnelOrientation;

  protected readonly operation = funnelOperation;
  private readonly roving = new RovingFocusController(this, {
    selector: '[data-mark]',
    onSelect: (index) => this.selectStage(index),
    onFocus: (index) => this.showStageTip(index),
  });
  private layout?: { data: Funnel; key: string; value: FunnelLayout };

  constructor() {
    super();
    this.orientation = 'horizontal';
  }

  protected select(result: TandemFunnelResult): Funnel | null {
    return result.funnel;
  }

  protected isEmpty(data: Funnel): boolean {
    return data.stages.length === 0 || data.stages.every((stage) => stage.reached === 0);
  }

  /** Geometry is memoized: hovering re-renders for the tooltip but must not redo the layout. */
  private layoutFor(data: Funnel, width: number): FunnelLayout {
    const key = `${width}|${this.orientation}`;
    if (this.layout?.data !== data || this.layout.key !== key) {
      this.layout = { data, key, value: layoutFunnel(data.stages, width, this.orientation) };
    }
    return this.layout.value;
  }

  /** What the stage shows, in order; its accessible name starts with exactly this (label in name). */
  private visibleText(stage: StageShape, f: Formatters): string[] {
    const recycled = stage.recycledBack > 0 ? `${f.number(stage.recycledBack)} recycled` : '';
    return [truncate(stage.label, stage.text.maxChars), f.number(stage.reached), recycled].filter(Boolean);
  }

  private describe(stage: StageShape, next: StageShape | undefined, f: Formatters): string {
    const [shown, ...rest] = this.visibleText(stage, f);
    const full = shown === stage.label ? '' : ` (${stage.label})`;
    const parts = [`${[shown, ...rest].join(' ')}${full}`, `${stage.team} stage`];
    if (next && stage.step) {
      parts.push(
        `${f.percent(stage.step.conversion)} to ${next.label}, median ${f.duration(stage.step.medianDays, 'day')}`,
      );
    }
    return parts.join(', ');
  }

  private selectStage(index: number): void {
    const stage = this.layout?.value.stages[index];
    if (stage)
      this.emit('tandem-stage-select', { key: stage.key, label: stage.label, reached: stage.reached });
  }

  private showStageTip(index: number): void {
    const stages = this.layout?.value.stages ?? [];
    const stage = stages[index];
    if (stage) this.showTip(stage.tip.x, stage.tip.y, this.describe(stage, stages[index + 1], this.format));
  }

  private readonly leave = (): void => this.hideTip();

  protected summarize(data: Funnel, f: Formatters): string {
    const first = data.stages[0];
    const last = data.stages[data.stages.length - 1];
    const overall = first && last && first.reached > 0 ? last.reached / first.reached : null;
    const period = data.from || data.to ? ` ${f.date(data.from)} – ${f.date(data.to)}` : '';
    return `Funnel${period}: ${data.stages.length} stages, ${f.number(first?.reached)} ${first?.label ?? ''} to ${f.number(last?.reached)} ${last?.label ?? ''} (${f.percent(overall)} overall).`;
  }

  protected tabulate(data: Funnel, f: Formatters): DataTable {
    return {
      caption: this.summarize(data, f),
      columns: [
        'Stage',
        'Owner team',
        'Reached',
        'Conversion to next',
        'Median days to next',
        'Recycled back',
      ],
      rows: data.stages.map((s) => [
        cell(s.label),
        cell(s.ownerTeam),
        cell(s.reached, f.number(s.reached)),
        cell(s.conversionToNext, f.percent(s.conversionToNext)),
        cell(s.medianDaysToNext, f.duration(s.medianDaysToNext, 'day')),
        cell(s.recycledBack, f.number(s.recycledBack)),
      ]),
    };
  }

  /** Leading spaces keep the words apart in the text content (and so in the accessible name). */
  private renderText(stage: StageShape, f: Formatters): TemplateResult {
    const { x, stacked } = stage.text;
    const [label, ...rest] = this.visibleText(stage, f);
    const lines = rest.map((text, i) =>
      stacked
        ? svg`<tspan x=${x} dy="1.3em" class=${i === 1 ? 'recycled' : ''}> ${text}</tspan>`
        : svg`<tspan dx="4" class=${i === 1 ? 'recycled' : ''}> ${text}</tspan>`,
    );
    return svg`<tspan class="label">${label}</tspan>${lines}`;
  }

  private renderStep(stage: StageShape, f: Formatters): TemplateResult | typeof nothing {
    const step = stage.step;
    if (!step) return nothing;
    const days = step.medianDays === null ? '' : f.duration(step.medianDays, 'day');
    const content =
      step.anchor === 'middle'
        ? svg`<tspan x=${step.x}>→ ${f.percent(step.conversion)}</tspan><tspan x=${step.x} dy="1.2em">${days}</tspan>`
        : svg`↓ ${f.percent(step.conversion)}${days ? ` · ${days}` : ''}`;
    return svg`<text part="conversion" class="step" x=${step.x} y=${step.y} text-anchor=${step.anchor}>${content}</text>`;
  }

  private renderStage(
    stage: StageShape,
    index: number,
    next: StageShape | undefined,
    f: Formatters,
  ): TemplateResult {
    const { bar, text } = stage;
    return svg`<g data-mark part="stage stage-${stage.team}" class="stage ${stage.team}" role="button"
        tabindex=${this.roving.tabIndex(index)} aria-label=${this.describe(stage, next, f)}
        @click=${() => this.roving.select(index)} @keydown=${this.roving.onKeydown}
        @focus=${() => this.roving.focused(index)} @blur=${this.leave}
        @pointerenter=${() => this.showStageTip(index)} @pointerleave=${this.leave}>
        <rect part="bar" x=${bar.x} y=${bar.y} width=${bar.width} height=${bar.height} rx="3"></rect>
        <text part="stage-label" x=${text.x} y=${text.y} text-anchor=${text.anchor}>${this.renderText(stage, f)}</text>
      </g>${this.renderStep(stage, f)}`;
  }

  protected renderChart(data: Funnel, width: number, f: Formatters): TemplateResult {
    const { width: w, height: h, stages } = this.layoutFor(data, width);
    return html`<div part="legend" class="legend">
        <span class="swatch marketing" aria-hidden="true"></span>Marketing
        <span class="swatch sales" aria-hidden="true"></span>Sales
      </div>
      <svg part="chart" role="group" aria-label="Funnel stages" width=${w} height=${h} viewBox="0 0 ${w} ${h}">
        ${stages.map((stage, i) => this.renderStage(stage, i, stages[i + 1], f))}
      </svg>`;
  }
}
