import { html, nothing, type PropertyDeclarations, type PropertyValues, svg, type TemplateResult } from 'lit';
import { baseStyles } from '../shared/base.styles.js';
import { cell, type DataTable } from '../shared/data-table.js';
import { dimensionLabel, dimensionOf, enumName, PERSON_DIMENSIONS, topCount } from '../shared/dimensions.js';
import type { MetricsFilter } from '../shared/filters.js';
import type { Formatters } from '../shared/format.js';
import { RovingFocusController } from '../shared/roving.js';
import { TandemElement } from '../shared/tandem-element.js';
import { tokenStyles } from '../shared/tokens.styles.js';
import { type FunnelPanel, funnelPanels } from './funnel.groups.js';
import {
  type FunnelOrientation,
  layoutFunnel,
  layoutPanels,
  PANEL,
  type PanelShape,
  type StageShape,
} from './funnel.layout.js';
import { type Funnel, type FunnelStage, funnelOperation, type TandemFunnelResult } from './funnel.query.js';
import { funnelStyles } from './funnel.styles.js';

export interface FunnelStageSelectDetail {
  key: string;
  label: string;
  reached: number;
  /** With `group-by`: the stage's group (value null for none and for "Other"). */
  group?: { value: string | null; label: string };
}

declare global {
  interface GlobalEventHandlersEventMap {
    'tandem-stage-select': CustomEvent<FunnelStageSelectDetail>;
  }
}

const truncate = (text: string, max: number): string =>
  text.length > Math.max(4, max) ? `${text.slice(0, Math.max(4, max) - 1)}…` : text;

/** One funnel of the chart: the whole one, or a group's, placed at (x, y). */
interface Drawn {
  panel?: FunnelPanel;
  x: number;
  y: number;
  stages: StageShape[];
}

/**
 * @tag tandem-funnel
 * @summary The shared lifecycle funnel: how many reached each stage, conversion and median days to the
 * next, and how many sales sent back, with bars colored by the team that owns the stage; with
 * `group-by`, one funnel per lead source, segment, region… side by side.
 *
 * @fires tandem-stage-select - A stage was clicked or chosen with Enter/Space. detail: {key, label, reached, group?}
 *
 * @csspart legend - The team color legend.
 * @csspart chart - The SVG.
 * @csspart stage - One stage (also `stage-marketing` / `stage-sales`).
 * @csspart bar - A stage's bar.
 * @csspart stage-label - A stage's label, count and recycled count.
 * @csspart conversion - The conversion % and median days between two stages.
 * @csspart group - With `group-by`: one group's funnel.
 * @csspart group-title - A group's name and how many people it has.
 *
 * @cssprop [--funnel-marketing-color=var(--tandem-color-marketing)] - Bars of marketing-owned stages.
 * @cssprop [--funnel-sales-color=var(--tandem-color-sales)] - Bars of sales-owned stages.
 * @cssprop [--funnel-label-color=var(--tandem-color-text)] - Stage labels.
 * @cssprop [--funnel-step-color=var(--tandem-color-muted)] - Conversion text between stages.
 */
export class TandemFunnel extends TandemElement<Funnel, TandemFunnelResult> {
  static override properties: PropertyDeclarations = {
    orientation: { reflect: true },
    groupBy: { attribute: 'group-by' },
    top: { type: Number },
  };
  static override styles = [tokenStyles, baseStyles, funnelStyles];

  /** `horizontal` rows or `vertical` columns (falls back to rows below 110 px per stage). */
  declare orientation: FunnelOrientation;
  /** One funnel per value of a person's dimension, side by side: LEAD_SOURCE, SEGMENT, REGION, CHANNEL, CAMPAIGN, INDUSTRY, OWNER, TEAM, FIT_GRADE or LIFECYCLE_STAGE (`lead-source` works too). */
  declare groupBy?: string;
  /** With group-by: how many groups to draw, most people first; the rest add up to "Other". @default 5 */
  declare top?: number;

  protected readonly operation = funnelOperation;
  private readonly roving = new RovingFocusController(this, {
    selector: '[data-mark]',
    onSelect: (index) => this.selectStage(index),
    onFocus: (index) => this.showStageTip(index),
  });
  private layout?: { data: Funnel; key: string; value: { width: number; height: number; drawn: Drawn[] } };
  /** Every stage drawn, in roving order: funnel by funnel. */
  private marks: { stage: StageShape; next?: StageShape; at: Drawn }[] = [];

  constructor() {
    super();
    this.orientation = 'horizontal';
  }

  /** A `group-by` the funnel cannot take throws a sentence naming the allowed ones: the error state, no request. */
  protected override variables(): { filter: MetricsFilter } & Record<string, unknown> {
    const by = dimensionOf('group-by', this.groupBy, PERSON_DIMENSIONS);
    return by ? { ...super.variables(), by, grouped: true } : super.variables();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (this.hasUpdated && changed.has('groupBy')) void this.refresh();
  }

  protected select(result: TandemFunnelResult): Funnel | null {
    return result.funnel;
  }

  /** The groups to draw, with `group-by` and groups in the data (set as a property, or answered). */
  private grouped(data: Funnel) {
    return this.groupBy && data.groups
      ? { ...funnelPanels(data, topCount(this.top)), by: dimensionLabel(enumName(this.groupBy)) }
      : null;
  }

  protected isEmpty(data: Funnel): boolean {
    return data.stages.length === 0 || data.stages.every((stage) => stage.reached === 0);
  }

  /** Geometry is memoized: hovering re-renders for the tooltip but must not redo the layout. */
  private layoutFor(data: Funnel, width: number) {
    const key = `${width}|${this.orientation}|${this.groupBy}|${this.top}`;
    if (this.layout?.data !== data || this.layout.key !== key) {
      const panels = this.grouped(data)?.panels;
      let value: { width: number; height: number; drawn: Drawn[] };
      if (panels) {
        const grid = layoutPanels(
          panels.map((p) => p.stages),
          width,
        );
        value = {
          ...grid,
          drawn: grid.panels.map((shape: PanelShape, i) => ({
            ...shape,
            panel: panels[i],
            stages: shape.layout.stages,
          })),
        };
      } else {
        const one = layoutFunnel(data.stages, width, this.orientation);
        value = { ...one, drawn: [{ x: 0, y: 0, stages: one.stages }] };
      }
      this.layout = { data, key, value };
      this.marks = value.drawn.flatMap((at) =>
        at.stages.map((stage, i) => ({ stage, next: at.stages[i + 1], at })),
      );
    }
    return this.layout.value;
  }

  /** What the stage shows, in order; its accessible name starts with exactly this (label in name). */
  private visibleText(stage: StageShape, f: Formatters): string[] {
    const recycled = stage.recycledBack > 0 ? `${f.number(stage.recycledBack)} recycled` : '';
    return [truncate(stage.label, stage.text.maxChars), f.number(stage.reached), recycled].filter(Boolean);
  }

  private describe(
    stage: StageShape,
    next: StageShape | undefined,
    f: Formatters,
    panel?: FunnelPanel,
  ): string {
    const [shown, ...rest] = this.visibleText(stage, f);
    const full = shown === stage.label ? '' : ` (${stage.label})`;
    const parts = [`${[shown, ...rest].join(' ')}${full}`, `${stage.team} stage`];
    if (next && stage.step) {
      parts.push(
        `${f.percent(stage.step.conversion)} to ${next.label}, median ${f.duration(stage.step.medianDays, 'day')}`,
      );
    }
    if (panel) parts.push(panel.label);
    return parts.join(', ');
  }

  private selectStage(index: number): void {
    const mark = this.marks[index];
    if (!mark) return;
    const { stage, at } = mark;
    this.emit('tandem-stage-select', {
      key: stage.key,
      label: stage.label,
      reached: stage.reached,
      ...(at.panel && { group: { value: at.panel.value, label: at.panel.label } }),
    });
  }

  private showStageTip(index: number): void {
    const mark = this.marks[index];
    if (mark) {
      const { stage, next, at } = mark;
      this.showTip(at.x + stage.tip.x, at.y + stage.tip.y, this.describe(stage, next, this.format, at.panel));
    }
  }

  private readonly leave = (): void => this.hideTip();

  protected summarize(data: Funnel, f: Formatters): string {
    const first = data.stages[0];
    const last = data.stages[data.stages.length - 1];
    const overall = first && last && first.reached > 0 ? last.reached / first.reached : null;
    const period = data.from || data.to ? ` ${f.date(data.from)} – ${f.date(data.to)}` : '';
    const grouped = this.grouped(data);
    const groups = grouped
      ? ` By ${grouped.by.toLowerCase()}: ${grouped.panels.map((g) => `${g.label} ${f.number(g.stages[0]?.reached)}`).join(', ')}.`
      : '';
    return `Funnel${period}: ${data.stages.length} stages, ${f.number(first?.reached)} ${first?.label ?? ''} to ${f.number(last?.reached)} ${last?.label ?? ''} (${f.percent(overall)} overall).${groups}`;
  }

  /** The hidden table and the CSV: one row per stage; grouped, per group and stage, without days and recycling (not asked per group). */
  protected tabulate(data: Funnel, f: Formatters): DataTable {
    const grouped = this.grouped(data);
    const columns = ['Stage', 'Owner team', 'Reached', 'Conversion to next'];
    const cells = (s: FunnelStage) => [
      cell(s.label),
      cell(s.ownerTeam),
      cell(s.reached, f.number(s.reached)),
      cell(s.conversionToNext, f.percent(s.conversionToNext)),
    ];
    return {
      caption: this.summarize(data, f),
      ...(grouped
        ? {
            columns: [grouped.by, ...columns],
            rows: grouped.panels.flatMap((g) => g.stages.map((s) => [cell(g.label), ...cells(s)])),
          }
        : {
            columns: [...columns, 'Median days to next', 'Recycled back'],
            rows: data.stages.map((s) => [
              ...cells(s),
              cell(s.medianDaysToNext, f.duration(s.medianDaysToNext, 'day')),
              cell(s.recycledBack, f.number(s.recycledBack)),
            ]),
          }),
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

  private renderStage(index: number, f: Formatters): TemplateResult {
    const { stage, next, at } = this.marks[index]!;
    const { bar, text } = stage;
    return svg`<g data-mark part="stage stage-${stage.team}" class="stage ${stage.team}" role="button"
        tabindex=${this.roving.tabIndex(index)} aria-label=${this.describe(stage, next, f, at.panel)}
        @click=${() => this.roving.select(index)} @keydown=${this.roving.onKeydown}
        @focus=${() => this.roving.focused(index)} @blur=${this.leave}
        @pointerenter=${() => this.showStageTip(index)} @pointerleave=${this.leave}>
        <rect part="bar" x=${bar.x} y=${bar.y} width=${bar.width} height=${bar.height} rx="3"></rect>
        <text part="stage-label" x=${text.x} y=${text.y} text-anchor=${text.anchor}>${this.renderText(stage, f)}</text>
      </g>${this.renderStep(stage, f)}`;
  }

  /** A group's funnel, its title above: the group's name and how many people it has. */
  private renderDrawn(at: Drawn, first: number, f: Formatters): TemplateResult {
    const marks = at.stages.map((_, i) => this.renderStage(first + i, f));
    const { panel } = at;
    if (!panel) return svg`${marks}`;
    return svg`<g part="group" class=${panel.other ? 'other' : ''} transform="translate(${at.x} ${at.y})">
        <text part="group-title" class="label" y=${8 - PANEL.title}>${panel.label} · ${f.number(panel.stages[0]?.reached)}</text>
        ${marks}
      </g>`;
  }

  protected renderChart(data: Funnel, width: number, f: Formatters): TemplateResult {
    const { width: w, height: h, drawn } = this.layoutFor(data, width);
    const folded = this.grouped(data)?.folded;
    return html`<div part="legend" class="legend">
        <span class="swatch marketing" aria-hidden="true"></span>Marketing
        <span class="swatch sales" aria-hidden="true"></span>Sales
        ${folded ? html`<span class="note">Other: ${folded} more</span>` : nothing}
      </div>
      <svg part="chart" role="group" aria-label="Funnel stages" width=${w} height=${h} viewBox="0 0 ${w} ${h}">
        ${drawn.map((at, i) => this.renderDrawn(at, i * data.stages.length, f))}
      </svg>`;
  }
}
