import { html, nothing, type PropertyValues, svg, type TemplateResult } from 'lit';
import { baseStyles } from '../shared/base.styles.js';
import { type DataTable, tableToCSV } from '../shared/data-table.js';
import type { Formatters } from '../shared/format.js';
import { request } from '../shared/graphql-client.js';
import { RovingFocusController } from '../shared/roving.js';
import { scriptOrigin, TandemElement } from '../shared/tandem-element.js';
import { tokenStyles } from '../shared/tokens.styles.js';
import { cellTexts, describeCell, renderCells } from './lead-heatmap.cells.js';
import { DrillDownController, renderDrillDown } from './lead-heatmap.drilldown.js';
import { cellAt, gridPaths, isLargeGrid, nextCell, renderGrid } from './lead-heatmap.grid.js';
import { type HeatmapLayout, layoutHeatmap } from './lead-heatmap.layout.js';
import {
  type LeadScoreMatrix,
  leadScoreMatrixOperation,
  leadsOperation,
  type TandemLeadScoreMatrixResult,
  type TandemLeadsResult,
} from './lead-heatmap.query.js';
import { leadHeatmapStyles } from './lead-heatmap.styles.js';
import { cellsTable, heatmapTable, summarizeMatrix } from './lead-heatmap.table.js';

export interface LeadHeatmapCellSelectDetail {
  fitGrade: string;
  engagementBand: number;
  count: number;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'tandem-cell-select': CustomEvent<LeadHeatmapCellSelectDetail>;
  }
}

/**
 * @tag tandem-lead-heatmap
 * @summary The lead scoring matrix: fit grade A–D against engagement band 1–4, each cell colored by
 * how many people it holds and labelled with its conversion to SQL, the marketing-qualified cells
 * outlined. Choosing a cell lists its people underneath.
 *
 * @fires tandem-cell-select - A cell was clicked or chosen with Enter/Space. detail: {fitGrade, engagementBand, count}. Cancel it (`preventDefault()`) to keep the built-in list of the cell's leads closed.
 *
 * @csspart legend - The color steps and the MQL outline key.
 * @csspart chart - The SVG.
 * @csspart cell - One cell (also `cell-mql` when it meets the MQL threshold). Grids of more than 400 cells
 *   have no element per cell: they are drawn as one path per color step.
 * @csspart drilldown - The list of the selected cell's leads.
 * @csspart drilldown-close - Its Close button.
 * @csspart lead-list - The leads.
 * @csspart lead - One lead.
 * @csspart load-more - The button fetching the next 20 leads.
 * @csspart drilldown-error - The drill-down's error message.
 * @csspart drilldown-retry - Its Retry button.
 *
 * @cssprop [--tandem-heat-1=#dbeafe] - Fill of the cells with the fewest people (light theme; #172554 dark).
 * @cssprop [--tandem-heat-2=#93c5fd] - Second step (dark: #1e3a8a).
 * @cssprop [--tandem-heat-3=#60a5fa] - Third step (dark: #1d4ed8); steps 1–3 carry text-colored labels.
 * @cssprop [--tandem-heat-4=#1d4ed8] - Fourth step (dark: #93c5fd); steps 4–5 carry surface-colored labels.
 * @cssprop [--tandem-heat-5=#1e3a8a] - Fill of the cells with the most people (dark: #dbeafe).
 * @cssprop [--heatmap-empty-color=var(--tandem-color-surface)] - Fill of empty cells (dashed border).
 * @cssprop [--heatmap-mql-color=var(--tandem-color-marketing)] - Outline of marketing-qualified cells.
 */
export class TandemLeadHeatmap extends TandemElement<LeadScoreMatrix, TandemLeadScoreMatrixResult> {
  static override styles = [tokenStyles, baseStyles, leadHeatmapStyles];

  protected readonly operation = leadScoreMatrixOperation;
  private readonly roving = new RovingFocusController(this, {
    selector: '[data-mark]',
    onSelect: (index) => this.selectCell(index),
    onFocus: (index) => this.showCellTip(index),
  });
  /**
   * The drill-down's request goes out with the widget's endpoint, tenant and token. (The base class's
   * token controller is private, so a 401 here shows as an error with Retry instead of a refresh.)
   */
  private readonly drill = new DrillDownController(
    this,
    () => this.variables().filter,
    async (variables, signal) =>
      (
        await request<TandemLeadsResult>({
          ...leadsOperation,
          endpoint: this.endpoint || scriptOrigin(),
          tenant: this.tenant,
          token: this.token,
          variables,
          signal,
        })
      ).leads,
  );
  private readonly memos: Record<string, { deps: unknown[]; value: unknown }> = {};
  private layout?: HeatmapLayout;
  /** A large grid's cell under the pointer (-1: none); small grids use :hover. */
  private hover = -1;

  protected select(result: TandemLeadScoreMatrixResult): LeadScoreMatrix | null {
    return result.leadScoreMatrix;
  }

  protected isEmpty(data: LeadScoreMatrix): boolean {
    return data.cells.every((c) => c.count === 0);
  }

  /**
   * Recomputes only when a dependency changed. Every tooltip re-renders the widget, and a 100 × 100
   * matrix has 10,000 cells to lay out, label, tabulate and template.
   */
  private memo<T>(name: string, deps: unknown[], compute: () => T): T {
    const last = this.memos[name];
    if (!last || deps.some((d, i) => d !== last.deps[i])) this.memos[name] = { deps, value: compute() };
    return this.memos[name].value as T;
  }

  /** Tooltips are placed in figure coordinates; the legend above the SVG shifts the chart down. */
  private showCellTip(index: number): void {
    const shape = this.layout?.cells[index];
    const chart = this.renderRoot.querySelector('svg[part~="chart"]');
    const figure = chart?.closest('figure');
    if (!shape || !chart || !figure) return;
    const [box, origin] = [chart.getBoundingClientRect(), figure.getBoundingClientRect()];
    const text = describeCell(shape.cell, this.format);
    this.showTip(shape.cx + box.left - origin.left, shape.y + box.top - origin.top, text);
  }

  private selectCell(index: number): void {
    const shape = this.layout?.cells[index];
    if (!shape) return;
    const { fitGrade, engagementBand, count } = shape.cell;
    if (!this.emit('tandem-cell-select', { fitGrade, engagementBand, count })) return;
    this.drill.open(index, shape.cell);
    void this.updateComplete.then(() => this.focusDrillDown());
  }

  private focusDrillDown(): void {
    this.renderRoot.querySelector<HTMLElement>('[part~="drilldown"]')?.focus();
  }

  private focusCell(index: number): void {
    if (this.layout && isLargeGrid(this.layout)) {
      // One focusable rect follows the active cell: move it there, then focus it.
      this.roving.focused(index);
      void this.updateComplete.then(() => this.renderRoot.querySelector<SVGElement>('[data-mark]')?.focus());
      return;
    }
    this.renderRoot.querySelector<SVGElement>(`[data-index="${index}"]`)?.focus();
    this.roving.focused(index);
  }

  private closeDrill(restoreFocus: boolean): void {
    const index = this.drill.value?.index;
    this.drill.close();
    if (restoreFocus && index !== undefined) void this.updateComplete.then(() => this.focusCell(index));
  }

  private readonly drillActions = {
    close: () => this.closeDrill(true),
    // "Load more" disappears with the last page: keep keyboard focus inside the list's region.
    more: async () => (await this.drill.more()) && this.updateComplete.then(() => this.focusDrillDown()),
    keydown: (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        this.closeDrill(true);
      }
    },
  };

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // The list belongs to the matrix it was opened on: new data (other filters) closes it.
    if (changed.has('data') && this.drill.value) this.closeDrill(false);
  }

  /**
   * Listeners sit on the cells' group, not on each cell (10,000 cells × 6 listeners would dominate a
   * large grid's first render); focusin and pointerover bubble where focus and pointerenter do not.
   */
  private onCell(then: (index: number) => void): (event: Event) => void {
    return (event) => {
      const mark = (event.target as Element).closest?.('[data-mark]');
      if (mark) then(Number(mark.getAttribute('data-index')));
    };
  }
  private readonly onClick = this.onCell((index) => this.roving.select(index));
  private readonly onFocusIn = this.onCell((index) => this.roving.focused(index));
  private readonly onPointerOver = this.onCell((index) => this.showCellTip(index));
  private readonly onLeave = (): void => this.hideTip();

  /** A large grid's cell under the pointer, from coordinates (the SVG is drawn at 1:1). */
  private cellAtPointer(event: MouseEvent): number {
    const chart = this.renderRoot.querySelector('svg[part~="chart"]');
    if (!chart || !this.layout) return -1;
    const box = chart.getBoundingClientRect();
    return cellAt(this.layout, event.clientX - box.left, event.clientY - box.top);
  }
  private readonly onGridClick = (event: MouseEvent): void => {
    const index = this.cellAtPointer(event);
    if (index >= 0) this.roving.select(index);
  };
  /** A large grid's cell under the pointer (-1: it left): outline and tooltip. */
  private hoverCell(index: number): void {
    if (index === this.hover) return;
    this.hover = index;
    if (index >= 0) this.showCellTip(index);
    else this.hideTip();
    this.requestUpdate();
  }
  private readonly onGridPointer = (event: PointerEvent): void => this.hoverCell(this.cellAtPointer(event));
  private readonly onGridLeave = (): void => this.hoverCell(-1);

  /** ↑/↓ move by a row; ←/→ (through the rows), Home/End, Enter/Space are the roving controller's. */
  private readonly onKeydown = (event: KeyboardEvent): void => {
    const columns = this.layout?.columns ?? 1;
    const step = event.key === 'ArrowDown' ? columns : event.key === 'ArrowUp' ? -columns : 0;
    const next = this.roving.index + step;
    if (event.key === 'Escape' && this.drill.value) {
      event.preventDefault();
      this.closeDrill(true);
    } else if (this.layout && isLargeGrid(this.layout)) this.onGridKeydown(event, this.layout);
    else if (step) {
      event.preventDefault();
      if (next >= 0 && next < (this.layout?.cells.length ?? 0)) this.focusCell(next);
    } else this.roving.onKeydown(event);
  };

  /** A large grid keeps focus on one rect and moves the active cell under it. */
  private onGridKeydown(event: KeyboardEvent, layout: HeatmapLayout): void {
    const next = nextCell(event.key, this.roving.index, layout);
    if (next !== undefined) {
      event.preventDefault();
      this.roving.focused(next);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.roving.select(this.roving.index);
    }
  }

  protected summarize(data: LeadScoreMatrix, f: Formatters): string {
    return this.memo('summary', [data, this.locale], () => summarizeMatrix(data, f));
  }

  protected tabulate(data: LeadScoreMatrix, f: Formatters): DataTable {
    return this.memo('table', [data, this.locale], () => heatmapTable(data, f, this.summarize(data, f)));
  }

  /** Every cell, one row each, raw values: the whole matrix even when the hidden table sums it up. */
  override toCSV(): string {
    return tableToCSV(cellsTable(this.data?.cells ?? []));
  }

  private renderLegend({ mqlThreshold: t }: LeadScoreMatrix, layout: HeatmapLayout, f: Formatters) {
    const range = (min: number, max: number) =>
      min === max ? f.number(min) : `${f.number(min)}–${f.number(max)}`;
    return html`<div part="legend" class="legend">Leads:
      ${layout.legend.map((s) => html`<span><i class="level-${s.level}"></i>${range(s.min, s.max)}</span>`)}
      <span><i class="mql"></i>MQL: fit ${t.minGrade}+, band ${t.maxBand} or hotter</span>
    </div>`;
  }

  /** An element per cell, each focusable (small grids: the 4 × 4 matrix). */
  private renderCellGroup(layout: HeatmapLayout, f: Formatters, expanded: number): TemplateResult {
    const texts = this.memo('texts', [layout, this.locale], () => cellTexts(layout, f));
    const cells = this.memo('cells', [texts, this.roving.index, expanded], () =>
      renderCells(layout, texts, this.roving.index, expanded),
    );
    return svg`<g class="cells" @click=${this.onClick} @keydown=${this.onKeydown} @focusin=${this.onFocusIn}
      @focusout=${this.onLeave} @pointerover=${this.onPointerOver} @pointerleave=${this.onLeave}>${cells}</g>`;
  }

  /** One path per color step, hit-tested by coordinates (large grids: see lead-heatmap.grid.ts). */
  private renderGridGroup(layout: HeatmapLayout, f: Formatters, expanded: number): TemplateResult {
    const paths = this.memo('paths', [layout], () => gridPaths(layout));
    const active = Math.min(this.roving.index, layout.cells.length - 1);
    const label = describeCell(layout.cells[active].cell, f);
    const state = { active, label, expanded, hover: this.hover };
    return svg`<g class="cells grid" data-cells=${layout.cells.length} @click=${this.onGridClick}
      @keydown=${this.onKeydown} @focusin=${this.onFocusIn} @focusout=${this.onLeave}
      @pointermove=${this.onGridPointer} @pointerleave=${this.onGridLeave}>${renderGrid(layout, paths, state)}</g>`;
  }

  protected renderChart(data: LeadScoreMatrix, width: number, f: Formatters): TemplateResult {
    const layout = this.memo('layout', [data, width], () => layoutHeatmap(data.cells, width));
    this.layout = layout;
    const drill = this.drill.value;
    const expanded = drill?.index ?? -1;
    const { width: w, height: h } = layout;
    return html`${this.renderLegend(data, layout, f)}
      <svg part="chart" role="group" aria-label="Leads by fit grade and engagement band" width=${w} height=${h}
        viewBox="0 0 ${w} ${h}">
        <g class="axis" aria-hidden="true">
          <text class="title" x=${layout.bandTitle.x} y=${layout.bandTitle.y}>Engagement band (1 = hottest)</text>
          <text class="title" x=${layout.fitTitle.x} y=${layout.fitTitle.y}>Fit</text>
          ${layout.columnLabels.map((l) => svg`<text x=${l.x} y=${l.y}>${l.text}</text>`)}
          ${layout.rowLabels.map((l) => svg`<text class="row-label" x=${l.x} y=${l.y}>${l.text}</text>`)}
        </g>
        ${isLargeGrid(layout) ? this.renderGridGroup(layout, f, expanded) : this.renderCellGroup(layout, f, expanded)}
      </svg>
      ${drill ? renderDrillDown(drill, f, this.drillActions) : nothing}`;
  }
}
