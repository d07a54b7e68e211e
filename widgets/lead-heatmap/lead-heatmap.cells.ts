import { svg, type TemplateResult } from 'lit';
import type { Formatters } from '../shared/format.js';
import type { HeatmapLayout } from './lead-heatmap.layout.js';
import type { LeadScoreCell } from './lead-heatmap.query.js';

/**
 * The grid's cells: their texts and their template, apart from the element so a benchmark can render
 * `layoutHeatmap()` output through exactly the widget's markup.
 */

/** What a cell shows (count, SQL rate) and its accessible name, which starts with exactly that. */
export interface CellText {
  count: string;
  rate: string;
  label: string;
}

export const cellName = (c: LeadScoreCell): string => `fit ${c.fitGrade}, band ${c.engagementBand}`;

/** "fit A, band 1: 120 leads, 45% SQL, 11.7% won, marketing-qualified": tooltip and table cell. */
export function describeCell(c: LeadScoreCell, f: Formatters, named = true): string {
  const mql = c.isMarketingQualified ? ', marketing-qualified' : '';
  const detail = `${f.number(c.count)} leads, ${f.percent(c.sqlRate)} SQL, ${f.percent(c.winRate)} won${mql}`;
  return named ? `${cellName(c)}: ${detail}` : detail;
}

export function cellTexts(layout: HeatmapLayout, f: Formatters): CellText[] {
  const { text } = layout;
  return layout.cells.map(({ cell: c }) => {
    if (text === 'none') return { count: '', rate: '', label: describeCell(c, f) };
    const count = f.number(c.count);
    const full = text === 'full' && c.sqlRate !== null;
    const rate = full ? `${f.percent(c.sqlRate)} SQL` : f.percent(c.sqlRate, text === 'full' ? 1 : 0);
    const mql = c.isMarketingQualified ? ', marketing-qualified' : '';
    const label = `${count} ${rate}${full || c.sqlRate === null ? '' : ' SQL'}, ${cellName(c)}, ${f.percent(c.winRate)} won${mql}`;
    return { count, rate, label };
  });
}

/**
 * Cells with text are a `<g>` (rect + two texts); color-only cells are a bare `<rect>`, which halves
 * the element count of a large grid. Either way the fill classes sit on the rect. `focus` is the
 * roving tab stop, `expanded` the cell whose leads are listed (-1: none).
 */
export function renderCells(
  layout: HeatmapLayout,
  texts: CellText[],
  focus: number,
  expanded: number,
): TemplateResult[] {
  return layout.cells.map((s, i) => {
    const t = texts[i];
    const mql = s.cell.isMarketingQualified;
    const fill = `level-${s.level}${mql ? ' mql' : ''}`;
    const part = mql ? 'cell cell-mql' : 'cell';
    const tabindex = i === focus ? 0 : -1;
    const open = i === expanded ? 'true' : 'false';
    return layout.text === 'none'
      ? svg`<rect data-mark data-index=${i} part=${part} class="cell ${fill}" role="button" tabindex=${tabindex}
        aria-label=${t.label} aria-expanded=${open} x=${s.x} y=${s.y} width=${s.width} height=${s.height}></rect>`
      : svg`<g data-mark data-index=${i} part=${part} class="cell level-${s.level}" role="button"
        tabindex=${tabindex} aria-label=${t.label} aria-expanded=${open}>
        <rect class=${fill} x=${s.x} y=${s.y} width=${s.width} height=${s.height} rx="3"></rect>
        <text class="count" x=${s.cx} y=${s.cy - 2}>${t.count}</text><text class="rate" x=${s.cx} y=${s.cy + 13}> ${t.rate}</text>
      </g>`;
  });
}
