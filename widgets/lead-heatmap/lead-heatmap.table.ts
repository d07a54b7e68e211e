import { cell, type DataTable } from '../shared/data-table.js';
import type { Formatters } from '../shared/format.js';
import { cellName, describeCell } from './lead-heatmap.cells.js';
import { LARGE_GRID } from './lead-heatmap.grid.js';
import { axesOf } from './lead-heatmap.layout.js';
import type { LeadScoreCell, LeadScoreMatrix } from './lead-heatmap.query.js';

/** The text equivalents of the matrix: the visually hidden table and the CSV export. */

const key = (grade: string, band: number): string => `${grade}\u0000${band}`;

/** The figure's aria-label: totals, the MQL share, the fullest cell and the best-converting one. */
export function summarizeMatrix({ total, cells, mqlThreshold: t }: LeadScoreMatrix, f: Formatters): string {
  const mql = cells.reduce((sum, c) => sum + (c.isMarketingQualified ? c.count : 0), 0);
  const largest = cells.reduce((a, b) => (b.count > a.count ? b : a), cells[0]);
  const best = cells.reduce<LeadScoreCell | undefined>(
    (a, b) => (b.count && (b.sqlRate ?? 0) > (a?.sqlRate ?? 0) ? b : a),
    undefined,
  );
  return [
    `Lead scoring matrix: ${f.number(total)} leads, ${f.number(mql)} (${f.percent(total ? mql / total : null)}) in marketing-qualified cells (fit ${t.minGrade} or better, band ${t.maxBand} or hotter).`,
    largest ? `Most leads: ${cellName(largest)} (${f.number(largest.count)}).` : '',
    best ? `Best conversion to SQL: ${cellName(best)} (${f.percent(best.sqlRate)}).` : '',
  ].join(' ');
}

/**
 * The hidden table mirrors the grid (rows = fit grades, columns = bands), so it reads like the chart.
 * A large grid (more than LARGE_GRID cells) gets one row per fit grade with its totals instead: a
 * screen reader cannot use 10,000 cells, and rendering them was half of a 100 × 100 first render.
 */
export function heatmapTable(data: LeadScoreMatrix, f: Formatters, summary: string): DataTable {
  const { grades, bands } = axesOf(data.cells);
  if (grades.length * bands.length > LARGE_GRID) return gradeTotals(data, grades, bands.length, f, summary);
  const byKey = new Map(data.cells.map((c) => [key(c.fitGrade, c.engagementBand), c]));
  const text = (c?: LeadScoreCell) => (c ? cell(c.count, describeCell(c, f, false)) : cell(0));
  return {
    caption: `${summary} Each cell: leads, conversion to SQL and to won.`,
    columns: ['Fit grade', ...bands.map((band) => `Band ${band}`)],
    rows: grades.map((g) => [cell(g, `Fit ${g}`), ...bands.map((b) => text(byKey.get(key(g, b))))]),
  };
}

function gradeTotals(
  data: LeadScoreMatrix,
  grades: string[],
  bandCount: number,
  f: Formatters,
  summary: string,
): DataTable {
  const totals = new Map(grades.map((g) => [g, { count: 0, reachedSql: 0, won: 0, mql: 0 }]));
  for (const c of data.cells) {
    const t = totals.get(c.fitGrade);
    if (!t) continue;
    t.count += c.count;
    t.reachedSql += c.reachedSql;
    t.won += c.won;
    if (c.isMarketingQualified) t.mql += c.count;
  }
  const rate = (part: number, whole: number) => (whole ? part / whole : null);
  return {
    caption: `${summary} One row per fit grade, summed over its ${f.number(bandCount)} engagement bands (the CSV export lists every cell).`,
    columns: ['Fit grade', 'Leads', 'Conversion to SQL', 'Conversion to won', 'In marketing-qualified cells'],
    rows: grades.map((g) => {
      const t = totals.get(g)!;
      const [sql, won] = [rate(t.reachedSql, t.count), rate(t.won, t.count)];
      return [
        cell(g, `Fit ${g}`),
        cell(t.count, f.number(t.count)),
        cell(sql, f.percent(sql)),
        cell(won, f.percent(won)),
        cell(t.mql, f.number(t.mql)),
      ];
    }),
  };
}

/** The CSV is tidy instead (one row per cell, raw values, every cell), which is what a spreadsheet wants. */
export function cellsTable(cells: readonly LeadScoreCell[]): DataTable {
  const columns = 'Fit grade,Engagement band,Leads,Reached SQL,Won,SQL rate,Win rate,Marketing-qualified';
  return {
    caption: '',
    columns: columns.split(','),
    rows: cells.map((c) =>
      [
        c.fitGrade,
        c.engagementBand,
        c.count,
        c.reachedSql,
        c.won,
        c.sqlRate,
        c.winRate,
        c.isMarketingQualified ? 'yes' : 'no',
      ].map((value) => cell(value)),
    ),
  };
}
